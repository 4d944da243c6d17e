"""Issue #14: the scheduler runs jobs for months in one process, so a job run must leave nothing behind.

N runs of the overdue job and the schema job (IDs, Problems) through the Runner, each with a fresh
Workspace as the scheduler makes them (`connect`), in this one process: the Python heap, measured with
tracemalloc, does not grow beyond a small bound once the first runs have warmed the caches meant to
live for the process (the parsed schema, the discovery documents' text, codecs). No collection is
forced: what is measured is what the process keeps with the collector working on its own (garbage
made while it was paused, turfbook.gcpause, once went uncounted and stayed). Bytes, never seconds.

Cost: ~9 s of CPU (it was ~2 min of wall in `make test`: the schema's pure-Python YAML parse, slowed
several-fold by tracemalloc, ran twice a run; load_schema now parses a file's text once). Without the
Runner's collection the heap grows ~40 MB a run (165 MB over 4 runs, bound 256 KiB); with 2 measured
runs a full collection sometimes came on its own and hid it, so 4."""

from __future__ import annotations

import tracemalloc

from tests.support.overdue_workbook import PEOPLE, TODAY, conversations, create_workbook
from turfbook.history import OK
from turfbook.jobs.registry import Runner
from turfbook.schema import load_schema
from turfbook.schema.job import run_schema_job
from turfbook.workspace import connect

WARM_RUNS = 1
MEASURED_RUNS = 4   # 2 are not enough: a full collection may come on its own and hide the leak
# what may stay per measured run: run-history rows cached by sqlite, interned strings, the odd
# per-thread object; a kept workbook read, client or discovery document is ~1 MB or more
BOUND_PER_RUN = 64 * 1024


def heap() -> int:
    return tracemalloc.get_traced_memory()[0]


def test_job_runs_in_one_process_do_not_grow_memory(emulator, config):
    config = create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})
    runner = Runner(config)

    def one_run() -> None:
        run = runner.run("overdue", "test", today=TODAY)
        assert run.status == OK, run.error
        run_schema_job(connect(config).sheets(), load_schema())

    tracemalloc.start()
    try:
        for _ in range(WARM_RUNS):
            one_run()
        before = heap()
        for _ in range(MEASURED_RUNS):
            one_run()
        grown = heap() - before
    finally:
        tracemalloc.stop()
    print(f"heap growth over {MEASURED_RUNS} runs: {grown} bytes")
    assert grown < BOUND_PER_RUN * MEASURED_RUNS, (
        f"{MEASURED_RUNS} job runs left {grown / 1024:.0f} KiB behind "
        f"(bound {BOUND_PER_RUN * MEASURED_RUNS / 1024:.0f} KiB)")
