"""The overdue night's shared work (issue 22, perf24c) gives what working it out afresh gives, on random tables:
a service tab parsed from columns (its columns kept for overlay) overlays the staff rows as the same table's rows
do; and the writes planned with overlay's ID index (RowIndex, handed to plan_cells) are the writes planned without
it, for IDs repeated, blank, out of order, numbers, or in order; an index of other rows is not used. And People's
dates by person, and their Status (the most urgent, the first of equals), in one pass (overdue_model.days_by_person,
overdue_plan._most_urgent) are those of the sorts they replace; the plan's status counts (counted by Status alone
when every row has a due date) are the row-at-a-time ones, in the same order."""

from __future__ import annotations

import datetime as dt
from itertools import starmap
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from tests.unit.test_overdue_columns import CONV_KEYS, PEOPLE_KEYS, TODAY, row_at_a_time, tab, workbook
from tests.unit.test_service_overlay_columns import CELLS, _tab
from turfbook.jobs.overdue_model import days_by_person
from turfbook.jobs.overdue_plan import _most_urgent, plan
from turfbook.schema import followup
from turfbook.schema.cells import cell_text
from turfbook.schema.grid import Columns
from turfbook.schema.service_tabs import ServiceTable, overlay, writes_cells
from turfbook.schema.service_writes import RowIndex

KEYS = ("status", "flagged_at")
IDS = st.sampled_from(["C-000001", "C-000002", "C-000003", "C-000005", "c-000002", " C-000003", ""])
SERVICE_CELLS = CELLS.map(lambda c: "" if c is None else c)
NEWS = st.sampled_from(["done", "OVERDUE 2d", "due today", "", None, 46001])


def _columns(rows: list[list]) -> Columns:
    """The service tab as values.batchGet gives it a column at a time: header row first, trailing "" left out."""
    out = Columns()
    for k, title in enumerate(("ID", "Status", "Flagged at")):
        column = [title, *(r[k] for r in rows)]
        while len(column) > 1 and column[-1] == "":
            column.pop()
        out.append(column)
    return out


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.tuples(IDS, SERVICE_CELLS, SERVICE_CELLS).map(list), max_size=8), st.booleans(), st.booleans(),
       st.randoms(use_true_random=False),
       st.lists(st.tuples(st.sampled_from(["C-000001", "C-000004", "", None]), CELLS, CELLS), max_size=3),
       st.lists(st.tuples(st.integers(0, 9), IDS.filter(bool), st.sampled_from(KEYS), NEWS), max_size=10))
def test_overlay_and_writes_with_the_shared_index_are_those_worked_out_afresh(service_rows, in_order, numeric,
                                                                            rnd, extra, cells):
    if in_order:                    # the usual table: IDs unique, in order (as every night)
        unique = {r[0].strip().casefold(): r for r in service_rows if r[0].strip()}
        service_rows = sorted(unique.values(), key=lambda r: r[0].strip().casefold())
        service_rows = [[r[0].strip(), *r[1:]] for r in service_rows]
    if numeric:                     # IDs read as numbers
        service_rows = [[float(len(r[0])) if r[0] else r[0], *r[1:]] for r in service_rows]
    staff = [(cell_text(r[0]), "old", 46000) for r in service_rows]
    rnd.shuffle(staff)              # the staff tab's rows in another order (as the bench's): overlay looks each up
    staff += extra
    parsed = ServiceTable.parse("Conversations", _columns(service_rows))
    plain = ServiceTable("Conversations", [list(r) for r in parsed.rows])
    assert parsed.rows == plain.rows and parsed.read is not None
    new, old = _tab(staff), _tab(staff)
    overlay(new, parsed)
    overlay(old, plain)
    for key in KEYS:
        assert new.column(key) == old.column(key)
        assert new.raw_column(key) == old.raw_column(key)
    assert parsed.missing == plain.missing and parsed.read is None
    known = [r[0] for r in parsed.rows if isinstance(r[0], str) and r[0].strip()]     # mostly IDs it has
    ids = [known[n % len(known)].strip() if known and n < 8 else row_id for n, row_id, _, _ in cells]
    keys, news = [c[2] for c in cells], [c[3] for c in cells]
    fresh = ServiceTable("Conversations", [list(r) for r in parsed.rows], missing=list(parsed.missing))
    got, want = writes_cells(parsed, ids, keys, news), writes_cells(fresh, ids, keys, news)
    assert got == want
    assert [[list(map(type, r)) for r in w.values] for w in got[0]] == \
        [[list(map(type, r)) for r in w.values] for w in want[0]]


def test_an_index_of_other_rows_is_not_used():
    rows = [["C-000001", "", ""], ["C-000002", "", ""]]
    table = ServiceTable("Conversations", rows)
    table.index = RowIndex([["C-000002", "", ""], ["C-000001", "", ""]], ["C-000002", "C-000001"],
                           {"C-000002": 0, "C-000001": 1})          # (not these rows: stale)
    found, _ = writes_cells(table, ["C-000001"], ["status"], ["done"])
    assert [(w.range, w.values) for w in found] == [("'_Turfbook Conversations'!A2:C2", [["C-000001", "done", ""]])]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["P-000001", "P-000002", "?Ana", "P-000010"]),
                          st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 20))), max_size=30))
def test_days_by_person_are_those_of_the_sort_it_replaced(rows):
    assert days_by_person(iter(rows), True) == dict(sorted(rows, key=itemgetter(1)))          # the latest
    assert days_by_person(starmap(lambda p, d: (p, d), rows), False) == \
        dict(sorted(rows, key=itemgetter(1), reverse=True))                                    # the earliest


def _old_most_urgent(open_rows):
    """overdue_plan._most_urgent before perf24c: ranked, sorted."""
    rank = {status: followup.urgency(status) for status in set(map(itemgetter(2), open_rows))}
    ranked = [(person, status, rank[status]) for person, _, status in reversed(open_rows)
              if rank[status] is not None]
    ranked.sort(key=itemgetter(2), reverse=True)
    return {person: status for person, status, _ in ranked}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["P-000001", "P-000002", "?Ana"]), st.just(dt.date(2026, 1, 1)),
                          st.sampled_from(["OVERDUE 3d", "OVERDUE 12d", "OVERDUE 3d", "due today", "due in 2d",
                                           "due in 1d", "", "done", "problem: follow-up due is not a date"])),
                max_size=20))
def test_the_most_urgent_status_by_person_is_the_sorted_one(open_rows):
    assert _most_urgent(open_rows) == _old_most_urgent(open_rows)


@settings(max_examples=examples(150), deadline=None)
@given(workbook(), st.booleans(), st.integers(0, 2))
def test_the_status_counts_are_the_row_at_a_time_ones_in_order(book, every_due, grace):
    convs, people, copies = book
    if every_due:                   # every row sets a follow-up (the bench's night): counted by Status alone
        for row in convs:
            if not isinstance(row.values["follow_up_due"], dt.date):
                row.values["follow_up_due"] = TODAY
    result = plan(tab("Conversations", CONV_KEYS, convs), tab("People", PEOPLE_KEYS, people),
                  {"timezone": "UTC", "grace_days": grace, "due_soon_days": 2}, TODAY, copies)
    kinds = row_at_a_time(tab("Conversations", CONV_KEYS, convs), tab("People", PEOPLE_KEYS, people), TODAY, grace,
                          2, copies)[4]
    assert list(result.statuses.items()) == list(kinds.items())
