"""Issue 21, outside tester findings 7 and b5: a filter staff set AFTER the adoption over their own columns only
(ending where Turfbook's ID column begins) and a sort through it; a tab renamed during adopt's last write.
The CLI against the emulator; a person's edits through the plain Sheets API."""

from __future__ import annotations

import threading
import time

import pytest
import yaml

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_write_safety import CONVOS, PEOPLE, _filter, _ids, _rows, _sort_through_filter
from turfbook.cli import main
from turfbook.schema.adopt_read import ADOPTION_FILE
from turfbook.workspace.sheets import CellWrite

book = attacks.book
HIDDEN = "_Turfbook Conversations"
VALUES = "sheets.spreadsheets.values.batchUpdate"
FILTER = {"setBasicFilter": {"filter": {"range": {
    "sheetId": 1, "startRowIndex": 0, "endRowIndex": 7, "startColumnIndex": 0, "endColumnIndex": 5}}}}


def _sort_their_columns(sheets, rows: int = 7) -> None:
    """A sort over the team's columns A:E only (the filter menu's Sort Z→A on Name, or a selected range)."""
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": rows,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                        "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}]}}])


def _staff(sheets) -> list[list]:
    """The team's own cells (A:E) of every row, sorted: what a sort may reorder but never change."""
    return sorted([str(c) for c in r[:5]] for r in _rows(sheets)[1:])


def _overdue(sheets) -> list[str]:
    rows = _rows(sheets)
    status = rows[0].index("Status")
    return sorted(r[1] for r in rows[1:] if str(r[status]).startswith("OVERDUE"))


def _hidden(sheets) -> list[list]:
    return sheets.read_tabs([HIDDEN])[HIDDEN]


def _adopted(book, capsys):
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-15"]) == 0
    capsys.readouterr()
    return sheets, path


def test_a_sort_through_a_filter_over_their_columns_only_is_held_reported_and_put_back_by_adopt(
        emulator, book, capsys):
    """Finding 7: after the adoption staff filter A1:E7 (their columns; the ID is F) and sort through it, so
    every row sits next to another person's ID. Overdue and `sheets check` widen the filter before writing,
    see the rows no longer match their IDs, write nothing for them and say so (EN/ES); `sheets adopt` puts
    each ID back with its row (no staff cell written); overdue then flags exactly the right people."""
    sheets, path = _adopted(book, capsys)
    ids, staff = _ids(sheets), _staff(sheets)
    sheets.batch_update([FILTER])
    _sort_their_columns(sheets)
    assert _ids(sheets) != ids and _staff(sheets) == staff            # names moved, IDs stayed
    hidden = _hidden(sheets)

    code = main(["--config", path, "run", "overdue", "--today", "2026-11-20"])
    out = capsys.readouterr().out
    assert code == 0                                    # the job ran; what it found is a problem (--strict: 1)
    assert "Conversations: rows were sorted without Turfbook's ID column" in out
    assert "las filas se ordenaron sin la columna ID de Turfbook" in out and "turfbook sheets adopt" in out
    assert "'Convos' row" in out and "overdue flags kept as they were" in out
    assert _hidden(sheets) == hidden                                   # nothing written for them
    header = _rows(sheets)[0]
    assert _filter(sheets, "Convos")[0]["range"]["endColumnIndex"] == len(header)   # widened before writing

    main(["--config", path, "run", "digest", "--today", "2026-11-20", "--to", "dir@example.org", "--dry-run"])
    assert "warning: Conversations: rows were sorted without Turfbook's ID column" in capsys.readouterr().out
    sheets.batch_update([FILTER])                                      # set again: check widens it too
    assert main(["--config", path, "sheets", "check"]) in (0, 1)
    out = capsys.readouterr().out
    assert "rows were sorted without Turfbook's ID column" in out
    assert "your filter now covers Turfbook's columns too" in out
    assert _ids(sheets) != ids and _hidden(sheets) == hidden
    problems = sheets.read_tabs(["Problems"])["Problems"]
    assert any("rows were sorted without Turfbook's ID column" in str(c) for r in problems for c in r)

    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "ID(s) put back with their rows" in out
    assert _ids(sheets) == ids and _staff(sheets) == staff             # each ID on its own person again
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    assert "rows were sorted" not in capsys.readouterr().out
    assert _overdue(sheets) == ["Ana Ruiz", "Bea Soto"]
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0             # nothing left to do: no write
    assert emulator.stats()["writes"] == 0


def _held_while(emulator, run, method: str, edit) -> None:
    """Once `run`'s first `method` call is held (the fault's hold), `edit`; then the call goes on."""
    end = time.monotonic() + 60
    while emulator.stats()["by_method"].get(method, 0) < 1 and time.monotonic() < end:
        time.sleep(0.05)
    try:
        assert run.is_alive() and emulator.stats()["by_method"].get(method, 0) == 1, "the write was not held"
        edit()
    finally:
        emulator.clear_faults()
        run.join()


