"""TabSnapshot's columns (column / raw_column / refs_column / set_column) say exactly what the rows'
dictionaries say, whether the rows share their tab's parsed columns, were built by hand, or are a subset."""

from __future__ import annotations

from datetime import date

from turfbook.schema import load_schema, parse_workbook
from turfbook.schema.model import Row, TabSnapshot

SCHEMA = load_schema()
TODAY = date(2026, 11, 23)
CONVERSATIONS = [["ID", "Date", "Person", "Notes"],
                 ["C-000001", "2026-11-20", "ana ruiz", "  hello "],
                 ["C-000002", "", "Nobody", ""],
                 ["C-000003", "31/02/2026", "", "x"]]


def snapshot():
    tabs = {"People": [["ID", "Name"], ["P-000001", "Ana Ruiz"]], "Conversations": [list(r) for r in CONVERSATIONS],
            "Settings": [["Setting", "Value"]]}
    return parse_workbook(SCHEMA, tabs, today=TODAY, tabs=list(tabs))


def by_rows(tab: TabSnapshot, name: str, key: str) -> list:
    return [getattr(row, name).get(key) for row in tab.rows]


def test_columns_equal_the_rows_dictionaries_without_building_them():
    tab = snapshot().tab("Conversations")
    dicts = tab.rows[0]._dicts
    got = {(name, key): tab._column(name, key) for name in ("values", "raw", "refs")
           for key in ("id", "date", "person", "notes", "kind")}
    assert dicts._built == {}                                  # nothing built for them
    for (name, key), column in got.items():
        assert list(column) == by_rows(tab, name, key), (name, key)
    assert got[("values", "date")] == [date(2026, 11, 20), None, None]
    assert got[("raw", "date")] == ["2026-11-20", None, "31/02/2026"]
    assert got[("refs", "person")] == ["P-000001", None, None]


def test_set_column_before_and_after_the_dictionaries_are_built():
    tab = snapshot().tab("Conversations")
    tab.set_column("status", ["done", None, "OVERDUE 3d"])
    assert tab.rows[0]._dicts._built == {}
    assert tab.column("status") == ["done", None, "OVERDUE 3d"]
    assert [r.values["status"] for r in tab.rows] == ["done", None, "OVERDUE 3d"]
    assert [r.raw["status"] for r in tab.rows] == ["done", None, "OVERDUE 3d"]
    tab.set_column("flagged_at", [None, date(2026, 11, 1), None], ["", 46000, ""])      # built now: row by row
    assert [r.values["flagged_at"] for r in tab.rows] == [None, date(2026, 11, 1), None]
    assert tab.raw_column("flagged_at") == ["", 46000, ""]


def test_a_subset_and_hand_built_rows_read_their_own_cells():
    tab = snapshot().tab("Conversations")
    part = TabSnapshot(tab.name, tab.header, tab.columns, [tab.rows[2], tab.rows[0]])
    assert part.column("notes") == ["x", "hello"]
    assert part.refs_column("person") == [None, "P-000001"]
    assert part.ref_keys() == ["person"]
    hand = TabSnapshot("Conversations", [], {}, [Row("Conversations", 2, "C-1", {"notes": "a"}, {"notes": "a"},
                                                     {"person": "P-1"})])
    assert hand.column("notes") == ["a"] and hand.refs_column("person") == ["P-1"] and hand.ref_keys() == ["person"]
    hand.set_column("notes", ["b"])
    assert hand.rows[0].values["notes"] == "b" and hand.rows[0].raw["notes"] == "b"


def test_rows_changed_after_a_read_are_seen():
    tab = snapshot().tab("Conversations")
    assert tab.column("notes") == ["hello", None, "x"]
    tab.rows = tab.rows[::-1]                     # a new list: the shared columns are looked up again
    assert tab.column("notes") == ["x", None, "hello"]
    tab.rows.pop()                                # the same list, changed in place
    assert tab.column("notes") == ["x", None]
