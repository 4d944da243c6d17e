"""turfbook check: load config, schema and rules, and report every problem found."""

from __future__ import annotations

import sys

import click

from turfbook import checks
from turfbook.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Context, cli, pass_context


@cli.command("check")
@click.option("--live", is_flag=True, help="Also verify permissions against Google with the cheapest calls.")
@click.option("--verbose", "-v", is_flag=True, help="Every line of a schema that cannot be loaded.")
@pass_context
def check_command(ctx: Context, live: bool, verbose: bool) -> None:
    """Validate config, workbook schema and filing rules; exit 1 on any problem, 2 when unusable."""
    import turfbook.checks_registry  # noqa: F401 - registers every subsystem's checks
    from turfbook.schema.loader import SchemaError, load_schema

    config = ctx.config
    try:   # a schema that cannot be loaded at all is a setup error (exit 2), said in one line
        load_schema(config.schema_dir / "workbook.yaml")
    except SchemaError as exc:
        lines = str(exc).splitlines() or [type(exc).__name__]
        more = f" (and {len(lines) - 1} more: turfbook check --verbose)" if len(lines) > 1 and not verbose else ""
        click.echo(f"setup error: {lines[0] if not verbose else str(exc)}{more}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"config {config.source}: ok")
    click.echo(f"schema from {config.schema_dir}, rules from {config.rules_dir}")
    results = checks.run_all(config)
    if live:
        from turfbook.workspace.live import live_checks
        from turfbook.workspace.live_warnings import live_warnings

        results["live"] = live_checks(config)
        for warning in live_warnings(config):   # works, but will surprise: said, exit code unchanged
            click.echo(f"live: warning: {warning}")
    total = 0
    for name, problems in results.items():
        if problems:
            total += len(problems)
            click.echo(f"{name}: {len(problems)} problem(s)")
            for problem in problems:
                click.echo(f"  - {problem}")
        else:
            click.echo(f"{name}: ok")
    sys.exit(EXIT_PROBLEMS if total else EXIT_OK)
