"""turfbook run overdue: flag overdue follow-ups on Conversations and date People.

A real run goes through the job Runner (the scheduler's lock, so it never overlaps a scheduled
run, and a row in run history); --dry-run writes nothing anywhere, history included.
"""

from __future__ import annotations

import datetime as dt
import sys

import click

from service.cli import EXIT_OK, EXIT_PROBLEMS, Context, pass_context, run


@run.command("overdue")
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD); default: today in the org timezone.")
@pass_context
def overdue_command(ctx: Context, dry_run: bool, today: dt.datetime | None) -> None:
    """Mark follow-ups OVERDUE / due today / due soon / done, and People's next follow-up and last contact."""
    options = {"today": today.date() if today else None,
               "progress": lambda message: click.echo(message, err=True)}
    if dry_run:
        from service.jobs import overdue
        from service.workspace import connect

        result = overdue.run(connect(ctx.config), dry_run=True, **options)
    else:
        from service.jobs.registry import Runner
        from service.locks import JobRunning

        try:
            record, result = Runner(ctx.config).run_with_result("overdue", "cli", **options)
        except JobRunning as exc:
            click.echo(f"overdue: {exc}; try again when it has finished", err=True)
            sys.exit(EXIT_PROBLEMS)
        if result is None:
            click.echo(f"overdue failed (run {record.id}): {record.error}", err=True)
            sys.exit(EXIT_PROBLEMS)
    click.echo(result.summary)
    sys.exit(EXIT_OK if result.ok and not result.problems else EXIT_PROBLEMS)
