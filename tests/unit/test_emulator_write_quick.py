"""The write path's quick steps (issue 22, emu22g) give what the general steps give: an A1 block and a quoted
title read by one regex, validate_body's quick pass over ValueRange items, protojson leaving flat answers
as they are, the USER_ENTERED text shortcut."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook_emulator import discovery, flat_items
from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, inputs, protojson
from turfbook_emulator.sheets.model import Sheet
from turfbook_emulator.sheets.values import put

A1_TEXT = st.text(alphabet="AaBZz019$:R[]C \n'", max_size=12)
A1_BLOCKS = st.builds(lambda c1, r1, c2, r2, sep, d: f"{d}{c1}{d}{r1}{sep}{d}{c2}{d}{r2}",
                      st.text("ABCXYZabz", min_size=0, max_size=4), st.text("0123456789", max_size=8),
                      st.text("ABCXYZabz", min_size=0, max_size=4), st.text("0123456789", max_size=8),
                      st.sampled_from([":", "", "::"]), st.sampled_from(["", "$"]))


def _general_cells(text: str):
    try:
        return a1._parse_a1(text)
    except a1.A1Error:
        return a1._parse_r1c1(text)


def _outcome(step, text):
    try:
        return step(text)
    except a1.A1Error as exc:
        return ("A1Error", str(exc))


@settings(max_examples=examples(600), deadline=None)
@given(st.one_of(A1_TEXT, A1_BLOCKS))
def test_parse_cells_as_the_general_steps(text):
    assert _outcome(a1.parse_cells, text) == _outcome(_general_cells, text)


def _split_by_steps(text: str):
    """split_sheet as it was before its one-regex step (the reference)."""
    text = text.strip()
    if text.startswith("'"):
        i, name = 1, []
        while (j := text.find("'", i)) >= 0:
            name.append(text[i:j])
            if text[j + 1:j + 2] == "'":
                name.append("'")
                i = j + 2
                continue
            rest = text[j + 1:]
            if rest == "":
                return "".join(name), None
            if rest.startswith("!"):
                return "".join(name), rest[1:]
            raise a1.A1Error(text)
        raise a1.A1Error(text)
    if "!" in text:
        name, _, cells = text.rpartition("!")
        return name, cells
    return None, text


@settings(max_examples=examples(600), deadline=None)
@given(st.text(alphabet="'!_ Tab\nA1:", max_size=16))
def test_split_sheet_as_the_general_steps(text):
    assert _outcome(a1.split_sheet, text) == _outcome(_split_by_steps, text)


def test_common_ranges():
    assert a1.split_sheet("'_Turfbook Conversations'!A5:C6") == ("_Turfbook Conversations", "A5:C6")
    assert tuple(a1.parse_cells("A5:C6")) == (4, 0, 6, 3)
    assert tuple(a1.parse_cells("c9:a2")) == (1, 0, 9, 3)
    assert a1.format_range("My tab", 4, 0, 6, 3) == "'My tab'!A5:C6"


SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=3),
                   st.sampled_from(["ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED", "rows", "A1"]))
VALUES = st.one_of(SCALAR, st.lists(st.one_of(st.none(), st.lists(SCALAR, max_size=3), SCALAR), max_size=3))
ITEM = st.one_of(SCALAR, st.dictionaries(st.sampled_from(["range", "majorDimension", "values", "extra"]),
                                         VALUES, max_size=4))


def _check_error(item):
    api = discovery.apis()["sheets"]
    try:
        discovery._check(api, {"$ref": "ValueRange"}, item, "data[0]")
    except ApiError as exc:
        return exc.body("sheets")
    return None


@settings(max_examples=examples(800), deadline=None)
@given(ITEM)
def test_quick_pass_over_value_ranges_only_where_the_full_check_passes(item):
    api = discovery.apis()["sheets"]
    fields = flat_items.fields("sheets", api.schemas, "ValueRange")
    assert fields is not None
    if flat_items.ok(fields, item):
        assert _check_error(item) is None


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(ITEM, max_size=4))
def test_batch_update_body_errors_as_the_full_check(items):
    """validate_body over a values.batchUpdate body: the first error (or none) as _check item by item."""
    route = discovery.match("POST", "/v4/spreadsheets/abc/values:batchUpdate")[0]
    try:
        discovery.validate_body(route, {"valueInputOption": "RAW", "data": items})
        got = None
    except ApiError as exc:
        got = exc.body("sheets")
    want = next((err for err in map(_check_error, items) if err is not None), None)
    if want is not None:        # the item's own path in the message: data[i]
        index = next(i for i, item in enumerate(items) if _check_error(item) is not None)
        want = _check_error_at(items[index], f"data[{index}]")
    assert got == want


def _check_error_at(item, where):
    api = discovery.apis()["sheets"]
    try:
        discovery._check(api, {"$ref": "ValueRange"}, item, where)
    except ApiError as exc:
        return exc.body("sheets")
    return None


ANSWER = st.dictionaries(st.sampled_from(["spreadsheetId", "updatedRange", "updatedRows", "updatedCells", "range",
                                          "valueRanges", "responses", "sheetId", "hidden", "red"]),
                         st.one_of(st.text(max_size=2), st.integers(-1, 2), st.booleans(), st.none(),
                                   st.lists(st.integers(0, 1), max_size=2), st.just({})), max_size=5)
NAMES = ["UpdateValuesResponse", "ValueRange", "GridRange", "Color", "SheetProperties", "AppendValuesResponse",
         "BatchUpdateValuesResponse", "NoSuchSchema"]


@settings(max_examples=examples(800), deadline=None)
@given(st.sampled_from(NAMES), ANSWER)
def test_protojson_leaves_as_is_only_what_its_walk_leaves(name, answer):
    schemas = discovery.apis()["sheets"].schemas
    if protojson._as_is(name, protojson._array_fields(name), answer):
        assert protojson._walk(schemas, name, answer) == answer


def test_batch_update_answer_rendered():
    body = {"spreadsheetId": "s", "totalUpdatedRows": 1, "responses": [
        {"spreadsheetId": "s", "updatedRange": "A1", "updatedRows": 1, "updatedColumns": 1, "updatedCells": 1},
        {"spreadsheetId": "s", "updatedRange": ""}]}
    out = protojson.render("BatchUpdateValuesResponse", body)
    assert out["responses"] == [body["responses"][0], {"spreadsheetId": "s"}]


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="abcJjMmNnOoDdSsTtFf -0123456789,/:.", min_size=1, max_size=14).filter(
    lambda v: v[0].isalpha()))
def test_text_shortcut_as_month_name_date(value):
    assert inputs.read_en_us(value) == inputs._month_name_date(value)


@pytest.mark.parametrize("locale", [None, "en_US", "de_DE", "fr_FR"])
def test_user_entered_cells_as_parse_user_entered(locale):
    cells = ["1,5", "12/11/2026", "Ana", "TRUE", "", 7, "3%", "'=x", "2026-11-21"]
    sheet = Sheet(sheet_id=1, title="T")
    put(sheet, 0, 0, [list(cells)], "USER_ENTERED", locale)
    assert sheet.rows[0] == [inputs.parse_user_entered(v, locale)[0] for v in cells]


CELL = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(-3, 3, allow_nan=False),
                 st.sampled_from(["", "Ana", "C-000004", "5", "1,000", "3%", "$2.50", "11/21/2026", "2026-11-21",
                                  "Nov 21, 2026", "14:30", "TRUE", "false", "'7", "=A1", " 5 ", "done", "Mar"]))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.lists(CELL, max_size=4), max_size=4), st.integers(0, 2), st.integers(0, 2),
       st.sampled_from([None, "en_US", "de_DE"]))
def test_user_entered_block_as_each_cell_typed(rows, r0, c0, locale):
    """put() USER_ENTERED (its text memo) against each cell read by parse_user_entered on its own."""
    sheet = Sheet(sheet_id=1, title="T")
    sheet.rows = [["old"] * 5 for _ in range(3)]
    put(sheet, r0, c0, [list(r) for r in rows], "USER_ENTERED", locale)
    want = [["old"] * 5 for _ in range(3)]
    want += [[] for _ in range(r0 + len(rows) - len(want))]
    formulas = {}
    for i, row in enumerate(rows):
        if not row:
            continue
        line = want[r0 + i]
        line += [None] * (c0 + len(row) - len(line))
        for j, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                value, _, text = inputs.parse_user_entered(v, locale)
                if text is not None:
                    formulas[(r0 + i, c0 + j)] = text
                    value = sheet.rows[r0 + i][c0 + j]      # the pending error of a formula
            else:
                value = int(v) if isinstance(v, float) and v.is_integer() else v
            line[c0 + j] = value
    assert sheet.rows == want
    assert sheet.formulas == formulas
