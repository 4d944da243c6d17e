"""Row parsing, Settings, stable-ID plans and possible duplicates: pure, no Google."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema import load_schema, parse_workbook
from turfbook.schema.duplicates import find_possible_duplicates
from turfbook.schema.ids import plan_ids

SCHEMA = load_schema()
TODAY = date(2026, 11, 23)


def book(**tabs):
    base = {"People": [["ID", "Name", "Phone", "Email", "Worksite"]], "Worksites": [["ID", "Name"]],
            "Conversations": [["ID", "Date", "Person"]], "Settings": [["Setting", "Value"]]}
    return parse_workbook(SCHEMA, {**base, **tabs}, today=TODAY, tabs=list({**base, **tabs}))


def test_values_are_parsed_by_type_and_refs_resolve_to_ids():
    snap = book(People=[["ID", "Name", "Leader", "Assessment", "Tags", "Worksite"],
                        ["P-000001", "Ana Ruiz", True, 2.0, "parent, ES", "little stars"]],
                Worksites=[["ID", "Name"], ["W-0001", "Little Stars"]],
                Conversations=[["ID", "Date", "Person", "Kind"], ["C-000001", "21 de noviembre de 2026", "ana ruiz",
                                                                  "House Visit"]])
    assert snap.problems == []
    ana = snap.tab("People").rows[0]
    assert ana.values["leader"] is True and ana.values["assessment"] == 2 and ana.values["tags"] == ["parent", "ES"]
    assert ana.values["worksite"] == "Little Stars" and ana.refs["worksite"] == "W-0001"
    talk = snap.tab("Conversations").rows[0]
    assert talk.values["date"] == date(2026, 11, 21)
    assert talk.values["person"] == "Ana Ruiz" and talk.refs["person"] == "P-000001"
    assert talk.values["kind"] == "house visit"
    assert talk.values["notes"] is None                       # every schema key is present


def test_settings_tab_overrides_timezone_and_typed_values():
    snap = book(Settings=[["Setting", "Value"], ["Timezone", "America/Chicago"], ["grace days", 2],
                          ["digest_recipients", "a@x.org; b@x.org"]],
                Media=[["ID", "Captured at"], ["M-000001", "2026-11-21 14:30"]])
    assert snap.settings["timezone"] == "America/Chicago"
    assert snap.settings["grace_days"] == 2 and snap.settings["due_soon_days"] == 3
    assert snap.settings["digest_recipients"] == ["a@x.org", "b@x.org"]
    captured = snap.tab("Media").rows[0].values["captured_at"]
    assert captured == datetime(2026, 11, 21, 14, 30, tzinfo=ZoneInfo("America/Chicago"))


def test_formula_looking_text_stays_text():
    snap = book(People=[["ID", "Name"], ["P-000001", '=IMPORTXML("http://x","//a")']])
    assert snap.tab("People").rows[0].values["name"] == '=IMPORTXML("http://x","//a")'


def test_ids_continue_from_the_highest_seen_and_copies_get_new_ones():
    snap = book(People=[["ID", "Name"], ["P-000007", "Ana"], ["", "Bea"], ["P-000007", "Ana copy"], ["P-000002", "Cy"]],
                Conversations=[["ID", "Date", "Person"], ["", 46300, "P-000009"]])
    plan = plan_ids(snap, SCHEMA)
    assigned = {(w.tab, w.row_number): (w.old_id, w.new_id) for w in plan}
    # P-000009 is referenced (its row was deleted), so it is never handed out again
    assert assigned == {("People", 3): (None, "P-000010"), ("People", 4): ("P-000007", "P-000011"),
                        ("Conversations", 2): (None, "C-000001")}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 30)), max_size=30))
def test_planned_ids_are_unique_and_new(numbers):
    rows = [["ID", "Name"]] + [[f"P-{n:06d}" if n else "", f"person {i}"] for i, n in enumerate(numbers)]
    plan = plan_ids(book(People=rows), SCHEMA)
    existing = {f"P-{n:06d}" for n in numbers if n}
    new = [w.new_id for w in plan]
    assert len(set(new)) == len(new) and not set(new) & existing
    final = [r[0] for r in rows[1:]]
    for w in plan:
        final[w.row_number - 2] = w.new_id
    assert len(set(final)) == len(final)


def test_possible_duplicates_by_phone_email_and_similar_names():
    snap = book(People=[["ID", "Name", "Phone", "Email", "Worksite"],
                        ["P-000001", "María López", "(860) 555-0101", "maria@x.org", "Little Stars"],
                        ["P-000002", "Maria Lopes", "", "", "Little Stars"],
                        ["P-000003", "Ana Ruiz", "1-860-555-0101", "", "Sunshine"],
                        ["P-000004", "Bea Soto", "", "MARIA@x.org", "Sunshine"],
                        ["P-000005", "Maria Lopez", "", "", "Sunshine"],
                        ["P-000006", "Ruiz Ana", "", "", "Sunshine"]],
                Worksites=[["ID", "Name"], ["W-0001", "Little Stars"], ["W-0002", "Sunshine"]])
    found = find_possible_duplicates(snap)
    pairs = {(p.message.split(": ")[0], p.column) for p in found}
    assert pairs == {("People rows P-000001 and P-000002", "Name"), ("People rows P-000001 and P-000003", "Phone"),
                     ("People rows P-000001 and P-000004", "Email"), ("People rows P-000003 and P-000006", "Name")}
    assert all(p.kind == "possible_duplicate" and "not merged" not in p.message for p in found)


CELLS = st.one_of(st.text(max_size=12), st.integers(-10, 60000), st.floats(allow_nan=False, allow_infinity=False),
                  st.booleans(), st.just(""))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=18), max_size=8), st.lists(st.text(max_size=10), max_size=18))
def test_any_cells_parse_without_crashing_and_every_problem_names_its_place(rows, header):
    snap = book(Conversations=[header or ["ID", "Date", "Person"], *rows])
    for problem in snap.problems:
        assert problem.tab and problem.message.startswith(problem.tab)
        assert problem.column or problem.kind == "missing_tab"


def test_rows_build_their_dicts_on_first_use_and_equal_rows_built_by_hand():
    """Rows read share their tab's columns (issue 22): raw leaves blank cells out, refs only ref columns,
    values every key; the dicts are plain and may be changed, and a row equals one built with its dicts."""
    from turfbook.schema.model import Row

    snap = book(People=[["ID", "Name", "Phone", "Worksite"], ["P-000001", "Ana Ruiz", "", "little stars"],
                        ["P-000002", "Ben Cole", "860 555 0101", ""]],
                Worksites=[["ID", "Name"], ["W-0001", "Little Stars"]])
    ana, ben = snap.tab("People").rows
    assert ana.raw == {"id": "P-000001", "name": "Ana Ruiz", "worksite": "little stars"}
    assert ben.raw == {"id": "P-000002", "name": "Ben Cole", "phone": "860 555 0101"}
    assert ana.refs == {"worksite": "W-0001"} and ben.refs == {}
    assert set(ben.values) == {c.key for c in SCHEMA.tab("People").columns} and ben.values["worksite"] is None
    ben.values["name"] = "Benito Cole"
    assert snap.tab("People").rows[1].get("name") == "Benito Cole"
    assert ana == Row("People", 2, "P-000001", dict(ana.values), dict(ana.raw), dict(ana.refs))
    assert ana != Row("People", 2, "P-000001", dict(ana.values), {}, dict(ana.refs))


def test_ids_and_text_read_alike_on_the_quick_and_the_careful_path():
    """parse_rows decides a tab of own IDs by one regex and a text column of strings only by str.strip mapped:
    the same IDs flagged and the same values as cell by cell (two IDs in one cell, a blank-looking cell)."""
    ok = book(People=[["ID", "Name"], ["P-000001", " Ana "], ["P-000002", "Bea"]])
    assert [r.values["name"] for r in ok.tab("People").rows] == ["Ana", "Bea"] and ok.problems == []
    joined = book(People=[["ID", "Name"], ["P-000001\nP-000002", "Ana"], ["P-000003", "   "]])
    rows = joined.tab("People").rows
    assert rows[0].id is None and rows[1].id == "P-000003"
    assert [p.kind for p in joined.problems if p.row_id == "P-000001\nP-000002"] == ["invalid"]
    assert rows[1].values["name"] == ""                       # spaces: trimmed text, as cell by cell


def test_a_phone_column_reads_alike_whole_or_cell_by_cell():
    """A column of valid phones is decided in one pass (all_phones); one bad number sends it cell by cell."""
    good = book(People=[["ID", "Name", "Phone"], ["P-000001", "Ana", " (555) 123-4567 "],
                        ["P-000002", "Bea", "+1 555 765 4321 ext 9"]])
    assert [r.values["phone"] for r in good.tab("People").rows] == ["(555) 123-4567", "+1 555 765 4321 ext 9"]
    assert good.problems == []
    split = book(People=[["ID", "Name", "Phone"], ["P-000001", "Ana", "555\n1234567"]])   # cell by cell: a phone
    assert split.tab("People").rows[0].values["phone"] == "555\n1234567" and split.problems == []
    for bad in ("555-12", "555 123 4567 call me", "1234567890123456"):
        snap = book(People=[["ID", "Name", "Phone"], ["P-000001", "Ana", "555-123-4567"], ["P-000002", "Bea", bad]])
        rows = snap.tab("People").rows
        assert rows[0].values["phone"] == "555-123-4567" and rows[1].values["phone"] is None, bad
        assert [p.kind for p in snap.problems] == ["invalid"], bad
