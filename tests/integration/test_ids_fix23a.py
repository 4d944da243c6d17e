"""fix23a: an ID once given is never given again — also on the tabs that keep no hidden service tab (Worksites,
Issues, Structure tests, Participation, Media, Organizers). Deleting the row holding a tab's highest ID (referenced
nowhere) used to let the next new row there take that ID again: the deleted record's Drive folders, Media log and
history then pointed at another record. Turfbook now remembers the highest number it gave per prefix in the
spreadsheet's developer metadata (id_memory), written in the same atomic batch as the IDs. The CLI against the
emulator; staff edits through the Sheets API."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration import test_field as field_page
from tests.integration.filing_support import inbox, upload, workbook
from tests.integration.test_adopt_write_safety import _rows
from tests.integration.test_field import entry, post, tick
from tests.integration.test_ids_fix21ba import _delete_row, _row, _turfbook_made
from tests.support.field_workbook import ANA
from tests.support.overdue_workbook import table
from turfbook.cli import main
from turfbook.demo import media_files
from turfbook.jobs import filing
from turfbook.jobs.filing_verify import media_rows
from turfbook.schema.id_memory import KEY
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

world = field_page.world                # the field page's workbook, app and clock
book = attacks.book                     # a team's own workbook (adoption)


def _check(path, capsys, day: str = "2026-11-15") -> str:
    capsys.readouterr()
    assert main(["--config", path, "run", "check", "--today", day]) == 0
    return capsys.readouterr().out


def _ids(sheets, title: str) -> dict[str, str]:
    rows = _rows(sheets, title)
    h = rows[0]
    return {r[h.index("Name")]: r[h.index("ID")] for r in rows[1:] if r[h.index("Name")]}


@pytest.mark.parametrize(("tab", "prefix"), [("Worksites", "W-"), ("Issues", "I-")])
@pytest.mark.parametrize("night_between", [False, True])
def test_a_deleted_rows_id_is_never_given_again_on_a_tab_without_a_service_tab(emulator, config, tmp_path, capsys,
                                                                               tab, prefix, night_between):
    sheets, path = _turfbook_made(config, tmp_path)
    header = _rows(sheets, tab)[0]
    sheets.write([CellWrite(f"'{tab}'!A2", [_row(header, Name=n) for n in ("Little Stars", "Sunny Days")])],
                 input_option="USER_ENTERED")
    _check(path, capsys)
    assert _ids(sheets, tab) == {"Little Stars": f"{prefix}0001", "Sunny Days": f"{prefix}0002"}
    _delete_row(sheets, tab, 3)                     # Sunny Days (the highest ID, referenced nowhere) deleted
    if night_between:
        _check(path, capsys, "2026-11-16")
    sheets.write([CellWrite(f"'{tab}'!A3", [_row(header, Name="Happy Kids")])], input_option="USER_ENTERED")
    _check(path, capsys, "2026-11-17")
    assert _ids(sheets, tab) == {"Little Stars": f"{prefix}0001", "Happy Kids": f"{prefix}0003"}


def _memory(sheets) -> list[str]:
    """The memory's values as stored (the spreadsheet's own developer metadata under id_memory.KEY)."""
    return [m["metadataValue"] for m in sheets.metadata("developerMetadata").get("developerMetadata", [])
            if m["metadataKey"] == KEY]


def _two_worksites(config, tmp_path, capsys):
    sheets, path = _turfbook_made(config, tmp_path)
    header = _rows(sheets, "Worksites")[0]
    sheets.write([CellWrite("'Worksites'!A2", [_row(header, Name=n) for n in ("Little Stars", "Sunny Days")])],
                 input_option="USER_ENTERED")
    _check(path, capsys)
    assert _memory(sheets) == ['{"W":2}']           # landed with the IDs it counts (one atomic batch)
    return sheets, path, header


@pytest.mark.parametrize("tamper", ["lowered", "deleted", "garbled", "copied"])
def test_someone_changing_the_memory_never_lowers_the_count_nor_stops_a_run(emulator, config, tmp_path, capsys,
                                                                            tamper):
    sheets, path, header = _two_worksites(config, tmp_path, capsys)
    lookup = {"developerMetadataLookup": {"metadataKey": KEY}}
    value = {"lowered": '{"W":0}', "garbled": "W-2 (ask Ana)", "copied": '{"W":1}'}.get(tamper)
    if tamper == "deleted":
        sheets.batch_update([{"deleteDeveloperMetadata": {"dataFilter": lookup}}])
    elif tamper == "copied":
        sheets.batch_update([{"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": KEY, "metadataValue": value, "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}}}])
    else:
        sheets.batch_update([{"updateDeveloperMetadata": {"dataFilters": [lookup], "fields": "metadataValue",
                                                          "developerMetadata": {"metadataValue": value}}}])
    sheets.write([CellWrite("'Worksites'!A4", [_row(header, Name="Happy Kids")])], input_option="USER_ENTERED")
    out = _check(path, capsys, "2026-11-16")
    assert _ids(sheets, "Worksites") == {"Little Stars": "W-0001", "Sunny Days": "W-0002", "Happy Kids": "W-0003"}
    assert _memory(sheets) == ['{"W":3}'] * (2 if tamper == "copied" else 1)   # raised again, clean
    assert ("id_memory" in out) == (tamper == "garbled"), out                    # said when it could not be read
    if tamper == "garbled":
        problems = _rows(sheets, "Problems")
        assert any("W-2 (ask Ana)" in " ".join(map(str, r)) and "no puede leer" in " ".join(map(str, r))
                   for r in problems), problems
    assert "id_memory" not in _check(path, capsys, "2026-11-17")                 # written afresh: nothing to say


def test_the_field_job_counts_on_from_the_memory_and_raises_it(world):
    config, client, clock = world
    sheets = connect(config).sheets()
    sheets.batch_update([{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": KEY, "metadataValue": '{"C":40,"P":7}', "location": {"spreadsheet": True},
        "visibility": "DOCUMENT"}}}])               # IDs given up to C-000040 and P-000007, their rows deleted since
    today = clock.today().isoformat()
    answer = post(client, ANA, entry("k-fix23a-1", date=today),
                  {"key": "k-fix23a-2", "new_person": {"name": "Rosa Diaz", "phone": "860-555-0199"},
                   "kind": "house visit", "date": today})
    assert answer.status_code == 200, answer.get_json()
    assert tick(config).counts["landed"] == 2
    assert set(table(config, "Conversations")) == {"C-000001", "C-000041", "C-000042"}
    assert "P-000008" in table(config, "People")
    assert [json.loads(v) for v in _memory(sheets)] == [{"C": 42, "P": 8}]


def test_adopted_a_deleted_sites_id_is_never_given_again_even_with_the_stored_row_keys_lost(emulator, book, capsys,
                                                                                           config):
    sheets, path = book({"Sites": [["Name", "City"], ["Little Stars", "Hartford"], ["Sunny Days", "Bristol"]]})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert _ids_of(sheets, "Sites") == {"Little Stars": "W-0001", "Sunny Days": "W-0002"}
    assert [json.loads(v).get("W") for v in _memory(sheets)] == [2]
    _delete_row(sheets, "Sites", 3)
    (config.data_dir / "row-keys.json").unlink(missing_ok=True)       # the service moved to a new machine
    sheets.write([CellWrite("'Sites'!A3", [["Happy Kids", "Hartford"]])], input_option="USER_ENTERED")
    _check(path, capsys, "2026-11-16")
    assert _ids_of(sheets, "Sites") == {"Little Stars": "W-0001", "Happy Kids": "W-0003"}


def _ids_of(sheets, title: str) -> dict[str, str]:
    rows = _rows(sheets, title)
    at = next(i for i, h in enumerate(rows[0]) if h in ("ID", "Turfbook ID"))
    return {r[0]: r[at] for r in rows[1:] if r[0]}


def test_filing_never_gives_a_deleted_media_rows_id_again(emulator, config):
    book = workbook(config)
    ws = connect(book)
    _, inbox_id = inbox(ws)
    for n, name in enumerate(("IMG_0001.JPG", "IMG_0002.JPG")):
        upload(ws, inbox_id, name, media_files.jpeg(name, when=datetime(2026, 11, 21, 9, n)), worksite="little stars",
               issue="broken heat", organizer="Jordan Ellis")
    assert filing.run(connect(book)).ok
    rows = {r["original_name"]: r["id"] for r in media_rows(connect(book))}
    assert rows == {"IMG_0001.JPG": "M-000001", "IMG_0002.JPG": "M-000002"}
    sheets = connect(book).sheets()
    media = _rows(sheets, "Media")
    _delete_row(sheets, "Media", 1 + next(i for i, r in enumerate(media) if r[0] == "M-000002"))
    upload(ws, inbox_id, "IMG_0003.JPG", media_files.jpeg("c", when=datetime(2026, 11, 21, 9, 5)),
           worksite="little stars", issue="broken heat", organizer="Jordan Ellis")
    assert filing.run(connect(book)).ok
    rows = {r["original_name"]: r["id"] for r in media_rows(connect(book))}
    assert rows == {"IMG_0001.JPG": "M-000001", "IMG_0003.JPG": "M-000003"}
    assert [json.loads(v).get("M") for v in _memory(sheets)] == [3]
