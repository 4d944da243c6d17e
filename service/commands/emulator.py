"""turfbook emulator: the local Google Workspace emulator (the embedded default)."""

from __future__ import annotations

import os
import sys

import click

from turfbook.cli import cli


@cli.command("emulator")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--data", default=".turfbook/emulator", show_default=True, type=click.Path(file_okay=False))
@click.option("--quota-scale", type=float, default=lambda: float(os.environ.get("TURFBOOK_EMULATOR_QUOTA_SCALE", "1")),
              help="Multiply Google's quotas (0 turns them off).  [default: 1]")
@click.option("--verbose", is_flag=True, help="Log every request.")
def emulator_command(host: str, port: int, data: str, quota_scale: float, verbose: bool) -> None:
    """Serve Sheets v4, Drive v3 and Gmail v1 on loopback, with state in --data."""
    from turfbook_emulator.__main__ import run as run_emulator

    sys.exit(run_emulator(host, port, data, quota_scale, verbose))
