"""The `turfbook` command line. Subcommands live in service/commands/, one module each.

Exit codes: 0 done, 1 problems found or the job failed, 2 usage, config or setup error. Every failure
says why in one line on stderr (TURFBOOK_DEBUG=1 adds the traceback of an unexpected error).
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from turfbook.config_error import ConfigError

if TYPE_CHECKING:
    from turfbook.config import Config

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass
class Context:
    config_path: Path
    _config: Config | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        """The config file's settings. A command that needs them stops (exit 2) when there is no file:
        defaults would point it at a workbook and a `.turfbook/` here that nobody chose. Commands that
        never read the config (`emulator`, `--help`, `--version`) work anywhere."""
        if self._config is None:
            from turfbook import config as config_module  # imported when a command needs it

            if self.config_path.is_dir():
                click.echo(f"config error: {self.config_path.absolute()} is a folder, not a config file", err=True)
                sys.exit(EXIT_USAGE)
            if not self.config_path.is_file():
                click.echo(missing_config(self.config_path), err=True)
                sys.exit(EXIT_USAGE)
            try:
                self._config = config_module.load(self.config_path)
            except ConfigError as exc:
                click.echo(f"config error: {exc}", err=True)
                sys.exit(EXIT_USAGE)
            LOADED[:] = [self._config]
        return self._config


LOADED: list[Config] = []   # the config this process's command loaded: main() words a Google error by it
PROGRAM = [False]           # main() runs as the program (argv None): the process ends when the command returns


def one_job_then_exit() -> None:
    """Called by a command that runs one job (`turfbook run`, `sheets check`): when this process is the
    program, it ends with the command, so the job's collector pauses leave their garbage to the exit
    (gcpause.leave_to_exit). A command run in a process that goes on (main(argv), tests) is unchanged."""
    if PROGRAM[0]:
        from turfbook.gcpause import leave_to_exit

        leave_to_exit()


def missing_config(path: Path) -> str:
    return (f"config error: no config file at {path.absolute()}. Run turfbook in the folder that holds "
            f"config.yaml, or name it with --config PATH (or TURFBOOK_CONFIG=PATH); `turfbook init` writes a "
            f"starter one (on the bundled emulator) here. README.md, \"Config reference\", lists every key.")


pass_context = click.make_pass_decorator(Context)


class LazyGroup(click.Group):
    """A group whose subcommands' modules are imported when a command is asked for (turfbook.commands.load)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            from turfbook import commands

            commands.load(self.name, cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        from turfbook.commands import COMMANDS

        return sorted(set(self.commands) | set(COMMANDS.get(self.name, {})))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(), envvar="TURFBOOK_CONFIG",
              default="config.yaml", show_default=True, help="Config file (or TURFBOOK_CONFIG).")
@click.version_option(package_name="turfbook")
@click.pass_context
def cli(ctx: click.Context, config_path: str) -> None:
    """Turfbook: Google Sheets as the organizing team's contact and conversation log."""
    ctx.obj = Context(Path(config_path))


@cli.group(cls=LazyGroup)
def run() -> None:
    """Run a job now: check, overdue, filing, digest, chart, field."""


@cli.group(cls=LazyGroup)
def sheets() -> None:
    """Set up and upgrade the workbook."""


def main(argv: list[str] | None = None) -> int:
    """The `turfbook` program (argv None: sys.argv, and the process ends when this returns)."""
    PROGRAM[0] = argv is None
    try:
        return _main(argv)
    finally:
        if argv is None:
            # The process ends now. Python's shutdown runs the cyclic collector over the whole heap
            # (every module, the API clients' method tables...): ~0.1 s of each CLI run's CPU for nothing
            # (issue 22, perf22h). Frozen objects are left out of it; files, history and mail are closed
            # by their own `with` blocks, never by the collector.
            import gc

            gc.freeze()


def _main(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="turfbook", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        if isinstance(exc.code, str):   # a setup step that cannot go on says why (the demo's emulator, say)
            click.echo(f"setup error: {exc.code}", err=True)
            return EXIT_USAGE
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_PROBLEMS)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return EXIT_PROBLEMS
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except ConfigError as exc:
        click.echo(f"config error: {exc}", err=True)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last word: one line, never a bare traceback
        if _setup_error(exc):                  # the workbook schema or filing rules the config names
            click.echo(f"setup error: {exc}", err=True)
            return EXIT_USAGE
        if os.environ.get("TURFBOOK_DEBUG"):
            traceback.print_exc()
        said = _plain(exc)
        if said is not None:    # an endpoint nobody answers at, credentials it does not know: what to do
            click.echo(("config error: " if said.config else "error: ") + said.message, err=True)
            return EXIT_USAGE if said.config else EXIT_PROBLEMS
        click.echo(f"error: {type(exc).__name__}: {exc}" + ("" if os.environ.get("TURFBOOK_DEBUG") else
                   " (TURFBOOK_DEBUG=1 shows the traceback)"), err=True)
        return EXIT_PROBLEMS
    return EXIT_OK


def _setup_error(exc: Exception) -> bool:
    """A SchemaError or RulesError. Their packages (Google's client libraries behind them) are imported
    only by the commands that load a schema or rules, not to start the CLI: a module not loaded raised
    nothing."""
    for module, name in (("turfbook.schema.loader", "SchemaError"), ("turfbook.rules.loader", "RulesError")):
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


def _plain(exc: Exception):
    """Google's error (or an unreachable endpoint) in plain words, when a command had loaded its config."""
    if not LOADED:
        return None
    from turfbook.workspace.errors import last_word

    try:
        return last_word(exc, LOADED[0])
    except Exception:  # noqa: BLE001 - wording an error must never hide it
        return None


if __name__ == "__main__":
    sys.exit(main())
