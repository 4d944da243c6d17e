"""A job run's garbage: a process that runs jobs for months (scheduler, web app) frees it with one full
collection at the end of each run (issue #14, tests/integration/test_job_memory.py); `turfbook run`, which
runs one job and exits, does not spend that collection (30-50 ms a run, more in a big process)."""

from __future__ import annotations

import gc

import pytest

from turfbook.bootstrap import bootstrap
from turfbook.config import Config
from turfbook.jobs import JobResult
from turfbook.jobs.registry import Registry


def job(workspace, **options):
    return JobResult("overdue", summary="done", counts={"done": 1})


def full_collections_during(work) -> int:
    seen: list[int] = []

    def callback(phase, info):
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    was_enabled = gc.isenabled()
    gc.disable()                       # no collection of the collector's own: only the ones asked for
    gc.callbacks.append(callback)
    try:
        work()
    finally:
        gc.callbacks.remove(callback)
        if was_enabled:
            gc.enable()
    return len(seen)


@pytest.mark.parametrize("one_run, collections", [(False, 1), (True, 0)])
def test_a_long_lived_process_collects_after_each_run_and_a_one_run_process_does_not(tmp_path, one_run,
                                                                                     collections):
    config = Config(schedule={"check": "off", "overdue": "off", "filing": "off", "digest": "off", "field": "off"},
                    data_dir=tmp_path)
    core = bootstrap(config, registry=Registry({"overdue": job}), connect=lambda _config: None, one_run=one_run)
    runs = []
    assert full_collections_during(lambda: runs.append(core.runner.run("overdue", "cli"))) == collections
    assert runs[0].status == "ok"
