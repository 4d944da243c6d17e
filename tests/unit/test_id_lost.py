"""a21l l8 (pure): an ID on no row at the last read, typed back over the new ID its record's row was given, is
kept (not "sorted": no sort brings back an ID no row carried); one still carried elsewhere is not; and which
rows with no ID look like a record whose ID is on no row (id_lost.resembling: every word of its key but one)."""

from __future__ import annotations

from turfbook.schema.adopt_sorted import DEAD, check, row_key
from turfbook.schema.id_lost import resembling
from turfbook.schema.loader import load_schema
from turfbook.schema.model import Row
from turfbook.schema.reader import parse_workbook

TAB = load_schema().tab("People")


def _rows(pairs: list[tuple[str | None, str]]) -> list[Row]:
    return [Row("People", n + 2, i, {"id": i, "name": name}, {"id": i, "name": name} if i else {"name": name})
            for n, (i, name) in enumerate(pairs)]


def _key(name: str) -> str:
    return row_key(TAB, {"name": name})


def test_a_dead_id_typed_back_over_the_new_one_is_kept():
    stored = {"P-000001": DEAD + _key("Zed Amse Li"), "P-000002": _key("Bo Li"), "P-000003": _key("Zed Ames Li")}
    assert check(TAB, _rows([("P-000001", "Zed Ames Li"), ("P-000002", "Bo Li")]), stored) is None


def test_a_live_id_typed_over_a_record_whose_id_is_on_no_row_still_holds_the_tab():
    stored = {"P-000001": _key("Ana"), "P-000002": _key("Bo Li"), "P-000003": _key("Zed Ames Li")}
    found = check(TAB, _rows([("P-000001", "Zed Ames Li"), ("P-000002", "Bo Li")]), stored)
    assert found is not None and [(r.id, x) for r, x in found.moved] == [("P-000001", "P-000003")]


def _found(rows: list[tuple[str, str]], stored: dict[str, str]) -> dict[int, str]:
    snapshot = parse_workbook(load_schema(), {"People": [["Name", "ID"], *[[n, i] for n, i in rows]]}, tabs=["People"])
    return resembling(TAB, snapshot.tabs["People"], stored)


def test_a_row_with_every_word_but_one_of_a_gone_record_looks_like_it():
    stored = {"P-000001": DEAD + _key("Zed Amse Li"), "P-000002": _key("Bo Li")}
    assert _found([("Zed Ames Li", ""), ("Bo Li", "P-000002")], stored) == {0: "P-000001"}
    assert _found([("Zed Amse", ""), ("Bo Li", "P-000002")], stored) == {0: "P-000001"}     # every word but one


def test_not_a_shared_word_alone_nor_a_row_with_an_id_nor_two_candidates():
    stored = {"P-000001": DEAD + _key("Zed Amse Li"), "P-000002": _key("Bo Li")}
    assert _found([("Ana Ruiz Li", ""), ("Bo Li", "P-000002")], stored) == {}
    assert _found([("Zed Ames Li", "P-000009"), ("Bo Li", "P-000002")], stored) == {}
    assert _found([("Zed Ames Li", ""), ("Zed Amse Lo", ""), ("Bo Li", "P-000002")], stored) == {}
    assert _found([("Zed Ames Li", "")], stored) == {}               # no row carries an ID: a new ID column
