"""Stable IDs, the Problems tab and possible duplicates, on a seeded workbook in the emulator."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from turfbook.demo.workbook import FORMULA_NAME, ensure_workbook, seed_workbook
from turfbook.schema import load_schema, read_workbook
from turfbook.schema.ids import apply_ids, plan_ids
from turfbook.schema.job import run_schema_job
from turfbook.schema.problems import write_problems
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def seeded(emulator, config):
    ws = connect(config)
    sheet_id = ensure_workbook(ws, config)
    counts = seed_workbook(ws, sheet_id, people=40, conversations=60, worksites=4, seed=3, today=TODAY)
    return ws.sheets(sheet_id), counts


def problems_tab(sheets):
    return sheets.read(["Problems"])[0]


def test_seed_is_realistic_and_keeps_formula_looking_names_as_text(seeded):
    sheets, counts = seeded
    assert counts["people"] == 40 and counts["conversations"] == 60 and counts["issues"] == 12
    people = sheets.read(["People"])[0]
    assert [r[1] for r in people if len(r) > 1 and r[1] == FORMULA_NAME] == [FORMULA_NAME]
    snapshot = read_workbook(sheets, load_schema(), today=TODAY)
    assert len(snapshot.tab("Conversations").rows) == 60
    assert isinstance(snapshot.tab("Conversations").rows[0].values["date"], date)


def test_schema_job_assigns_ids_and_lists_problems(seeded, emulator):
    sheets, _ = seeded
    schema = load_schema()
    result = run_schema_job(sheets, schema, now=NOW)
    assert result.ids_written == 2
    ids = [r[0] for r in sheets.read(["'Conversations'!A2:A"])[0]]
    assert ids[-2:] == ["C-000059", "C-000060"]
    assert len(set(ids)) == 60
    table = problems_tab(sheets)
    text = "\n".join(" | ".join(map(str, r)) for r in table)
    assert "'31/02' is not a date" in text
    assert "'Jane Nobody' is not in People" in text
    assert "Possible duplicate person / Posible persona duplicada" in text and "same phone" in text
    # the Possible duplicates section comes last
    assert table[-1][5] == "Possible duplicate person / Posible persona duplicada"
    # the per-row problems column shows the message next to the row
    conv = read_workbook(sheets, schema, today=TODAY).tab("Conversations")
    flagged = [r for r in conv.rows if r.values.get("problems")]
    assert any("is not a date" in r.values["problems"] for r in flagged)
    # a second run with nothing changed writes nothing and keeps first_seen
    emulator.reset_stats()
    again = run_schema_job(sheets, schema, now=datetime(2026, 11, 25, 9, 0))
    assert again.ids_written == 0
    assert emulator.stats()["writes"] == 0
    assert problems_tab(sheets) == table


def test_fixed_problems_disappear_and_other_jobs_entries_stay(seeded):
    sheets, _ = seeded
    schema = load_schema()
    from turfbook.schema.model import Problem

    write_problems(sheets, "overdue", [Problem("overdue", "Conversations", "C-000001", "Status", "late", "x")],
                   NOW, schema=schema)
    run_schema_job(sheets, schema, now=NOW)
    snapshot = read_workbook(sheets, schema, today=TODAY)
    row = next(r for r in snapshot.tab("Conversations").rows if r.raw.get("follow_up_due") == "31/02")
    col = snapshot.tab("Conversations").columns["follow_up_due"]
    sheets.write([CellWrite(f"'Conversations'!{chr(65 + col)}{row.row_number}", [["12/01/2026"]])])
    run_schema_job(sheets, schema, now=datetime(2026, 11, 24, 9, 0))
    text = str(problems_tab(sheets))
    assert "31/02" not in text
    assert "'overdue', 'Conversations', 'C-000001'" in text
    first_seen = {r[4]: r[6] for r in problems_tab(sheets)[1:]}
    nobody = next(v for k, v in first_seen.items() if "Jane Nobody" in k)
    assert nobody == 46349                                    # 2026-11-23, kept from the first run


def test_copied_id_gets_a_new_id_and_is_reported(seeded):
    sheets, _ = seeded
    schema = load_schema()
    people = sheets.read(["People"])[0]
    copy = list(people[5])
    copy[1] = "Copied Person"
    sheets.write([CellWrite(f"'People'!A{len(people) + 1}:{chr(64 + len(copy))}{len(people) + 1}", [copy])])
    result = run_schema_job(sheets, schema, now=NOW)
    after = sheets.read(["'People'!A:B"])[0]
    assert after[5][0] == copy[0]                             # the first row keeps its ID
    assert after[-1] == ["P-000041", "Copied Person"]          # the copy gets the next one
    # the problem names the copy by its new ID (a21 finding c9), never the original that keeps the old one
    [copied] = [p for p in result.problems if p.kind == "duplicate_id"]
    assert copied.row_id == "P-000041" and copied.message == (
        f"People row {len(people) + 1}: ID {copy[0]} is copied from row 6; this copy now has its own ID, P-000041 / "
        f"People fila {len(people) + 1}: el ID {copy[0]} está copiado de la fila 6; esta copia ya tiene su propio ID, "
        "P-000041")


def test_ids_follow_rows_that_staff_moved_before_the_write(seeded):
    sheets, _ = seeded
    schema = load_schema()
    snapshot = read_workbook(sheets, schema, today=TODAY)
    plan = plan_ids(snapshot, schema)
    assert len(plan) == 2
    target = plan.writes[0]
    # staff insert a row at the top of the data while the job runs
    meta = sheets.metadata("sheets.properties(sheetId,title)")
    conv_id = next(s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == "Conversations")
    sheets.batch_update([{"insertDimension": {"range": {"sheetId": conv_id, "dimension": "ROWS", "startIndex": 1,
                                                         "endIndex": 2}, "inheritFromBefore": False}}])
    sheets.write([CellWrite("'Conversations'!B2:C2", [[46300, "P-000001"]])])
    assert apply_ids(sheets, schema, plan) == 2
    rows = sheets.read(["Conversations"])[0]
    assert rows[1][0:1] in ([], [""])                          # the inserted row got no stray ID
    moved = rows[target.row_number]                            # one row lower now
    assert moved[0] == target.new_id


def test_write_problems_is_one_read_and_one_write(seeded, emulator):
    sheets, _ = seeded
    from turfbook.schema.model import Problem

    emulator.reset_stats()
    write_problems(sheets, "filing", [Problem("filing", "Media", "M-000001", "Status", "Media row M-000001: x")],
                   NOW)
    assert emulator.stats()["by_method"] == {"sheets.spreadsheets.values.batchGet": 1,
                                             "sheets.spreadsheets.values.batchUpdate": 1}
    assert problems_tab(sheets)[1][:6] == ["filing", "Media", "M-000001", "Status", "Media row M-000001: x",
                                       "Value not valid / Valor no válido"]


def test_problems_tab_shows_plain_kinds_and_whole_messages(seeded):
    """#19 item 8: a Kind in plain English and Spanish, the message never cut, and an entry written
    with a raw kind by an older version keeps its first-seen date."""
    sheets, _ = seeded
    from turfbook.schema.model import Problem

    long_message = "Media row M-000002: " + "a worksite name that goes on " * 40
    sheets.write([CellWrite("'Problems'!A2:G2", [["filing", "Media", "M-000001", "Worksite", "Media row M-000001: y",
                                                  "unknown_reference", 46300]])])
    write_problems(sheets, "filing", [
        Problem("filing", "Media", "M-000001", "Worksite", "Media row M-000001: y", "unknown_reference"),
        Problem("filing", "Media", "M-000002", None, long_message, "no_rule")], NOW)
    rows = {r[2]: r for r in problems_tab(sheets)[1:]}
    assert rows["M-000001"][5] == "Name not found / Nombre no encontrado" and rows["M-000001"][6] == 46300
    assert rows["M-000002"][4] == long_message and len(long_message) > 1000
    assert rows["M-000002"][5] == "No filing rule matches / Ninguna regla de archivo coincide"
    # the Problems tab in plain Spanish too (issue 19 attack: the Problem column was English only)
    assert rows["M-000001"][7] == "Nombre no encontrado: pestaña Media, fila M-000001, columna Worksite"
    assert rows["M-000002"][7] == "Ninguna regla de archivo coincide: pestaña Media, fila M-000002"
    assert problems_tab(sheets)[0][7] == "Problema (español)"
    snapshot = read_workbook(sheets, load_schema(), ["Problems"], today=TODAY)    # a long message is no problem
    assert [p.message for p in snapshot.problems if p.tab == "Problems"] == []


def test_ids_apply_calls(seeded, emulator):
    """Tag, find the tags, read the tagged rows, write guarded, verify (find the tags, read the written rows
    and the tab) and delete the tags (docs/write-path.md, "IDs", "Sort range"); no tag left."""
    sheets, _ = seeded
    schema = load_schema()
    plan = plan_ids(read_workbook(sheets, schema, today=TODAY), schema)
    emulator.reset_stats()
    assert apply_ids(sheets, schema, plan) == 2
    assert emulator.stats()["by_method"] == {"sheets.spreadsheets.get": 2,
                                             "sheets.spreadsheets.values.batchGet": 1,
                                             "sheets.spreadsheets.batchUpdate": 3,
                                             "sheets.spreadsheets.developerMetadata.search": 2,
                                             "sheets.spreadsheets.values.batchGetByDataFilter": 2}
    assert sheets.search_metadata([{"metadataKey": "turfbook_pending"}]) == []


def test_a_missing_tab_is_a_problem_and_the_rest_is_read(seeded):
    sheets, _ = seeded
    meta = sheets.metadata("sheets.properties(sheetId,title)")
    media = next(s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == "Media")
    sheets.batch_update([{"deleteSheet": {"sheetId": media}}])
    snapshot = read_workbook(sheets, load_schema(), today=TODAY)
    assert "Media" not in snapshot.tabs and len(snapshot.tab("People").rows) == 40
    assert [p.message for p in snapshot.problems if p.kind == "missing_tab"] == [
        "Media: the tab is missing; run `turfbook sheets init`"]


def test_sheets_check_command(seeded, config, tmp_path):
    import yaml

    from turfbook.cli import main

    sheets, _ = seeded
    path = tmp_path / "config.yaml"
    data = config.model_dump(mode="json", exclude_none=True)
    data["google"]["spreadsheet_id"] = sheets.spreadsheet_id
    path.write_text(yaml.safe_dump(data))
    # data problems exit 0 (README: a nightly cron must not alarm anyone); --strict makes them 1
    assert main(["--config", str(path), "sheets", "check", "--dry-run"]) == 0
    assert main(["--config", str(path), "sheets", "check", "--dry-run", "--strict"]) == 1
    assert problems_tab(sheets)[1:] == []
    assert main(["--config", str(path), "sheets", "check"]) == 0
    assert len(problems_tab(sheets)) > 3
    assert main(["--config", str(path), "sheets", "check", "--strict"]) == 1


def test_demo_seed_refuses_a_workbook_with_data(seeded, config, tmp_path, capsys):
    """a14 F6: the seed writes by position from row 2, so on a workbook with data rows it refuses
    (exit 2, one line naming the spreadsheet) and writes nothing."""
    import yaml

    from turfbook.cli import main
    from turfbook.demo.workbook import WorkbookNotEmpty

    sheets, _ = seeded
    before = sheets.read(["Conversations", "People"])
    with pytest.raises(WorkbookNotEmpty, match=sheets.spreadsheet_id):
        seed_workbook(connect(config), sheets.spreadsheet_id, people=3, conversations=3, worksites=1, today=TODAY)
    path = tmp_path / "config.yaml"
    data = config.model_dump(mode="json", exclude_none=True)
    data["google"]["spreadsheet_id"] = sheets.spreadsheet_id
    path.write_text(yaml.safe_dump(data))
    capsys.readouterr()
    assert main(["--config", str(path), "demo", "seed", "--people", "3", "--conversations", "3",
                 "--worksites", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and sheets.spreadsheet_id in err[0] and "Conversations" in err[0]
    assert sheets.read(["Conversations", "People"]) == before
