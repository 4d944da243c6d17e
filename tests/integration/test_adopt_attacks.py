"""Issue 21, the outside attack on `sheets adopt` (attack-a21), each case turned into a test: a small
two-tab workbook ("Contacts", "Convos") adopted through the CLI against the emulator, with a person's edit
made through the plain Sheets API while one of adopt's writes is held by an emulator latency fault."""

from __future__ import annotations

import threading
import time

import pytest
import yaml

from turfbook.cli import main
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive
from turfbook.workspace.sheets import CellWrite

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
BATCH = "sheets.spreadsheets.batchUpdate"
HEADER = ["Date", "Name", "Organizer", "F/U date", "Notes", "Extra"]
ROWS = [[f"11/{i + 1}/2026", f"Person {i:02d}", "Rosa" if i % 2 else "Luis", f"11/{i + 10}/2026", f"n{i}", f"e{i}"]
        for i in range(8)]
MARK = "typed by staff"


def new_book(workspace, tabs: dict[str, list[list]], input_option: str = "RAW") -> str:
    drive = Drive(workspace)
    parent = drive.shared_drive(workspace.config.google.drive.shared_drive, create=False)
    made = workspace.execute(drive.files.create(
        body={"name": "Team book", "mimeType": SPREADSHEET, "parents": [parent]},
        fields="id", supportsAllDrives=True))
    sheets = workspace.sheets(made["id"])
    titles = list(tabs)
    requests = [{"updateSheetProperties": {"properties": {"sheetId": 0, "title": titles[0]}, "fields": "title"}}]
    requests += [{"addSheet": {"properties": {"sheetId": n, "title": t,
                                              "gridProperties": {"rowCount": 60, "columnCount": 20}}}}
                 for n, t in enumerate(titles[1:], 1)]
    sheets.batch_update(requests)
    sheets.write([CellWrite(f"'{t}'!A1", rows) for t, rows in tabs.items()], input_option)
    return made["id"]


@pytest.fixture
def book(config, tmp_path):
    def make(tabs: dict[str, list[list]], input_option: str = "RAW"):
        sheet_id = new_book(connect(config), tabs, input_option)
        data = config.model_dump(mode="json", exclude={"source"})
        data["google"]["spreadsheet_id"] = sheet_id
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        make.config = config.model_copy(update={"google": config.google.model_copy(
            update={"spreadsheet_id": sheet_id})})
        return connect(config).sheets(sheet_id), str(path)
    return make


def simple(book):
    return book({"Contacts": [["Name", "Phone"]] + [[f"Person {i:02d}", str(i)] for i in range(8)],
                 "Convos": [HEADER] + ROWS})


def adopt_while(emulator, path: str, held: int, edit) -> int:
    """`sheets adopt` with its `held`-th spreadsheets.batchUpdate (0-based) held (counted, not yet served) while
    `edit` runs; then it goes on."""
    emulator.reset_stats()
    emulator.fault(method=BATCH, hold=True, count=1, after_calls=held)
    result: list[int] = []
    run = threading.Thread(target=lambda: result.append(main(["--config", path, "sheets", "adopt"])))
    run.start()
    end = time.monotonic() + 60
    while emulator.stats()["by_method"].get(BATCH, 0) < held + 1 and time.monotonic() < end:
        time.sleep(0.05)
    try:
        assert run.is_alive() and emulator.stats()["by_method"].get(BATCH, 0) == held + 1, "the write was not held"
        edit()
    finally:
        emulator.clear_faults()          # the held write goes on, after the edit
        run.join()
    return result[0]


def test_a_value_typed_where_the_id_column_goes_during_the_held_write_is_never_under_a_turfbook_header(
        emulator, book, capsys):
    """F5 (a6_single.py type_G2 3): the service columns are inserted in the same atomic batchUpdate as their
    headers, so whatever staff typed in G2 meanwhile shifts right and stays a staff value."""
    sheets, path = simple(book)
    assert adopt_while(emulator, path, 3, lambda: sheets.write([CellWrite("'Convos'!G2", [[MARK]])])) == 0
    rows = sheets.read_tabs(["Convos"])["Convos"]
    header = rows[0]
    assert header[:6] == HEADER
    assert "ID" in header
    at = [i for i, r in enumerate(rows[1]) if r == MARK]
    assert len(at) == 1                                   # kept, once
    assert at[0] >= len(header) or header[at[0]] == ""   # under no header of Turfbook's
    assert rows[1][header.index("ID")] != MARK
    assert main(["--config", path, "sheets", "adopt"]) == 0
    after = sheets.read_tabs(["Convos"])["Convos"]
    assert after[1].count(MARK) == 1


