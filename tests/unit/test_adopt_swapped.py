"""adopt_displaced.swapped (a21p p3): the id_split advice followed ("type C-000001 in row 3's ID cell and clear row
2's") is not a sort; two same-key rows whose cells a sort swapped still are."""

from __future__ import annotations

from turfbook.schema.adopt_sorted import check, row_key
from turfbook.schema.loader import load_schema
from turfbook.schema.model import Row

TAB = load_schema().tab("People")


def _rows(cells: list[tuple[str | None, str, str]]) -> list[Row]:
    out = []
    for n, (i, name, phone) in enumerate(cells):
        raw = {"name": name, "phone": phone} | ({"id": i} if i else {})
        out.append(Row("People", n + 2, i, {"id": i, "name": name, "phone": phone}, raw))
    return out


# the split night: row 2 (the copy, phone 1) kept P-000001, row 3 (the record, phone 2) got P-000003
STORED = {"P-000001": row_key(TAB, {"name": "Ana Ruiz", "phone": "5551"}),
          "P-000003": row_key(TAB, {"name": "Ana Ruiz", "phone": "5552"})}


def test_the_split_advice_followed_is_not_a_sort():
    after = [(None, "Ana Ruiz", "5551"), ("P-000001", "Ana Ruiz", "5552")]
    assert check(TAB, _rows(after), STORED) is None


def test_a_sort_of_the_two_rows_is_still_a_sort():
    after = [("P-000001", "Ana Ruiz", "5552"), ("P-000003", "Ana Ruiz", "5551")]
    found = check(TAB, _rows(after), STORED)
    assert found is not None and found.held


def test_the_advice_half_followed_is_not_taken_as_it():
    """P-000001 typed on row 3 but row 2's not cleared: no row with no ID as stored for P-000001: not `swapped`."""
    after = [("P-000001", "Ana Ruiz", "5551"), ("P-000001", "Ana Ruiz", "5552")]
    found = check(TAB, _rows(after), STORED)
    assert found is None or all(r.row_number != 3 or o != "P-000001" for r, o in found.moved)
