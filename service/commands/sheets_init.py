"""turfbook sheets init: create or upgrade the workbook from sheets_schema/workbook.yaml."""

from __future__ import annotations

import sys

import click

from turfbook.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Context, one_job_then_exit, pass_context, sheets


def load_schema_or_exit(config):
    """The workbook schema, or a one-line `schema error: …` and exit 2 (usage/config)."""
    from turfbook.schema import SchemaError, load_schema

    try:
        return load_schema(config.schema_dir / "workbook.yaml")
    except SchemaError as exc:
        click.echo(f"schema error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@sheets.command("init")
@click.option("--dry-run", is_flag=True, help="Print the plan and write nothing.")
@click.option("--write-config", is_flag=True, help="Save a newly created spreadsheet's ID in the config file.")
@pass_context
def init_command(ctx: Context, dry_run: bool, write_config: bool) -> None:
    """Create the spreadsheet (when google.spreadsheet_id is empty) or add what is missing."""
    from turfbook.schema.adopt_view import adopted_tabs
    from turfbook.schema.init import run_init, write_spreadsheet_id
    from turfbook.workspace import connect

    config = ctx.config
    schema = load_schema_or_exit(config)
    workspace = connect(config)
    result = run_init(workspace, schema, config.google.spreadsheet_id, dry_run=dry_run,
                      title=config.organization.name, time_zone=config.organization.timezone,
                      adopted=adopted_tabs(config, schema))     # an adopted workbook: no twins of their tabs
    if dry_run:
        click.echo("Dry run: nothing written. The plan:" if result.spreadsheet_id
                   else "Dry run: would create a new spreadsheet with:")
    elif result.created:
        click.echo(f"Created spreadsheet {result.spreadsheet_id}")
    elif result.found_in:
        click.echo(f"Turfbook's workbook already exists in the {result.found_in}: {result.spreadsheet_id}"
                   + ("" if result.warning else " (no second one was made)"))
    if result.warning:
        click.echo(result.warning, err=True)
    click.echo(result.plan.describe())
    if result.created or result.found_in:
        if write_config and config.source:
            write_spreadsheet_id(config.source, result.spreadsheet_id)
            click.echo(f"Saved google.spreadsheet_id in {config.source}")
        else:
            click.echo(f"Set google.spreadsheet_id: {result.spreadsheet_id} in your config "
                       "(or re-run with --write-config)")
    if not dry_run:
        click.echo(f"{len(result.plan.requests)} formatting request(s), {len(result.plan.writes)} range(s) written, "
                   f"{workspace.log.total} API call(s)")
    sys.exit(EXIT_OK)


@sheets.command("check")
@click.option("--dry-run", is_flag=True, help="Report only: assign no IDs, write no Problems.")
@click.option("--strict", is_flag=True, help="Exit 1 when data problems were found (default: 0, like every job).")
@pass_context
def check_sheet_command(ctx: Context, dry_run: bool, strict: bool) -> None:
    """Assign missing IDs and list data problems and possible duplicates in the Problems tab.

    Data problems exit 0 (they are in the Problems tab; a nightly cron must not alarm anyone over
    them); --strict makes them exit 1, as for `turfbook run`."""
    from turfbook.schema import load_schema
    from turfbook.schema.adopt_view import view_for
    from turfbook.schema.job import run_schema_job
    from turfbook.workspace import connect

    config = ctx.config
    one_job_then_exit()
    schema = load_schema(config.schema_dir / "workbook.yaml")
    from turfbook.field.queue import reserved_numbers

    workspace = connect(config)
    workspace.sheets_view = view_for(config, schema)      # an adopted workbook: through its mapping (#21)

    ids = _ids_lock(config, dry_run)
    try:                                     # the field queue's IDs, read under the lock: never given twice
        reserved = reserved_numbers(config.data_dir) if config.data_dir else {}
        result = run_schema_job(workspace.sheets(), schema, tz=config.organization.timezone, dry_run=dry_run,
                                data_dir=config.data_dir, reserved=reserved)
    finally:
        ids.release()
    click.echo(result.summary())
    for problem in result.problems[:50]:
        click.echo(f"  - {problem.message}")
    if len(result.problems) > 50:
        click.echo(f"  … and {len(result.problems) - 50} more (see the Problems tab)")
    sys.exit(EXIT_PROBLEMS if strict and result.problems else EXIT_OK)


IDS_WAIT_SECONDS = 120


def _ids_lock(config, dry_run: bool):
    """The `ids` lock the field job (#20) and filing take too (ids_lock), so two runs never give one number
    twice; a dry run numbers nothing and takes none. Waits up to IDS_WAIT_SECONDS (a field tick takes seconds)."""
    from turfbook.jobs.ids_lock import IDS_LOCK, taken
    from turfbook.locks import JobLock

    if dry_run:
        return JobLock.for_config(config, IDS_LOCK)          # not taken: its release does nothing
    lock = taken(config, IDS_WAIT_SECONDS)
    if lock is None:
        click.echo("another run is assigning IDs (the field job or filing); try again in a minute / otra "
                   "ejecución está asignando IDs (el trabajo de campo o el archivo); inténtelo en un minuto", err=True)
        sys.exit(EXIT_PROBLEMS)          # 1: failed, as a job already running
    return lock
