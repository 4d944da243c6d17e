"""Issue 21, outside tester a21f: rows sorted (or cut and pasted) away from their IDs when the records pushed
aside land on blank rows or rows with no ID, a name edited before or after the sort, a lost or damaged
row-keys.json, --dry-run and --accept-rows. The CLI against the emulator; staff edits through the Sheets API.
One test per finding (a21f 1..9)."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_write_safety import CONVOS, PEOPLE, _ids, _rows
from turfbook.cli import main
from turfbook.schema.adopt_sorted import KEYS_FILE
from turfbook.workspace.sheets import CellWrite

book = attacks.book
SORTED = "rows were sorted without Turfbook's ID column"


def _sort(sheets, rows: int, order: str = "DESCENDING", column: int = 1) -> None:
    """A sort over the team's columns A:E only (a filter over their columns, or a selected range)."""
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": rows,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                        "sortSpecs": [{"dimensionIndex": column, "sortOrder": order}]}}])


def _staff(sheets) -> list[list]:
    return [[str(c) for c in r[:5]] for r in _rows(sheets)[1:]]


def _flagged(sheets) -> dict[str, tuple[str, str]]:
    rows = _rows(sheets)
    idc, fl = rows[0].index("ID"), rows[0].index("Flagged at")
    return {r[1]: (r[idc], str(r[fl])) for r in rows[1:] if r[1]}


