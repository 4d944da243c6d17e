"""A pause of Python's cyclic garbage collector around reading and planning a big workbook."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """Reading and planning 100k rows allocate about a million small objects, none of them cyclic
    garbage; the cyclic collector would rescan the growing heap again and again (half the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()         # what was made here is long-lived: into the oldest generation without a
        gc.unfreeze()       # scan (the young generations would each rescan all of it once)
        if was_enabled:
            gc.enable()
