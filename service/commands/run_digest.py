"""turfbook run digest | chart: email the digests and rewrite the Wall chart."""

from __future__ import annotations

import datetime as dt

import click

from turfbook.cli import Context, pass_context, run
from turfbook.commands.job_cli import STRICT, TODAY, run_job


@run.command("digest")
@click.option("--dry-run", is_flag=True, help="Show who would get what; send and write nothing.")
@click.option("--to", "to", metavar="EMAIL", default=None,
              help="Send only the director's digest, only to this address.")
@click.option("--period", type=click.Choice(["week", "day"]), default="week", show_default=True,
              help="Last complete Monday-Sunday week, or yesterday (org timezone).")
@click.option("--preview", type=click.Path(dir_okay=False), default=None,
              help="Also write the director's digest HTML to this file.")
@click.option("--resend", is_flag=True, help="Send even if this period's digest already went to a recipient.")
@TODAY
@STRICT
@pass_context
def digest_command(ctx: Context, dry_run: bool, to: str | None, period: str, preview: str | None,
                   resend: bool, today: dt.datetime | None, strict: bool) -> None:
    """Email the director's digest and each opted-in organizer's, and rewrite the Wall chart."""
    run_job(ctx, "digest", dry_run=dry_run, strict=strict, today=today, to=to, period=period, preview=preview,
            resend=resend)


@run.command("chart")
@click.option("--dry-run", is_flag=True, help="Print the chart; write nothing.")
@TODAY
@STRICT
@pass_context
def chart_command(ctx: Context, dry_run: bool, today: dt.datetime | None, strict: bool) -> None:
    """Rewrite the Wall chart tab: strength per worksite, from People, Conversations and tests."""
    run_job(ctx, "chart", dry_run=dry_run, strict=strict, today=today)
