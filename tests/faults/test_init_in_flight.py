"""`sheets init` writes by position (headers of re-added columns, the service header formulas and the
clear below a plain service header): each of its spreadsheets.batchUpdate calls is held at the emulator
(a latency fault) while a person inserts, deletes or moves a column through plain gspread. The writes
go through column_guard (docs/write-path.md), so none may land on a staff column or header
(a14 F1: the clear wiped Notes; a14 F2: "Asked to join" written over a staff header).

Asserted: 0 staff cells changed (by row ID and header name, the staff's own column included), every
header once, Status shown by our formula, and init's dry run right after plans nothing.
"""

from __future__ import annotations

import threading

import pytest

from tests.faults.test_every_write_in_flight import BATCH, _wait_for_call, displayed
from tests.support.overdue_workbook import PEOPLE, TODAY, conversations, create_workbook, fast_workspace
from turfbook.schema import load_schema
from turfbook.schema.init import run_init
from turfbook.schema.service_tabs import header_of_formula
from turfbook.workspace import a1
from turfbook.workspace.transport import gspread_client

SERVICE = {"Status", "Flagged at", "Problems"}
STAFF_COLUMN = "Phone bank shift"


def _world(config, scenario: str):
    from turfbook.jobs import overdue

    config = create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})
    assert overdue.run(fast_workspace(config), today=TODAY).ok
    ws = gspread_client(config).open_by_key(config.google.spreadsheet_id).worksheet("Conversations")
    header = ws.row_values(1)
    if scenario == "retyped_status":        # F1: the formula was replaced by a plain "Status" header
        ws.update_cell(1, header.index("Status") + 1, "Status")
    else:                                   # F2: a schema column deleted, the staff's own column at the right
        ws.delete_columns(header.index("Asked to join") + 1)
        width = len(ws.row_values(1))
        ws.update(values=[[STAFF_COLUMN], ["Mon"], ["Tue"], ["Wed"]], range_name=f"{a1.column_letter(width)}1")
    return config, ws


def _insert_column(ws, state):
    ws.insert_cols([["Staff column", "x", "y"]], col=2)


def _delete_column(ws, state):
    ws.delete_columns(ws.row_values(1).index("Language") + 1)
    state["deleted"] = "Language"


def _move_column(ws, state):
    at = ws.row_values(1).index("Notes")
    ws.spreadsheet.batch_update({"requests": [{"moveDimension": {
        "source": {"sheetId": ws.id, "dimension": "COLUMNS", "startIndex": at, "endIndex": at + 1},
        "destinationIndex": 1}}]})


OPERATIONS = [_insert_column, _delete_column, _move_column]
CASES = [(s, n, op) for s in ("retyped_status", "missing_column") for n in (0, 1) for op in OPERATIONS]
# the guarded write itself (batch 1) x a column insert runs in `make test`; the rest in `make test-slow`
FAST = {("retyped_status", 1, _insert_column), ("missing_column", 1, _insert_column)}


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {r["ID"]: r for r in records if r.get("ID")}


def _cases(fast: bool) -> list:
    return [pytest.param(*c, id=f"{c[0]}-batch{c[1]}-{c[2].__name__[1:]}") for c in CASES if (c in FAST) == fast]


@pytest.mark.parametrize("scenario,held,operation", _cases(True))
def test_init_write_held_while_a_column_is_inserted(emulator, config, scenario, held, operation):
    check(emulator, config, scenario, held, operation)


@pytest.mark.slow
@pytest.mark.parametrize("scenario,held,operation", _cases(False))
def test_init_write_held_while_staff_move_columns(emulator, config, scenario, held, operation):
    check(emulator, config, scenario, held, operation)


def check(emulator, config, scenario, held, operation):
    config, ws = _world(config, scenario)
    before = _by_id(displayed(config, "Conversations"))
    state: dict = {}
    emulator.reset_stats()
    emulator.fault(method=BATCH, latency_ms=1500, count=1, after_calls=held)

    def staff():
        if _wait_for_call(emulator, BATCH, held + 1):
            operation(ws, state)
            state["done"] = True

    person = threading.Thread(target=staff)
    person.start()
    run_init(fast_workspace(config), load_schema(), config.google.spreadsheet_id)
    person.join()
    emulator.clear_faults()
    assert state.get("done"), "the held call never came"

    after = _by_id(displayed(config, "Conversations"))
    assert set(after) == set(before)
    for row_id, row in before.items():
        for header, value in row.items():
            if header in SERVICE or header == state.get("deleted"):
                continue
            assert after[row_id].get(header) == value, (row_id, header)
    header = ws.row_values(1)
    named = [h for h in header if h]
    assert len(named) == len(set(named)), header
    formulas = ws.row_values(1, value_render_option="FORMULA")
    assert header_of_formula(formulas[header.index("Status")]) == "Status"
    if scenario == "missing_column":
        assert "Asked to join" in header and STAFF_COLUMN in header
    # the dry run right after: no header or column left to write (a column a person inserted or moved
    # does make init re-apply validation and formats to the shifted columns — formats, not cells)
    again = run_init(fast_workspace(config), load_schema(), config.google.spreadsheet_id, dry_run=True)
    # (and a schema column a person deleted is added back, unless the re-plan under guard already did it)
    readded = [[[state["deleted"]]]] if "deleted" in state else []
    assert [w.values for w in again.plan.writes] in ([], readded) and again.lines == [], again.plan.describe()
    run_init(fast_workspace(config), load_schema(), config.google.spreadsheet_id)
    assert run_init(fast_workspace(config), load_schema(), config.google.spreadsheet_id, dry_run=True).plan.empty
    final = _by_id(displayed(config, "Conversations"))
    assert {i: {h: r.get(h) for h in after[i]} for i, r in final.items()} == after
