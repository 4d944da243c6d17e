"""What a job command imports (issue 22, the CLI's imports): its own command module, not every one, and none of
the adoption's modules for a workbook that is Turfbook's own. A fresh interpreter each, as a user starts it."""

from __future__ import annotations

import subprocess
import sys

# the adoption's modules a job on Turfbook's own workbook may import: the stored layout's file name, the view
# that finds there is none, the problem kinds jobs filter by, the filter guard (which does nothing then)
LIGHT = {"turfbook.schema.adopt_file", "turfbook.schema.adopt_view", "turfbook.schema.adopt_kinds",
         "turfbook.schema.adopt_guard", "turfbook.schema.adopt_filters"}


def _probe(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_commands_names_the_module_of_every_command():
    """turfbook.commands.COMMANDS (what LazyGroup imports for a name) is what the modules register."""
    out = _probe("""if True:
        from turfbook import commands
        from turfbook.cli import cli, run, sheets
        commands.load_all()
        found = {g.name: {n: c.callback.__module__.rpartition(".")[2] for n, c in g.commands.items()
                          if c.callback.__module__ != "turfbook.cli"} for g in (cli, run, sheets)}
        print(found == commands.COMMANDS, sorted(cli.commands) == sorted({*commands.COMMANDS["cli"], "run", "sheets"}))
    """)
    assert out[0] == "True True"


def test_a_job_command_imports_its_own_command_module_only():
    out = _probe("""if True:
        import sys
        from turfbook.cli import main
        main(["run", "digest", "--help"])
        main(["sheets", "check", "--help"])
        print(sorted(m for m in sys.modules if m.startswith("turfbook.commands.")))
    """)
    assert out[-2] == str(["turfbook.commands.job_cli", "turfbook.commands.run_digest",
                           "turfbook.commands.sheets_init"])


def test_the_digest_and_overdue_jobs_import_none_of_the_adoptions_modules_for_turfbooks_own_workbook():
    """Their modules, the registry's workspace (adopt_view.view_for), the read's problems (reader, field.held,
    id_owners): the adoption's modules (adopt_read, adopt_sorted, adopt_translate, header_match...) are imported
    only where a stored adoption is found."""
    out = _probe("""if True:
        import sys
        import turfbook.jobs.digest, turfbook.jobs.overdue, turfbook.jobs.registry, turfbook.schema.reader
        import turfbook.field.held, turfbook.schema.id_owners
        from turfbook.schema.adopt_view import not_adopted
        from turfbook.schema.reader import add_read_problems
        from turfbook.schema.id_owners import keys_before
        from turfbook.field.held import held_entries, held_field_entries
        from turfbook.schema.model import WorkbookSnapshot

        class Sheets:          # Turfbook's own workbook, as the jobs see it: no layout, no row keys
            pass

        snapshot = WorkbookSnapshot(tabs={}, settings={}, problems=[])
        print(not_adopted(Sheets(), "digest"), keys_before(Sheets()), held_entries(None, Sheets()),
              held_field_entries(None, Sheets(), "digest"), add_read_problems(snapshot, Sheets()).read_problems)
        print(sorted(m for m in sys.modules if m.startswith(("turfbook.schema.adopt_", "turfbook.schema.header_"))
                     or m in ("difflib", "smtplib", "turfbook.field.queue", "turfbook.digest.chart")))
    """)
    assert out[0] == "[] {} {} [] []"
    assert set(eval(out[1])) <= LIGHT, out[1]      # noqa: S307 - our own probe's list
