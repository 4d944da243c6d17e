"""The overdue read's column-at-a-time rewrites (issue 22, perf22r) agree with the row-at-a-time code they replaced,
on random tables: service_tabs.overlay (the service tab's values put on the staff tab's rows by ID: a repeated ID's
last row, IDs trimmed, rows without an ID keeping their own values, "" read as blank) and followup.dates of a
column holding what a service tab gives (serial numbers, text, blanks, odd cells), each distinct cell read once:
the same dates, and the very cells that are not dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema import followup
from turfbook.schema.cell_dates import as_date
from turfbook.schema.cells import cell_text
from turfbook.schema.model import Row, TabSnapshot
from turfbook.schema.service_tabs import ServiceTable, keys_of, overlay

NY = ZoneInfo("America/New_York")
KEYS = ["id", "status", "flagged_at"]
ID_CELLS = st.sampled_from(["C-000001", "C-000002", " C-000002 ", "C-000003", "c-000001", "", "  ", None])
CELLS = st.one_of(st.sampled_from(["", "done", "OVERDUE 2d", " due today ", 0, False, None]),
                  st.integers(46000, 46010), st.floats(46000, 46010).map(lambda f: round(f, 1)))


def _old_overlay(tab: TabSnapshot, table: ServiceTable) -> None:
    """service_tabs.overlay as it was before perf22r, row by row."""
    where = {}
    for n, cells in enumerate(table.rows):
        row_id = cell_text(cells[0])
        if row_id:
            where[row_id] = n
    rows = tab.rows
    at = [where.get(row.id) if row.id else None for row in rows]
    keep = [i for i, row in enumerate(rows) if not row.id]
    found = table.rows
    for k, key in enumerate(keys_of(table.tab), 1):
        cells = [None if n is None or found[n][k] == "" else found[n][k] for n in at]
        if keep:
            values, raw = tab.column(key), tab.raw_column(key)
            raw_cells = list(cells)
            for i in keep:
                cells[i], raw_cells[i] = values[i], raw[i]
            tab.set_column(key, cells, raw_cells)
        else:
            tab.set_column(key, cells)


def _tab(rows: list[tuple]) -> TabSnapshot:
    made = [Row("Conversations", n + 2, row_id, {"id": row_id, "status": status, "flagged_at": flagged},
                {"status": status} if status is not None else {})
            for n, (row_id, status, flagged) in enumerate(rows)]
    return TabSnapshot("Conversations", ["ID", "Status", "Flagged at"], {k: i for i, k in enumerate(KEYS)}, made)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(ID_CELLS.map(lambda c: c or ""), CELLS.map(lambda c: "" if c is None else c),
                          CELLS.map(lambda c: "" if c is None else c)).map(list), max_size=8),
       st.lists(st.tuples(st.sampled_from(["C-000001", "C-000002", "C-000003", "C-000004", "", None]), CELLS, CELLS),
                max_size=8), st.booleans())
def test_overlay_a_column_at_a_time_is_the_row_by_row_one(service_rows, rows, numeric_ids):
    if numeric_ids:                                     # IDs read as numbers (5.0 is "5")
        service_rows = [[float(len(r[0])) if r[0] else r[0], *r[1:]] for r in service_rows]
    table = ServiceTable("Conversations", service_rows)
    new, old = _tab(rows), _tab(rows)
    overlay(new, table)
    _old_overlay(old, table)
    for key in ("status", "flagged_at"):
        assert new.column(key) == old.column(key)
        assert new.raw_column(key) == old.raw_column(key)


def test_overlay_of_an_empty_service_tab_blanks_every_row_with_an_id():
    tab = _tab([("C-000001", "done", 46001), (None, "x", 46002)])
    overlay(tab, ServiceTable("Conversations", []))
    assert tab.column("status") == [None, "x"] and tab.column("flagged_at") == [None, 46002]


def _old_dates(tab: TabSnapshot, key: str, tz: ZoneInfo) -> tuple[list, dict]:
    """followup.dates' row-by-row reading (before perf22r) of a column that is not only dates and blanks."""
    values, raw = tab.column(key), tab.raw_column(key)
    out = [value if value.__class__ is dt.date else None for value in values]
    bad = {}
    for i, (value, cell) in enumerate(zip(values, raw, strict=True)):
        if value.__class__ is not dt.date and (value is not None or cell is not None):
            out[i], wrong = as_date(value, tz, cell)
            if wrong is not None:
                bad[i] = wrong
    return out, bad


DATE_CELLS = st.one_of(st.none(), st.integers(20000, 80000), st.integers(46000, 46003), st.booleans(),
                       st.sampled_from([46001.0, 46001.5, -0.0, 0, 1, "", "  ", "46001", "2026-11-20", "11/20/2026",
                                        "soon", "20 Nov", "2026-11-20T23:30:00-08:00", dt.date(2026, 11, 20),
                                        dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DATE_CELLS, st.one_of(st.just("same"), DATE_CELLS)), max_size=12))
def test_dates_of_service_cells_read_once_each_are_the_row_by_row_ones(cells):
    rows = [Row("People", n + 2, f"P-{n:06d}", {"last_contact": value},
                {"last_contact": value if cell == "same" else cell})
            for n, (value, cell) in enumerate(cells)]
    tab = TabSnapshot("People", ["ID", "Last contact"], {"id": 0, "last_contact": 1}, rows)
    out, bad = followup.dates(tab, "last_contact", NY)
    old_out, old_bad = _old_dates(tab, "last_contact", NY)
    assert out == old_out and list(map(type, out)) == list(map(type, old_out))
    assert bad == old_bad and all(bad[i] is old_bad[i] for i in bad)      # the very cell said in the problem
