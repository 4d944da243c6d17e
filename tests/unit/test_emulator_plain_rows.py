"""values.update's typed body decode (issue 22, emu22m: plain_rows.py): whatever the bytes, the body is the
one jsonwire.loads gives (or the same error), its plain rows handed on as a PlainRows whose lengths are the
rows' own; and a write of those rows answers, fails and stores as a write of the same rows as plain lists."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook_emulator import jsonwire, plain_rows
from turfbook_emulator.plain_rows import PlainRows
from turfbook_emulator.sheets.model import Sheet
from turfbook_emulator.sheets.values import put

UPDATE = "sheets.spreadsheets.values.update"
TEXT = st.one_of(st.sampled_from(["", "", "a", "=1+1", "é😀", 'q"\\/', "\n\t", "null"]), st.text(max_size=4))
NUMBER = st.one_of(st.integers(-3, 3), st.integers(-2**70, 2**70), st.sampled_from([2**63, 2**64, -2**63 - 1]))
PLAIN = st.one_of(TEXT, NUMBER, st.booleans())
OTHER = st.one_of(st.floats(allow_nan=False), st.none(), st.just(["x"]), st.just({"a": 1}))
ROWS = st.lists(st.lists(st.one_of(PLAIN, PLAIN, PLAIN, OTHER), max_size=5), max_size=5)
BODY = st.dictionaries(st.sampled_from(["values", "range", "majorDimension", "other", ""]),
                       st.one_of(ROWS, ROWS, st.none(), TEXT, st.integers(), st.booleans()), max_size=3)
TWEAKS = [b"", b" ", b"x", b",", b"]", b"\xef\xbb\xbf", b"\xff", b"NaN", b"1.0", b'"\\ud800"', b'\xed\xa0\x80', b"null"]


def sent(body):
    """The body with its marked rows' empty texts as "" again (emu22o), as the body sent them."""
    if isinstance(body, dict) and body.get("values").__class__ is PlainRows:
        body = {**body, "values": body["values"].as_sent()}
    return body


def _parsed(data: bytes, loads) -> tuple:
    try:
        got = loads(data)
    except ValueError as exc:
        return "error", type(exc).__name__
    return "ok", repr(got), json.dumps(got, default=repr)     # repr: types as well as values (1 vs 1.0 vs True)


def _bytes(body: dict, tweak: bytes, where: int, spaced: bool) -> bytes:
    text = json.dumps(body, ensure_ascii=where % 2 == 0, separators=(", ", ": ") if spaced else (",", ":"))
    data = text.encode("utf-8")
    cut = where % (len(data) + 1)
    return data[:cut] + tweak + data[cut:] if tweak else data


@settings(max_examples=examples(1500), deadline=None)
@given(BODY, st.sampled_from(TWEAKS), st.integers(0, 10_000), st.booleans())
def test_typed_decode_gives_what_jsonwire_gives(body, tweak, where, spaced):
    data = _bytes(body, tweak, where, spaced)
    got = _parsed(data, lambda d: sent(plain_rows.loads(d, UPDATE)))
    assert got == _parsed(data, jsonwire.loads_request)   # NaN, a lone surrogate: refused (a22d a05)
    if got[0] == "ok" and (rows := plain_rows.loads(data, UPDATE).get("values")).__class__ is PlainRows:
        assert {type(c) for row in rows for c in row} <= ({str, int, bool, type(None)} if rows.marked else
                                                          {str, int, bool})
        assert not rows.gaps or "" not in [c for row in rows for c in row]
        lengths = set(map(len, rows))
        assert rows.width == max(lengths, default=0)
        assert rows.even == (len(lengths) == 1 and rows.width > 0)
        assert rows.touched == sum(map(bool, rows))


@pytest.mark.parametrize("data", [b'{"values":[["a",""],[1,true]]}', b' {"values": [[]], "range": "A1"} ',
                                  b'{"values":[[1]],"values":[["a"]]}', b'{"values":[[-9223372036854775808]]}'])
