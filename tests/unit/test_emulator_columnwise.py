"""Column-wise evaluation of array formulas (issue 22, emu22e): inside ARRAYFORMULA a one-column array is
its values (arrays.Col) and every step runs over whole columns. Each row of the array must show exactly
what the same formula shows written for that row alone (its ID and the next; not without ARRAYFORMULA:
outside it the evaluator raises an argument's error before IFERROR sees it): errors in their own element,
IFERROR per element, blank vs "", the case rules of = and of lookups (GOOGLE_NOTES.md), for
the header formulas Turfbook writes (service_tabs.header_formula) and the general shapes the tests use.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema.service_tabs import header_formula
from turfbook_emulator.sheets import a1, lookups, new_book, values
from turfbook_emulator.sheets.model import Err, Sheet

_TABLE = "_Turfbook Conversations"
_T = f"'{_TABLE}'"
# (array formula with {k} for the ID column's open range, the row the array starts on (1-based))
SHAPES = [
    (header_formula("Status", 0, "Conversations", "status"), 1),
    (header_formula("Flagged", 0, "Conversations", "flagged_at", 1, anchored=True), 1),
    (header_formula("Status", 0, "Conversations", "status", 2), 2),
    (f"=ARRAYFORMULA(IF(ROW(A:A)=1,\"S\",IF(A:A=\"\",,IFERROR(IF(VLOOKUP(A:A,{_T}!A:A,1,TRUE)=A:A,"
     f"VLOOKUP(A:A,{_T}!A:C,2,TRUE),),))))", 1),
    (f"=ARRAYFORMULA(IF(ROW(A:A)=1,\"S\",IF(A:A=\"\",,IFERROR(VLOOKUP(A:A,{_T}!A:C,3,FALSE),))))", 1),
    (f"=ARRAYFORMULA(VLOOKUP(A:A,{_T}!A:C,2,TRUE))", 1),
    (f"=ARRAYFORMULA(IFERROR(MATCH(A:A,{_T}!A:A,0),\"none\"))", 1),
    ("=ARRAYFORMULA(IF(ISBLANK(A:A),\"b\",IF(A:A<>\"\",A:A&\"!\",\"e\")))", 1),
    ("=ARRAYFORMULA(IFERROR(A:A*2,LEN(A:A)))", 1),
    ("=ARRAYFORMULA(IF(A:A=3,UPPER(A:A),EXACT(A:A,\"C-1\")))", 1),
    ("=ARRAYFORMULA(IF(ROW(A:A)>2,A:A>\"c\",A:A=TRUE))", 1),
]
_OPEN = re.compile(r"(?<![!\w$])A(\d*):A(?![\w(])")

_ID = st.one_of(st.sampled_from(["C-1", "c-1", "C-2", "C-10", "C-3", "c-3", "", "3", "TRUE", "zz", "a"]),
                st.none(), st.sampled_from([3, 3.5, 0, -1, True, False]),
                st.just(Err("#N/A", "Did not find value 'x' in VLOOKUP evaluation.")))
_KEY = st.one_of(st.sampled_from(["C-1", "C-2", "c-2", "C-10", "C-4", "", "3", "b"]), st.none(),
                 st.sampled_from([1, 3]))


def _book(ids, table):
    book = new_book("t", with_sheet=False)
    sheet = Sheet(sheet_id=1, title="Staff", row_count=len(ids) + 3, col_count=len(ids) + 6, rows=[[v] for v in ids])
    service = Sheet(sheet_id=2, title=_TABLE, row_count=len(table) + 3, col_count=3, rows=[list(t) for t in table])
    book.sheets += [sheet, service]
    return book, sheet


@settings(max_examples=60, deadline=None)
@given(st.lists(_ID, min_size=1, max_size=9), st.lists(st.tuples(_KEY, _ID, _ID), max_size=7), st.booleans())
def test_each_row_of_an_array_formula_is_that_rows_own_formula(ids, table, is_sorted):
    if is_sorted:
        table = sorted(table, key=lambda t: (t[0] is None or t[0] == "", lookups.sort_key(t[0])))
    for text, top in SHAPES:
        book, sheet = _book(ids, table)
        n = len(ids) + 2
        values.write(book, sheet, a1.parse_cells(f"B{top}"), [[text]], "USER_ENTERED")
        for row in range(top, n + 1):       # the same formula for each row alone, in column C
            # that row and the next (a one-cell array would show a blank as 0), in a column of its own
            alone = _OPEN.sub(lambda m, row=row: f"A{row}:A{row + 1}", text)
            values.write(book, sheet, a1.parse_cells(f"{a1.column_letters(row + 2)}{row}"), [[alone]], "USER_ENTERED")
        values.recalc(book)
        sheet = book.sheet_by_title("Staff")
        array = [_seen(sheet.value(r, 1)) for r in range(top - 1, n)]
        alone = [_seen(sheet.value(r, r + 3)) for r in range(top - 1, n)]
        assert array == alone, (text, ids, table)


def _seen(v):
    """A cell as a reader tells it apart: its type and value, an error by its code and message."""
    return ("err", v.code, v.message) if isinstance(v, Err) else (type(v).__name__, v)
