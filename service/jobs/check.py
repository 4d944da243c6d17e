"""The `check` job: `turfbook sheets check` (the schema job, schema/job.py) as a scheduled job.

    run(workspace, *, dry_run=False, clock=None, today=None, progress=None) -> JobResult

Assigns missing IDs, refreshes the Problems tab and, for an adopted workbook, each ID's stored row key
(DATA_DIR/row-keys.json, adopt_sorted), which tells a template copy from its record and gives a deleted
record's ID back (id_owners). Scheduled nightly before `overdue` (config `schedule.check`), so a note typed
on a row is in the stored key before a copy of that row is made (outside finding a21m). Numbers rows under
the `ids` lock the field job and `sheets check` take, so one number is never given twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from turfbook.clock import Clock
from turfbook.jobs import JobResult, job_clock
from turfbook.jobs.ids_lock import taken

JOB = "check"
IDS_WAIT_SECONDS = 120          # a field tick holds it for seconds, filing for its run


def run(workspace, *, dry_run: bool = False, clock: Clock | None = None, today: date | None = None,
        progress: Callable[[str], None] | None = None, **_options: Any) -> JobResult:
    from turfbook.field.queue import reserved_numbers
    from turfbook.schema.job import run_schema_job
    from turfbook.schema.loader import load_schema

    config = workspace.config
    clock = job_clock(config, clock, today)
    schema = load_schema(Path(config.schema_dir) / "workbook.yaml")
    calls_before = workspace.log.total
    lock = None if dry_run else taken(config, IDS_WAIT_SECONDS)
    if not dry_run and lock is None:
        return JobResult(JOB, ok=False, summary="another run is assigning IDs (the field job or filing); the next "
                         "run will / otra ejecución está asignando IDs (el trabajo de campo o el archivo); la "
                         "próxima lo hará")
    try:
        reserved = reserved_numbers(config.data_dir) if config.data_dir else {}
        result = run_schema_job(workspace.sheets(), schema, tz=config.organization.timezone, dry_run=dry_run,
                                now=clock.now(), data_dir=config.data_dir, reserved=reserved)
    finally:
        if lock is not None:
            lock.release()
    if progress:
        progress(result.summary())
    lines = [result.summary()] + [f"  - {p.message}" for p in result.problems[:50]]
    if len(result.problems) > 50:
        lines.append(f"  … and {len(result.problems) - 50} more (see the Problems tab) / y {len(result.problems) - 50}"
                     " más (vea la pestaña Problems)")
    out = JobResult(JOB, ok=True, problems=list(result.problems), dry_run=dry_run, summary="\n".join(lines))
    out.counts = {"ids_assigned": result.ids_planned if dry_run else result.ids_written,
                  "api_calls": workspace.log.total - calls_before}
    return out

