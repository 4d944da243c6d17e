"""turfbook run check: `turfbook sheets check` through the job runner (its lock, run history), as the
scheduler runs it nightly before overdue (config `schedule.check`)."""

from __future__ import annotations

import datetime as dt

import click

from turfbook.cli import Context, pass_context, run
from turfbook.commands.job_cli import STRICT, TODAY, run_job


@run.command("check")
@click.option("--dry-run", is_flag=True, help="Report only: assign no IDs, write no Problems.")
@STRICT
@TODAY
@pass_context
def check_job_command(ctx: Context, dry_run: bool, strict: bool, today: dt.datetime | None) -> None:
    """Assign missing IDs, refresh the Problems tab and the adopted rows' stored keys (`sheets check`)."""
    run_job(ctx, "check", dry_run=dry_run, strict=strict, today=today)
