"""turfbook run overdue: flag overdue follow-ups on Conversations and date People."""

from __future__ import annotations

import datetime as dt

import click

from turfbook.cli import Context, pass_context, run
from turfbook.commands.job_cli import STRICT, TODAY, run_job


@run.command("overdue")
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@TODAY
@STRICT
@pass_context
def overdue_command(ctx: Context, dry_run: bool, today: dt.datetime | None, strict: bool) -> None:
    """Mark follow-ups OVERDUE / due today / due soon / done, and People's next follow-up and last contact."""
    run_job(ctx, "overdue", dry_run=dry_run, strict=strict, today=today)
