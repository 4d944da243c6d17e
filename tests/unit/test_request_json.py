"""Request bodies as sent (transport.FastJsonModel.serialize): the same JSON value as json.dumps gives,
always ASCII text (a str body goes out as Latin-1), date-free values only, as before."""

from __future__ import annotations

import json

from turfbook.workspace.transport import FastJsonModel


def test_bodies_are_the_same_json_and_ascii():
    write = {"range": "'_T'!A2:C2", "values": [["C-1", "OVERDUE 3d", 46300]]}
    for body in ({"valueInputOption": "USER_ENTERED", "data": [write]},
                 {"values": [["Peña", "niño ✓", 3.5, None, True]]}, {}):
        text = FastJsonModel().serialize(body)
        assert text.isascii() and json.loads(text) == body
