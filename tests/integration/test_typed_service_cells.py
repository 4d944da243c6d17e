"""A person's text in a cell a service header formula fills (a14 L1), and IDs that differ only in case
(a14 L2) — on the emulator, through plain gspread, with the real jobs."""

from __future__ import annotations

from tests.faults.test_every_write_in_flight import NOW
from tests.support.overdue_workbook import PEOPLE, TODAY, conversations, create_workbook, fast_workspace
from turfbook.jobs import overdue
from turfbook.schema import load_schema
from turfbook.schema.init import run_init
from turfbook.schema.job import run_schema_job
from turfbook.schema.service_tabs import header_of_formula
from turfbook.workspace.transport import gspread_client

TYPED = "done - called her"


def _world(config):
    config = create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})
    assert overdue.run(fast_workspace(config), today=TODAY).ok
    return config, gspread_client(config).open_by_key(config.google.spreadsheet_id).worksheet("Conversations")


def _status(ws) -> dict[str, str]:
    values = ws.get_all_values()
    at = values[0].index("ID"), len(values[0]) - 3          # Status: the third column from the right
    return {"header": values[0][at[1]], **{r[at[0]]: r[at[1]] for r in values[1:]}}


def test_a_typed_status_cell_is_reported_kept_and_never_duplicated(emulator, config):
    config, ws = _world(config)
    shown = _status(ws)
    assert shown["header"] == "Status" and shown["C-000001"].startswith("OVERDUE")
    row = ws.col_values(1).index("C-000003") + 1
    ws.update_cell(row, ws.row_values(1).index("Status") + 1, TYPED)
    assert _status(ws)["header"] == "#REF!"                         # Sheets: the array cannot expand
    assert overdue.run(fast_workspace(config), today=TODAY).ok
    result = run_schema_job(fast_workspace(config).sheets(), load_schema(), now=NOW)
    [problem] = [p for p in result.problems if p.kind == "blocked_formula"]
    assert problem.row_id == "C-000003" and problem.column == "Status" and problem.row_number == row
    assert f"Conversations row C-000003: '{TYPED}' was typed in Status" in problem.message
    assert f"'{TYPED}' se escribió en Status" in problem.message       # and in Spanish
    problems_tab = fast_workspace(config).sheets().read(["Problems"])[0]
    assert any(TYPED in " ".join(map(str, r)) for r in problems_tab)
    # sheets init recognises the column by its formula: no second Status column, the typed text stays
    init = run_init(fast_workspace(config), load_schema(), config.google.spreadsheet_id)
    assert init.plan.writes == [] and init.lines == []
    header = ws.row_values(1)
    assert header.count("Status") == 0 and header.count("#REF!") == 1 and len(header) == 16
    assert ws.cell(row, header.index("#REF!") + 1).value == TYPED
    # the person clears the cell: every row's Status is back, and nothing is reported any more
    ws.update_cell(row, header.index("#REF!") + 1, "")
    assert _status(ws) == shown
    result = run_schema_job(fast_workspace(config).sheets(), load_schema(), now=NOW)
    assert not [p for p in result.problems if p.kind == "blocked_formula"]


def test_an_id_differing_only_in_case_shows_no_other_rows_value(emulator, config):
    config, ws = _world(config)
    width = len(ws.row_values(1))
    ws.update(values=[["c-000001", "11/20/2026", "Dana Smith", "Bea"] + [""] * 8 + ["typed by a person"]],
              range_name=f"A{len(ws.col_values(1)) + 1}", value_input_option="USER_ENTERED")
    assert overdue.run(fast_workspace(config), today=TODAY).ok
    shown = _status(ws)
    assert shown["C-000001"].startswith("OVERDUE")
    assert shown["c-000001"] == ""                  # Sheets' = and VLOOKUP ignore case; EXACT does not
    assert len(ws.row_values(1)) == width


def test_init_replaces_an_older_header_formula_without_clearing_typed_text(emulator, config):
    """A workbook whose header formulas are an older version (the case-blind `=`): init puts the new
    one in the header cell only; the text a person typed below stays."""
    config, ws = _world(config)
    at = ws.row_values(1).index("Status") + 1
    formula = ws.cell(1, at, value_render_option="FORMULA").value
    old = formula.replace("EXACT(VLOOKUP(A:A,'_Turfbook Conversations'!A:A,1,TRUE),A:A)",
                          "VLOOKUP(A:A,'_Turfbook Conversations'!A:A,1,TRUE)=A:A")
    assert old != formula
    ws.update(values=[[old]], range_name=f"{ws.cell(1, at).address}", value_input_option="USER_ENTERED")
    ws.update_cell(4, at, TYPED)
    init = run_init(fast_workspace(config), load_schema(), config.google.spreadsheet_id)
    assert any("show 'Status'" in line for line in init.lines)
    assert ws.cell(1, at, value_render_option="FORMULA").value == formula
    assert header_of_formula(formula) == "Status"
    assert ws.cell(4, at).value == TYPED
