"""plan_init is pure: what it plans for an empty, a partial and an up-to-date workbook."""

from __future__ import annotations

from turfbook.schema import load_schema
from turfbook.schema.columns import match_columns
from turfbook.schema.formatting import is_ours, status_rules
from turfbook.schema.init_plan import FINGERPRINT_KEY, SAMPLE, header_ranges, plan_init, sample_ranges
from turfbook.workspace.sheets import grid_values

SCHEMA = load_schema()


def kinds(plan):
    return [next(iter(r)) for r in plan.requests]


def test_empty_spreadsheet_gets_every_tab_with_headers_and_settings():
    plan = plan_init(SCHEMA, {"sheets": []}, {})
    assert kinds(plan).count("addSheet") == len(SCHEMA.tabs)
    assert {"setDataValidation", "addConditionalFormatRule", "addProtectedRange", "updateCells",
            "updateDimensionProperties", "repeatCell", "createDeveloperMetadata"} <= set(kinds(plan))
    headers = {w.range.split("!")[0]: w.values for w in plan.writes}
    assert headers["'People'"][0][:3] == ["ID", "Name", "Phone"]
    settings = [w for w in plan.writes if w.range.startswith("'Settings'!A2")][0]
    assert ["grace_days", 0] in settings.values
    protections = [r["addProtectedRange"]["protectedRange"] for r in plan.requests if "addProtectedRange" in r]
    assert all(p["warningOnly"] for p in protections)
    dates = [r["repeatCell"] for r in plan.requests if "repeatCell" in r]
    assert all(d["cell"]["userEnteredFormat"]["numberFormat"]["type"] in {"DATE", "DATE_TIME"} for d in dates)
    rules = [r["addConditionalFormatRule"]["rule"] for r in plan.requests if "addConditionalFormatRule" in r]
    assert len(rules) == 4 and all(is_ours(r) for r in rules)      # People and Conversations status
    assert rules[0]["booleanRule"]["condition"]["type"] == "CUSTOM_FORMULA"


def _applied(plan) -> dict:
    """What a get would return after applying `plan` to an empty spreadsheet (enough for plan_init)."""
    sheets = []
    for request in plan.requests:
        if "addSheet" in request:
            sheets.append({"properties": request["addSheet"]["properties"], "conditionalFormats": [],
                           "protectedRanges": [], "developerMetadata": []})
    by_id = {s["properties"]["sheetId"]: s for s in sheets}
    for request in plan.requests:
        if "addConditionalFormatRule" in request:
            rule = request["addConditionalFormatRule"]["rule"]
            by_id[rule["ranges"][0]["sheetId"]]["conditionalFormats"].append(rule)
        if "addProtectedRange" in request:
            p = request["addProtectedRange"]["protectedRange"]
            by_id[p["range"]["sheetId"]]["protectedRanges"].append({**p, "protectedRangeId": len(sheets)})
        if "createDeveloperMetadata" in request:
            m = request["createDeveloperMetadata"]["developerMetadata"]
            by_id[m["location"]["sheetId"]]["developerMetadata"].append({**m, "metadataId": 1})
    return {"sheets": sheets}


def test_an_up_to_date_workbook_plans_nothing():
    first = plan_init(SCHEMA, {"sheets": []}, {})
    headers = {}
    for w in first.writes:
        title = w.range.split("!")[0].strip("'")
        headers.setdefault(title, []).extend(w.values)
    second = plan_init(SCHEMA, _applied(first), headers)
    assert second.empty, second.describe()
    assert "up to date" in second.describe()


def test_a_changed_fingerprint_replaces_the_metadata_instead_of_adding_more():
    first = plan_init(SCHEMA, {"sheets": []}, {})
    meta = _applied(first)
    people = next(s for s in meta["sheets"] if s["properties"]["title"] == "People")
    people["developerMetadata"][0]["metadataValue"] = "stale"
    headers = {"People": [[c.header for c in SCHEMA.tab("People").columns]]}
    plan = plan_init(SCHEMA, {"sheets": [people]}, headers)
    assert kinds(plan).count("deleteDeveloperMetadata") == 1
    assert [r["createDeveloperMetadata"]["developerMetadata"]["metadataKey"]
            for r in plan.requests if "createDeveloperMetadata" in r][0] == FINGERPRINT_KEY


