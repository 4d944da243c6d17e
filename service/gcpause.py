"""A pause of Python's cyclic garbage collector around reading and planning a big workbook."""

from __future__ import annotations

import gc
from contextlib import contextmanager

_ONE_RUN = [False]      # leave_to_exit(): this process runs one job, then exits


def leave_to_exit() -> None:
    """Say that this process runs one job and then exits (`turfbook run`, the program itself: cli.main).
    A pause then ends without the scan below: what survives it is frozen (gc.freeze: out of the collector's
    generations, no scan), and its garbage is left to the exit, as cli.main leaves the rest. The closing
    collection found nothing to free in a job run, scanned every object the read made (~50 ms at 100k rows),
    and moved them to the oldest generation, whose full collection then came a few thousand allocations
    later while the job still held the read (~70 ms more, issue 22). Never in a process that goes on."""
    _ONE_RUN[0] = True


@contextmanager
def gc_paused():
    """Reading and planning 100k rows allocate about a million small objects, none of them cyclic
    garbage; the cyclic collector would rescan the growing heap again and again (half the time).

    When the outermost pause ends, the two young generations are collected once: the cyclic garbage
    made during the pause (a failed call's traceback and the frames and data it holds) is freed now,
    and what survives moves to the oldest generation the way the collector counts it, so that its
    full collections keep coming. (`gc.freeze(); gc.unfreeze()` moved everything there without a
    scan but uncounted: garbage made in a pause was then never collected in a process that runs
    jobs for months — issue #14, 200 MB a filing run.) In a process that exits after its one job
    (leave_to_exit), what survives is frozen instead: nothing is scanned, nothing is left for later."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if _ONE_RUN[0]:
                gc.freeze()
            else:
                gc.collect(1)
