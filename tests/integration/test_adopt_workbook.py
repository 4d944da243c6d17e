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
    assert stats["writes"] == 0 and stats["reads"] == 3, stats   # one get, one batchGet, one of the header formulas
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


def staff_cells(ws, sheet_id) -> dict[str, set[tuple]]:
    """Every staff row of the team's own sheets as typed (formulas as formulas), columns A..I: what adoption,
    IDs and the jobs must never change."""
    values = ws.sheets(sheet_id).read_tabs(["Contacts - Rosa", "Contacts - Luis", "Convos", "Budget"],
                                           render="FORMULA")
    return {t: [tuple((list(r) + [""] * 9)[:9]) for r in rows] for t, rows in values.items()}


def shown(ws, sheet_id, title: str, column: str) -> dict[int, object]:
    """What a person sees in `column` (header text) of `title`, by sheet row (1-based), below the header."""
    rows = ws.sheets(sheet_id).read_tabs([title])[title]
    header_at = next(i for i, r in enumerate(rows) if column in r)
    at = rows[header_at].index(column)
    return {n: (r[at] if at < len(r) else "") for n, r in enumerate(rows, 1) if n > header_at + 1}


def test_adopt_end_to_end_ids_overdue_digest_and_second_runs_write_nothing(emulator, messy, capsys):
    config, path = messy
    ws = connect(config)
    sheet_id = config.google.spreadsheet_id
    before = staff_cells(ws, sheet_id)
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "'Convos': J ID, K Status, L Flagged at, M Problems added on row 2" in out
    assert "'Contacts - Rosa': J ID, K Last contact, L Next follow-up, M Status, N Problems added on row 3" in out
    assert "16 ID(s) given to existing rows" in out
    es = (config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "## Agregado a su libro" in es and "16 ID dado(s) a filas existentes" in es
    assert staff_cells(ws, sheet_id) == before                             # not one staff cell changed

    # IDs on the team's own header rows' columns; the merged title above the header untouched
    rosa = ws.sheets(sheet_id).read_tabs(["Contacts - Rosa"])["Contacts - Rosa"]
    assert rosa[0] == ["Contactos de Rosa — Hartford 2026"] and rosa[2][9:] == \
        ["ID", "Last contact", "Next follow-up", "Status", "Problems"]
    ids = {t: shown(ws, sheet_id, t, "ID") for t in ("Contacts - Rosa", "Contacts - Luis", "Convos")}
    assert ids["Contacts - Rosa"] == {4: "P-000001", 5: "P-000002", 6: "P-000003", 7: "P-000004"}
    assert ids["Contacts - Luis"] == {2: "P-000005", 3: "P-000006", 4: "P-000007", 5: "P-000008"}
    assert ids["Convos"] == {n: f"C-{n - 2:06d}" for n in range(3, 11)}

    workspace = _connect(config)
    result = overdue.run(workspace, today=mw.TODAY)
    assert result.ok, result.summary
    status = shown(ws, sheet_id, "Convos", "Status")
    assert {("Convos", n): s for n, s in status.items() if str(s).startswith("OVERDUE")} == mw.OVERDUE
    assert staff_cells(ws, sheet_id) == before

    assert main(["--config", path, "sheets", "check"]) == 0               # the schema job, through the mapping
    problems = by_name(ws, sheet_id, "Convos", "Name", "Problems")
    assert {n: p for n, p in problems.items() if p} == {
        "Dora Paz": "Follow-up due '31/02/2026' is not a date / Follow-up due '31/02/2026' no es una fecha",
        "Gus Hale": "Assessment after 'tal vez' is not a whole number or one of: leader, lider, l, lead, supporter, "
                    "a favor / Assessment after 'tal vez' no es un número entero ni uno de: leader, lider, l, lead, "
                    "supporter, a favor"}                                   # EN/ES (a21p 11)
    assert staff_cells(ws, sheet_id) == before

    from turfbook.jobs import digest

    prepared = digest.prepare(_connect(config), today=mw.TODAY)
    assert prepared.digest.follow_ups.overdue.now == 2                      # hand count: Bea, Eva
    assert {line.organizer: line.count.now for line in prepared.digest.follow_ups.by_organizer} == \
        {"Rosa": 1, "Luis": 1}
    # the week before TODAY (Fri 20 Nov) is 9-15 Nov: Hana's text (Luis); the week before it, the other 7
    conversations = prepared.digest.conversations
    assert (conversations.total.now, conversations.total.before) == (1, 7)
    assert {n.label: (n.count.now, n.count.before) for n in conversations.by_organizer} == \
        {"Rosa": (0, 4), "Luis": (1, 3)}
    assert [(line.oldest_person, line.oldest_days) for line in prepared.digest.follow_ups.by_organizer] == \
        [("Bea Soto", 8), ("Eva Long", 2)]
    assert [line.oldest_link.rsplit("#", 1)[1] for line in prepared.digest.follow_ups.by_organizer] == \
        ["gid=2&range=A4", "gid=2&range=A7"]                                # their rows in Convos

    emulator.reset_stats()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert overdue.run(_connect(config), today=mw.TODAY).ok
    assert main(["--config", path, "sheets", "check"]) == 0
    assert emulator.stats()["writes"] == 0, emulator.stats()
    assert staff_cells(ws, sheet_id) == before


def by_name(ws, sheet_id, title: str, name_header: str, column: str) -> dict[str, object]:
    names, values = shown(ws, sheet_id, title, name_header), shown(ws, sheet_id, title, column)
    return {names[n]: values.get(n, "") for n in names if names[n]}


def test_a_staff_insert_and_sort_between_adopt_and_overdue_keeps_every_value_on_its_row(emulator, messy, capsys):
    config, path = messy
    ws = connect(config)
    sheet_id = config.google.spreadsheet_id
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    ids = {t: by_name(ws, sheet_id, t, "Name", "ID") for t in ("Convos", "Contacts - Luis")}
    rows = {t: ws.sheets(sheet_id).read_tabs([t])[t] for t in ("Convos", "Contacts - Luis")}

    # a person inserts a column before Name in Convos, then sorts both tabs' rows by name, Z to A
    ws.sheets(sheet_id).batch_update([
        {"insertDimension": {"range": {"sheetId": 2, "dimension": "COLUMNS", "startIndex": 1, "endIndex": 2}}},
        sort(2, 2, 10, 11, by=2),
        sort(1, 1, 5, 10, by=0),
    ])
    convos = ws.sheets(sheet_id).read_tabs(["Convos"])["Convos"]
    assert convos[2][2] == "Hana Kim" and convos[1][1] == ""                # the edit is there

    assert overdue.run(_connect(config), today=mw.TODAY).ok
    status = by_name(ws, sheet_id, "Convos", "Name", "Status")
    assert {n: s for n, s in status.items() if str(s).startswith("OVERDUE")} == \
        {"Bea Soto": "OVERDUE 8d", "Eva Long": "OVERDUE 2d"}
    assert {t: by_name(ws, sheet_id, t, "Name", "ID") for t in ids} == ids  # each ID still on its person's row
    after = [r[:1] + r[2:] for r in ws.sheets(sheet_id).read_tabs(["Convos"])["Convos"]]   # without the new column
    assert rowset(after[2:]) == rowset(rows["Convos"][2:])            # staff cells + ID, row by row
    luis = ws.sheets(sheet_id).read_tabs(["Contacts - Luis"])["Contacts - Luis"]
    assert rowset(luis[1:]) == rowset(rows["Contacts - Luis"][1:])


def sort(sheet: int, first: int, end: int, columns: int, by: int) -> dict:
    """A person's "Sort range" of rows first..end-1 (0-based), columns A.., Z to A by column `by`."""
    return {"sortRange": {"range": {"sheetId": sheet, "startRowIndex": first, "endRowIndex": end, "startColumnIndex": 0,
                                    "endColumnIndex": columns},
                          "sortSpecs": [{"dimensionIndex": by, "sortOrder": "DESCENDING"}]}}


def rowset(rows: list[list]) -> list[tuple]:
    """Each row's staff cells and ID (A..J), in an order that does not depend on the sheet's."""
    return sorted((tuple((list(r) + [""] * 10)[:10]) for r in rows), key=repr)


def test_guarded_row_writes_and_appends_go_to_the_right_sheet_under_its_own_header_row(emulator, messy, capsys):
    """row_writes / row_appends through an adopted workbook (the field job's path): a logical tab over a sheet
    per organizer, each sheet's own header row (3 under Rosa's merged title) and header texts."""
    from turfbook.schema.row_appends import append_rows
    from turfbook.schema.row_writes import RowWrite, write_rows

    config, path = messy
    ws = connect(config)
    sheet_id = config.google.spreadsheet_id
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    sheets = _connect(config).sheets()
    left = append_rows(sheets, "People", "ID", [
        RowWrite("P-000009", {"ID": "P-000009", "Name": "Iris Vega", "Phone": "860-555-0105", "Organizer": "Rosa"}),
        RowWrite("P-000010", {"ID": "P-000010", "Name": "Juan Ortiz", "Organizer": "Luis", "Language": "es"})],
        "test_appends")
    assert left == []
    rosa = ws.sheets(sheet_id).read_tabs(["Contacts - Rosa"])["Contacts - Rosa"]
    assert rosa[7][:2] == ["Iris Vega", "860-555-0105"] and rosa[7][9] == "P-000009"   # under Name, Teléfono, ID
    luis = ws.sheets(sheet_id).read_tabs(["Contacts - Luis"])["Contacts - Luis"]
    assert luis[5][0] == "Juan Ortiz" and luis[5][9] == "P-000010"           # no Language column there: not written

    assert write_rows(sheets, "People", "ID", [RowWrite("P-000004", {"Notes": "llamar el lunes"}),
                                               RowWrite("P-000006", {"Notes": "call Monday"})], "test_writes") == []
    assert by_name(ws, sheet_id, "Contacts - Rosa", "Name", "Notas")["Dora Paz"] == "llamar el lunes"
    assert by_name(ws, sheet_id, "Contacts - Luis", "Name", "Notas")["Finn Cole"] == "call Monday"
    assert rosa[0] == ["Contactos de Rosa — Hartford 2026"] and rosa[1] == []
