"""The read path's shortcuts at 100k rows (issue 22, perf22l) give what their row-by-row rules give: the own-ID
check by string methods is the per-ID rule; fold_all's ASCII spacing is fold's regex; a referenced tab's Lookup
built a column at a time is the one built row by row; a column left empty is blank in every row (and missing
where required) without being parsed."""

import copy
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tests.support.schema_workbook import BASE
from tests.unit.test_read_by_columns import _both
from turfbook.schema import load_schema, parse_workbook
from turfbook.schema.column_texts import all_own_ids
from turfbook.schema.lookups import _row_by_row, _whole
from turfbook.schema.text import fold, fold_all

PARTS = st.sampled_from(["C-", "C", "-", "1", "07", "\n", "²", "x", "", "C-C-", "1C-", " ", "٣"])
ASCII = st.text(st.sampled_from("aB1 -_./\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f~"), max_size=8)
NAMES = st.sampled_from(["Ana", "ana ", "ANA", "P-000001", "p 000001", "P-000002", "Bob", "", "José", "jose"])
IDS = st.sampled_from(["P-000001", "P-000002", "P-000003", "", "p_000003"])


def _per_id(ids, prefix):
    return all(i.startswith(prefix) and i[len(prefix):].isdigit() for i in ids if i is not None)


@given(st.lists(st.one_of(st.none(), st.lists(PARTS, max_size=4).map("".join),
                          st.integers(0, 10**6).map(lambda n: f"C-{n:06d}")), max_size=8),
       st.sampled_from(["C-", "AB-", "C2-"]))
def test_all_own_ids_is_the_per_id_rule(ids, prefix):
    assert all_own_ids(ids, prefix) == _per_id(ids, prefix)


def test_all_own_ids_at_size():
    ids = [f"C-{n:06d}" for n in range(1, 5000)]
    assert all_own_ids(ids, "C-") and all_own_ids([None, *ids, None], "C-")
    for bad in ("C-", "1C-2", "C-1a", "", "C-1 ", "D-1", "C-C-1"):
        assert not all_own_ids([*ids[:100], bad, *ids[100:]], "C-")


@given(st.lists(ASCII, max_size=10))
def test_fold_all_of_ascii_separators_is_fold(texts):
    assert fold_all(texts) == [fold(t) for t in texts]


@given(st.lists(st.tuples(NAMES, IDS), max_size=8))
def test_a_lookup_a_column_at_a_time_is_the_row_by_row_one(rows):
    names, ids = [n for n, _ in rows], [i for _, i in rows]
    whole = _whole("People", names, ids)
    if whole is not None:
        assert whole == _row_by_row("People", names, ids)


def test_an_empty_column_is_blank_in_every_row_and_missing_where_required():
    tabs = copy.deepcopy(BASE)
    tabs["People"] = [["ID", "Name", "Phone", "Notes"], ["P-000001", "", "860-555-0101"],
                      ["P-000002", "", "860-555-0102"], ["", "", "", "a note"]]
    by_rows, by_columns = _both(tabs)
    assert by_columns == by_rows
    snapshot = parse_workbook(load_schema(), tabs, today=date(2026, 11, 23))
    people = snapshot.tabs["People"]
    assert [r.values["name"] for r in people.rows] == [None, None, None]
    assert all("name" not in r.raw for r in people.rows)
    missing = [(p.row_number, p.kind) for p in people.problems if p.column == "Name"]
    assert missing == [(2, "missing"), (3, "missing"), (4, "missing")]
