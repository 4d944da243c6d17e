"""turfbook scheduler: run the jobs on their schedule (its own process; see service/scheduler.py)."""

from __future__ import annotations

import logging
import sys

import click

from service.cli import Context, cli, pass_context

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@cli.command("scheduler")
@click.option("--verbose", is_flag=True, help="Debug logging (tracebacks of failed runs).")
@pass_context
def scheduler_command(ctx: Context, verbose: bool) -> None:
    """Run overdue, filing and digest at the times in config `schedule` (org timezone) until stopped."""
    from service.scheduler import serve

    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format=LOG_FORMAT)
    for noisy in ("apscheduler", "googleapiclient", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sys.exit(serve(ctx.config))
