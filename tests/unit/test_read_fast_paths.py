"""The read path's shortcuts at 100k rows (issue 22, perf22l) give what their row-by-row rules give: the own-ID
check by string methods is the per-ID rule; fold_all's ASCII spacing is fold's regex; a referenced tab's Lookup
built a column at a time is the one built row by row; a column left empty is blank in every row (and missing
where required) without being parsed."""

import copy
from datetime import date

import pytest
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
    if whole is None:
        return
    row_by_row = _row_by_row("People", names, ids)
    assert (whole.values, whole.ids, whole.ambiguous) == (row_by_row.values, row_by_row.ids, row_by_row.ambiguous)
    spelled_values, spelled_ids = whole.spelled()            # a cell typed as spelled there: the folded answer
    assert set(spelled_values) == set(spelled_ids) == {t for t in names + ids if fold(t) not in whole.ambiguous}
    for text in spelled_values:
        assert (spelled_values[text], spelled_ids[text]) == (whole.values[fold(text)], whole.ids[fold(text)])


@pytest.mark.parametrize("twice", [False, True])         # a name on two rows: the Lookup's folded build
@pytest.mark.parametrize("odd", [False, True])           # cells not as spelled among them: the one rule for all
def test_a_reference_column_typed_as_spelled_parses_as_folded(twice, odd):
    people = [["ID", "Name"]] + [[f"P-{n:06d}", f"Person {n}"] for n in range(1, 1201)]
    people += [["P-001201", "Person 7" if twice else "Person 1201"]]
    cells = [f"P-{n:06d}" for n in range(1, 1202)]
    cells[600:600] = ["Person 5", "person 5", "Person 7", "", "Nobody", " P-000003"] if odd else ["Person 5"]
    tabs = {**copy.deepcopy(BASE), "People": people,
            "Conversations": [["ID", "Date", "Person"]] + [[f"C-{n:06d}", 46300, cell]
                                                           for n, cell in enumerate(cells, 1)]}
    by_rows, by_columns = _both(tabs)
    assert by_columns == by_rows
    rows, problems = by_rows[0]["Conversations"][0], by_rows[1]
    assert [r[2]["person"] for r in rows[:2]] == ["Person 1", "Person 2"] and rows[0][4]["person"] == "P-000001"
    assert rows[600][2]["person"] == "Person 5" and rows[600][4]["person"] == "P-000005"
    person = {p[4] for p in problems if p[0] == "Conversations" and p[2] == "Person"}
    if odd:
        assert [r[2]["person"] for r in rows[601:606]] == ["Person 5", None if twice else "Person 7", None, None,
                                                          "Person 3"]
        assert ("Conversations row 606 (C-000605): Person 'Nobody' is not in People / Conversations fila 606 "
                "(C-000605): Person 'Nobody' no está en People") in person      # EN/ES, its number and ID (a21p 11)
    else:
        assert not person


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
