"""The cyclic garbage collector around big stores (issue 22).

A values write of 20k rows leaves 20k new row lists in the store. Left to the collector, each
collection after it walks them (and, every few calls, a full collection walks every stored row) and
finds nothing: rows hold strings and numbers, never cycles. So a call runs with the collector paused
(`paused`, body parsing included), and a call that left many new containers behind hands them to
`gc.freeze()` (`hold`): frozen objects are never walked again, and are still freed by reference
counting when a later write replaces them. What freezing can keep alive is cyclic garbage that
existed at that moment; `hold` therefore runs a full collection (unfreeze, collect, freeze) whenever
the frozen heap has doubled since the last one, the same amortised cost as the collector's own rule
for its oldest generation.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

BIG = 10_000            # new containers after one call worth freezing (the collector's own threshold is 700)
_full_at = [0]          # frozen objects after the last full collection
# frozen objects now, as counted by hold: _full_at plus the young containers each freeze since took (the
# collector's gen-0 count: allocated minus freed). gc.get_freeze_count() walks the whole frozen list (~20 ms
# a call at 300k objects, on every big write): asked only right after a full collection.
_frozen = [0]


@contextmanager
def paused():
    """The collector paused for a step that makes many containers and no cycles (a body's 20k row lists,
    a handler writing 100k rows). Nested or concurrent uses leave it on for the outermost one to restore."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def hold() -> None:
    """After a call: freeze what it left when that is a lot, so no collection walks it again."""
    young = gc.get_count()[0]
    if young < BIG:
        return
    _frozen[0] += young
    if _frozen[0] >= 2 * _full_at[0]:
        collect()
        return
    gc.freeze()


def collect() -> None:
    """A full collection now (unfreeze, collect, freeze), the amortised one `hold` runs when the frozen heap has
    doubled; also the control plane's `settle`, so that a call timed next does not pay for it (a few tenths of a
    second with a 100k-row workbook and what earlier work left)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _full_at[0] = _frozen[0] = max(gc.get_freeze_count(), BIG)
