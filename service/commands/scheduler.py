"""turfbook scheduler: run the jobs on their schedule (its own process; see service/scheduler.py)."""

from __future__ import annotations

import json
import logging
import sys

import click

from turfbook.cli import Context, cli, pass_context

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line; a job run's line carries its fields under "run"."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage()}
        if getattr(record, "run", None):
            line["run"] = record.run
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def setup_logging(verbose: bool = False, json_lines: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(LOG_FORMAT))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)
    for noisy in ("apscheduler", "googleapiclient", "urllib3", "google"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@cli.command("scheduler")
@click.option("--verbose", is_flag=True, help="Debug logging (tracebacks of failed runs).")
@click.option("--json-logs", is_flag=True, help="Log one JSON object per line (for log collectors).")
@pass_context
def scheduler_command(ctx: Context, verbose: bool, json_logs: bool) -> None:
    """Run check, overdue, filing, digest and field at the times in config `schedule` (org timezone) until stopped."""
    from turfbook.scheduler import serve

    config = ctx.config   # a missing or bad config stops here (exit 2), before logging is set up
    setup_logging(verbose, json_logs)
    sys.exit(serve(config))
