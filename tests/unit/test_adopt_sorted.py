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
    # Ana's cells moved below (cut and paste), Eve typed on her old row: one displaced row holds the tab
    assert found is not None and [(r.row_number, o) for r, o in found.moved] == [(6, "P-000001")]
    assert [r.id for r in found.orphans] == ["P-000001"] and not found.paired and not found.unused
    after = [("P-000001", "Eve"), ("P-000002", "Ana"), ("P-000003", "Cris"), ("P-000004", "Bea"), (None, "Dan")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable
    assert [r.id for r in found.orphans] == ["P-000001"]


def test_two_records_of_one_key_get_that_keys_two_ids_and_more_rows_than_ids_are_not_put_back():
    """a21h d8: the two Anas cannot be told apart: they get the two Ana IDs (said: check which is which), every
    other row its own; a third Ana over another row (more rows than Ana IDs) holds the tab."""
    before = BEFORE + [("P-000005", "Ana")]
    after = [("P-000001", "Dan"), ("P-000002", "Ana"), ("P-000003", "Cris"), ("P-000004", "Ana"), ("P-000005", "Bea")]
    found = check(TAB, _rows(after), _stored(before))
    assert found is not None and found.repairable
    assert sorted(o for r, o in found.moved if r.raw["name"] == "Ana") == ["P-000001", "P-000005"]
    assert [(r.row_number, i, others) for r, i, others in found.alike] == [(3, "P-000001", ["P-000005"]),
                                                                           (5, "P-000005", ["P-000001"])]
    after[2] = ("P-000003", "Ana")
    found = check(TAB, _rows(after), _stored(before))
    assert found is not None and not found.repairable


def test_one_displaced_row_is_enough_records_pushed_onto_a_blank_row_or_a_row_with_no_id():
    """a21f 1: Zed (P1), a blank row, Amy (P2) sorted by name: Amy on P1, Zed on the row with no ID, the blank
    row last on P2 (no known ID under the pushed-aside record): held; the blank row's ID cell is cleared."""
    before = [("P-000001", "Zed"), (None, ""), ("P-000002", "Amy")]
    after = [("P-000001", "Amy"), (None, "Zed"), ("P-000002", "")]
    found = check(TAB, _rows(after), _stored([b for b in before if b[0]]))
    assert found is not None and found.repairable
    assert sorted((r.row_number, o) for r, o in found.moved) == [(2, "P-000002"), (3, "P-000001")]
    assert [r.row_number for r in found.cleared] == [4] and not found.orphans


def test_a_person_typed_twice_by_hand_is_not_displaced():
    after = BEFORE + [(None, "Bea")]
    assert check(TAB, _rows(after), _stored(BEFORE)) is None


def test_a_name_edited_then_sorted_is_an_orphan_given_a_new_id_and_its_old_id_named_unused():
    """a21f 3/4, then a21i: Ana edited to Ana Ruiz before the sort is the one leftover and P-000001 the one unused
    ID, but they are never paired by a guess (a shared first name paired new people with others' IDs): the
    leftover gets a new ID and the report names P-000001 as left unused."""
    after = [("P-000001", "Dan"), ("P-000002", "Cris"), ("P-000003", "Bea"), ("P-000004", "Ana Ruiz")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable and not found.paired
    assert [r.row_number for r in found.orphans] == [5] and found.unused == ["P-000001"]
    swapped = [("P-000001", "Bea"), ("P-000002", "Ana Ruiz"), ("P-000003", "Cris"), ("P-000004", "Dan")]
    found = check(TAB, _rows(swapped), _stored(BEFORE))
    assert found is not None and not found.paired
    assert [r.row_number for r in found.orphans] == [3] and found.unused == ["P-000001"]


def test_two_leftovers_get_new_ids_and_the_unused_ids_are_named():
    after = [("P-000001", "Dan"), ("P-000002", "Cris"), ("P-000003", "Bea Soto"), ("P-000004", "Ana Ruiz")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable and not found.paired
    assert sorted(r.id for r in found.orphans) == ["P-000003", "P-000004"]      # Bea Soto, Ana Ruiz: new IDs
    assert found.unused == ["P-000001", "P-000002"]
