"""The overdue night's faster paths (issue 22, perf22t) agree with the code they stand beside, on random tables:
service_writes.plan_cells (changes as three lists) == plan_rows of the {ID: {key: new}} they make; ranges (runs
found in C) == the run-by-run loop it replaced; overlay when the service tab's rows are the staff rows' IDs in
order (a prefix, new IDs past it) == the row-by-row overlay; followup.dates of a column whose cells ARE its values
(a service column after overlay) == the row-by-row reading, the very cells that are not dates kept."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from tests.unit.test_service_overlay_columns import CELLS, DATE_CELLS, NY, _old_overlay, _tab
from turfbook.schema import followup_dates
from turfbook.schema.cell_dates import as_date
from turfbook.schema.service_tabs import ServiceTable, cell_value, overlay
from turfbook.schema.service_writes import MAX_GAP, plan_cells, plan_rows, ranges
from turfbook.workspace import a1
from turfbook.workspace.sheets import CellWrite

KEYS = ("status", "flagged_at")
IDS = st.sampled_from(["C-000001", "C-000002", "C-000003", "C-000005", "C-000009", "c-000002", " C-000003", ""])
NEWS = st.one_of(st.sampled_from(["done", "OVERDUE 2d", "", None, 0, False, 46001]),
                 st.dates(dt.date(2026, 11, 1), dt.date(2026, 12, 31)))


def _dict_of(ids, keys, news) -> dict:
    changes: dict = {}
    for row_id, key, new in zip(ids, keys, news, strict=True):
        changes.setdefault(row_id, {})[key] = new
    return changes


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.tuples(IDS, CELLS, CELLS).map(list), max_size=8), st.booleans(),
       st.lists(st.tuples(IDS.filter(bool), st.sampled_from(KEYS), NEWS), max_size=10))
def test_plan_cells_is_plan_rows_of_the_same_changes(rows, in_order, cells):
    if in_order:                    # the usual table: IDs unique, in order (as every night)
        unique = {r[0].strip().casefold(): r for r in rows if r[0].strip()}
        rows = sorted(unique.values(), key=lambda r: r[0].strip().casefold())
        rows = [[r[0].strip(), *r[1:]] for r in rows]
    ids, keys, news = (list(c) for c in zip(*cells, strict=True)) if cells else ([], [], [])
    got = plan_cells(rows, KEYS, 3, ids, keys, news, cell_value)
    want = plan_rows(rows, KEYS, 3, _dict_of(ids, keys, news), cell_value)
    assert got == want
    assert [list(map(type, r)) for r in got[1]] == [list(map(type, r)) for r in want[1]]


def _old_ranges(title: str, width: int, changed: list[int], desired: list) -> list[CellWrite]:
    """service_writes.ranges before perf22t: run by run."""
    out: list[CellWrite] = []
    if not changed:
        return out
    where, last = f"{a1.quote_sheet(title)}!A", a1.column_letter(width - 1)
    start = prev = changed[0]
    for i in [*changed[1:], None]:
        if i is not None and i - prev <= MAX_GAP + 1:
            prev = i
            continue
        out.append(CellWrite(f"{where}{start + 2}:{last}{prev + 2}", desired[start:prev + 1]))
        if i is not None:
            start = prev = i
    return out


@settings(max_examples=examples(300), deadline=None)
@given(st.sets(st.integers(0, 60), max_size=30))
def test_ranges_are_the_run_by_run_ones(changed):
    desired = [[f"C-{i:06d}", i, ""] for i in range(61)]
    assert ranges("_Turfbook Conversations", 3, sorted(changed), desired) == \
        _old_ranges("_Turfbook Conversations", 3, sorted(changed), desired)


@settings(max_examples=examples(300), deadline=None)
@given(st.integers(0, 6), st.lists(st.sampled_from(["C-000001", "C-000004", "C-000009", "", None]), max_size=4),
       st.lists(st.tuples(CELLS.map(lambda c: "" if c is None else c), CELLS.map(lambda c: "" if c is None else c)),
                min_size=6, max_size=6), st.booleans())
def test_overlay_of_a_service_tab_in_the_staff_tabs_order_is_the_row_by_row_one(service, tail, cells, repeat):
    ids = [f"C-{n:06d}" for n in range(1, service + 1)]
    if repeat and service > 1:                  # a repeated ID in both: not the usual night, the general way
        ids[1] = ids[0]
    table = ServiceTable("Conversations", [[i, *c] for i, c in zip(ids, cells, strict=False)])
    staff = [(i, "old", 46000) for i in ids + tail]
    new, old = _tab(staff), _tab(staff)
    overlay(new, table)
    _old_overlay(old, table)
    for key in KEYS:
        assert new.column(key) == old.column(key)
        assert new.raw_column(key) == old.raw_column(key)
    assert table.missing == [i for i in dict.fromkeys(tail) if i and i not in ids]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(DATE_CELLS, max_size=12))
def test_dates_of_a_column_that_is_its_own_cells_are_the_row_by_row_ones(cells):
    out, bad = followup_dates._dates_by_cell(cells, cells, NY) or (None, None)
    if out is None:                                # an unhashable cell: the caller reads row by row
        return
    old_out, old_bad = [cell if cell.__class__ is dt.date else None for cell in cells], {}    # row by row
    for i, cell in enumerate(cells):
        if cell.__class__ is not dt.date and cell is not None:
            old_out[i], wrong = as_date(cell, NY, cell)
            if wrong is not None:
                old_bad[i] = wrong
    assert out == old_out and list(map(type, out)) == list(map(type, old_out))
    assert bad == old_bad and all(bad[i] is cells[i] for i in bad)
