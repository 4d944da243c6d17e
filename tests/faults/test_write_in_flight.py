"""A staff edit while the overdue job's write is held at the emulator (a latency fault), for every
kind of edit a person makes in the Sheets UI, through plain gspread.

The write is sent, then waits 1.1 s at the emulator before it is applied; the test waits until the
emulator has taken that latency fault (the write is held now), and the staff operation lands in the
window, so the write is applied to a sheet that changed after the job read it — exactly what overwrote
Notes cells before (docs/write-path.md). Now: 0 staff cells change (compared by row ID and header
name), every service value shows on its own row, and a dry run right after plans 0 changes. The
assertions do not depend on the timing: they must hold whether the staff edit lands before, during or
after the held write.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.support.overdue_workbook import EXPECTED, PEOPLE, TODAY, conversations, create_workbook, fast_workspace
from turfbook.jobs import overdue
from turfbook.schema import load_schema
from turfbook.schema.service_tabs import ServiceTable, title_of
from turfbook.workspace import a1
from turfbook.workspace.transport import gspread_client

WRITE = "sheets.spreadsheets.values.batchUpdate"
MARK = "typed during the write"
TODAY_NOW = datetime.combine(TODAY, datetime.min.time().replace(hour=9), tzinfo=ZoneInfo("America/New_York"))


def _col(ws, header: str) -> int:
    return ws.row_values(1).index(header) + 1


def _row(ws, row_id: str) -> int:
    return ws.col_values(_col(ws, "ID")).index(row_id) + 1


def insert_column(sh, ws):
    ws.insert_cols([["Staff column", "x"]], col=1)


def delete_column(sh, ws):
    ws.delete_columns(_col(ws, "Language"))


def move_column(sh, ws):
    sh.batch_update({"requests": [{"moveDimension": {
        "source": {"sheetId": ws.id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1},
        "destinationIndex": 6}}]})              # the ID column moves right, past five staff columns


def insert_rows(sh, ws):
    ws.insert_rows([[""] * 12 + [f"{MARK} {i}"] for i in range(3)], row=3)


def delete_row(sh, ws):
    ws.delete_rows(_row(ws, "C-000004"))      # a done follow-up: nobody's dates depend on it


def sort_rows(sh, ws):
    ws.sort((_col(ws, "Date"), "des"))


def rename_header(sh, ws):
    ws.update_cell(1, _col(ws, "Notes"), "Staff notes")


def type_into_service_cell(sh, ws):
    ws.update_cell(_row(ws, "C-000003"), _col(ws, "Status"), MARK)


OPERATIONS = [insert_column, delete_column, move_column, insert_rows, delete_row, sort_rows, rename_header,
              type_into_service_cell]
RENAMED = {"Staff notes": "Notes"}
# How long the write is held. The operation starts as soon as the emulator has taken the fault (`held`), so
# it has the whole window; it had 1.1 s when the test slept 0.4 s into a 1.5 s hold (less for tagging, after
# a fixed 1.4 s wait from the job's start).
HELD_MS = 1100


def held(emulator, timeout: float = 30) -> bool:
    """True once the latency fault is taken: the emulator takes it as the call arrives, then holds the call."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not emulator.control("GET", "/_emulator/faults")["faults"]:
            return True
        time.sleep(0.01)
    return False


