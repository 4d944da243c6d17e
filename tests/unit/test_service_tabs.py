"""Service tabs (service/schema/service_tabs.py): kept sorted by ID, only differing rows written,
and the header formula that shows them in a staff tab (docs/write-path.md)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema.service_tabs import (
    ServiceTable,
    follows_header,
    header_formula,
    header_of_formula,
    note_missing,
    writes,
)
from turfbook_emulator.sheets import a1 as ea1
from turfbook_emulator.sheets import new_book, values


def _apply(table: ServiceTable, found) -> list[list]:
    """The service tab's rows after the CellWrites (positions are the tab's own)."""
    rows = [list(r) for r in table.rows]
    for w in found:
        start = int(w.range.split("!")[1].split(":")[0][1:])
        for offset, line in enumerate(w.values):
            i = start - 2 + offset
            rows += [[""] * table.width] * (i + 1 - len(rows))
            rows[i] = list(line)
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def test_new_ids_are_inserted_in_order_and_only_changed_rows_are_written():
    table = ServiceTable("Conversations", [["C-000001", "done", ""], ["C-000003", "OVERDUE 2d", 46340]])
    found, rows = writes(table, {"C-000003": {"status": "OVERDUE 3d"}, "C-000004": {"status": "due today"}})
    assert [w.range for w in found] == ["'_Turfbook Conversations'!A3:C4"]
    assert rows == 4
    found, _ = writes(table, {"C-000002": {"status": "done", "flagged_at": dt.date(2026, 11, 20)}})
    assert _apply(table, found) == [["C-000001", "done", ""], ["C-000002", "done", "2026-11-20"],
                                    ["C-000003", "OVERDUE 2d", 46340]]
    assert writes(table, {})[0] == []


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(1, 60), max_size=20), st.dictionaries(st.integers(1, 60), st.sampled_from(["done", "x", ""]),
                                                                   max_size=20))
def test_the_table_stays_sorted_and_holds_every_value(present, changes):
    table = ServiceTable("Conversations", [[f"C-{i:06d}", "old", ""] for i in sorted(present)])
    found, _ = writes(table, {f"C-{i:06d}": {"status": s} for i, s in changes.items()})
    rows = _apply(table, found)
    ids = [r[0] for r in rows]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    got = {r[0]: r[1] for r in rows}
    for i in present | set(changes):
        assert got[f"C-{i:06d}"] == changes.get(i, "old")


def test_header_formula_looks_up_each_rows_own_id_in_the_emulator():
    formula = header_formula('Status "now"', 2, "Conversations", "status")
    assert formula.startswith("=ARRAYFORMULA(IF(ROW(C:C)=1,\"Status \"\"now\"\"\"")
    book = new_book("t")
    staff = book.sheets[0]
    staff.title = "Conversations"
    from turfbook_emulator.sheets import requests
    book, _ = requests.apply(book, [{"addSheet": {"properties": {"title": "_Turfbook Conversations"}}}])
    service = book.sheet_by_title("_Turfbook Conversations")
    staff = book.sheet_by_title("Conversations")
    values.write(book, service, ea1.parse_cells("A1"), [["ID", "Status", "Flagged at"], ["C-1", "done", ""],
                                                         ["C-3", "late", ""]], "RAW")
    values.write(book, staff, ea1.parse_cells("A1"), [["x", "y", "ID", formula], ["", "", "C-3"], ["", "", "C-2"],
                                                       ["", "", "C-1"], ["", "", "c-1"], ["", "", "c-3"]],
                 "USER_ENTERED")
    values.recalc(book)
    shown = values.read(staff, ea1.parse_cells("D1:D6"))["values"]
    # a14 L2: IDs match exactly; Sheets' `=` and VLOOKUP ignore case, EXACT does not
    assert shown == [['Status "now"'], ["late"], [], ["done"]]


def test_the_header_test_follows_the_header_row_and_both_forms_are_read_as_ours():
    """Issue 21 F7: under a title the header test is `ROW(K3:K)=ROW(K3)` (both references shift when rows
    are inserted or deleted above); the literal form adopted before (`=3`) is still ours, but stale."""
    new = header_formula("Status", 9, "Conversations", "status", 3)
    assert new.startswith('=ARRAYFORMULA(IF(ROW(J3:J)=ROW(J3),"Status",IF(J3:J="",,')
    old = new.replace("=ROW(J3),", "=3,")
    own = header_formula("Flagged at", 0, "Conversations", "flagged_at")
    assert [header_of_formula(f) for f in (new, old, own)] == ["Status", "Status", "Flagged at"]
    assert follows_header(new, 3) and follows_header(own, 1)
    assert not follows_header(old, 3) and not follows_header(new, 4) and not follows_header(old, 1)
    moved = new.replace("J3", "J4")                                   # what Sheets makes of it after an insert
    assert follows_header(moved, 4) and header_of_formula(moved) == "Status"
    assert follows_header(new.replace("J3", "J1"), 1)                 # the title rows deleted: header on row 1
    assert not follows_header("=ARRAYFORMULA(IF(ROW(J3:J)=ROW(J3),\"Status\",J3:J))", 3)   # not ours
    assert not follows_header(new.replace("ROW(J3),", "ROW(K3),"), 3)


# ----- every ID of the staff tab has its row (docs/write-path.md, "Every ID has its row") -----------------

def _shown(rows: list[list], row_id: str):
    """What a staff row with ID `row_id` shows in Status: Sheets' sorted VLOOKUP (nearest key <= the ID,
    ignoring case) then the EXACT check of header_formula; blank when absent."""
    keys = [str(r[0]).casefold() for r in rows]
    at = bisect_right(keys, row_id.casefold()) - 1
    return rows[at][1] if at >= 0 and str(rows[at][0]) == row_id else ""


_NIGHT = st.tuples(st.sets(st.integers(1, 40), max_size=6),        # IDs staff deleted
                   st.integers(0, 4),                                # new IDs (numbered above every other)
                   st.sets(st.tuples(st.integers(1, 40), st.sampled_from("Cc")), max_size=2),   # typed back
                   st.dictionaries(st.integers(0, 50), st.sampled_from(["done", "OVERDUE 2d", ""]), max_size=8))


@settings(max_examples=80, deadline=None)
@given(st.sets(st.integers(1, 30), max_size=20), st.lists(_NIGHT, max_size=5), st.booleans())
def test_every_id_gets_its_row_and_every_row_shows_what_the_old_design_showed(first, nights, lower):
    """Night after night (IDs deleted, new ones, old ones coming back, values changing): the dense table
    (every staff ID a row) shows, for every staff row, exactly what the old one (rows only for values) showed;
    every staff ID has its row after a night that writes; a new ID is appended, nothing shifts."""
    old = ServiceTable("Conversations", [])
    new = ServiceTable("Conversations", [])
    staff = [f"C-{i:06d}" for i in sorted(first)] + (["c-000001"] if lower else [])   # hand-typed lower case
    top = max(first, default=0)
    seen: set[str] = set()
    for gone, added, back, shown in nights:
        staff = [i for i in staff if int(i[2:]) not in gone]
        staff += [f"C-{top + n:06d}" for n in range(1, added + 1)] + [f"{c}-{i:06d}" for i, c in sorted(back)]
        top = max([top + added, *(i for i, _ in back)])    # the next new ID is above every ID seen (ids.py)
        changes = {staff[n % len(staff)]: {"status": v} for n, v in shown.items()} if staff else {}
        note_missing(new, staff)
        if changes:
            before = [list(r) for r in new.rows]
            found, _ = writes(new, changes)
            new.rows = _apply(new, found)
            old.rows = _apply(old, writes(old, changes)[0])
            have = {str(r[0]) for r in new.rows}
            assert {i for i in staff if i.casefold() not in {h.casefold() for h in have}} == set()
            last = max((str(b[0]).casefold() for b in before), default="")
            if all(str(r[0]).casefold() > last for r in new.rows[len(before):]):    # new IDs above the others:
                assert [r[0] for r in new.rows[:len(before)]] == [r[0] for r in before]   # appended, none moved
        seen |= set(staff)                                  # every ID staff ever had (rows are never deleted)
        for row_id in staff:
            # IDs equal ignoring case (a hand-typed c-000001 beside C-000001, a14 L2) share one key of Sheets'
            # sorted lookup: at most one of them shows its value, in either design (which one: docs/write-path.md)
            if sum(i.casefold() == row_id.casefold() for i in seen) == 1:
                assert _shown(new.rows, row_id) == _shown(old.rows, row_id), row_id


def test_a_new_id_is_appended_and_only_rows_that_change_are_written():
    table = ServiceTable("Conversations", [[f"C-{i:06d}", "", ""] for i in range(1, 6)])
    note_missing(table, [f"C-{i:06d}" for i in range(1, 8)])
    assert table.missing == ["C-000006", "C-000007"]
    found, rows = writes(table, {"C-000002": {"status": "OVERDUE 1d"}})
    assert [w.range for w in found] == ["'_Turfbook Conversations'!A3:C3", "'_Turfbook Conversations'!A7:C8"]
    assert rows == 8 and found[1].values == [["C-000006", "", ""], ["C-000007", "", ""]]
