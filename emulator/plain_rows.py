"""A values.update body decoded with its cells' types checked in the same pass (issue 22).

msgspec decodes the body with the type `dict[str, str | None | list[list[str | int | bool]]]` (a
ValueRange whose cells are text, whole numbers and booleans: what the services' RAW writes send). When
that decode succeeds its answer equals json.loads' (the same dict, keys, strings and ints); the rows
list is then handed on as a PlainRows, which tells the write path that no cell is a float, a null or a
nested value (no type check per cell there) and carries the rows' lengths, walked once here instead of
once by each of validation, write (x2), _block and put. Any other body, and any body msgspec refuses
(a float, a null, an int past 64 bits, an unknown field's value, bad JSON, a lone surrogate, a BOM, ...), is parsed by
jsonwire.loads as before: the same errors and the same dicts as before.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from turfbook_emulator import jsonwire

# ints as orjson gives them: it reads a JSON integer outside int64/uint64 as a float (jsonwire's answer):
# a body with an int outside int64 (msgspec's bounds stop there) is left to it
Cell = str | Annotated[int, msgspec.Meta(ge=-2**63, le=2**63 - 1)] | bool
_VALUE_RANGE = msgspec.json.Decoder(dict[str, str | None | list[list[Cell]]])

# the methods whose body is one ValueRange (the typed decode would refuse any other body: no gain)
VALUE_RANGE_METHODS = frozenset({"sheets.spreadsheets.values.update"})


class PlainRows(list):
    """ValueRange.values as decoded: every row a list, every cell a str, int or bool. `width`: the
    longest row's length; `even`: every row is `width` long (width > 0); `touched`: rows with a cell.
    Valid for the rows as decoded: the write path reads them before put hands the rows over (put may
    change cells, never a row's length), and nothing reads them after."""

    __slots__ = ("width", "even", "touched")

    def __init__(self, rows: list[list]):
        super().__init__(rows)
        lengths = set(map(len, rows))
        self.width = max(lengths, default=0)
        self.even = len(lengths) == 1 and self.width > 0
        self.touched = len(rows) if 0 not in lengths else sum(map(bool, rows))


def loads(data: bytes, method_id: str) -> Any:
    """The request body, as jsonwire.loads gives it; a ValueRange's plain rows as a PlainRows."""
    if method_id in VALUE_RANGE_METHODS:
        with jsonwire.no_collector():
            try:
                body = _VALUE_RANGE.decode(data)
            except msgspec.MsgspecError:
                pass
            else:
                rows = body.get("values")
                if rows.__class__ is list:
                    body["values"] = PlainRows(rows)
                return body
    return jsonwire.loads_request(data)
