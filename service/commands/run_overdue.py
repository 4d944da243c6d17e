"""turfbook run overdue: flag overdue follow-ups on Conversations and date People."""

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
    from service.jobs import overdue
    from service.workspace import connect

    result = overdue.run(connect(ctx.config), dry_run=dry_run, today=today.date() if today else None)
    click.echo(result.summary)
    sys.exit(EXIT_OK if result.ok and not result.problems else EXIT_PROBLEMS)
