"""turfbook run filing [--dry-run] [--verify]: file the Drive inbox by the rules in drive_rules/filing.yaml."""

from __future__ import annotations

import sys

import click

from turfbook.cli import Context, pass_context, run
from turfbook.commands.job_cli import STRICT, run_job


class _Bar:
    """A click progress bar that appears once the number of moves is known (and only for long runs)."""

    MIN_MOVES = 200

    def __init__(self):
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= self.MIN_MOVES:
            self.bar = click.progressbar(length=total, label="moving", file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@run.command("filing")
@click.option("--dry-run", is_flag=True, help="Print the plan as a table; move and write nothing.")
@click.option("--verify", is_flag=True, help="Only reconcile the Media tab with Drive and report mismatches.")
@STRICT
@pass_context
def filing_command(ctx: Context, dry_run: bool, verify: bool, strict: bool) -> None:
    """Move inbox photos and videos into folders by rule, renamed and tagged, logged in the Media tab."""
    bar = _Bar()
    try:
        run_job(ctx, "filing", dry_run=dry_run, strict=strict, verify=verify, advance=bar)
    finally:
        bar.close()
