"""Issue #14: garbage made while the collector is paused is collected like any other (a process that
runs jobs for months must not keep every failed run's traceback and the data its frames hold)."""

from __future__ import annotations

import gc
import weakref

from turfbook.gcpause import gc_paused


class Payload:
    pass


def test_cyclic_garbage_made_in_a_pause_is_freed_when_it_ends():
    with gc_paused():
        payload = Payload()
        payload.self = payload                 # a cycle: only the cyclic collector frees it
        payload.data = bytearray(1 << 20)
        alive = weakref.ref(payload)
        del payload
        assert alive() is not None             # paused: nothing collected yet
    assert alive() is None


def test_a_nested_pause_and_a_disabled_collector_are_left_as_they_were():
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
