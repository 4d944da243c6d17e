"""Outside tester a21n's finding 7 (issue 21): a team's own settings tab ('Ajustes': Ajuste | Valor, grace_days 5)
is adopted as Settings: its values are used by the jobs and shown in the report, and `sheets init` (check's advice:
init, then adopt) adds no second, default Settings beside it. One Turfbook cannot read is a problem (EN/ES), and
still no second Settings tab is added."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from turfbook.cli import main

STAFF = [["Name", "Email"], ["Rosa Díaz", "r@x.org"]]
CONTACTS = [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"], ["Eva Long", ""]]
CONVOS = [["Date", "Name", "F/U date", "Notes"], ["11/2/2026", "Ana Núñez", "11/17/2026", ""],
          ["11/3/2026", "Eva Long", "11/10/2026", ""]]
AJUSTES = [["Ajuste", "Valor"], ["grace_days", "5"], ["timezone", "America/New_York"]]


def _run(path, capsys, *args):
    capsys.readouterr()
    rc = main(["--config", path, *args])
    return rc, capsys.readouterr().out


def _titles(sheets) -> list[str]:
    return [s["properties"]["title"] for s in sheets.metadata("sheets(properties(sheetId,title))")["sheets"]]


def _flagged(sheets) -> dict[str, str]:
    rows = sheets.read_tabs(["Convos"])["Convos"]
    at = rows[0].index("Status")
    return {r[1]: (r[at] if at < len(r) else "") for r in rows[1:]}


def _book(book, **extra):  # noqa: F811
    return book({"Staff": STAFF, "Contactos": CONTACTS, "Convos": CONVOS, **extra}, "USER_ENTERED")


def test_their_ajustes_is_adopted_as_settings_and_init_adds_no_second(emulator, book, capsys):  # noqa: F811
    """a21n 7: adopt, init (the advice), adopt, overdue: 'Ajustes' is read (grace 5: Ana due 11/17 is not
    overdue on 11/20, Eva due 11/10 is), the report says what it sets (EN and ES), no 'Settings' tab is added
    and not one cell of 'Ajustes' changes."""
    sheets, path = _book(book, Ajustes=AJUSTES)
    rc, out = _run(path, capsys, "sheets", "adopt")
    line = next(x for x in out.splitlines() if "'Ajustes'" in x)
    assert "→ Settings" in line and "grace_days 5" in line, line
    assert "left alone" not in out[out.find("'Ajustes'") - 60:], out
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    line_es = next(x for x in es.splitlines() if "'Ajustes'" in x)
    assert "Ajustes (Settings)" in line_es and "Turfbook usa: grace_days 5" in line_es, line_es
    rc, init = _run(path, capsys, "sheets", "init")
    assert "add tab 'Settings'" not in init, init
    assert "tab 'Settings' not added: your 'Ajustes' is adopted as it" in init, init
    _run(path, capsys, "sheets", "adopt")
    rc, overdue = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    assert "grace 5d" in overdue.splitlines()[0], overdue
    assert "Settings" not in _titles(sheets)
    flags = _flagged(sheets)
    assert flags["Eva Long"].startswith("OVERDUE") and not flags["Ana Núñez"].startswith("OVERDUE"), flags
    assert sheets.read_tabs(["Ajustes"])["Ajustes"] == [["Ajuste", "Valor"], ["grace_days", 5],
                                                        ["timezone", "America/New_York"]]


def test_their_settings_tab_is_read_where_its_header_says_and_after_a_rename(emulator, book, capsys):  # noqa: F811
    """A title row above the header, the columns the other way round (Valor | Ajuste), then staff rename the
    tab: it is still read (found by its sheetId), `sheets check` finds no tab not adopted, and a value it cannot
    read is a problem naming the tab by its title now."""
    sheets, path = _book(book, Configuración=[["Ajustes del equipo", ""], ["", ""], ["Valor", "Ajuste"],
                                             ["5", "grace_days"], ["2", "due_soon_days"],
                                             ["sesenta", "structure_test_goal_pct"]])
    rc, out = _run(path, capsys, "sheets", "adopt")
    line = next(x for x in out.splitlines() if "'Configuración'" in x)
    assert "grace_days 5; due_soon_days 2" in line, line
    sheet_id = dict((s["properties"]["title"], s["properties"]["sheetId"]) for s in
                    sheets.metadata("sheets(properties(sheetId,title))")["sheets"])["Configuración"]
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": sheet_id, "title": "Config 2026"},
                                                    "fields": "title"}}])
    rc, overdue = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    assert "grace 5d, due soon = within 2d" in overdue.splitlines()[0], overdue
    rc, check = _run(path, capsys, "sheets", "check")
    assert "not adopted" not in check, check
    assert "Config 2026 row 6: structure_test_goal_pct 'sesenta' is not a whole number" in check, check


def test_a_settings_tab_turfbook_cannot_read_is_a_problem_and_no_second_is_added(emulator, book, capsys):  # noqa: F811
    """'Config' (an alias of Settings) naming no setting Turfbook knows: a problem in the report (EN and ES) and
    in `sheets check`; init adds no 'Settings' beside it; the jobs use the defaults (grace 0)."""
    sheets, path = _book(book, Config=[["Color", "Tema"], ["azul", "oscuro"]])
    rc, out = _run(path, capsys, "sheets", "adopt")
    problems = out[out.find("Problems to fix"):]
    assert "'Config' is adopted as Settings (its title), but no column of it names a setting" in problems, problems
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "Pestaña de ajustes no leída" in es and "ninguna columna nombra un ajuste" in es, es
    rc, init = _run(path, capsys, "sheets", "init")
    assert "add tab 'Settings'" not in init and "Settings" not in _titles(sheets), init
    rc, check = _run(path, capsys, "sheets", "check")
    assert "'Config' is adopted as Settings" in check, check
    rc, overdue = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    assert "grace 0d" in overdue.splitlines()[0], overdue
    assert sheets.read_tabs(["Config"])["Config"] == [["Color", "Tema"], ["azul", "oscuro"]]


def test_two_settings_tabs_one_is_read_and_the_other_is_a_problem(emulator, book, capsys):  # noqa: F811
    """'Settings' (added by an earlier init) beside the team's 'Ajustes': 'Settings' is read as before, and the
    report says 'Ajustes' is not read and what to do (EN/ES); never a guess at which holds their values."""
    sheets, path = _book(book, Ajustes=AJUSTES, Settings=[["Setting", "Value"], ["grace_days", "0"]])
    rc, out = _run(path, capsys, "sheets", "adopt")
    problems = out[out.find("Problems to fix"):]
    assert "'Ajustes' is not read: Turfbook reads its settings from one tab, 'Settings'" in problems, problems
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "'Ajustes' no se lee: Turfbook lee sus ajustes de una sola pestaña, 'Settings'" in es, es
    rc, overdue = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    assert "grace 0d" in overdue.splitlines()[0], overdue
