"""values.update's empty texts marked at decode (emu22o, plain_rows.py): a body whose `""` were read as null
tokens is the body jsonwire.loads gives with exactly its "" cells as None, or is decoded as before; and the
whole write (answer, error, stored cells and their types, formulas, formats) is the same with the body
decoded that way as with the body as jsonwire.loads gives it (the path before emu22o)."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook_emulator import jsonwire, plain_rows
from turfbook_emulator.plain_rows import PlainRows

UPDATE = "sheets.spreadsheets.values.update"
TEXT = st.one_of(st.sampled_from(["", "", "", 'a"', '"', '""', "\\", '\\"', "\t", "nul", "null", "=1+1", "5", "TRUE",
                                  "é😀", " "]), st.text(max_size=3))
CELL = st.one_of(TEXT, TEXT, st.integers(-3, 3), st.sampled_from([2**63, -2**63 - 1, 2**63 - 1]), st.booleans(),
                 st.just(1.5), st.none())
ROWS = st.lists(st.lists(CELL, max_size=5), max_size=5)
BODY = st.dictionaries(st.sampled_from(["values", "range", "majorDimension", "other", ""]),
                       st.one_of(ROWS, ROWS, ROWS, TEXT, st.none(), st.integers()), max_size=3)
TWEAKS = [b"", b'""', b'"', b'"\\"', b"\t", b"\\", b"null", b" ", b",", b"]", b"[", b":", b"\xff", b"1.0", b"NaN"]


def _bytes(body: dict, tweak: bytes, where: int, spaced: bool, ascii_only: bool) -> bytes:
    data = json.dumps(body, ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":")).encode()
    cut = where % (len(data) + 1)
    return data[:cut] + tweak + data[cut:]


def _outcome(loads, data: bytes) -> tuple:
    try:
        body = loads(data)
    except ValueError as exc:
        return "error", type(exc).__name__
    if isinstance(body, dict) and body.get("values").__class__ is PlainRows:
        body = {**body, "values": body["values"].as_sent()}
    return "ok", repr(body)


@settings(max_examples=examples(2000), deadline=None)
@given(BODY, st.sampled_from(TWEAKS), st.integers(0, 10_000), st.booleans(), st.booleans())
def test_marked_decode_is_the_body_as_sent(body, tweak, where, spaced, ascii_only):
    data = _bytes(body, tweak, where, spaced, ascii_only)
    assert _outcome(lambda d: plain_rows.loads(d, UPDATE), data) == _outcome(jsonwire.loads_request, data)
    try:
        got, want = plain_rows.loads(data, UPDATE), jsonwire.loads_request(data)
    except ValueError:
        return
    rows = got.get("values") if isinstance(got, dict) else None
    if rows.__class__ is PlainRows and rows.marked:                 # None exactly where the body sent ""
        assert [[c is None for c in row] for row in rows] == [[c == "" for c in row] for row in want["values"]]
    if rows.__class__ is PlainRows and rows.gaps:
        assert all("" not in row for row in rows)


@pytest.mark.parametrize(("data", "marked"), [
    (b'{"values":[["a",""],["",1,true]],"range":""}', True),
    (b'{"values":[["say \\"hi\\"",""]]}', False),      # a text ending with a quote: `\""`
    (b'{"values":[["nullable",""]]}', False),           # `null` in the bytes
    (b'{"values":[["a",""]],"other":[[""]]}', False),  # rows under another name
    (b'{"values":[["a","b"]]}', False),                 # no "" at all: gaps, nothing marked
])
def test_marked_or_not(data, marked):
    body = plain_rows.loads(data, UPDATE)
    assert body["values"].marked is marked and body["values"].gaps is (marked or b'""' not in data)
    assert {**body, "values": body["values"].as_sent()} == json.loads(data)


@pytest.mark.parametrize("data", [b'{"values":[["ab""cd"]]}', b'{"values":[[""""]]}', b'{"":[[""]]}',
                                  b'{"values":[""]}', b'{"values":[["",1.5]]}', b'""', b'{"values":[["",null]]}'])
def test_other_bodies_as_before(data):
    assert _outcome(lambda d: plain_rows.loads(d, UPDATE), data) == _outcome(jsonwire.loads_request, data)


STORED = st.lists(st.lists(st.one_of(st.none(), st.sampled_from(["old", ""]), st.integers(0, 9)), max_size=7),
                  max_size=6)
MARKABLE = st.one_of(st.sampled_from(["", "", "", "a", "=1+2", "b c", "5", "TRUE", "nul"]), st.integers(-3, 3),
                     st.booleans())
WRITTEN = st.one_of(MARKABLE, st.sampled_from([None, 2.5, "null"]))      # these: decoded as before


def _blocks(cell):
    ragged = st.lists(st.lists(cell, max_size=6), max_size=6)
    rect = st.integers(1, 6).flatmap(lambda w: st.lists(st.lists(cell, min_size=w, max_size=w), max_size=6))
    return st.one_of(ragged, rect, rect)


def _written(stored: list, text: str, data: bytes, option: str, formula: bool, strict: bool, loads) -> tuple:
    from turfbook_emulator.apis import sheets_values
    from turfbook_emulator.errors import ApiError
    from turfbook_emulator.sheets import new_book

    book = new_book("t")
    sheet = book.sheets[0]
    sheet.row_count, sheet.col_count = 8, 6
    sheet.rows = copy.deepcopy(stored)
    if formula:
        sheet.formulas[(0, 0)] = "=1"
    if strict:
        sheet.validation_layers.append((0, 8, 1, 2, {"strict": True, "condition": {
            "type": "TEXT_NOT_CONTAINS", "values": [{"userEnteredValue": "b"}]}}))
    body = loads(data)
    try:
        result = sheets_values._write_all(book, [(text, body)], option)
    except ApiError as exc:
        return "error", exc.code, str(exc)
    return (result, sheet.rows, [list(map(type, r)) for r in sheet.rows], sheet.formulas, sheet.formats,
            sheet.format_layers)


@settings(max_examples=examples(600), deadline=None)
@given(STORED, st.one_of(_blocks(MARKABLE), _blocks(WRITTEN)),
       st.sampled_from(["Sheet1!A1", "Sheet1!A2:C3", "Sheet1!B1:D", "Sheet1!A3:F8", "Sheet1!C5", "Sheet1!A:B",
                        "Sheet1!E7:F8", "Sheet1"]),
       st.sampled_from(["RAW", "RAW", "USER_ENTERED"]), st.sampled_from(["ROWS", "ROWS", "COLUMNS"]),
       st.booleans(), st.booleans())
def test_write_of_marked_rows_as_before(stored, values, text, option, major, formula, strict):
    """The same answer or error, cells (and types), formulas and formats as the body jsonwire gives."""
    data = json.dumps({"values": values, "majorDimension": major}).encode()
    new = _written(stored, text, data, option, formula, strict, lambda d: plain_rows.loads(d, UPDATE))
    assert new == _written(stored, text, data, option, formula, strict, jsonwire.loads_request)
