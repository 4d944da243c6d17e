"""turfbook run filing [--dry-run] [--verify]: file the Drive inbox by the rules in drive_rules/filing.yaml."""

from __future__ import annotations

import sys

import click

from service.cli import EXIT_OK, EXIT_PROBLEMS, Context, pass_context, run


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
@pass_context
def filing_command(ctx: Context, dry_run: bool, verify: bool) -> None:
    """Move inbox photos and videos into folders by rule, renamed and tagged, logged in the Media tab."""
    from service.jobs import filing
    from service.jobs.filing_drive import Busy
    from service.workspace import connect

    bar = _Bar()
    try:
        result = filing.run(connect(ctx.config), dry_run=dry_run, verify=verify, advance=bar,
                            progress=lambda message: click.echo(message, err=True))
    except Busy as exc:
        click.echo(f"filing: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    finally:
        bar.close()
    click.echo(result.summary)
    sys.exit(EXIT_OK if result.ok and not result.problems else EXIT_PROBLEMS)
