"""values.get's ready-made JSON a block of rows at a time (emu23a): the four encoders (ROWS and COLUMNS,
UNFORMATTED_VALUE and FORMATTED_VALUE) give exactly the bytes the encoders of main 4f8af6b gave
(tests/support/values_json_main.py), step aside (None) only where they did (they answer now too where a column
of text alone holds "null", told by all_text), and, when they answer, give what the step per cell gives
(values._plain_rows / values.block, by_columns). Blocks of 1 to 4 rows here, so that every example crosses
block edges: a column's last cell in an earlier block, a block no row of which reaches a column, rows of one
width or not, rows ending empty, spans past the rows."""

from __future__ import annotations

import copy
from contextlib import contextmanager

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support import values_json_main as old
from tests.support.examples import examples
from turfbook_emulator.sheets import new_book, values, values_columns_json, values_json, values_rows_json
from turfbook_emulator.sheets.model import Err

CELLS = st.one_of(st.none(), st.sampled_from(["a", "", "null", "x null]", "é\"\\", "[null,", "TRUE", "5", "\null",
                                              "n\\ull", "1,2", "e.", "\ud800"]),
                  st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.just(Err("#N/A")), st.just(10 ** 30), st.just(2 ** 64 - 1), st.just(-(2 ** 63)))
# columns of one kind each (as a tab's columns are), so that the fast paths (text alone, whole numbers, a
# column empty all through a block, rows of one width) are taken, and a few other cells mixed in
_KINDS = [st.sampled_from(["a", "b c", "0", "Ana", "2026-11-21", "null", 'q"', "x\\y"]),
          st.sampled_from(["a", "b c", "Ana", "2026-11-21"]),
          st.one_of(st.none(), st.sampled_from(["a", "b,c", "", "0", "1,2", "null", "[1]", "e."])),
          st.integers(-10 ** 18, 2 ** 64 - 1),
          st.one_of(st.none(), st.integers(-10 ** 18, 10 ** 18)),
          st.none(),
          st.sampled_from([None, ""]),
          st.one_of(st.integers(-99, 99), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.just(Err("#REF!")), st.just("7"))]
_MIXED = st.lists(st.lists(CELLS, max_size=6), max_size=12)
_BY_KIND = st.lists(st.sampled_from(range(len(_KINDS))), min_size=1, max_size=6).flatmap(
    lambda kinds: st.lists(st.tuples(*(_KINDS[k] for k in kinds)).map(list), max_size=14))
_SHORTER = st.lists(st.integers(0, 6), max_size=3)       # rows cut short (and extra empty rows) in a kinds table


@contextmanager
def _blocks_of(rows: int):
    names = [(values_columns_json, "BLOCK"), (values_json, "BLOCK"), (values_rows_json, "BLOCK")]
    kept = [getattr(module, name) for module, name in names]
    try:
        for module, name in names:
            setattr(module, name, rows)
        yield
    finally:
        for (module, name), value in zip(names, kept, strict=True):
            setattr(module, name, value)


def _wire(fragment) -> bytes | None:
    return None if fragment is None else orjson.dumps(fragment)


def _reference(rows, r0, r1, c0, c1, formatted: bool, columns: bool):
    if formatted:
        sheet = new_book("t").sheets[0]
        sheet.rows = copy.deepcopy(rows)
        shown = values.block(sheet, r0, c0, r1, c1, "FORMATTED_VALUE")
    else:
        shown = values._plain_rows(rows, r0, r1, c0, c1)
    return values.by_columns(shown) if columns and shown else shown


def _check(rows, r0, r1, c0, c1, block):
    kept = copy.deepcopy(rows)
    render = values._formatted_plain
    pairs = {(False, False): (old.plain_json(rows, r0, r1, c0, c1), values_json.plain_json),
             (False, True): (old.plain_json_columns(rows, r0, r1, c0, c1), values_json.plain_json_columns),
             (True, False): (old.formatted_json_rows(rows, r0, r1, c0, c1, render),
                             lambda *span: values_rows_json.formatted_json_rows(*span, render)),
             (True, True): (old.formatted_json_columns(rows, r0, r1, c0, c1, render),
                            lambda *span: values_json.formatted_json_columns(*span, render))}
    with _blocks_of(block):
        for (formatted, columns), (before, encoder) in pairs.items():
            now = encoder(rows, r0, r1, c0, c1)
            if before is not None or now is None:
                assert _wire(now) == _wire(before), (formatted, columns, rows, r0, r1, c0, c1, block)
            if now is not None:                   # (now also where a column of text alone holds "null")
                assert _wire(now) == orjson.dumps(_reference(rows, r0, r1, c0, c1, formatted, columns))
    assert rows == kept or repr(rows) == repr(kept)      # the sheet's rows are left as they were


@settings(max_examples=examples(400), deadline=None)
@given(_MIXED, st.integers(0, 3), st.integers(0, 14), st.integers(0, 3), st.integers(1, 8), st.integers(1, 4))
def test_blocked_encoders_are_the_old_ones_on_any_cells(rows, r0, r1, c0, width, block):
    _check(rows, r0, max(r0, r1), c0, c0 + width, block)


@settings(max_examples=examples(400), deadline=None)
@given(_BY_KIND, _SHORTER, st.integers(0, 2), st.integers(0, 16), st.integers(0, 2), st.integers(1, 7),
       st.integers(1, 4))
def test_blocked_encoders_are_the_old_ones_on_columns_of_one_kind(rows, shorter, r0, r1, c0, width, block):
    for at in shorter:                    # a row cut short, or an empty row put in
        if at < len(rows):
            del rows[at][at % 3:]
        else:
            rows.append([])
    _check(rows, r0, max(r0, r1), c0, c0 + width, block)


def test_blocked_encoders_at_the_real_block_size():
    """The bench's rows (text, whole numbers, two columns empty all through) across real blocks, whole and
    halves, and with the last rows or cells empty."""
    block = values_columns_json.BLOCK
    rows = [[f"P-{i:06d}", f"Person {i}", i % 5 + 1, None, "tag", 46000 + i % 730, None, i]
            for i in range(3 * block + 40)]
    rows += [[None, "x", None, None, None, None, None, None]] * 3 + [["", None]] * 2 + [[]] * 4
    for r0, r1, c0, c1 in ((0, len(rows), 0, 8), (0, len(rows), 0, 4), (0, len(rows), 4, 8), (5, block + 1, 1, 7),
                           (block, 2 * block, 3, 4), (0, len(rows) + 9, 0, 30), (block - 1, len(rows), 6, 8)):
        _check(rows, r0, r1, c0, c1, block)
