"""turfbook run digest | chart: email the digests and rewrite the Wall chart."""

from __future__ import annotations

import datetime as dt
import sys

import click

from service.cli import EXIT_OK, EXIT_PROBLEMS, Context, pass_context, run

TODAY = click.DateTime(formats=["%Y-%m-%d"])


@run.command("digest")
@click.option("--dry-run", is_flag=True, help="Show who would get what; send and write nothing.")
@click.option("--to", "to", metavar="EMAIL", default=None,
              help="Send only the director's digest, only to this address.")
@click.option("--period", type=click.Choice(["week", "day"]), default="week", show_default=True,
              help="Last complete Monday-Sunday week, or yesterday (org timezone).")
@click.option("--preview", type=click.Path(dir_okay=False), default=None,
              help="Also write the director's digest HTML to this file.")
@click.option("--resend", is_flag=True, help="Send even if this period's digest already went to a recipient.")
@click.option("--today", type=TODAY, default=None, help="Pretend today is this date (YYYY-MM-DD).")
@pass_context
def digest_command(ctx: Context, dry_run: bool, to: str | None, period: str, preview: str | None,
                   resend: bool, today: dt.datetime | None) -> None:
    """Email the director's digest and each opted-in organizer's, and rewrite the Wall chart."""
    from service.jobs import digest
    from service.workspace import connect

    result = digest.run(connect(ctx.config), dry_run=dry_run, today=today.date() if today else None, to=to,
                        period=period, preview=preview, resend=resend,
                        progress=lambda message: click.echo(message, err=True))
    click.echo(result.summary)
    sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


@run.command("chart")
@click.option("--dry-run", is_flag=True, help="Print the chart; write nothing.")
@click.option("--today", type=TODAY, default=None, help="Pretend today is this date (YYYY-MM-DD).")
@pass_context
def chart_command(ctx: Context, dry_run: bool, today: dt.datetime | None) -> None:
    """Rewrite the Wall chart tab: strength per worksite, from People, Conversations and tests."""
    from service.jobs import digest
    from service.workspace import connect

    result = digest.run_chart(connect(ctx.config), dry_run=dry_run, today=today.date() if today else None)
    click.echo(result.summary)
    sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)
