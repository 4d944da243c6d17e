"""Service tabs (service/schema/service_tabs.py): kept sorted by ID, only differing rows written,
and the header formula that shows them in a staff tab (docs/write-path.md)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema.service_tabs import ServiceTable, follows_header, header_formula, header_of_formula, writes
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