def test_a_sort_of_their_columns_landing_during_overdues_held_write_is_caught_by_the_next_run(
        emulator, book, capsys):
    """Finding 7 with the timing: a "Sort range" of A:E lands while overdue's write of its flags is held. The
    flags land by ID (right for each record); the next overdue run sees the rows no longer match their IDs and
    writes nothing; `sheets adopt` puts the IDs back; overdue's flags then sit next to the right people."""
    sheets, path = _adopted(book, capsys)
    ids, staff = _ids(sheets), _staff(sheets)
    emulator.reset_stats()
    emulator.fault(method=VALUES, hold=True, count=1)
    result: list[int] = []
    run = threading.Thread(target=lambda: result.append(
        main(["--config", path, "run", "overdue", "--today", "2026-11-20"])))
    run.start()
    _held_while(emulator, run, VALUES, lambda: _sort_their_columns(sheets))
    assert result and result[0] in (0, 1)
    capsys.readouterr()
    hidden = _hidden(sheets)
    main(["--config", path, "run", "overdue", "--today", "2026-11-21"])
    assert "rows were sorted without Turfbook's ID column" in capsys.readouterr().out
    assert _hidden(sheets) == hidden
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert _ids(sheets) == ids and _staff(sheets) == staff
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-21"]) == 0
    assert _overdue(sheets) == ["Ana Ruiz", "Bea Soto"]


def test_a_sort_during_checks_held_id_write_then_adopt_gives_every_record_its_own_id(emulator, book, capsys):
    """A row typed after the adoption, then `sheets check` numbers it while staff sort A:E (the ID write's
    batchUpdate held): no ID on another record's row; the next check holds; adopt puts every known record's ID
    back, the new row gets an ID of its own, each ID once, no staff cell changed."""
    sheets, path = _adopted(book, capsys)
    ids = _ids(sheets)
    sheets.write([CellWrite("'Convos'!A8", [["11/8/2026", "Gus Oh", "Rosa", "11/18/2026", "new"]])],
                  input_option="USER_ENTERED")
    staff = _staff(sheets)
    emulator.reset_stats()
    emulator.fault(method=attacks.BATCH, hold=True, count=1)
    result: list[int] = []
    run = threading.Thread(target=lambda: result.append(main(["--config", path, "sheets", "check"])))
    run.start()
    _held_while(emulator, run, attacks.BATCH, lambda: _sort_their_columns(sheets, rows=8))
    assert result and result[0] in (0, 1)
    main(["--config", path, "sheets", "check"])
    assert "rows were sorted without Turfbook's ID column" in capsys.readouterr().out
    assert main(["--config", path, "sheets", "adopt"]) == 0
    now = _ids(sheets)
    assert {n: i for n, i in now.items() if n in ids} == ids
    assert now["Gus Oh"].startswith("C-") and now["Gus Oh"] not in ids.values()
    assert _staff(sheets) == staff
    capsys.readouterr()
    main(["--config", path, "sheets", "check"])
    assert "rows were sorted" not in capsys.readouterr().out


def test_an_edit_of_a_name_is_not_a_sort(emulator, book, capsys):
    """A person corrects one name (and another row's date): no problem, the jobs write as usual, the key
    follows the edit."""
    sheets, path = _adopted(book, capsys)
    sheets.write([CellWrite("'Convos'!B2", [["Ana Ruiz-Paz"]]), CellWrite("'Convos'!A3", [["11/4/2026"]])],
                 input_option="USER_ENTERED")
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    assert "rows were sorted" not in capsys.readouterr().out
    assert _overdue(sheets) == ["Ana Ruiz-Paz", "Bea Soto"]


@pytest.mark.parametrize("held", [5, 6])
def test_a_tab_renamed_during_adopts_last_write_is_stored_under_its_new_title(
        emulator, book, capsys, config, held):
    """Finding b5: staff rename Convos while one of adopt's last batchUpdates is held (of its 7 here: 5 the ID
    write, 6 the verify, its LAST write): adoption.yaml stores the title the sheet has now (it stored the old
    one before), and the jobs run on it."""
    sheets, path = attacks.simple(book)
    rename = lambda: sheets.batch_update([{"updateSheetProperties": {  # noqa: E731
        "properties": {"sheetId": 1, "title": "Convos 2026"}, "fields": "title"}}])
    assert attacks.adopt_while(emulator, path, held, rename) == 0
    capsys.readouterr()
    stored = yaml.safe_load((config.data_dir / ADOPTION_FILE).read_text(encoding="utf-8"))
    titles = sheets.tab_titles()
    assert {s["title"] for s in stored["sheets"]} <= set(titles)
    assert "Convos 2026" in {s["title"] for s in stored["sheets"]}
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    assert main(["--config", path, "sheets", "check"]) in (0, 1)
    rows = sheets.read_tabs(["Convos 2026"])["Convos 2026"]
    assert [r[:6] for r in rows[1:]] == attacks.ROWS