def _adopted(book, capsys, convos=CONVOS):
    sheets, path = book({"Contacts": PEOPLE + [["Zed Ames", "5"], ["Amy Bell", "6"], ["Kim Cole", "7"]],
                         "Convos": convos}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-15"]) == 0
    capsys.readouterr()
    return sheets, path


def _overdue_out(path, capsys, day: str = "2026-11-20") -> str:
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", day]) == 0
    return capsys.readouterr().out


def _adopt_out(path, capsys, *extra) -> str:
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt", *extra]) == 0
    return capsys.readouterr().out


BLANK = ["", "", "", "", ""]
HEAD = CONVOS[0]


@pytest.mark.parametrize("convos", [
    [HEAD, ["11/2/2026", "Zed Ames", "Rosa", "11/10/2026", ""], BLANK,
     ["11/3/2026", "Amy Bell", "Rosa", "12/12/2026", ""]],
    [HEAD, ["11/2/2026", "Zed Ames", "Rosa", "11/10/2026", ""], ["11/3/2026", "Kim Cole", "Rosa", "11/11/2026", ""],
     BLANK, ["11/4/2026", "Amy Bell", "Luis", "12/12/2026", ""], ["11/5/2026", "Bea Soto", "Luis", "12/14/2026", ""]],
], ids=["small", "bigger"])
def test_a1_a2_records_pushed_onto_a_blank_row_are_noticed_and_put_back_the_blank_rows_id_cleared(
        emulator, book, capsys, convos):
    """a21f 1 and 2: Zed, a blank row, Amy (and a bigger tab) sorted by Name: the blank row goes last, so the
    records pushed aside land on a row with no ID and the blank row keeps an ID. Noticed (one displaced row is
    enough), named without "None", and adopt puts every ID back and clears the blank row's ID cell."""
    sheets, path = _adopted(book, capsys, convos)
    before = _flagged(sheets)
    _sort(sheets, len(convos), "ASCENDING")
    out = _overdue_out(path, capsys)
    assert SORTED in out and "shows no ID" in out and "None" not in out
    assert "the ID cell of blank 'Convos' row" in out
    staff = _staff(sheets)
    out = _adopt_out(path, capsys)
    assert "ID(s) put back with their rows" in out
    assert _flagged(sheets) == before
    assert [r for r in _staff(sheets) if any(r)] == [r for r in staff if any(r)]      # no staff cell written
    ids = [r[5] for r in _rows(sheets)[1:] if any(r[:5])]
    assert len(ids) == len(set(ids)) == len(before)
    assert all(r[5] == "" for r in _rows(sheets)[1:] if not any(r[:5]))        # the blank row: no ID
    assert SORTED not in _overdue_out(path, capsys)


def test_a3_a_sort_then_a_name_corrected_is_noticed_and_the_edited_row_gets_its_id_back_said(emulator, book, capsys):
    """a21f 3: two rows swapped by a sort, then one of their names corrected before the nightly run: noticed. The
    edited row holds every word of C-000001's record (its date, 'ana', 'ruiz'): it gets C-000001 back, said
    'check that row' (fix21u i4; a row sharing only a word never does: a21i, test_adopt_fix21u)."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    _sort(sheets, 3)                                          # Ana, Bea -> Bea, Ana (IDs stay)
    sheets.write([CellWrite("'Convos'!B3", [["Ana Ruiz-Paz"]])], input_option="USER_ENTERED")
    assert SORTED in _overdue_out(path, capsys)
    out = _adopt_out(path, capsys)
    assert "got C-000001: it holds every word of C-000001's record" in out and "check that row" in out
    assert "NEW ID" not in out and "left unused" not in out
    now = _flagged(sheets)
    assert now["Bea Soto"] == before["Bea Soto"] and now["Ana Ruiz-Paz"] == before["Ana Ruiz"]


def test_a4_a_name_edited_then_a_sort_gets_its_id_back_when_every_word_of_its_record_is_there(
        emulator, book, capsys):
    """a21f 4, a21i, then fix21u i4: Ana renamed 'Ana Ruiz-Paz' (every word of her record kept), then a sort
    before any job read: her row gets C-000001 back and the report says to check it."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    sheets.write([CellWrite("'Convos'!B2", [["Ana Ruiz-Paz"]])], input_option="USER_ENTERED")
    _sort(sheets, 7)
    assert SORTED in _overdue_out(path, capsys)
    out = _adopt_out(path, capsys)
    assert "got C-000001: it holds every word" in out and "NEW ID" not in out
    assert _flagged(sheets)["Ana Ruiz-Paz"] == before["Ana Ruiz"]


def test_a4_two_rows_edited_then_a_sort_get_new_ids_and_the_unused_ids_are_named(emulator, book, capsys):
    """A word of each record gone ('Ruiz', 'Soto'): never paired by the words left (a21i): new IDs, the old
    ones named unused."""
    sheets, path = _adopted(book, capsys)
    sheets.write([CellWrite("'Convos'!B2", [["Ana Paz"]]), CellWrite("'Convos'!B3", [["Bea Ng"]])],
                 input_option="USER_ENTERED")
    _sort(sheets, 7)
    out = _overdue_out(path, capsys)
    assert SORTED in out and "gets a NEW ID" in out and "ID(s) left unused: C-000001, C-000002" in out
    out = _adopt_out(path, capsys)
    assert "got a NEW ID C-000007" in out and "ID(s) left unused: C-000001, C-000002" in out
    ids = list(_ids(sheets).values())
    assert len(set(ids)) == 6 and "C-000001" not in ids and "C-000002" not in ids


def test_a6_cells_cut_and_pasted_below_the_last_row_take_their_id_along(emulator, book, capsys):
    """a21f 6: Ana's cells (A2:E2) cut and pasted below the last row: her row has no ID and C-000001 sits on a
    blank row. Noticed; adopt moves C-000001 to her row and clears the blank row's ID cell."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    sheets.batch_update([{"cutPaste": {
        "source": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 5},
        "destination": {"sheetId": 1, "rowIndex": 7, "columnIndex": 0}, "pasteType": "PASTE_NORMAL"}}])
    assert SORTED in _overdue_out(path, capsys)
    _adopt_out(path, capsys)
    assert _flagged(sheets) == before
    assert _rows(sheets)[1][5] == ""


def test_a7_dry_run_says_the_tab_is_sorted_and_what_the_real_run_would_do(emulator, book, capsys):
    sheets, path = _adopted(book, capsys)
    _sort(sheets, 7)
    emulator.reset_stats()
    out = _adopt_out(path, capsys, "--dry-run")
    assert emulator.stats()["writes"] == 0
    assert f"Conversations: {SORTED} (or moved by cut and paste); the real run would put 6 ID(s) back" in out
    out = _adopt_out(path, capsys, "--dry-run", "--language", "es")
    assert "Conversaciones: las filas se ordenaron" in out and "devolvería 6 ID" in out


def test_a8_a_damaged_or_missing_row_keys_file_is_a_problem_once_naming_the_file(emulator, book, capsys):
    """a21f 8: the keys are the only memory of which record each ID had: lost or damaged, a sort made before
    the next read cannot be noticed. Said once, naming the file; the keys are rebuilt and guard again."""
    sheets, path = _adopted(book, capsys)
    keys = book.config.data_dir / KEYS_FILE
    keys.write_text("{not json", encoding="utf-8")
    out = _overdue_out(path, capsys)
    assert f"{keys} could not be read (damaged)" in out and "the sort guard starts again from this run" in out
    assert "could not be read" not in _overdue_out(path, capsys)            # once
    keys.unlink()
    out = _overdue_out(path, capsys)
    assert f"{keys} is missing although your rows carry Turfbook IDs" in out
    assert "is missing" not in _overdue_out(path, capsys)
    _sort(sheets, 7)                                                       # guarding again
    assert SORTED in _overdue_out(path, capsys)


def test_a9_one_person_twice_on_one_day_refuses_then_accept_rows_takes_the_rows(emulator, book, capsys):
    """a21f 9 and 2's way out: talks with Ana on one day that cannot be told apart after a sort (a21h d8: two
    are put back as the two Ana IDs; here a third typed over another row after the sort, more rows than IDs):
    the problem says to undo the sort or run `sheets adopt --accept-rows`; adopt refuses (writes no ID);
    --accept-rows takes the rows as they are, and the jobs write again. The Spanish report names the tab in
    Spanish."""
    sheets, path = _adopted(book, capsys, CONVOS + [["11/2/2026", "Ana Ruiz", "Rosa", "", "second visit"]])
    before = _ids(sheets)
    _sort(sheets, 8)
    sheets.write([CellWrite("'Convos'!A3", [["11/2/2026", "Ana Ruiz", "Rosa", "", "third"]])],
                 input_option="USER_ENTERED")
    out = _overdue_out(path, capsys)
    assert SORTED in out and "turfbook sheets adopt --accept-rows" in out
    ids = _ids(sheets)
    out = _adopt_out(path, capsys)
    assert "cannot tell every row apart" in out and "--accept-rows" in out and _ids(sheets) == ids
    out = _adopt_out(path, capsys, "--accept-rows", "--language", "es")
    assert "'Conversaciones': filas aceptadas como están" in out
    now = _ids(sheets)          # a21h d8: rows told apart still get their IDs back; only the Anas as they are
    assert all(now[n] == before[n] for n in ("Bea Soto", "Carla Paz", "Dan Poe", "Fay Wu"))
    ids = [r[5] for r in _rows(sheets)[1:] if any(r[:5])]
    assert len(ids) == len(set(ids)) == 7
    assert SORTED not in _overdue_out(path, capsys)


def test_a9_the_spanish_put_back_line_names_the_tab_in_spanish(emulator, book, capsys, config):
    sheets, path = _adopted(book, capsys)
    _sort(sheets, 7)
    out = _adopt_out(path, capsys, "--language", "es")
    assert "'Conversaciones': 6 ID devuelto(s) a sus filas" in out
    assert "'Conversations'" not in out


def test_a5_rows_the_field_job_appended_are_keyed_so_a_sort_before_the_next_read_is_noticed(
        emulator, config, tmp_path, capsys):
    """a21f 5: the field job appends two conversations, then Convos is sorted (A:E, by Notes) before any job
    reads again: noticed, and adopt puts every ID back (the appended rows' keys were kept when appended)."""
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
    assert main(["--config", config_path, "run", "overdue"]) == 0
    sheets = connect(config).sheets()
    staff = sheets.read_tabs(["Staff"])["Staff"]
    ana = Organizer(id=next(r[staff[0].index("ID")] for r in staff[1:] if r[0] == "Ana Rivera"),
                    name="Ana Rivera", language="en")
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    client = app.test_client()
    people = {p["name"]: p["id"] for p in client.get(f"{path(ana)}/directory.json", headers=JSON).get_json()["people"]}
    day = lambda n: (today - dt.timedelta(days=n)).isoformat()   # noqa: E731
    entries = [{"key": "k-fix21q-000001", "person": people["Maria Lopez"], "kind": "house visit", "date": day(1),
                "notes": "second visit"},
               {"key": "k-fix21q-000002", "person": people["Maria Lopez"], "kind": "one-on-one", "date": day(3),
                "notes": "agreed to host"}]
    assert client.post(f"{path(ana)}/entries", data=json.dumps({"entries": entries}), headers=JSON).status_code == 200
    assert field_job.run(_connect(config)).counts["landed"] == 2

    def table():
        rows = sheets.read_tabs(["Convos"])["Convos"]
        at = rows[0].index("ID")
        return {(str(r[0]), r[1], r[4] if len(r) > 4 else ""): r[at] for r in rows[1:]}, len(rows)

    before, n = table()
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 6, "startRowIndex": 1, "endRowIndex": n,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                        "sortSpecs": [{"dimensionIndex": 4, "sortOrder": "ASCENDING"}]}}])
    assert table()[0] != before
    capsys.readouterr()
    main(["--config", config_path, "run", "overdue"])
    assert SORTED in capsys.readouterr().out
    assert main(["--config", config_path, "sheets", "adopt"]) == 0
    assert table()[0] == before
