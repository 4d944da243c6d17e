"""turfbook init [DIR]: a starter config.yaml and editable copies of sheets_schema/ and drive_rules/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from turfbook.cli import EXIT_USAGE, cli


@cli.command("init")
@click.argument("directory", default=".", type=click.Path(path_type=Path))
def init_command(directory: Path) -> None:
    """Start your own instance in DIRECTORY (default: here): config.yaml, sheets_schema/, drive_rules/.
    Files already there are kept, never overwritten."""
    from turfbook.init import InitError, init

    try:
        written = init(directory)
    except InitError as exc:
        click.echo(f"init error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for item in written:
        click.echo(f"{'wrote' if item.created else 'kept (already there)'}: {item.path}")
    where = "" if directory.resolve() == Path.cwd().resolve() else f"cd {directory} && "
    click.echo(f"Next: {where}turfbook check, then turfbook demo (the offline demo on the bundled emulator), "
               f"or edit config.yaml for real Google (README.md, \"Config reference\").")
