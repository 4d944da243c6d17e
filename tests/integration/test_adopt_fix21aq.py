"""Outside tester a21n's findings 3, 8, 9, 10 (issue 21): following check's init advice changes no flag; a title
that is a first name two organizers share says both; a done cell whose remark says no is not done; `sheets init`
names an adopted tab by its title now."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from turfbook.cli import main

HEAD = ["Date", "Name", "F/U date", "Notes"]
STAFF = [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Luis Mora", "l@x.org"], ["Mia Chen", "m@x.org"],
         ["Mia López", "ml@x.org"]]


def _run(path, capsys, *args):
    capsys.readouterr()
    rc = main(["--config", path, *args])
    return rc, capsys.readouterr().out


def _grid(sheets, title):
    rows = sheets.read_tabs([title])[title]
    width = max(map(len, rows))
    return [[str(c) for c in r] + [""] * (width - len(r)) for r in rows]


def test_a_title_two_organizers_share_names_both(emulator, book, capsys):  # noqa: F811
    """a21n 8: a sheet titled 'Mia' with Mia Chen and Mia López on Staff: the report says it could be either."""
    sheets, path = book({"Staff": STAFF,
                         "Contacts": [["Name", "Phone"], ["Ana Núñez", "5551234567"], ["Eva Long", "5551234569"]],
                         "Rosa": [HEAD, ["11/2/2026", "Ana Núñez", "11/10/2026", ""]],
                         "Mia": [HEAD, ["11/6/2026", "Eva Long", "11/12/2026", ""]]}, "USER_ENTERED")
    rc, out = _run(path, capsys, "sheets", "adopt")
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    en_problems = out[out.find("Problems to fix"):]
    es_problems = es[es.find("Problemas por corregir"):]
    line = next(x for x in en_problems.splitlines() if "'Mia'" in x)
    assert "Mia Chen or Mia López" in line and "names no organizer" not in line, line
    line_es = next(x for x in es_problems.splitlines() if "'Mia'" in x)
    assert "Mia Chen o Mia López" in line_es, line_es


def test_a_done_cell_whose_remark_says_no_stays_open(emulator, book, capsys):  # noqa: F811
    """a21n 9: '✔ (no)', 'sí (no contestó)', 'done (no answer)' are not done (one problem each, the follow-up
    stays open and is flagged); 'yes (left msg)' is done."""
    open_ones = ["✔ (no)", "sí (no contestó)", "done (no answer)", "hecho (didn’t call back)",
                 "sí (nadie contestó)", "✔ (nobody home)", "sí (ninguna respuesta)", "✔ (cancelada)",
                 "✔ (cancelled)", "✔ (n/a)"]                            # a21o 3: saying no without "no"
    done_ones = ["yes (left msg)", "Sí✔", "listo (llamé)"]
    cells = open_ones + done_ones
    names = [f"P{i:02d} Doe" for i in range(len(cells))]
    sheets, path = book({"Contacts": [["Name", "Phone"]] + [[n, ""] for n in names],
                         "Convos": [["Date", "Name", "F/U date", "F/U done"]]
                         + [["11/2/2026", n, "11/10/2026", v] for n, v in zip(names, cells, strict=True)]}, "RAW")
    _run(path, capsys, "sheets", "adopt")
    _run(path, capsys, "run", "overdue", "--today", "2026-11-19")
    grid = _grid(sheets, "Convos")
    status = grid[0].index("Status")
    shown = {r[3]: r[status] for r in grid[1:]}
    _, checked = _run(path, capsys, "sheets", "check")
    for cell in open_ones:
        assert shown[cell].startswith("OVERDUE"), (cell, shown[cell])
        assert f"can't tell if '{cell}' means done" in checked and f"no se sabe si '{cell}'" in checked, cell
    for cell in done_ones:
        assert shown[cell] == "done", (cell, shown[cell])


def test_init_names_an_adopted_tab_by_its_title_now(emulator, book, capsys):  # noqa: F811
    """a21n 10: the team renamed their adopted 'Contactos' to 'Contactos 2026': init's note says the new title."""
    sheets, path = book({"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"]],
                         "Contactos": [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"]],
                         "Convos": [HEAD, ["11/2/2026", "Ana Núñez", "11/17/2026", ""]]}, "USER_ENTERED")
    _run(path, capsys, "sheets", "adopt")
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    sheet_id = next(s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == "Contactos")
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": sheet_id, "title": "Contactos 2026"},
                                                    "fields": "title"}}])
    rc, out = _run(path, capsys, "sheets", "init")
    line = next(x for x in out.splitlines() if "'People' not added" in x)
    assert "'Contactos 2026'" in line and "'Contactos'" not in line, line