@pytest.mark.parametrize("command", [["run", "overdue", "--today", "2026-11-20"], ["sheets", "check"],
                                     ["run", "digest", "--today", "2026-11-20", "--to", "dir@example.org"]])
def test_every_job_widens_a_filter_ending_at_turfbooks_columns_before_it_writes(emulator, book, capsys, command):
    """Finding 7 (a): a filter staff set after the adoption over A:E, ending where the ID column begins, is
    widened by whichever job runs next (the one rule: adopt_filters.widen), so a sort through it then moves
    each ID with its row; --dry-run widens nothing; a night with nothing to widen costs no batchUpdate and
    the one spreadsheets.get the job made anyway."""
    sheets, path = _adopted(book, capsys)
    ids = _ids(sheets)
    sheets.batch_update([FILTER])
    assert main(["--config", path, *command, "--dry-run"]) in (0, 1)
    assert _filter(sheets, "Convos")[0]["range"]["endColumnIndex"] == 5
    assert main(["--config", path, *command]) in (0, 1)
    header = _rows(sheets)[0]
    assert _filter(sheets, "Convos")[0]["range"]["endColumnIndex"] == len(header)
    _sort_through_filter(sheets, "Convos", 1)
    assert _ids(sheets) == ids                                       # the sort moved the IDs with their rows
    if command[1] == "overdue":
        emulator.reset_stats()
        assert main(["--config", path, *command]) == 0
        calls = emulator.stats()["by_method"]
        # as before this fix: the read's look at which tabs exist (no Settings tab here), and the titles
        # not_adopted needs — now the same spreadsheets.get that brings the filters
        assert calls.get(attacks.BATCH, 0) == 0 and calls.get("sheets.spreadsheets.get", 0) == 2, calls


def test_the_field_job_leaves_its_entries_waiting_while_rows_sit_next_to_other_ids(emulator, config, tmp_path,
                                                                                  capsys):
    """Finding 7, the field page: Convos sorted without the ID column after the adoption; the field job writes
    nothing (its entries wait, the summary says why), and once `sheets adopt` put the IDs back it lands them."""
    import datetime as dt
    import json

    from tests.integration.test_adopt_fix21k import JSON, _adopt
    from tests.support.field_workbook import DIRECTORY_ENV, path
    from turfbook.app import create_app
    from turfbook.clock import Clock
    from turfbook.jobs import field_log as field_job
    from turfbook.jobs.registry import _connect
    from turfbook.links import Organizer
    from turfbook.web.directory import WorkbookDirectory
    from turfbook.workspace import connect

    today = Clock.for_config(config).today()
    config, config_path = _adopt(config, tmp_path, today)
    sheets = connect(config).sheets()
    staff = sheets.read_tabs(["Staff"])["Staff"]
    ana = Organizer(id=next(r[staff[0].index("ID")] for r in staff[1:] if r[0] == "Ana Rivera"),
                    name="Ana Rivera", language="en")
    ids = {r[1]: r[5] for r in sheets.read_tabs(["Convos"])["Convos"][1:]}
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 6, "startRowIndex": 1, "endRowIndex": 3,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                        "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "ASCENDING"}]}}])
    before = sheets.read_tabs(["Convos"])["Convos"]
    assert {r[1]: r[5] for r in before[1:]} != ids
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    client = app.test_client()
    people = {p["name"]: p["id"] for p in client.get(f"{path(ana)}/directory.json", headers=JSON).get_json()["people"]}
    entry = {"key": "k-fix21m-00001", "person": people["Maria Lopez"], "kind": "house visit",
             "date": (today - dt.timedelta(days=1)).isoformat(), "notes": "third"}
    answer = client.post(f"{path(ana)}/entries", data=json.dumps({"entries": [entry]}), headers=JSON)
    assert answer.status_code == 200, answer.get_json()
    result = field_job.run(_connect(config))
    assert not result.ok and result.counts["landed"] == 0 and result.counts["waiting"] == 1
    assert "rows were sorted without Turfbook's ID column" in result.summary
    assert sheets.read_tabs(["Convos"])["Convos"] == before                 # nothing written there
    capsys.readouterr()
    assert main(["--config", config_path, "sheets", "adopt"]) == 0
    assert {r[1]: r[5] for r in sheets.read_tabs(["Convos"])["Convos"][1:]} == ids
    result = field_job.run(_connect(config))
    assert result.ok and result.counts["landed"] == 1, result.summary
