"""Issue 21, outside attack a21c, write safety (findings 5, 13, 16 and the saved report): each attack script
turned into a test, the CLI against the emulator, a person's edit made through the plain Sheets API."""

from __future__ import annotations

import pytest
import yaml

from tests.integration import test_adopt_attacks as attacks
from turfbook.cli import main
from turfbook.schema.adopt_read import ADOPTION_FILE

book = attacks.book

CONVOS = [["Date", "Name", "Organizer", "F/U date", "Notes"],
          ["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", ""],
          ["11/3/2026", "Bea Soto", "Rosa", "11/12/2026", ""],
          ["11/4/2026", "Carla Paz", "Luis", "12/12/2026", ""],
          ["11/5/2026", "Dan Poe", "Luis", "12/14/2026", ""],
          ["11/6/2026", "Eve Ng", "Luis", "12/15/2026", ""],
          ["11/7/2026", "Fay Wu", "Luis", "12/16/2026", ""]]
PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"], ["Carla Paz", "3"], ["Dan Poe", "4"]]


def _filter(sheets, title: str) -> tuple[dict | None, list[dict]]:
    meta = sheets.metadata("sheets(properties(title),basicFilter,filterViews)")
    found = next(s for s in meta["sheets"] if s["properties"]["title"] == title)
    return found.get("basicFilter"), found.get("filterViews") or []


def _sort_through_filter(sheets, title: str, sheet_id: int) -> None:
    """What Sheets does for the filter menu's "Sort Z→A" on Name: sorts the filter's range only."""
    basic, _ = _filter(sheets, title)
    grid = dict(basic["range"])
    grid["startRowIndex"] = grid.get("startRowIndex", 0) + 1
    sheets.batch_update([{"sortRange": {"range": grid, "sortSpecs": [{"dimensionIndex": 1,
                                                                      "sortOrder": "DESCENDING"}]}}])


def _rows(sheets, title: str = "Convos") -> list[list]:
    rows = sheets.read_tabs([title])[title]
    return [r + [""] * (len(rows[0]) - len(r)) for r in rows]


def _ids(sheets, title: str = "Convos") -> dict[str, str]:
    rows = _rows(sheets, title)
    at = rows[0].index("ID")
    return {r[1]: r[at] for r in rows[1:]}


def test_a_basic_filter_over_their_columns_is_widened_with_the_id_column_so_sorting_keeps_ids_on_people(
        emulator, book, capsys):
    """Finding 5 (b6_filter_sort.py): their filter A1:E7 is widened over Turfbook's columns in the batch
    that inserts them (criteria and sort kept); sorting through it moves each ID with its person; overdue
    flags the same people after the sort."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    criteria = {"2": {"hiddenValues": ["Nobody"]}}
    sort = [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}]
    sheets.batch_update([{"setBasicFilter": {"filter": {
        "range": {"sheetId": 1, "startRowIndex": 0, "endRowIndex": 7, "startColumnIndex": 0, "endColumnIndex": 5},
        "criteria": criteria, "sortSpecs": sort}}},
        {"addFilterView": {"filter": {"title": "Rosa's", "range": {
            "sheetId": 1, "startRowIndex": 0, "endRowIndex": 7, "startColumnIndex": 0, "endColumnIndex": 5}}}}])
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "'Convos': your filter now covers Turfbook's columns too" in out
    header = sheets.read_tabs(["Convos"])["Convos"][0]
    basic, views = _filter(sheets, "Convos")
    assert basic["range"]["endColumnIndex"] == len(header) and basic["range"]["startColumnIndex"] == 0
    assert basic["sortSpecs"] == sort and basic.get("criteria", {}).get("2") == criteria["2"]
    assert views[0]["range"]["endColumnIndex"] == len(header)
    ids = _ids(sheets)
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-15"]) == 0
    _sort_through_filter(sheets, "Convos", 1)
    assert _ids(sheets) == ids                                        # every ID still on its person
    assert main(["--config", path, "sheets", "check"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = _rows(sheets)
    status, flagged = rows[0].index("Status"), rows[0].index("Flagged at")
    assert sorted(r[1] for r in rows[1:] if str(r[status]).startswith("OVERDUE")) == ["Ana Ruiz", "Bea Soto"]
    assert sorted((r[1], r[flagged]) for r in rows[1:] if r[flagged]) == [
        ("Ana Ruiz", 46341), ("Bea Soto", 46341)]            # 2026-11-15, flagged once
    capsys.readouterr()
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0                # nothing left to widen: no write
    assert emulator.stats()["writes"] == 0


@pytest.mark.parametrize("command", [["sheets", "adopt"], ["sheets", "check"]])
def test_a_sheet_adopted_before_filters_were_widened_gets_its_filter_widened_by_the_next_adopt_or_check(
        emulator, book, capsys, command):
    """Finding 5, an existing adoption: the filter set (or left) ending where Turfbook's columns begin is
    widened over them by the next `sheets adopt` or `sheets check`."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    sheets.batch_update([{"setBasicFilter": {"filter": {"range": {
        "sheetId": 1, "startRowIndex": 0, "endRowIndex": 7, "startColumnIndex": 0, "endColumnIndex": 5}}}}])
    capsys.readouterr()
    assert main(["--config", path, *command]) == 0
    assert "'Convos': your filter now covers Turfbook's columns too" in capsys.readouterr().out
    header = sheets.read_tabs(["Convos"])["Convos"][0]
    assert _filter(sheets, "Convos")[0]["range"]["endColumnIndex"] == len(header)
    ids = _ids(sheets)
    _sort_through_filter(sheets, "Convos", 1)
    assert _ids(sheets) == ids


