"""Issue 21: adopting the workbook a team already has (tests/support/messy_workbook.py), end to end against
the emulator, through the CLI and the jobs' own read path. What a person reads off the sheet is listed by
hand in messy_workbook (OVERDUE, PROBLEMS)."""

from __future__ import annotations

import pytest
import yaml

from tests.support import messy_workbook as mw
from turfbook.cli import main
from turfbook.jobs import overdue
from turfbook.jobs.registry import _connect
from turfbook.schema import followup, load_schema, read_workbook
from turfbook.schema.adopt import adopt, load_layout
from turfbook.schema.adopt_read import ADOPTION_FILE, AdoptedSheets, AdoptionNotApplied
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite


@pytest.fixture
def messy(config, tmp_path):
    sheet_id = mw.build(connect(config))
    data = config.model_dump(mode="json", exclude={"source"})
    data["google"]["spreadsheet_id"] = sheet_id
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})}), \
        str(path)


def everything(ws, sheet_id) -> dict:
    titles = ws.sheets(sheet_id).tab_titles()
    return {"titles": titles, "values": ws.sheets(sheet_id).read_tabs(titles, render="FORMULA")}


def test_dry_run_prints_the_mapping_and_how_sure_and_writes_nothing(emulator, messy, capsys):
    config, path = messy
    before = everything(connect(config), config.google.spreadsheet_id)
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    stats = emulator.stats()
    assert stats["writes"] == 0 and stats["reads"] == 2, stats          # one get, one batchGet
    out = capsys.readouterr().out
    assert "'Contacts - Rosa' → People" in out and "header on row 3" in out and "organizer: Rosa" in out
    assert "title row kept, frozen rows kept, filter kept" in out
    assert "E 'F/U date' → Follow-up due (known name, sure 100%)" in out
    assert "B 'Name' → Person" in out and "A 'Fecha' → Date" in out
    assert "I 'Favorite snack': kept as your own column" in out
    assert "Columns Turfbook adds at the right: J ID, K Status, L Flagged at, M Problems" in out
    assert "'Budget'" in out and "Dry run: nothing was written." in out
    assert not (config.data_dir / ADOPTION_FILE).exists()
    assert everything(connect(config), config.google.spreadsheet_id) == before


def test_the_report_lists_rows_adopted_and_every_problem_by_tab_row_and_value(emulator, messy):
    config, _ = messy
    schema = load_schema()
    adoption = adopt(connect(config).sheets(), schema, config.google.spreadsheet_id, mw.TODAY)
    found = {(p.tab, p.row_number, p.column, p.message.split("'")[1]) for p in adoption.report.problems}
    assert found == mw.PROBLEMS
    assert adoption.report.rows == len(mw.ROSA) + len(mw.LUIS) + len(mw.CONVOS)
    assert sorted(s.tab for s in adoption.layout.sheets) == ["Conversations", "People", "People"]
    es = adoption.report.render(schema, "es")
    assert "Informe de adopción" in es and "encabezado en la fila 3" in es and "Problemas por corregir" in es
    assert "16 filas adoptadas; 5 problema(s) por corregir" in es
    assert "Valor no válido: Convos, fila 6, columna F/U date" in es


def test_adopted_then_jobs_read_through_the_mapping_and_flag_what_a_person_would(emulator, messy, capsys):
    config, path = messy
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    layout = load_layout(config.data_dir / ADOPTION_FILE)
    assert {s.title: s.header_row for s in layout.sheets} == {"Contacts - Rosa": 3, "Contacts - Luis": 1, "Convos": 2}
    assert (config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8").startswith("# Informe de adopción")

    workspace = _connect(config)                       # what every job run gets
    sheets = workspace.sheets()
    assert isinstance(sheets, AdoptedSheets)
    emulator.reset_stats()
    snapshot = overdue.read(sheets, config, mw.TODAY)
    # their workbook has no Settings, Problems or service tabs: the job's usual fallback (batchGet 400, the
    # sheet list, batchGet of what is there) — three reads, no write
    assert emulator.stats()["by_method"] == {"sheets.spreadsheets.values.batchGet": 2, "sheets.spreadsheets.get": 1}
    convos = snapshot.tab("Conversations")
    people = read_workbook(sheets, load_schema(), ["People"], today=mw.TODAY).tab("People")   # the digest's read
    assert [r.values["organizer"] for r in people.rows] == ["Rosa"] * 4 + ["Luis"] * 4   # implied by the tab
    leaders = {r.values["name"] for r in people.rows if r.values.get("leader")}
    assert leaders == {"Ana Ruiz", "Bea Soto", "Dora Paz", "Eva Long", "Gus Hale"}   # Sí, ✔, x, Y, yes
    assert [r.values.get("assessment") for r in people.rows] == [1, 1, 3, None, 2, 5, 2, None]

    the_plan = overdue.plan_snapshot(snapshot, config, overdue.job_clock(config, None, mw.TODAY))
    items = followup.read_tab(convos, None, the_plan.settings.tz)
    followup.close(items, mw.TODAY)
    statuses = {sheets.origins["Conversations"][f.row.row_number - 2]:
                followup.status(f, mw.TODAY, 0, 3) for f in items}
    flagged = {where: s for where, s in statuses.items() if s.startswith("OVERDUE")}
    assert flagged == mw.OVERDUE
    assert the_plan.statuses["overdue"] == len(mw.OVERDUE)
    by_organizer = {}
    for f in items:
        if followup.status(f, mw.TODAY, 0, 3).startswith("OVERDUE"):
            by_organizer[f.row.values["organizer"]] = by_organizer.get(f.row.values["organizer"], 0) + 1
    assert by_organizer == {"Rosa": 1, "Luis": 1}                                   # the digest's hand count

    with pytest.raises(AdoptionNotApplied):                                      # nothing of theirs is written
        sheets.write([CellWrite("'Convos'!J2", [["Status"]])])


def test_a_second_adopt_changes_nothing(emulator, messy, capsys):
    config, path = messy
    assert main(["--config", path, "sheets", "adopt"]) == 0
    first = (config.data_dir / ADOPTION_FILE).read_text(encoding="utf-8")
    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0
    assert (config.data_dir / ADOPTION_FILE).read_text(encoding="utf-8") == first