ROSA_ES = [["Fecha", "Nombre", "Fecha de seguimiento", "Notas"], ["05/11/2026", "Ana Núñez", "10/11/2026", "visita"],
           ["06/11/2026", "Bo Li", "03/12/2026", ""]]
LUIS_ES = [["Fecha", "Nombre", "Fecha de seguimiento", "Notas"], ["07/11/2026", "Eva Long", "12/11/2026", "llamar"]]


def _flags(sheets):
    out = {}
    for title in ("Convos - Rosa", "Convos - Luis"):
        grid = _grid(sheets, title)
        out.update({r[1]: r[grid[0].index("Status")] for r in grid[1:] if r[1]})
    return out


@pytest.mark.parametrize("locale,staff", [("es_ES", True), ("en_US", False)], ids=["es-book", "no-staff-tab"])
def test_following_checks_init_advice_changes_no_flag(emulator, book, capsys, locale, staff):  # noqa: F811
    """a21n 3: check's advice (`sheets init`, then `sheets adopt`) on an adopted workbook: the Settings init adds
    hold the spreadsheet's own locale and the configured timezone (not en_US / America/New_York), and an empty
    Organizers tab it adds unnames no organizer a title named: the same rows flagged, the same counts."""
    tabs = {"Contactos": [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"], ["Bo Li", ""], ["Eva Long", ""]],
            "Convos - Rosa": ROSA_ES, "Convos - Luis": LUIS_ES}
    if staff:
        tabs = {"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Luis Mora", "l@x.org"]], **tabs}
    if locale == "en_US":       # the same days typed month/day
        tabs["Convos - Rosa"] = [ROSA_ES[0], ["11/05/2026", "Ana Núñez", "11/10/2026", "visita"],
                                 ["11/06/2026", "Bo Li", "12/03/2026", ""]]
        tabs["Convos - Luis"] = [LUIS_ES[0], ["11/07/2026", "Eva Long", "11/12/2026", "llamar"]]
    sheets, path = book(tabs, "RAW")
    sheets.batch_update([{"updateSpreadsheetProperties": {"properties": {"locale": locale}, "fields": "locale"}}])
    _run(path, capsys, "sheets", "adopt")
    _, before = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    flags = _flags(sheets)
    assert [k for k, v in flags.items() if v.startswith("OVERDUE")] == ["Ana Núñez", "Eva Long"], flags
    _run(path, capsys, "sheets", "init")
    _run(path, capsys, "sheets", "adopt")
    _, after = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    assert _flags(sheets) == flags
    assert before.splitlines()[0] == after.splitlines()[0], (before, after)


def test_settings_init_adds_hold_the_configured_timezone(emulator, book, capsys):  # noqa: F811
    """a21n 3 (n11): an instance configured for Europe/Madrid: the Settings tab init adds says Europe/Madrid."""
    sheets, path = book({"Contactos": [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"]],
                         "Convos": [["Fecha", "Nombre", "Fecha de seguimiento"],
                                    ["2/11/2026", "Ana Núñez", "20/11/2026"]]}, "RAW")
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    data["organization"]["timezone"] = "Europe/Madrid"
    Path(path).write_text(yaml.safe_dump(data), encoding="utf-8")
    _run(path, capsys, "sheets", "adopt")
    _, before = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    _run(path, capsys, "sheets", "init")
    settings = {r[0]: r[1] for r in _grid(sheets, "Settings")[1:]}
    assert settings["timezone"] == "Europe/Madrid", settings
    _, after = _run(path, capsys, "run", "overdue", "--today", "2026-11-20")
    assert before.splitlines()[0] == after.splitlines()[0], (before, after)