def test_moved_status_column_replaces_only_our_rules():
    sheet = {"properties": {"sheetId": 5, "title": "Conversations",
                            "gridProperties": {"rowCount": 1000, "columnCount": 26, "frozenRowCount": 1}},
             "conditionalFormats": [*status_rules(5, 13), {"ranges": [{"sheetId": 5}], "booleanRule": {
                 "condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "3"}]}}}],
             "protectedRanges": [], "developerMetadata": []}
    header = [c.header for c in SCHEMA.tab("Conversations").columns]
    header.insert(0, header.pop(header.index("Status")))
    plan = plan_init(SCHEMA, {"sheets": [sheet]}, {"Conversations": [header]})
    deletes = [r["deleteConditionalFormatRule"]["index"] for r in plan.requests if "deleteConditionalFormatRule" in r]
    assert deletes == [1, 0]                                   # staff's own rule (index 2) is kept


def test_typo_and_renamed_columns_are_matched_not_readded():
    tab = SCHEMA.tab("Conversations")
    header = ["ID", "Date", "Person", "Folow-up due", "Done on"]
    sample = [["C-000001", 46300, "Ana", 46310, 46312], ["C-000002", 46301, "Bo", 46311, 46313]]
    match = match_columns(tab, header, sample)
    assert match.renamed == {"follow_up_due": 3}
    # 'Done on' holds dates, but so could other missing date columns? flagged_at is also a date -> ambiguous
    assert "follow_up_done" not in match.renamed
    header = ["ID", "Date", "Person", "Follow-up due", "Follow-up done", "Flagged at", "Phone no."]
    people = SCHEMA.tab("People")
    match = match_columns(people, ["ID", "Name", "Digits"],
                          [["P-1", "A", "860-555-0101"], ["P-2", "B", "203 555 0102"]])
    assert match.renamed == {"phone": 2}
    match = match_columns(people, ["ID", "Name", "Cell"], [["P-1", "A", "860-555-0101"]])   # an alias (issue 21)
    assert match.columns["phone"] == 2 and not match.renamed


def test_headers_match_case_space_and_accent_insensitively():
    tab = SCHEMA.tab("People")
    match = match_columns(tab, ["  id ", "NAME", "e-mail", "Next   Follow up", "Lánguage"])
    assert match.columns == {"id": 0, "name": 1, "email": 2, "next_follow_up": 3, "language": 4}
    assert not match.renamed and not match.unknown


def test_settings_get_only_the_missing_default_rows():
    sheet = {"properties": {"sheetId": 3, "title": "Settings",
                            "gridProperties": {"rowCount": 1000, "columnCount": 26, "frozenRowCount": 1}}}
    values = [["Setting", "Value"], ["Timezone", "America/Chicago"], ["grace_days", 2]]
    plan = plan_init(SCHEMA, {"sheets": [sheet]}, {"Settings": values})
    [write] = [w for w in plan.writes if w.range.startswith("'Settings'")]
    assert write.range == "'Settings'!A4:B7"
    assert [r[0] for r in write.values] == ["due_soon_days", "digest_recipients", "structure_test_goal_pct", "locale"]


def test_sample_ranges_name_every_tab_so_one_get_returns_them_all():
    ranges = sample_ranges(SCHEMA)
    assert len(ranges) == len(SCHEMA.tabs)
    assert ranges[0] == f"'People'!1:{SAMPLE}"
    assert "'Wall chart'!A1" in ranges                              # free layout: properties only
    assert header_ranges(["People", "It's"], {"People": 5}) == ["'People'!1:5", f"'It''s'!1:{SAMPLE}"]


def test_grid_values_read_like_unformatted_values():
    """GridData -> the rows values.batchGet gives with UNFORMATTED_VALUE and SERIAL_NUMBER dates."""
    sheet = {"properties": {"title": "People"}, "data": [{"rowData": [
        {"values": [{"effectiveValue": {"stringValue": "ID"}}, {}, {"effectiveValue": {"stringValue": "Date"}}]},
        {},                                                                      # an empty row inside
        {"values": [{"effectiveValue": {"numberValue": 46300}, "formattedValue": "10/6/2026"},
                    {"effectiveValue": {"boolValue": True}, "formattedValue": "TRUE"},
                    {"effectiveValue": {"errorValue": {"type": "N_A", "message": "x"}}, "formattedValue": "#N/A"},
                    {"effectiveValue": {"numberValue": 2.5}}, {}, {}]},           # trailing empty cells
        {"values": [{}, {}]},                                                    # formats only: trailing row
    ]}]}
    assert grid_values(sheet) == [["ID", "", "Date"], [], [46300, True, "#N/A", 2.5]]
    assert grid_values({"properties": {}}) == []
    offset = {"data": [{"startRow": 1, "startColumn": 2, "rowData": [{"values": [{"effectiveValue": {
        "stringValue": "x"}}]}]}]}
    assert grid_values(offset) == [[], ["", "", "x"]]
