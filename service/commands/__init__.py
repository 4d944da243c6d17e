"""The `turfbook` subcommands, one module each, imported when a command is used (issue 22: `turfbook run digest`
imports its own module and job_cli, not all sixteen). COMMANDS names the module that registers each command of
each group (cli.py's LazyGroup asks `load`); a name not there loads every module, so `--help`'s listing and
click's "No such command" suggestions see every command, as when all were imported at the start.
tests/unit/test_cli_lazy_commands.py checks COMMANDS against what the modules register."""

from __future__ import annotations

import importlib
import pkgutil

COMMANDS: dict[str, dict[str, str]] = {
    "cli": {"auth": "auth", "check": "check", "demo": "demo", "emulator": "emulator", "init": "init",
            "links": "links", "scheduler": "scheduler", "serve": "serve"},
    "run": {"check": "run_check", "chart": "run_digest", "digest": "run_digest", "field": "run_field",
            "filing": "run_filing", "overdue": "run_overdue"},
    "sheets": {"adopt": "sheets_adopt", "check": "sheets_init", "init": "sheets_init"},
}


def load(group: str, name: str) -> None:
    """Import the module registering command `name` of `group` (every module when COMMANDS does not know it)."""
    module = COMMANDS.get(group, {}).get(name)
    if module is None:
        load_all()
    else:
        importlib.import_module(f"{__name__}.{module}")


def load_all() -> None:
    for module in pkgutil.iter_modules(__path__, __name__ + "."):
        importlib.import_module(module.name)
