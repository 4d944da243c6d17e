"""Issue 21 F7: rows inserted or deleted ABOVE an adopted sheet's header (a title row added, the title removed
so the header becomes row 1). The header formulas follow the header (`ROW(K2:K)=ROW(K2)`: two references
Sheets shifts together), the jobs find the header where it is now, and every value stays on its row."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration import test_adopt_workbook as workbook
from tests.support import messy_workbook as mw
from turfbook.cli import main
from turfbook.jobs import overdue
from turfbook.jobs.registry import _connect
from turfbook.schema.adopt import load_layout
from turfbook.schema.adopt_read import ADOPTION_FILE
from turfbook.workspace import connect

CONVOS, ROSA, LUIS = 2, 0, 1                         # sheet IDs in messy_workbook (Luis: header on row 1)
SHEETS = ("Contacts - Rosa", "Contacts - Luis", "Convos")
book, adopt_while = attacks.book, attacks.adopt_while         # a small titled book; adopt with a write held
messy = workbook.messy                                        # the messy workbook, adopted config


def rows_of(ws, sheet_id, title: str, render: str = "FORMATTED_VALUE") -> list[list]:
    return ws.sheets(sheet_id).read_tabs([title], render=render)[title]


def by_name(rows: list[list], column: str) -> dict[str, object]:
    """What a person reads in `column` beside each Name, below the header row holding both."""
    at = next(i for i, r in enumerate(rows) if "Name" in r and column in r)
    name, col = rows[at].index("Name"), rows[at].index(column)
    return {r[name]: (r[col] if col < len(r) else "") for r in rows[at + 1:] if name < len(r) and r[name]}


def rows_change(sheet: int, *, insert: tuple[int, int] | None = None, delete: tuple[int, int] | None = None) -> dict:
    kind, (start, end) = ("insertDimension", insert) if insert else ("deleteDimension", delete)
    return {kind: {"range": {"sheetId": sheet, "dimension": "ROWS", "startIndex": start, "endIndex": end}}}


def staff_rows(ws, sheet_id) -> dict[str, list[tuple]]:
    """Each sheet's non-blank staff rows (A..I, formulas as typed), in order: what no job may change."""
    out = {}
    for title in SHEETS:
        rows = [tuple((list(r) + [""] * 9)[:9]) for r in rows_of(ws, sheet_id, title, "FORMULA")]
        out[title] = [r for r in rows if any(c not in ("", None) for c in r)]
    return out


CASES = {
    # name: (requests, where the Convos / Rosa headers are afterwards)
    "a row inserted on row 1": ([rows_change(CONVOS, insert=(0, 1)), rows_change(ROSA, insert=(0, 1)),
                                 rows_change(LUIS, insert=(0, 1))], 3, 4),
    "two rows inserted between title and header": ([rows_change(CONVOS, insert=(1, 3)),
                                                    rows_change(ROSA, insert=(1, 3))], 4, 5),
    "a row deleted above the header": ([rows_change(ROSA, delete=(1, 2))], 2, 2),
    "the title rows removed, header on row 1": ([rows_change(CONVOS, delete=(0, 1)),
                                                 rows_change(ROSA, delete=(0, 2))], 1, 1),
}


@pytest.mark.parametrize("case", list(CASES))
def test_rows_inserted_or_deleted_above_the_header_keep_every_value_on_its_row(emulator, messy, capsys, case):
    config, path = messy
    ws = connect(config)
    sheet_id = config.google.spreadsheet_id
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    ids = {t: by_name(rows_of(ws, sheet_id, t), "ID") for t in SHEETS}
    formulas = rows_of(ws, sheet_id, "Convos", "FORMULA")[1]
    assert "ROW(J2:J)=ROW(J2)" in formulas[10]                       # the header test follows the header

    requests, convos_at, rosa_at = CASES[case]
    ws.sheets(sheet_id).batch_update(requests)                       # a person, after the adoption
    before = staff_rows(ws, sheet_id)

    assert overdue.run(_connect(config), today=mw.TODAY).ok           # the stored layout still says rows 2 and 3
    convos = rows_of(ws, sheet_id, "Convos")
    assert convos[convos_at - 1][9:13] == ["ID", "Status", "Flagged at", "Problems"]
    status = by_name(convos, "Status")
    assert {n: s for n, s in status.items() if str(s).startswith("OVERDUE")} == \
        {"Bea Soto": "OVERDUE 8d", "Eva Long": "OVERDUE 2d"}
    assert "Status" not in status.values() and "ID" not in status.values()   # the header text on no data row
    rosa = rows_of(ws, sheet_id, "Contacts - Rosa")
    assert rosa[rosa_at - 1][9:14] == ["ID", "Last contact", "Next follow-up", "Status", "Problems"]
    assert {t: by_name(rows_of(ws, sheet_id, t), "ID") for t in SHEETS} == ids   # each ID on its person's row
    luis = rows_of(ws, sheet_id, "Contacts - Luis")
    at = 2 if LUIS in [c[k]["range"]["sheetId"] for c in requests for k in c] else 1
    assert luis[at - 1][9:14] == ["ID", "Last contact", "Next follow-up", "Status", "Problems"]
    assert "Status" not in by_name(luis, "Status").values()
    shown = {t: rows_of(ws, sheet_id, t) for t in SHEETS}
    assert not [(t, n) for t, rows in shown.items() for n, r in enumerate(rows, 1) if "#REF!" in r]

    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0           # finds the header where it is now
    assert emulator.stats()["writes"] == 0, emulator.stats()
    layout = load_layout(config.data_dir / ADOPTION_FILE)
    assert {s.title: s.header_row for s in layout.sheets}["Convos"] == convos_at
    assert {s.title: s.header_row for s in layout.sheets}["Contacts - Rosa"] == rosa_at
    assert main(["--config", path, "sheets", "check"]) == 0
    assert staff_rows(ws, sheet_id) == before                        # not one staff cell changed
    assert {t: by_name(rows_of(ws, sheet_id, t), "ID") for t in SHEETS} == ids


