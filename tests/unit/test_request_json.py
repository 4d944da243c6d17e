"""Request bodies as sent (transport.FastJsonModel.serialize): the same JSON value as json.dumps gives,
always ASCII text (a str body goes out as Latin-1), date-free values only, as before. Responses as read
(FastJsonModel.deserialize): the same values as googleapiclient's JsonModel gives."""

from __future__ import annotations

import json

import pytest
from googleapiclient.model import JsonModel
from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.workspace.transport import FastJsonModel, JsonText, json_text


def test_bodies_are_the_same_json_and_ascii():
    write = {"range": "'_T'!A2:C2", "values": [["C-1", "OVERDUE 3d", 46300]]}
    for body in ({"valueInputOption": "USER_ENTERED", "data": [write]},
                 {"values": [["Peña", "niño ✓", 3.5, None, True]]}, {}):
        text = FastJsonModel().serialize(body)
        assert text.isascii() and json.loads(text) == body


def test_a_body_serialized_before_the_call_is_sent_as_the_same_text():
    """json_text (Sheets.write's big bodies, serialized before googleapiclient's `str(body)`): the very text."""
    write = {"range": "'_T'!A2:C2", "majorDimension": "ROWS", "values": [["C-1", "OVERDUE 3d", 46300, ""]]}
    for body in ({"valueInputOption": "USER_ENTERED", "data": [write]},
                 {"valueInputOption": "RAW", "data": [{**write, "values": [["Peña", "niño ✓", 3.5, None, True]]}]}):
        made = json_text(body)
        assert isinstance(made, JsonText) and FastJsonModel().serialize(made) == FastJsonModel().serialize(body)
        assert FastJsonModel().serialize(made).__class__ is str
    odd = {"data": [{"values": [[{1, 2}]]}]}           # orjson refuses it: left to JsonModel, as before
    assert json_text(odd) is odd


def _same(left, right) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True, -0.0 == 0.0: told apart; NaN: none)."""
    if left.__class__ is not right.__class__:
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return repr(left) == repr(right)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_a_response_reads_as_json_loads_reads_it(value):
    """Responses (FastJsonModel.deserialize, msgspec): the very values googleapiclient's JsonModel (json.loads)
    gives, types too; integers of any size whole (orjson made a float of one past 64 bits)."""
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
        assert _same(FastJsonModel().deserialize(text.encode()), JsonModel().deserialize(text.encode()))


def test_what_msgspec_refuses_is_read_as_json_model_reads_it():
    """Not JSON (the text back), a number past a double (inf), a lone surrogate, a BOM: JsonModel's answer."""
    for content in (b"<html>502</html>", b"", b"[1e400]", b'{"a": "\\ud800"}', b"\xef\xbb\xbf[1]", b"[1,]",
                    b"18446744073709551616", b"-123456789012345678901234567890", b'{"data": [1]}', b"NaN"):
        assert _same(FastJsonModel().deserialize(content), JsonModel().deserialize(content)), content
    nested = b"[" * 100_000 + b"]" * 100_000                     # too deep for either: the same error
    with pytest.raises(RecursionError):
        JsonModel().deserialize(nested)
    with pytest.raises(RecursionError):
        FastJsonModel().deserialize(nested)
