"""values.batchUpdate of many ranges (issue 22, emu23b): `'Tab'!A5:C6` read by one regex with each title
looked up once, the blocks marked stale taken from the dry run's size, put's USER_ENTERED step for a sheet
with no formula: the same answers, errors, cells, formulas, formats and stale regions as the general steps
(_write_all as it was, kept here as the reference; put over a sheet with a formula elsewhere)."""

from __future__ import annotations

import copy

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook_emulator.apis import sheets_values
from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, fresh, mark_stale, new_book, strict, values
from turfbook_emulator.sheets.model import Sheet


@settings(max_examples=examples(600), deadline=None)
@given(st.one_of(
    st.builds(lambda t, c: f"'{t}'!{c}", st.text(alphabet="Ta b'!_é", max_size=5),
              st.text(alphabet="AaBZz019$: ", max_size=9)),
    st.text(alphabet="'!_ Tab\nA1:$0", max_size=16)))
def test_quoted_block_as_split_sheet_and_parse_cells(text):
    quick = a1.quoted_block(text)
    if quick is None:
        return
    name, cells = a1.split_sheet(text)
    assert quick == (name, a1.parse_cells(cells))


def _old_block(sheet, span, rows: list, major: str) -> tuple:
    height, width = len(rows), max(map(len, rows), default=0)
    if major == "COLUMNS":
        height, width = width, height
    return sheet.sheet_id, span.r0, span.c0, span.r0 + max(height, 1), span.c0 + max(width, 1)


def _old_write_all(book, items: list[tuple[str, dict]], option: str) -> list[dict]:
    """_write_all before emu23b: values.resolve per range, _block from the rows, write measuring them again."""
    plans = []
    for text, body in items:
        sheet, span = values.resolve(book, text)
        if sheet.validation_layers and strict.reads_cells(sheet):
            fresh(book)
        rows = body.get("values") or []
        major = body.get("majorDimension") or "ROWS"
        kinds = values.write(book, sheet, span, rows, option, major, text, dry=True)["kinds"]
        plans.append((sheet, span, rows, major, text, kinds))
    blocks = [_old_block(sheet, span, rows, major) for sheet, span, rows, major, _, _ in plans]
    blocks += values.unspill_over(book, blocks)
    results = [values.write(book, sheet, span, rows, option, major, text, checked=True, kinds=kinds)
               for sheet, span, rows, major, text, kinds in plans]
    mark_stale(book, blocks)
    return results


def _book():
    book = new_book("B")
    book.sheets[0].title = "Tab"
    for i, title in enumerate(["My tab", "_Svc"], 1):
        book.sheets.append(Sheet(sheet_id=i, title=title, index=i, row_count=30, col_count=8))
    svc = book.sheets[2]
    values.put(svc, 0, 5, [["=ARRAYFORMULA(A1:A6)"]], "USER_ENTERED")     # an array in column F
    values.put(svc, 0, 0, [["a"], ["b"], ["c"]], "RAW")
    mark_stale(book, None)
    fresh(book)
    return book


TITLES = st.sampled_from(["'My tab'", "'_Svc'", "'Tab'", "Tab", "'tab'", "'Nope'", "'My tab' ", "'My ''tab'"])
CELLS = st.sampled_from(["A1", "A1:C3", "B2:D2", "E1:G4", "C3:A1", "A01:B2", "a2:b3", "$A$1:$B$2", "F1:F9",
                         "A29:B30", "A30:C31", "I1", "A:B", "A1:A1", ""])
CELL = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2, allow_nan=False),
                 st.sampled_from(["", "x", "C-000004", "5", "2026-11-22", "3%", "=1+1", "TRUE", "'7", "done"]))
ITEM = st.builds(lambda title, cells, rows, major: (f"{title}!{cells}" if cells else title,
                                                     {"values": rows, "majorDimension": major}),
                 TITLES, CELLS, st.lists(st.lists(CELL, max_size=4), max_size=4),
                 st.sampled_from(["ROWS", "ROWS", "COLUMNS", None]))


def _outcome(write_all, book, items, option) -> tuple:
    try:
        answer = write_all(book, copy.deepcopy(items), option)
    except ApiError as exc:
        answer = ("error", exc.code, str(exc))
    sheets = [(s.title, s.rows, s.formulas, s.formats, s.__dict__.get("spills")) for s in book.sheets]
    return repr(answer), repr(sheets), repr(book.__dict__.get("stale"))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(ITEM, max_size=6), st.sampled_from(["RAW", "USER_ENTERED"]))
@example([("'_Svc'!E1", {"values": [[], [], []], "majorDimension": "COLUMNS"})], "RAW")   # 3 empty columns: a 1x3 block
def test_write_all_as_before(items, option):
    book = _book()
    assert book.sheets[2].__dict__.get("spills")
    assert _outcome(sheets_values._write_all, copy.deepcopy(book), items, option) == _outcome(
        _old_write_all, copy.deepcopy(book), items, option)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.lists(CELL, max_size=4), max_size=5), st.integers(0, 2), st.integers(0, 2),
       st.sampled_from([None, "en_US", "de_DE"]))
def test_user_entered_over_no_formula_as_the_general_step(rows, r0, c0, locale):
    """put's USER_ENTERED step for a sheet with no formula against the general step (the same sheet with a
    formula far away): cells, formulas and number formats."""
    plain, other = Sheet(sheet_id=1, title="T"), Sheet(sheet_id=1, title="T")
    for sheet in (plain, other):
        sheet.rows = [["old", 1, None, "", True] for _ in range(4)]
        sheet.formats[(1, 1)] = {"numberFormat": {"type": "TEXT"}}
    other.formulas[(90, 9)] = "=1"
    values.put(plain, r0, c0, copy.deepcopy(rows), "USER_ENTERED", locale)
    values.put(other, r0, c0, copy.deepcopy(rows), "USER_ENTERED", locale)
    del other.formulas[(90, 9)]
    assert repr((plain.rows, plain.formulas, plain.formats)) == repr((other.rows, other.formulas, other.formats))