HEADER_ROW = ["Date", "Name", "Organizer", "F/U date", "Notes"]
TITLED = [["Conversaciones — fall 2026"], [], HEADER_ROW] + [
    [f"11/{i + 1}/2026", f"Person {i:02d}", "Rosa" if i % 2 else "Luis", f"11/{i + 10}/2026", f"n{i}"]
    for i in range(6)]


@pytest.mark.parametrize("held", [3, 4, 5])
@pytest.mark.parametrize("edit", ["insert", "delete"])
def test_a_row_inserted_or_deleted_above_the_header_while_an_adopt_write_is_held(emulator, book, capsys, held, edit):
    """Whichever of adopt's batchUpdates (the column headers, the ID write …) a person's insert on row 1 (or
    deletion of the title row) lands during or after: the header formulas show their header on the header row
    only, no #REF!, every ID on its person's row; the next adopt finishes what was left, a third writes nothing."""
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana", "1"]], "Convos": TITLED})
    convos = sheets.metadata("sheets.properties(sheetId,title)")["sheets"][1]["properties"]["sheetId"]
    change = rows_change(convos, insert=(0, 1)) if edit == "insert" else rows_change(convos, delete=(0, 1))
    assert adopt_while(emulator, path, held, lambda: sheets.batch_update([change])) == 0
    assert main(["--config", path, "sheets", "adopt"]) == 0
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0, emulator.stats()
    capsys.readouterr()
    rows = sheets.read_tabs(["Convos"])["Convos"]
    top = 4 if edit == "insert" else 2                                 # where the header is now
    assert rows[:top - 1] == ([[], ["Conversaciones — fall 2026"], []] if edit == "insert" else [[]])
    assert rows[top - 1][:5] == HEADER_ROW and rows[top - 1][5:] == ["ID", "Status", "Flagged at", "Problems"]
    assert not [n for n, r in enumerate(rows, 1) if "#REF!" in r]
    assert [r[5] for r in rows[top:]] == [f"C-{n:06d}" for n in range(1, 7)]
    assert [r[1] for r in rows[top:]] == [f"Person {i:02d}" for i in range(6)]
    assert all(r[6:7] in ([], [""]) for r in rows[top:])               # no header text on a data row


def test_header_formulas_adopted_before_the_fix_are_recognised_and_rewritten_to_follow_the_header(
        emulator, messy, capsys):
    """A workbook adopted before F7 holds `ROW(K2:K)=2` (the literal does not move). Staff then delete Convos'
    title row: the header is on row 1 and the old test puts "Status" on a data row. The next `sheets adopt`
    recognises those cells as Turfbook's, rewrites ONLY them (guarded), also Rosa's (not moved yet), and
    a run after it writes nothing."""
    config, path = messy
    ws = connect(config)
    sheet_id = config.google.spreadsheet_id
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    old = []
    for sheet, title, row in ((CONVOS, "Convos", 2), (ROSA, "Contacts - Rosa", 3)):
        cells = rows_of(ws, sheet_id, title, "FORMULA")[row - 1]
        for i, formula in enumerate(cells):
            if isinstance(formula, str) and f"=ROW(J{row})," in formula:
                old.append({"updateCells": {
                    "rows": [{"values": [{"userEnteredValue": {"formulaValue": formula.replace(
                        f"=ROW(J{row}),", f"={row},")}}]}],
                    "start": {"sheetId": sheet, "rowIndex": row - 1, "columnIndex": i},
                    "fields": "userEnteredValue"}})
    assert len(old) == 7                               # Convos: Status, Flagged at, Problems; Rosa: four
    ws.sheets(sheet_id).batch_update(old)
    ids = {t: by_name(rows_of(ws, sheet_id, t), "ID") for t in SHEETS}
    ws.sheets(sheet_id).batch_update([rows_change(CONVOS, delete=(0, 1))])
    before = staff_rows(ws, sheet_id)
    assert overdue.run(_connect(config), today=mw.TODAY).ok
    assert "Status" in by_name(rows_of(ws, sheet_id, "Convos"), "Status").values()   # the bug, before the repair

    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "7 Turfbook header formula(s) rewritten to follow their header row" in out
    es = (config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "7 fórmula(s) de encabezado de Turfbook reescrita(s)" in es
    convos = rows_of(ws, sheet_id, "Convos", "FORMULA")
    assert "ROW(J1:J)=ROW(J1)" in convos[0][10] and "ROW(J3:J)=ROW(J3)" in \
        rows_of(ws, sheet_id, "Contacts - Rosa", "FORMULA")[2][11]
    status = by_name(rows_of(ws, sheet_id, "Convos"), "Status")
    assert {n: s for n, s in status.items() if str(s).startswith("OVERDUE")} == \
        {"Bea Soto": "OVERDUE 8d", "Eva Long": "OVERDUE 2d"}
    assert "Status" not in status.values()
    assert staff_rows(ws, sheet_id) == before
    assert {t: by_name(rows_of(ws, sheet_id, t), "ID") for t in SHEETS} == ids

    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0, emulator.stats()
    assert "rewritten" not in capsys.readouterr().out