def test_a_teams_own_id_and_status_columns_stay_theirs_and_turfbook_adds_its_own_beside_them(
        emulator, book, capsys):
    """F2/F4 (a1_nasty_book.py, a2_one_shape.py status): their "ID" (101, 102) and "Status" (open/closed)
    are not Turfbook's: never written, kept as staff columns; "Turfbook ID" / "Turfbook status" added."""
    header = ["ID", "Date", "Name", "Organizer", "F/U date", "Status"]
    rows = [[101, "11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", "closed"],
            [102, "11/3/2026", "Bea Soto", "Rosa", "11/12/2026", "open"]]
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"]],
                         "Convos": [header] + rows})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "A 'ID': kept as your own column" in out and "'Turfbook ID'" in out
    assert "'Status': kept as your own column" in out and "'Turfbook status'" in out
    shown = sheets.read_tabs(["Convos"])["Convos"]
    assert [r[:6] for r in shown[1:3]] == rows                       # nothing of theirs written
    assert "Turfbook ID" in shown[0] and "Turfbook status" in shown[0]
    ours = shown[0].index("Turfbook ID")
    assert [r[ours] for r in shown[1:3]] == ["C-000001", "C-000002"]
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    shown = sheets.read_tabs(["Convos"])["Convos"]
    status = shown[0].index("Turfbook status")
    assert [r[5] for r in shown[1:3]] == ["closed", "open"]
    assert all(str(r[status]).startswith("OVERDUE") for r in shown[1:3]), shown
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0


def test_a_done_column_kept_as_yes_no_reads_no_as_not_done_in_the_sheet_and_the_digest(emulator, book, capsys):
    """F8 (a8_done_no.py): "no", "N" and blank are NOT done; "yes", "Sí" are. Overdue flags and the digest
    agree with a person's count: Bea, Dan, Eva overdue (Rosa 1, Luis 2)."""
    import datetime as dt

    from turfbook.jobs import digest
    from turfbook.jobs.registry import _connect

    sheets, path = book({
        "Contacts": [["Name", "Phone"], ["Ana", ""], ["Bea", ""], ["Cris", ""], ["Dan", ""], ["Eva", ""]],
        "Convos": [["Date", "Name", "Organizer", "F/U date", "F/U done"],
                   ["11/2/2026", "Ana", "Rosa", "11/10/2026", "yes"],
                   ["11/3/2026", "Bea", "Rosa", "11/12/2026", "no"],
                   ["11/4/2026", "Cris", "Rosa", "11/13/2026", "Sí"],
                   ["11/5/2026", "Dan", "Luis", "11/14/2026", "N"],
                   ["11/6/2026", "Eva", "Luis", "11/15/2026", ""]]})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = sheets.read_tabs(["Convos"])["Convos"]
    status = rows[0].index("Status")
    flags = {r[1]: str(r[status]) for r in rows[1:]}
    assert {n for n, f in flags.items() if f.startswith("OVERDUE")} == {"Bea", "Dan", "Eva"}, flags
    assert flags["Ana"] == flags["Cris"] == "done"
    follow_ups = digest.prepare(_connect(book.config), today=dt.date(2026, 11, 20)).digest.follow_ups
    assert follow_ups.overdue.now == 3
    assert {line.organizer: line.count.now for line in follow_ups.by_organizer} == {"Rosa": 1, "Luis": 2}


def test_duplicate_header_names_are_adopted_and_the_report_counts_only_ids_written(emulator, book, capsys):
    """F3 (a2_one_shape.py dup): "Notes", "Notes" are two cells of the header row, compared by position;
    the columns are added and the IDs the report counts are the IDs in the sheet."""
    header = ["Date", "Name", "Organizer", "F/U date", "Notes", "Notes"]
    rows = [["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", "n", "e"],
            ["11/3/2026", "Bea Soto", "Rosa", "11/12/2026", "", ""]]
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"]],
                         "Convos": [header] + rows})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "NOT added" not in out
    shown = sheets.read_tabs(["Convos", "Contacts"])
    ids = [c for t in shown.values() for r in t[1:] for c in r if str(c)[:2] in ("C-", "P-")]
    assert f"{len(ids)} ID(s) given" in out and len(ids) == 4
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0