def test_plain_rows_of_a_value_range(data):
    body = plain_rows.loads(data, UPDATE)
    assert body["values"].__class__ is PlainRows and sent(body) == json.loads(data)


@pytest.mark.parametrize("data", [b'{"values":[[1.5]]}', b'{"values":[null]}', b'{"values":[[null]]}',
                                  b'{"values":"ab"}', b'[]',
                                  b'{"values":[[9223372036854775808]]}', b'{"values":[[-9223372036854775809]]}',
                                  b'{"values":[[1.5]],"values":[["a"]]}'])
def test_other_bodies_parsed_as_before(data):
    body = plain_rows.loads(data, UPDATE)
    assert repr(body) == repr(jsonwire.loads_request(data))       # orjson: an int past 64 bits is a float
    assert not isinstance(body, dict) or body.get("values").__class__ is not PlainRows


def test_other_methods_parsed_as_before():
    body = plain_rows.loads(b'{"values":[["a"]]}', "sheets.spreadsheets.values.append")
    assert body["values"].__class__ is list


STORED = st.lists(st.lists(st.one_of(st.none(), st.sampled_from(["old", ""]), st.integers(0, 9)), max_size=7),
                  max_size=6)
CELLS = st.one_of(st.sampled_from(["", "", "a", "=SUM(A1:A2)", "b c"]), st.integers(-3, 3), st.booleans())


def _blocks():
    ragged = st.lists(st.lists(CELLS, max_size=6), max_size=6)
    rect = st.integers(0, 6).flatmap(lambda w: st.lists(st.lists(CELLS, min_size=w, max_size=w), max_size=6))
    return st.one_of(ragged, rect)


def _outcome(stored: list, text: str, values: list, formula: bool, major: str, typed: bool) -> tuple:
    from turfbook_emulator.apis import sheets_values
    from turfbook_emulator.errors import ApiError
    from turfbook_emulator.sheets import new_book

    book = new_book("t")
    sheet = book.sheets[0]
    sheet.row_count, sheet.col_count = 8, 6
    sheet.rows = copy.deepcopy(stored)
    if formula:
        sheet.formulas[(0, 0)] = "=1"
    rows = copy.deepcopy(values)
    body = {"values": PlainRows(rows) if typed else rows, "majorDimension": major}
    try:
        result = sheets_values._write_all(book, [(text, body)], "RAW")
    except ApiError as exc:
        return "error", exc.code, str(exc)
    return result, sheet.rows, [list(map(type, r)) for r in sheet.rows], sheet.formulas


@settings(max_examples=examples(400), deadline=None)
@given(STORED, _blocks(),
       st.sampled_from(["Sheet1!A1", "Sheet1!A2:C3", "Sheet1!B1:D", "Sheet1!A3:F8", "Sheet1!C5", "Sheet1!A:B",
                        "Sheet1!A1:A1", "Sheet1!E7:F8", "Sheet1"]), st.booleans(), st.sampled_from(["ROWS", "COLUMNS"]))
def test_plain_rows_write_as_plain_lists(stored, values, text, formula, major):
    """The answer (updated range, rows, columns, cells), the error, the stored cells and formulas: the same
    with the rows handed on as a PlainRows (types and lengths known) as with the same rows as lists."""
    assert _outcome(stored, text, values, formula, major, True) == \
        _outcome(stored, text, values, formula, major, False)


@settings(max_examples=examples(200), deadline=None)
@given(STORED, _blocks(), st.integers(0, 3), st.sampled_from([0, 0, 1, 3]))
def test_plain_rows_put_as_plain_lists(stored, values, r0, c0):
    want, got = Sheet(sheet_id=0, title="T", row_count=50, col_count=20), \
        Sheet(sheet_id=0, title="T", row_count=50, col_count=20)
    want.rows, got.rows = copy.deepcopy(stored), copy.deepcopy(stored)
    put(want, r0, c0, copy.deepcopy(values), "RAW")
    put(got, r0, c0, PlainRows(copy.deepcopy(values)), "RAW")
    assert got.rows == want.rows and [list(map(type, r)) for r in got.rows] == [list(map(type, r)) for r in want.rows]
