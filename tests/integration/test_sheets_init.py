"""`turfbook sheets init` against the emulator: create, upgrade, idempotence, renamed columns."""

from __future__ import annotations

import pytest

from turfbook.schema import load_schema
from turfbook.schema.init import run_init, write_spreadsheet_id
from turfbook.schema.init_plan import INIT_FIELDS
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite


@pytest.fixture
def schema():
    return load_schema()


def writes(stats: dict) -> int:
    return stats["writes"]


def test_init_on_empty_creates_the_full_workbook(emulator, config, schema):
    ws = connect(config)
    result = run_init(ws, schema, None)
    assert result.created and result.spreadsheet_id
    sheets = ws.sheets(result.spreadsheet_id)
    meta = sheets.metadata(INIT_FIELDS)
    titles = [s["properties"]["title"] for s in meta["sheets"]]
    service_tabs = ["_Turfbook Conversations", "_Turfbook People", "_Turfbook Problems"]   # docs/write-path.md
    assert titles == schema.names + service_tabs
    hidden = [s["properties"]["title"] for s in sheets.metadata("sheets.properties(title,hidden)")["sheets"]
              if s["properties"].get("hidden")]
    assert hidden == ["_Turfbook Conversations", "_Turfbook People", "_Turfbook Problems"]
    people = next(s for s in meta["sheets"] if s["properties"]["title"] == "People")
    assert people["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert any(p.get("warningOnly") for p in people["protectedRanges"])
    conv = next(s for s in meta["sheets"] if s["properties"]["title"] == "Conversations")
    formulas = [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in conv["conditionalFormats"]]
    assert any("OVERDUE" in f for f in formulas) and any("due today" in f for f in formulas)
    header = sheets.read(["'Conversations'!1:1"])[0][0]
    assert header == [c.header for c in schema.tab("Conversations").columns]
    formulas = sheets.read(["'Conversations'!1:1"], render="FORMULA")[0][0]
    status = [c.key for c in schema.tab("Conversations").columns].index("status")
    assert formulas[status].startswith("=ARRAYFORMULA(") and "'_Turfbook Conversations'!A:A" in formulas[status]
    settings = sheets.read(["Settings"])[0]
    assert ["timezone", "America/New_York"] in settings
    grid = sheets.metadata("sheets(data(rowData(values(note,dataValidation))))", ranges=["'People'!A1:T2"],
                           include_grid_data=True)
    cells = grid["sheets"][0]["data"][0]["rowData"]
    assert "Turfbook assigns this ID" in cells[0]["values"][0]["note"]
    assert "ES:" in cells[0]["values"][1]["note"]
    role = [c.key for c in schema.tab("People").columns].index("role")
    assert cells[1]["values"][role]["dataValidation"]["condition"]["type"] == "ONE_OF_LIST"


def test_second_init_makes_zero_writes(emulator, config, schema):
    ws = connect(config)
    first = run_init(ws, schema, None)
    emulator.reset_stats()
    second = run_init(ws, schema, first.spreadsheet_id)
    stats = emulator.stats()
    assert second.plan.empty, second.plan.describe()
    assert writes(stats) == 0
    # issue 5: one spreadsheets.get (header and sample rows ride along as grid data); the service
    # views' check (docs/write-path.md) adds one get and two batchGets (header formulas; values)
    assert stats["by_method"] == {"sheets.spreadsheets.get": 2, "sheets.spreadsheets.values.batchGet": 2}
    assert "up to date" in second.plan.describe()


def test_upgrade_of_an_existing_workbook_is_guarded_and_a_rerun_reads_only(emulator, config, schema):
    ws = connect(config)
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    sheets = ws.sheets(sheet_id)
    conv = schema.tab("Conversations")
    header = [c.header for c in conv.columns][:-2]                 # staff deleted the last two columns
    sheets.batch_update([{"deleteDimension": {"range": {
        "sheetId": _sheet_id(sheets, "Conversations"), "dimension": "COLUMNS",
        "startIndex": len(header), "endIndex": len(header) + 2}}}])
    sheets.write([CellWrite(f"'Conversations'!A2:{chr(64 + len(header))}2", [["C-000001", 46300] +
                                                                            [""] * (len(header) - 2)])])
    emulator.reset_stats()
    result = run_init(ws, schema, sheet_id)
    assert any("Conversations: add column(s)" in a for a in result.plan.actions), result.plan.describe()
    # the plan: one get; then under column_guard (a14 F1/F2: positional writes refused if a column moved):
    # get (grid), batchUpdate (tags), the plan's get again, developerMetadata.search, ONE guarded batchUpdate
    # holding the requests and the header writes (no values write any more). The service views: one get and
    # two batchGets to check them, then the same guard around the batchUpdate putting the formulas back
    # (get, tags, get + two batchGets, search, guarded batchUpdate).
    assert emulator.stats()["by_method"] == {"sheets.spreadsheets.get": 6, "sheets.spreadsheets.batchUpdate": 4,
                                             "sheets.spreadsheets.developerMetadata.search": 2,
                                             "sheets.spreadsheets.values.batchGet": 4}
    assert sheets.read(["'Conversations'!1:1"])[0][0] == [c.header for c in conv.columns]
    emulator.reset_stats()
    assert run_init(ws, schema, sheet_id).plan.empty
    assert emulator.stats()["by_method"] == {"sheets.spreadsheets.get": 2, "sheets.spreadsheets.values.batchGet": 2}


def test_missing_tabs_and_a_short_tab_are_read_without_guessing(emulator, config, schema):
    """`ranges` naming a tab that does not exist (or rows past a tab's grid) is a 400: init then reads
    the sheet list and the cells that exist, and adds the missing tabs."""
    ws = connect(config)
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    sheets = ws.sheets(sheet_id)
    sheets.batch_update([{"deleteSheet": {"sheetId": _sheet_id(sheets, "Issues")}},
                         {"deleteSheet": {"sheetId": _sheet_id(sheets, "People")}},
                         {"addSheet": {"properties": {"title": "People", "gridProperties": {"rowCount": 5}}}},
                         {"addSheet": {"properties": {"title": "Staff notes", "sheetId": 999}}}])
    sheets.write([CellWrite("'People'!A1:C3", [["ID", "Name", "Phone"], ["P-000001", "Ana", 8605550101],
                                              ["", "Luis"]])])
    emulator.reset_stats()
    result = run_init(ws, schema, sheet_id)
    assert "add tab 'Issues'" in result.plan.actions
    assert any(a.startswith("People: add column(s) 'Email',") and a.endswith(" at D") for a in result.plan.actions), \
        result.plan.describe()
    # the 400, the sheet list, the cells; under column_guard the grid and the same three again; then the
    # service views' sheet list, and under their guard the grid and the plan's sheet list (docs/write-path.md)
    assert emulator.stats()["by_method"]["sheets.spreadsheets.get"] == 10
    assert sheets.read(["'People'!A1:C3"])[0] == [["ID", "Name", "Phone"], ["P-000001", "Ana", 8605550101],
                                                  ["", "Luis"]]
    emulator.reset_stats()
    assert run_init(ws, schema, sheet_id).plan.empty
    assert writes(emulator.stats()) == 0


def test_dry_run_writes_nothing(emulator, config, schema):
    ws = connect(config)
    assert run_init(ws, schema, None, dry_run=True).plan.actions
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    sheets = ws.sheets(sheet_id)
    sheets.write([CellWrite("'People'!A1:B1", [["ID", "Whole name"]])])    # init reacts ("Full name": an alias)
    emulator.reset_stats()
    result = run_init(ws, schema, sheet_id, dry_run=True)
    assert result.plan.actions
    assert writes(emulator.stats()) == 0


def test_moved_and_renamed_columns_are_respected(emulator, config, schema):
    ws = connect(config)
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    sheets = ws.sheets(sheet_id)
    conv = schema.tab("Conversations")
    header = [c.header for c in conv.columns]
    # staff move Notes to column B and rename "Follow-up due" to "Call back by"
    header.remove("Notes")
    header.insert(1, "Notes")
    header[header.index("Follow-up due")] = "Call back by"
    rows = [header]
    for n in range(1, 6):
        row = [""] * len(header)
        row[header.index("ID")] = f"C-00000{n}"
        row[header.index("Notes")] = f"note {n}"
        row[header.index("Date")] = 46300 + n
        row[header.index("Call back by")] = 46310 + n
        rows.append(row)
    sheets.write([CellWrite(f"'Conversations'!A1:{chr(64 + len(header))}6", rows)])
    before = sheets.read(["Conversations"])[0]
    result = run_init(ws, schema, sheet_id)
    assert not any("add column" in a and "Conversations" in a for a in result.plan.actions), result.plan.describe()
    assert any("'Call back by' looks like 'Follow-up due' renamed" in n for n in result.plan.notices)
    assert [p.kind for p in result.plan.problems] == ["renamed_column"]
    assert sheets.read(["Conversations"])[0] == before          # staff cells byte-identical
    emulator.reset_stats()
    assert run_init(ws, schema, sheet_id).plan.empty
    assert writes(emulator.stats()) == 0


def test_staff_cells_are_byte_identical_after_upgrade(emulator, config, schema):
    ws = connect(config)
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    sheets = ws.sheets(sheet_id)
    staff = [["ID", "Name", "Phone", "My own column"],
             ["P-000001", "=IMPORTXML(\"http://x\",\"//a\")", "860-555-0101", "keep me"],
             ["", "  Ana  Ruiz ", 8605550102, "ü 🌻 مرحبا"]]
    sheets.batch_update([{"deleteSheet": {"sheetId": _sheet_id(sheets, "People")}}])
    sheets.batch_update([{"addSheet": {"properties": {"title": "People"}}}])
    sheets.write([CellWrite("'People'!A1:D3", staff)])
    result = run_init(ws, schema, sheet_id)
    assert any("People: add column(s)" in a for a in result.plan.actions)
    after = sheets.read(["'People'!A1:D3"], render="FORMULA")[0]
    assert after == staff
    header = sheets.read(["'People'!1:1"])[0][0]
    assert header[:4] == staff[0] and "Email" in header[4:]


def _sheet_id(sheets, title):
    meta = sheets.metadata("sheets.properties(sheetId,title)")
    return next(s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == title)


def test_write_config_rewrites_only_the_id(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("# top comment\ngoogle:\n  endpoint: http://x  # emulator\n  spreadsheet_id: null  # set by init\n"
                    "mail: {transport: outbox}\n")
    write_spreadsheet_id(path, "abc123")
    assert path.read_text() == ("# top comment\ngoogle:\n  endpoint: http://x  # emulator\n"
                                "  spreadsheet_id: abc123  # set by init\nmail: {transport: outbox}\n")


def test_cli_creates_prints_the_id_and_writes_config(emulator, config, tmp_path):
    import yaml

    from turfbook.cli import main

    path = tmp_path / "config.yaml"
    data = config.model_dump(mode="json", exclude_none=True)
    path.write_text("# my settings\n" + yaml.safe_dump(data))
    assert main(["--config", str(path), "sheets", "init", "--dry-run"]) == 0
    assert emulator.stats()["writes"] == 0
    assert main(["--config", str(path), "sheets", "init", "--write-config"]) == 0
    text = path.read_text()
    assert text.startswith("# my settings") and "spreadsheet_id: " in text
    emulator.reset_stats()
    assert main(["--config", str(path), "sheets", "init"]) == 0
    assert emulator.stats()["writes"] == 0


def test_upgrade_adds_only_a_missing_tab(emulator, config, schema):
    ws = connect(config)
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    sheets = ws.sheets(sheet_id)
    sheets.batch_update([{"deleteSheet": {"sheetId": _sheet_id(sheets, "Media")}}])
    result = run_init(ws, schema, sheet_id)
    assert result.plan.actions[0] == "add tab 'Media'"
    assert all(a.startswith("Media") or a == "add tab 'Media'" for a in result.plan.actions), result.plan.actions
    assert sheets.read(["'Media'!1:1"])[0][0][:3] == ["ID", "Drive file", "Original name"]
    emulator.reset_stats()
    assert run_init(ws, schema, sheet_id).plan.empty
