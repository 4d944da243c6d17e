"""The read path's column-at-a-time shortcuts give what the one-cell-at-a-time rules give (issue 22): fold_all is
fold, a reference column folded at once matches as make_ref_parser does, rows made on first use are the rows
parse_rows makes, and a tab's columns read before its rows exist are the rows' values."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema import load_schema, parse_workbook
from turfbook.schema.cells import CellError, ParseContext, make_ref_parser
from turfbook.schema.columns import match_columns
from turfbook.schema.reader import _lookups
from turfbook.schema.rows import _Column, parse_rows
from turfbook.schema.text import fold, fold_all

SCHEMA = load_schema()
TODAY = date(2026, 11, 23)
TEXTS = st.lists(st.text(alphabet=st.sampled_from(list("aZ9 -_./\t\n\x00\x1fé–Ñ ﬁ")), max_size=8)
                 | st.text(max_size=8), max_size=12)


@given(TEXTS)
@settings(max_examples=300)
def test_fold_all_is_fold_of_each(texts):
    assert fold_all(texts) == [fold(t) for t in texts]


def _book(people, conversations):
    return {"People": [["ID", "Name"], *people], "Conversations": [["ID", "Date", "Person"], *conversations],
            "Settings": [["Setting", "Value"]]}


PEOPLE = [["P-000001", "Ana Ruiz"], ["P-000002", "Bea  Cole"], ["P-000003", "Cruz Peña"], ["P-000004", "Ana Ruiz"],
          ["P-000005", "Dee"], ["", "No Id"]]


def test_a_reference_column_matches_as_the_per_cell_parser():
    cells = ("P-000001", " p-000002 ", "bea cole", "BEA-COLE", "cruz pena", "Ana Ruiz", "nobody", "  ", "",
             None, 7, 7.0, True, "no id", "P-000009", "Dee", "dee\t")
    data = _book(PEOPLE, [])
    tab = SCHEMA.tab("Conversations")
    matches = {t.name: match_columns(t, data[t.name][0], data[t.name][1:]) for t in SCHEMA.tabs if t.name in data}
    ctx = ParseContext(today=TODAY)
    ctx.lookups = _lookups(SCHEMA, {fold(title): rows for title, rows in data.items()}, matches)
    column = _Column(tab, tab.column("person"), "Person", ctx)
    memo = column._memo(set(cells))
    one = make_ref_parser(tab.column("person"), ctx)
    for raw in set(cells):
        if raw == "" or raw is None:
            continue
        try:
            expected = (*one(raw), None)
        except CellError as exc:
            expected = (None, None, str(exc))
        assert memo[raw] == expected, raw


def test_rows_made_on_first_use_are_the_rows_parse_rows_makes():
    people = PEOPLE + [["P-000002", "Bea copy"], ["X-1", "Bad id"]]
    talks = [["C-000001", 46300, "P-000001"], ["C-000002", "21/11/2026", "ana ruiz"], ["C-000003", "", "nobody"],
             ["", "", ""], ["C-000004", 46301, " P-000003 "]]
    data = _book(people, talks)
    lazy = parse_workbook(SCHEMA, data, today=TODAY, tabs=["People", "Conversations"])
    conversations = lazy.tab("Conversations")
    before = {key: conversations.column(key) for key in ("date", "person", "notes")}
    refs = conversations.refs_column("person")
    assert "_rows" not in conversations.__dict__                 # columns read without making rows
    rows = conversations.rows
    assert [r.values.get("person") for r in rows] == before["person"]
    assert [r.values.get("date") for r in rows] == before["date"] and before["notes"] == [None] * len(rows)
    assert [r.refs.get("person") for r in rows] == refs
    assert [r.row_number for r in rows] == [2, 3, 4, 6]           # the blank row skipped
    tab = SCHEMA.tab("People")
    header = data["People"][0]
    eager, problems = parse_rows(tab, [list(r) for r in data["People"]], {"id": 0, "name": 1}, header,
                                 ParseContext(today=TODAY))
    people_tab = lazy.tab("People")
    assert [(r.row_number, r.id, r.values, r.raw, r.refs) for r in people_tab.rows] == \
        [(r.row_number, r.id, r.values, r.raw, r.refs) for r in eager]
    assert people_tab.by_id()["P-000001"].values["name"] == "Ana Ruiz"
    assert [r.id for r in people_tab.rows][-1] is None                          # X-1 is not a P- ID
    kinds = [(p.kind, p.row_number) for p in people_tab.problems]
    assert ("duplicate_id", 8) in kinds and ("invalid", 9) in kinds
    assert [p.message for p in problems if p.kind == "invalid"] == \
        [p.message for p in people_tab.problems if p.kind == "invalid"]


def test_rows_set_by_a_job_replace_the_ones_not_yet_made():
    snap = parse_workbook(SCHEMA, _book(PEOPLE, []), today=TODAY, tabs=["People", "Conversations"])
    people = snap.tab("People")
    people.rows = people.rows[:2]
    assert [r.id for r in people.rows] == ["P-000001", "P-000002"]
    assert people.column("name") == ["Ana Ruiz", "Bea  Cole"]
    people.set_column("notes", ["a", "b"])
    assert [r.values["notes"] for r in people.rows] == ["a", "b"]


def test_each_row_gets_its_own_list_though_the_column_shares_them():
    data = {"Issues": [["ID", "Name"], ["I-0001", "Low pay"], ["I-0002", "Mold"]], "Settings": [["Setting", "Value"]],
            "Conversations": [["ID", "Date", "Issues raised"], ["C-000001", 46300, "low pay, mold"],
                              ["C-000002", 46300, "low pay, mold"], ["C-000003", 46300, ""]]}
    talks = parse_workbook(SCHEMA, data, today=TODAY, tabs=["Conversations"]).tab("Conversations")
    assert talks.column("issues") == [["Low pay", "Mold"], ["Low pay", "Mold"], None]
    first, second, third = talks.rows
    first.values["issues"].append("changed")
    assert second.values["issues"] == ["Low pay", "Mold"] and third.values["issues"] is None
