"""Request bodies as sent (transport.FastJsonModel.serialize): the same JSON value as json.dumps gives,
always ASCII text (a str body goes out as Latin-1), date-free values only, as before."""

from __future__ import annotations

import json

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
