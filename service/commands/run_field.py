"""turfbook run field: write the field entries waiting in the queue (#20) into the sheet, one guarded
append per tab (what the scheduler runs every minute)."""

from __future__ import annotations

import click

from turfbook.cli import Context, pass_context, run
from turfbook.commands.job_cli import run_job


@run.command("field")
@click.option("--dry-run", is_flag=True, help="Say how many entries are waiting; write nothing.")
@pass_context
def field_command(ctx: Context, dry_run: bool) -> None:
    """Write the conversations logged on phones (the /c/ page) into Conversations and People."""
    run_job(ctx, "field", dry_run=dry_run)