def displayed(config) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The Conversations tab as staff see it: header, and {row ID or note: {header: cell}}."""
    [values] = fast_workspace(config).sheets().read([a1.whole_sheet("Conversations")], render="FORMATTED_VALUE")
    header = [RENAMED.get(h, h) for h in values[0]]
    rows = {}
    for cells in values[1:]:
        cells = cells + [""] * (len(header) - len(cells))
        record = dict(zip(header, cells, strict=True))
        rows[record.get("ID") or record.get("Notes")] = record
    return header, rows


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.__name__)
def test_staff_operation_during_the_held_write(emulator, config, operation):
    config = create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})
    staff = [c.header for c in load_schema().tab("Conversations").columns if not c.service]
    service = [c.header for c in load_schema().tab("Conversations").columns if c.service and c.key != "id"]
    _, before = displayed(config)
    sh = gspread_client(config).open_by_key(config.google.spreadsheet_id)
    ws = sh.worksheet("Conversations")

    sent = threading.Event()
    results = {}
    emulator.fault(method=WRITE, latency_ms=HELD_MS, count=1)
    job = threading.Thread(target=lambda: results.update(run=overdue.run(
        fast_workspace(config), today=TODAY, before_write=sent.set)))
    job.start()
    assert sent.wait(30)
    assert held(emulator)                         # the write is now waiting at the emulator
    operation(sh, ws)
    job.join(60)
    assert results["run"].ok and results["run"].counts["cells_written"] > 0

    header, after = displayed(config)
    for key, cells in before.items():             # 0 staff cells changed, by row ID and header name
        if operation is delete_row and key == "C-000004":
            assert key not in after
            continue
        for name in staff:
            if name in header and name != "ID":
                assert after[key][name] == cells[name], (key, name)
    if operation is insert_rows:
        assert {k for k in after if k.startswith(MARK)} == {f"{MARK} {i}" for i in range(3)}

    table = ServiceTable.parse("Conversations", fast_workspace(config).sheets().read(
        [a1.whole_sheet(title_of("Conversations"))])[0]).by_id()
    assert {k: v["status"] for k, v in table.items() if v["status"]} == {k: v for k, v in EXPECTED.items() if v}
    if operation is type_into_service_cell:       # Sheets' answer: the array steps aside, the text stays
        status_header = header.index("#REF!")
        assert list(after["C-000003"].values())[status_header] == MARK
    else:                                         # every service value on its own row
        for key, cells in after.items():
            want = EXPECTED.get(key, "")
            assert cells["Status"] == want, (key, cells)
            assert (cells["Flagged at"] != "") == want.startswith("OVERDUE"), (key, cells)
        assert set(service) <= set(header)
    replan = overdue.run(fast_workspace(config), today=TODAY, dry_run=True)
    assert replan.counts["planned_cells"] == 0, replan.summary


# ----- IDs for rows a person inserted (sheets check): the guarded write held at the emulator -------

BATCH = "sheets.spreadsheets.batchUpdate"
NO_ID = (1, 5)                                    # rows typed without an ID (0-based in conversations())


def _id_less_workbook(config):
    from tests.support.overdue_workbook import headers

    notes = headers("Conversations").index("Notes")
    rows = conversations()
    for i, cells in enumerate(rows):
        cells[notes] = f"note {i}"                # every row recognisable by its Notes cell
        if i in NO_ID:
            cells[0] = ""
    return create_workbook(config, PEOPLE, rows, {"timezone": "America/New_York", "grace_days": 0})


def _ids_by_note(config) -> dict[str, str]:
    _, rows = displayed(config)
    return {cells["Notes"]: cells["ID"] for cells in rows.values()}


@pytest.mark.parametrize("which", ["tagging", "guarded write"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.__name__)
def test_staff_operation_during_the_held_id_write(emulator, config, operation, which):
    """A row gets its own ID or none this run; no existing ID and no staff cell changes."""
    from turfbook.schema.job import run_schema_job

    config = _id_less_workbook(config)
    schema = load_schema()
    staff = [c.header for c in schema.tab("Conversations").columns if not c.service]
    _, before = displayed(config)
    ids_before = _ids_by_note(config)
    sh = gspread_client(config).open_by_key(config.google.spreadsheet_id)
    ws = sh.worksheet("Conversations")

    sent = threading.Event()
    results = {}
    emulator.fault(method=BATCH, latency_ms=HELD_MS, count=1, after_calls=0 if which == "tagging" else 1)
    sheets = fast_workspace(config).sheets()
    hook = sent.set if which == "guarded write" else None
    job = threading.Thread(target=lambda: results.update(run=run_schema_job(
        sheets, schema, now=TODAY_NOW, before_write=hook)))
    job.start()
    if hook is not None:
        assert sent.wait(30)
    assert held(emulator)                         # tagging (the job's first batchUpdate) or the guarded write
    operation(sh, ws)
    job.join(60)
    assert "run" in results
    emulator.clear_faults()

    header, after = displayed(config)
    ids_after = _ids_by_note(config)
    for note, old in ids_before.items():          # existing IDs never change; new ones are new
        if old:
            assert ids_after.get(note, old) == old, note
    new = {note: i for note, i in ids_after.items() if i and not ids_before.get(note)}
    assert set(new) <= {f"note {i}" for i in NO_ID}, new   # rows typed during the write get none
    assert len(set(new.values())) == len(new)
    for cells in before.values():                  # 0 staff cells changed (by Notes and header name)
        note = cells["Notes"]
        match = next((c for c in after.values() if c.get("Notes") == note), None)
        if operation is delete_row and cells["ID"] == "C-000004":
            assert match is None
            continue
        for name in staff:
            if name in header and name != "ID":
                assert match[name] == cells[name], (note, name)
    assert sheets.search_metadata([{"metadataKey": "turfbook_pending"}]) == []
    run_schema_job(sheets, schema, now=TODAY_NOW)  # the next run gives the rest their IDs
    final = _ids_by_note(config)
    assert all(final[f"note {i}"] for i in NO_ID)
    for note, i in new.items():
        assert final[note] == i
