"""What every `turfbook run <job>` does: run it through the job runner and exit as the README says.

A real run goes through `Runner` (the scheduler's cross-process lock, so it never overlaps a scheduled
run, and a row in run history that /runs shows); `--dry-run` calls the job directly and writes
nothing anywhere, history included. Exit codes: 0 the job finished (data problems it found are in the
sheet and the summary; `--strict` makes them exit 1), 1 the job failed or is already running, 2 a
setting must change first. Errors print once, in plain words.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import NoReturn

import click

from turfbook.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Context, one_job_then_exit

STRICT = click.option("--strict", is_flag=True, help="Exit 1 when the run found data problems.")
TODAY = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="Pretend today is this date (YYYY-MM-DD); default: today in the org timezone.")


def run_job(ctx: Context, name: str, *, dry_run: bool = False, strict: bool = False,
            today: dt.datetime | None = None, **options) -> NoReturn:
    from turfbook.bootstrap import bootstrap
    from turfbook.config import ConfigError
    from turfbook.locks import JobRunning
    from turfbook.workspace.errors import plain

    config = ctx.config
    one_job_then_exit()
    core = bootstrap(config, today=today.date() if today else None, one_run=True)
    logging.getLogger("turfbook").addHandler(logging.NullHandler())   # the CLI says it once, below
    options.setdefault("progress", lambda message: click.echo(message, err=True))
    record, result, error = None, None, None
    try:
        if dry_run:
            try:
                result = core.registry.get(name)(core.workspace(), dry_run=True, clock=core.clock, **options)
            except Exception as exc:
                error = exc
        else:
            record, result, error = core.runner.run_reporting(name, "cli", **options)
    except JobRunning as exc:
        _fail(f"{name}: {exc}; try again when it has finished", EXIT_PROBLEMS)
    except ConfigError as exc:
        _fail(f"config error: {exc}", EXIT_USAGE)
    if error is not None:
        said = plain(error, config)
        if isinstance(error, ConfigError) or (said and said.config):
            _fail(f"config error: {said.message if said else error}", EXIT_USAGE)
        where = f" (run {record.id})" if record else ""
        _fail(f"{name} failed{where}: {record.error if record else (said.message if said else error)}",
              EXIT_PROBLEMS)
    click.echo(result.summary)
    failed = not result.ok or (strict and bool(result.problems))
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)
