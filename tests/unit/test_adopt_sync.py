"""adopt_sync / adopt_tabs.resolve: an adopted workbook followed by sheetId (attack a21e 10, 13, 17). Pure."""

from __future__ import annotations

from turfbook.schema.adopt_layout import Layout, SheetLayout
from turfbook.schema.adopt_sync import noted, retitle, sheet_ids, with_ids
from turfbook.schema.adopt_tabs import OwnTabs, plan_own_tabs, resolve
from turfbook.schema.header_match import Match
from turfbook.schema.loader import load_schema


def _sheet(title: str, tab: str, sheet_id: int) -> SheetLayout:
    return SheetLayout(title, tab, Match(title, tab, "stored", 1.0), 1, [], sheet_id=sheet_id)


def test_swapped_titles_follow_their_sheet_ids_and_a_deleted_sheet_is_dropped():
    layout = Layout(sheets=[_sheet("Contacts", "People", 1), _sheet("Convos", "Conversations", 2),
                            _sheet("Old", "People", 3)])
    changed = retitle(layout, {1: "Convos", 2: "Contacts"})
    assert [(s.title, s.tab) for s in layout.sheets] == [("Convos", "People"), ("Contacts", "Conversations")]
    assert changed == {"Contacts": "Convos", "Convos": "Contacts", "Old": None}


def test_sheet_ids_need_both_in_the_mask_and_google_leaves_out_a_zero():
    meta = {"sheets": [{"properties": {"title": "A"}}, {"properties": {"sheetId": 7, "title": "B"}}]}
    assert sheet_ids(meta, "sheets.properties(sheetId,title)") == {0: "A", 7: "B"}
    assert sheet_ids(meta, "sheets.properties.title") is None


def test_turfbook_tabs_by_sheet_id_a_title_taken_by_the_team_is_theirs():
    schema = load_schema()
    own = OwnTabs({"Problems": "Problems", "Wall chart": "Wall chart"}, ids={"Problems": 11, "Wall chart": 12})
    resolve(schema, own, {900: "Problems", 500: "Wall chart", 1: "Contacts"})     # both made by staff since
    assert own.titles == {"Problems": "Turfbook problems", "Wall chart": "Turfbook wall chart"}
    assert own.theirs == ["Problems", "Wall chart"]
    resolve(schema, own, {900: "Problems", 500: "Wall chart", 12: "Turfbook wall chart", 11: "Renamed"})
    assert own.titles == {"Problems": "Renamed", "Wall chart": "Turfbook wall chart"}


def test_adopt_plans_a_reserved_sheet_id_and_keeps_it():
    schema = load_schema()
    values = {"Contacts": [["Name"]], "Problems": [["Site", "Problem"]]}
    first = plan_own_tabs(schema, values, None, None, {"Contacts": 0, "Problems": 900})
    assert first.titles["Problems"] == "Turfbook problems" and first.theirs == ["Problems"]
    assert first.ids["Problems"] not in (0, 900)
    again = plan_own_tabs(schema, {**values, "Turfbook problems": [["Job", "Tab", "Row ID", "Kind"]]},
                          first.titles, first.ids, {"Contacts": 0, "Problems": 900,
                                                    "Turfbook problems": first.ids["Problems"]})
    assert (again.titles, again.ids, again.theirs) == (first.titles, first.ids, first.theirs)


def test_a_sheet_made_in_a_batch_takes_turfbooks_sheet_id_everywhere_and_is_noted():
    requests = [{"addSheet": {"properties": {"sheetId": 99, "title": "Wall chart"}}},
                {"repeatCell": {"range": {"sheetId": 99, "startRowIndex": 0}}}]
    swapped = with_ids(requests, {99: 7})
    assert swapped[1]["repeatCell"]["range"]["sheetId"] == 7
    seen = {1: "Contacts"}
    noted(seen, swapped)
    assert seen == {1: "Contacts", 7: "Wall chart"}