def test_rows_left_without_an_id_by_a_staff_sort_during_the_id_write_are_counted_and_finished_next_run(
        emulator, book, capsys):
    """F6 (a6_single.py sort_desc 4): a person sorts Convos while adopt's ID write is held; the rows that
    got no ID this run are counted in the report (EN), and the next adopt gives them theirs."""
    sheets, path = simple(book)
    sort = {"sortRange": {"range": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": 9, "startColumnIndex": 0,
                                    "endColumnIndex": 6},
                          "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}]}}
    assert adopt_while(emulator, path, 4, lambda: sheets.batch_update([sort])) == 0
    out = capsys.readouterr().out
    rows = sheets.read_tabs(["Convos"])["Convos"]
    at = rows[0].index("ID")
    blank = sum(1 for r in rows[1:] if at >= len(r) or r[at] in ("", None))
    names = [r[1] for r in rows[1:]]
    assert names == sorted(names, reverse=True)                      # the sort stands
    assert blank                                                      # the held write found its rows moved
    assert f"{blank} row(s) left without an ID" in out and "sheets check" in out, out
    assert main(["--config", path, "sheets", "adopt"]) == 0
    rows = sheets.read_tabs(["Convos"])["Convos"]
    assert all(str(r[at]).startswith("C-") for r in rows[1:])
    assert len({r[at] for r in rows[1:]}) == 8


def test_staff_formulas_in_an_adopted_tab_do_not_break_the_batch_update_that_adds_tabs(emulator, book, capsys):
    """F1 (a1_nasty_book.py): =HYPERLINK, =UPPER, ="860-"&… in staff cells; adopt adds its tabs and columns
    (the emulator answered 500 there: recalc asked for a sheet an earlier copy-on-write had replaced)."""
    sheets, path = book({
        "Contacts": [["Name", "Phone", "Link"],
                     ["Ana Ruiz", "860-555-0101", '=HYPERLINK("http://x.org/ana","ana")'],
                     ["=UPPER(\"bea soto\")", '="860-555-"&"0102"', ""]],
        "Convos": [HEADER] + ROWS[:2]}, "USER_ENTERED")
    typed = sheets.read_tabs(["Contacts"], render="FORMULA")["Contacts"]
    assert main(["--config", path, "sheets", "adopt"]) == 0
    after = sheets.read_tabs(["Contacts"], render="FORMULA")["Contacts"]
    assert [r[:3] for r in after] == [(list(r) + [""] * 3)[:3] for r in typed]
    assert sheets.read_tabs(["Contacts"])["Contacts"][2][:2] == ["BEA SOTO", "860-555-0102"]


def test_a_contacts_tab_with_only_a_name_column_is_adopted_and_overdue_runs(emulator, book, capsys):
    """F9 (a9_people_one_column.py): "Contacts" (a People alias) with only "Name" is People, not left
    alone; overdue then runs (it exited 1 "no People tab")."""
    sheets, path = book({
        "Contacts": [["Name"], ["Ana"], ["Bea"]],
        "Convos": [["Date", "Name", "Organizer", "F/U date"], ["11/2/2026", "Ana", "Rosa", "11/10/2026"],
                   ["11/3/2026", "Bea", "Rosa", "11/30/2026"]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert "'Contacts' → People" in capsys.readouterr().out
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = sheets.read_tabs(["Contacts"])["Contacts"]
    assert [str(r[rows[0].index("ID")])[:2] for r in rows[1:]] == ["P-", "P-"]


def test_a_number_typed_in_a_date_column_is_a_problem_naming_the_cell_not_a_1900_follow_up(
        emulator, book, capsys):
    """F10 (a7_wrong_meaning.py): "$40" typed under the team's "Due" (follow-up due) is kept by Sheets as the
    number 40 with a CURRENCY format, read UNFORMATTED as 40 = 1900-02-08 as a serial. It is a problem naming
    the sheet, row, column and value (EN and ES report); the row is not flagged overdue and the digest does
    not count it; a real overdue follow-up beside it still is (sheet flags and digest agree)."""
    import datetime as dt

    from turfbook.jobs import digest
    from turfbook.jobs.registry import _connect

    sheets, path = book({
        "Members": [["Name", "Type"], ["Ana", "parent"], ["Bea", "provider"], ["Cris", "parent"]],
        "Calls": [["Day", "Who", "Due", "Done", "Organizer"],
                  ["11/2/2026", "Ana", "$40", "", "Rosa"],
                  ["11/3/2026", "Bea", "40", "", "Luis"],
                  ["11/4/2026", "Cris", "11/10/2026", "", "Rosa"]]}, "USER_ENTERED")
    assert sheets.read_tabs(["Calls"], render="FORMATTED_VALUE")["Calls"][1][2] == "$40.00"   # as Google shows it
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "Calls row 2, Due: '40' is a number, not a date" in out, out
    assert "Calls row 3, Due: '40' is a number, not a date" in out
    assert "1900-02-08" in out and "Calls row 4, Due" not in out
    spanish = (book.config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "Valor no válido: Calls, fila 2, columna Due" in spanish and "'40'" in spanish
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = sheets.read_tabs(["Calls"])["Calls"]
    status = rows[0].index("Status")
    flags = {r[1]: str(r[status]) for r in rows[1:]}
    number = "problem: follow-up due is a number, not a date"     # the read's reason, short (a21g c7)
    assert flags == {"Ana": number, "Bea": number,
                     "Cris": "OVERDUE 10d"}, flags
    follow_ups = digest.prepare(_connect(book.config), today=dt.date(2026, 11, 20)).digest.follow_ups
    assert follow_ups.overdue.now == 1
    assert {line.organizer: line.count.now for line in follow_ups.by_organizer} == {"Rosa": 1}
    assert main(["--config", path, "sheets", "check"]) == 0                # the Problems tab names the cell
    problems = sheets.read_tabs(["Problems"])["Problems"]
    header = problems[0]
    dates = [dict(zip(header, r, strict=False)) for r in problems[1:] if "is a number, not a date" in r[4]]
    assert [(d["Row ID"], d["Column"]) for d in dates] == [("C-000001", "Follow-up due"), ("C-000002", "Follow-up due")]
    assert "'40'" in dates[0]["Problem"] and "1900-02-08" in dates[0]["Problem"]
    assert dates[0]["Problema (español)"] == \
        "Valor no válido: pestaña Conversations, fila C-000001, columna Follow-up due"
