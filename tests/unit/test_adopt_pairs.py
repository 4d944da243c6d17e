"""adopt_displaced.check with the keys' words and every-cell hash (adopt_pairs): an edited record's ID given back
only on every word of it (i4), same-key rows told apart by their other cells (i5), a merge by hand (d1)."""

from __future__ import annotations

from turfbook.schema.adopt_sorted import check, richer, row_key
from turfbook.schema.loader import load_schema
from turfbook.schema.model import Row

TAB = load_schema().tab("People")


def _rows(rows: list[tuple[str | None, str, str]]) -> list[Row]:
    return [Row("People", n + 2, i, {"id": i, "name": name, "phone": phone},
                {"id": i, "name": name, "phone": phone} if i else {"name": name, "phone": phone})
            for n, (i, name, phone) in enumerate(rows)]


def _stored(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    return {i: row_key(TAB, {"name": name, "phone": phone}) for i, name, phone in rows}


BEFORE = [("P-000001", "Ana Ruiz", "1"), ("P-000002", "Bea Soto", "2"), ("P-000003", "Cris Paz", "3"),
          ("P-000004", "Dan Poe", "4")]


def test_i4_the_one_row_holding_every_word_of_a_gone_record_gets_its_id_the_row_on_it_a_new_one():
    after = [("P-000001", "Dan Poe", "4"), ("P-000002", "Zed Ames", "9"), ("P-000003", "Cris Paz", "3"),
             ("P-000004", "Ana Ruiz", "1"), (None, "Bea Soto Ruiz", "2")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable
    assert [(r.row_number, x) for r, x in found.paired] == [(6, "P-000002")]
    assert [r.row_number for r in found.orphans] == [3] and not found.changed and not found.unused


def test_i4_one_shared_word_never_pairs_the_id_stays_said_changed():
    """'Bea Soto' -> 'Beatriz Soto' (4ba21cb: 'María López' is not 'María García'): Zed keeps P-000002, said."""
    after = [("P-000001", "Dan Poe", "4"), ("P-000002", "Zed Ames", "9"), ("P-000003", "Cris Paz", "3"),
             ("P-000004", "Ana Ruiz", "1"), (None, "Beatriz Soto", "2")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable and not found.paired
    assert [(r.row_number, x) for r, x in found.changed] == [(3, "P-000002")]


def test_i4_two_rows_holding_every_word_pair_neither_and_a_blank_rows_id_goes_with_its_record():
    after = [("P-000001", "Dan Poe", "4"), ("P-000002", "Zed Ames", "9"), ("P-000003", "Cris Paz", "3"),
             ("P-000004", "Ana Ruiz", "1"), (None, "Bea Soto Ruiz", "2"), (None, "Soto Bea", "5")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and not found.paired and [x for _, x in found.changed] == ["P-000002"]
    after = [("P-000001", "Dan Poe", "4"), ("P-000002", "", ""), ("P-000003", "Cris Paz", "3"),
             ("P-000004", "Ana Ruiz", "1"), (None, "Bea Soto Ruiz", "2")]
    found = check(TAB, _rows(after), _stored(BEFORE))
    assert found is not None and found.repairable
    assert [(r.row_number, x) for r, x in found.paired] == [(6, "P-000002")]
    assert [r.row_number for r in found.cleared] == [3]


def test_i5_two_rows_of_one_key_swapped_are_told_apart_by_their_other_cells():
    before = [("P-000001", "María García", "2"), ("P-000002", "Zed", "3"), ("P-000003", "María García", "4")]
    after = [("P-000001", "María García", "4"), ("P-000002", "Zed", "3"), ("P-000003", "María García", "2")]
    found = check(TAB, _rows(after), _stored(before))
    assert found is not None and found.repairable and not found.alike
    assert sorted((r.row_number, x) for r, x in found.moved) == [(2, "P-000003"), (4, "P-000001")]
    edited = [("P-000001", "María García", "7"), ("P-000002", "Zed", "3"), ("P-000003", "María García", "4")]
    assert check(TAB, _rows(edited), _stored(before)) is None        # a phone edited in place: not a sort


def test_i5_a_job_reading_fewer_columns_keeps_the_stored_every_cell_hash():
    full, name_only = row_key(TAB, {"name": "Ana", "phone": "1"}), row_key(TAB, {"name": "Ana"})
    assert richer(full, name_only) == f"{name_only.partition('~')[0]}~{full.partition('~')[2]}"
    assert richer(name_only, full) == full and richer(None, full) == full
    assert richer(full, row_key(TAB, {"name": "Bo", "phone": "1"})) != full


def test_d1_a_row_whose_own_key_changed_while_the_other_ids_row_went_is_held_a_merge_or_a_sort_then_a_delete():
    """a21k k9: a merge by hand and a sort then a delete leave the same end state: held, never decided."""
    before = BEFORE + [("P-000005", "John Smith", "5")]
    after = [BEFORE[0], ("P-000002", "John Smith", "2"), *BEFORE[2:]]        # Bea's row typed over, John's deleted
    found = check(TAB, _rows(after), _stored(before))
    assert found is not None and found.held and found.repairable and found.unused == ["P-000002"]
    assert [(r.id, y) for r, y in found.merged] == [("P-000002", "P-000005")]
    assert [(r.id, y) for r, y in found.moved] == [("P-000002", "P-000005")]      # put back as for a sort
    sorted_too = [("P-000001", "Dan Poe", "4"), ("P-000002", "John Smith", "2"), ("P-000003", "Cris Paz", "3"),
                  ("P-000004", "Ana Ruiz", "1")]
    found = check(TAB, _rows(sorted_too), _stored(before))
    assert found is not None and found.held and [r.id for r, _ in found.merged] == ["P-000002"]
    assert ("P-000002", "P-000005") in [(r.id, y) for r, y in found.moved]
