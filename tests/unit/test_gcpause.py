"""Issue #14: garbage made while the collector is paused is collected like any other (a process that
runs jobs for months must not keep every failed run's traceback and the data its frames hold)."""

from __future__ import annotations

import gc
import weakref

from turfbook import gcpause
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


def collections_during(work) -> list[int]:
    """The generations the collector scanned while `work` ran (the test's own, not the pytest process's)."""
    seen: list[int] = []

    def callback(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(callback)
    try:
        work()
    finally:
        gc.callbacks.remove(callback)
    return seen


def test_a_process_that_exits_after_its_one_job_freezes_what_a_pause_leaves_without_a_scan(monkeypatch):
    """`turfbook run` as the program (gcpause.leave_to_exit): the pause's end scans nothing (the closing
    collection found nothing to free in a job and moved the read's objects to the oldest generation, whose
    full collection then came while the job still held them: ~0.12 s of CPU, issue 22); what survives is
    frozen, and its garbage left to the exit."""
    monkeypatch.setattr(gcpause, "_ONE_RUN", [False])
    gcpause.leave_to_exit()
    frozen = gc.get_freeze_count()
    kept: list = []

    def job():
        with gc_paused():
            kept.extend([i] for i in range(50_000))
        kept.extend([i] for i in range(20_000))            # the job after its pause: young objects only

    try:
        assert 2 not in collections_during(job)
        assert gc.get_freeze_count() >= frozen + 50_000
        assert gc.isenabled()
    finally:
        gc.unfreeze()                                       # this test process goes on


def test_a_process_that_goes_on_collects_at_the_pause_end(monkeypatch):
    monkeypatch.setattr(gcpause, "_ONE_RUN", [False])
    frozen = gc.get_freeze_count()

    def job():
        with gc_paused():
            [[i] for i in range(1000)]

    assert collections_during(job) == [1]
    assert gc.get_freeze_count() == frozen
