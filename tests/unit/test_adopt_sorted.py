"""adopt_sorted.check (pure): which rows sit next to another record's ID after a sort without the ID column."""

from __future__ import annotations

from turfbook.schema.adopt_sorted import check, row_key
from turfbook.schema.loader import load_schema
from turfbook.schema.model import Row

TAB = load_schema().tab("People")


def _rows(pairs: list[tuple[str | None, str]]) -> list[Row]:
    return [Row("People", n + 2, i, {"id": i, "name": name}, {"id": i, "name": name} if i else {"name": name})
            for n, (i, name) in enumerate(pairs)]


def _stored(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {i: row_key(TAB, {"name": name}) for i, name in pairs}


BEFORE = [("P-000001", "Ana"), ("P-000002", "Bea"), ("P-000003", "Cris"), ("P-000004", "Dan")]


def test_rows_in_order_and_a_corrected_name_are_not_a_sort():
    assert check(TAB, _rows(BEFORE), _stored(BEFORE)) is None
    edited = [("P-000001", "Ana Ruiz")] + BEFORE[1:]
    assert check(TAB, _rows(edited), _stored(BEFORE)) is None
    assert row_key(TAB, {"name": " ANA "}) == row_key(TAB, {"name": "ana"})


def test_a_sort_is_found_and_the_ids_each_record_had_are_known():
    after = [("P-000001", "Dan"), ("P-000002", "Cris"), ("P-000003", "Bea"), ("P-000004", "Ana")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable
    assert sorted((r.id, o) for r, o in found.moved) == [("P-000001", "P-000004"), ("P-000002", "P-000003"),
                                                          ("P-000003", "P-000002"), ("P-000004", "P-000001")]


def test_a_row_typed_since_lands_on_a_known_id_it_gets_a_new_one_and_the_rest_go_back():
    after = [("P-000001", "Eve"), ("P-000002", "Bea"), ("P-000003", "Cris"), ("P-000004", "Dan"), (None, "Ana")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is None                            # one record moved: not a sort
    after = [("P-000001", "Eve"), ("P-000002", "Ana"), ("P-000003", "Cris"), ("P-000004", "Bea"), (None, "Dan")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable
    assert [r.id for r in found.orphans] == ["P-000001"]


def test_two_records_turfbook_cannot_tell_apart_are_not_put_back():
    before = BEFORE + [("P-000005", "Ana")]
    after = [("P-000001", "Dan"), ("P-000002", "Ana"), ("P-000003", "Cris"), ("P-000004", "Ana"), ("P-000005", "Bea")]
    found = check(TAB, _rows(after), _stored(before))
    assert found is not None and not found.repairable
