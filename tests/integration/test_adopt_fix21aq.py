"""Outside tester a21n's findings 8, 9, 10 (issue 21): a title that is a first name two organizers share says
both; a done cell whose remark says no is not done; `sheets init` names an adopted tab by its title now."""

from __future__ import annotations

from pathlib import Path

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
    open_ones = ["✔ (no)", "sí (no contestó)", "done (no answer)", "hecho (didn’t call back)"]
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