@pytest.mark.parametrize("op,held", [("rename_contacts", n) for n in range(7)] +
                         [("delete_convos", n) for n in (0, 3, 5)] + [("rename_convos", 5)])
def test_a_tab_renamed_or_deleted_while_an_adopt_write_is_held_is_named_and_the_run_goes_on(
        emulator, book, capsys, config, op, held):
    """Finding 13 (b5_held_tab_ops.py, b5b_rename_stuck.py): no 'Unable to parse range'; the sheet is named
    in the report (EN and ES), adopt exits 0 with the workbook adopted as it is now; the immediate re-run
    works (a killed ID write's journal finds its sheets by sheetId, not the old title) and then writes
    nothing; overdue runs; no staff cell changed."""
    sheets, path = attacks.simple(book)
    edits = {"rename_contacts": lambda: sheets.batch_update([{"updateSheetProperties": {
                 "properties": {"sheetId": 0, "title": "Roster"}, "fields": "title"}}]),
             "rename_convos": lambda: sheets.batch_update([{"updateSheetProperties": {
                 "properties": {"sheetId": 1, "title": "Convos 2026"}, "fields": "title"}}]),
             "delete_convos": lambda: sheets.batch_update([{"deleteSheet": {"sheetId": 1}}])}
    assert attacks.adopt_while(emulator, path, held, edits[op]) == 0
    out = capsys.readouterr().out
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0
    titles = sheets.tab_titles()
    stored = yaml.safe_load((config.data_dir / ADOPTION_FILE).read_text(encoding="utf-8"))
    assert {s["title"] for s in stored["sheets"]} <= set(titles)
    if op != "delete_convos":
        convos = "Convos 2026" if op == "rename_convos" else "Convos"
        rows = sheets.read_tabs([convos])[convos]
        assert [r[:6] for r in rows[1:]] == attacks.ROWS
        assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    gone = {"rename_contacts": "Contacts", "rename_convos": "Convos", "delete_convos": "Convos"}[op]
    if held == 5:                                    # the ID write: always after the read (b5b_rename_stuck.py)
        assert f"'{gone}' was renamed or deleted while Turfbook wrote" in out
    if f"'{gone}' was renamed or deleted while Turfbook wrote" in out:
        es = (config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
        assert "se renombró o borró" in es or "Agregado" in es


SMALL = {"Contacts": [["Name"], ["Ana Ruiz"], ["Bea Soto"], ["Carla Paz"]],
         "Convos": [["Date", "Name", "F/U date"], ["11/2/2026", "Ana Ruiz", "11/10/2026"],
                    ["11/3/2026", "Bea Soto", "11/12/2026"], ["11/4/2026", "Carla Paz", "12/12/2026"]]}


def _removed(sheets, case: str) -> None:
    """Staff remove what is Turfbook's (b16_staff_removes.py): its hidden tab, the ID column, Status."""
    if case == "hidden_tab":
        meta = sheets.metadata("sheets.properties(sheetId,title)")
        hidden = next(s["properties"]["sheetId"] for s in meta["sheets"]
                      if s["properties"]["title"] == "_Turfbook Conversations")
        sheets.batch_update([{"deleteSheet": {"sheetId": hidden}}])
    else:
        at = 3 if case == "id_column" else 4
        sheets.batch_update([{"deleteDimension": {"range": {"sheetId": 1, "dimension": "COLUMNS",
                                                            "startIndex": at, "endIndex": at + 1}}}])


@pytest.mark.parametrize("case,flagged", [("id_column", 46346), ("hidden_tab", 46346), ("status_column", 46341)])
def test_turfbooks_column_or_hidden_tab_removed_by_staff_is_reported_and_repaired_by_re_adopt(
        emulator, book, capsys, case, flagged):
    """Finding 16 (b16_staff_removes.py): staff delete Turfbook's ID column, its hidden tab or its Status
    column. Overdue says what is missing and to run `sheets adopt`; re-adopt adds ONE set of service
    columns, reuses (rewrites) its own #REF! header cells, removes nothing of theirs, and says what was
    lost (the hidden tab's values; the old IDs' values); flags back on Ana and Bea; Flagged at kept where
    it can be (46341 = 2026-11-15, 46346 = flagged again on 2026-11-20); then a re-run writes nothing."""
    sheets, path = book(SMALL, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-15"]) == 0
    capsys.readouterr()
    _removed(sheets, case)
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "`turfbook sheets adopt`" in out
    missing = {"id_column": "ID, Status, Flagged at, Problems", "status_column": "Status"}.get(case)
    assert (f"Turfbook's column(s) {missing} are missing or show #REF!" if missing else "no service tab") in out
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert {"id_column": "Turfbook's ID column was deleted and is added again with NEW IDs",
            "hidden_tab": "tab _Turfbook Conversations was deleted and is added again",
            "status_column": "G Status added"}[case] in out
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = _rows(sheets)
    header = rows[0]
    assert header[:3] == SMALL["Convos"][0] and [r[:3] for r in rows[1:]][0][1] == "Ana Ruiz"
    assert sorted(header[3:]) == ["Flagged at", "ID", "Problems", "Status"]      # one set, no #REF!
    status, at = header.index("Status"), header.index("Flagged at")
    assert [(r[1], str(r[status])[:7], r[at]) for r in rows[1:]] == [
        ("Ana Ruiz", "OVERDUE", flagged), ("Bea Soto", "OVERDUE", flagged), ("Carla Paz", "", "")]
    capsys.readouterr()
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0
    assert main(["--config", path, "sheets", "check"]) == 0
    assert "Turfbook's column(s)" not in capsys.readouterr().out


def test_the_nightly_re_adopt_keeps_the_record_of_what_the_first_adoption_added(emulator, book, capsys, config):
    """The saved report is the latest run ("Added: nothing" the second night); what each run added is
    kept in DATA_DIR/adoption-history.en.md / .es.md, appended only by a run that changed something."""
    sheets, path = book(SMALL, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    history = config.data_dir / "adoption-history.en.md"
    first = history.read_text(encoding="utf-8")
    assert first.startswith("# Adoption history") and "'Convos': D ID, E Status" in first and "ID(s) given" in first
    assert "'Convos': D ID" in (config.data_dir / "adoption-history.es.md").read_text(encoding="utf-8")
    for _ in range(2):
        assert main(["--config", path, "sheets", "adopt"]) == 0
    report = (config.data_dir / "adoption-report.en.md").read_text(encoding="utf-8")
    assert "nothing: everything was already there" in report and "adoption-history.en.md" in report
    assert "lo que agregaron las ejecuciones anteriores: adoption-history.es.md" in (
        config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
    assert history.read_text(encoding="utf-8") == first                  # nothing added: nothing appended


def test_a_tab_renamed_after_the_adoption_is_found_by_its_sheet_id_and_the_jobs_run(emulator, book, capsys, config):
    """Finding 13, after the run: the stored mapping keeps each sheet's sheetId; a job whose read names the
    old title (400 "Unable to parse range") finds the sheet again by it and reads it under its title now."""
    sheets, path = book(SMALL, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    stored = yaml.safe_load((config.data_dir / ADOPTION_FILE).read_text(encoding="utf-8"))
    assert {s["title"]: s["sheet_id"] for s in stored["sheets"]} == {"Contacts": 0, "Convos": 1}
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": 1, "title": "Old stuff"},
                                                    "fields": "title"}}])
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = _rows(sheets, "Old stuff")
    status = rows[0].index("Status")
    assert [str(r[status])[:7] for r in rows[1:]] == ["OVERDUE", "OVERDUE", ""]
    assert main(["--config", path, "sheets", "check"]) == 0
    assert main(["--config", path, "sheets", "adopt"]) == 0
    stored = yaml.safe_load((config.data_dir / ADOPTION_FILE).read_text(encoding="utf-8"))
    assert {s["title"]: s["sheet_id"] for s in stored["sheets"]} == {"Contacts": 0, "Old stuff": 1}
