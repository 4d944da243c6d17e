"""A pause of Python's cyclic garbage collector around reading and planning a big workbook."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """Reading and planning 100k rows allocate about a million small objects, none of them cyclic
    garbage; the cyclic collector would rescan the growing heap again and again (half the time).

    When the outermost pause ends, the two young generations are collected once: the cyclic garbage
    made during the pause (a failed call's traceback and the frames and data it holds) is freed now,
    and what survives moves to the oldest generation the way the collector counts it, so that its
    full collections keep coming. (`gc.freeze(); gc.unfreeze()` moved everything there without a
    scan but uncounted: garbage made in a pause was then never collected in a process that runs
    jobs for months — issue #14, 200 MB a filing run.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(1)
