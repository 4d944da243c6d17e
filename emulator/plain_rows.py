"""A values.update body decoded with its cells' types checked in the same pass (issue 22).

msgspec decodes the body with the type `dict[str, str | None | list[list[str | int | bool]]]` (a
ValueRange whose cells are text, whole numbers and booleans: what the services' RAW writes send). When
that decode succeeds its answer equals json.loads' (the same dict, keys, strings and ints); the rows
list is then handed on as a PlainRows, which tells the write path that no cell is a float, a null or a
nested value (no type check per cell there) and carries the rows' lengths, walked once here instead of
once by each of validation, write (x2), _block and put. Any other body, and any body msgspec refuses
(a float, a null, an int past 64 bits, an unknown field's value, bad JSON, a lone surrogate, a BOM, ...), is parsed by
jsonwire.loads as before: the same errors and the same dicts as before.

Empty texts (emu22o): a RAW "" is an empty cell, which the write path used to find by a search over every
cell. A body with no `null` in its bytes is decoded with each `""` replaced by `<tab>null` and the cells
allowed to be null: a replacement that is not an empty-text token (one inside a text, as in `"a\\""`, or
a key) leaves a raw tab inside a text, which JSON (and msgspec) refuse, so a decode that succeeds read
every `""` as a null token, i.e. exactly the body as sent with its empty texts as None. Such rows are
`marked`: their None cells are the body's "" (empty cells), and `as_sent()` gives them back as "" to any
write step other than put's whole-row store (which stores "" as None anyway).
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from turfbook_emulator import jsonwire

# ints as orjson gives them: it reads a JSON integer outside int64/uint64 as a float (jsonwire's answer):
# a body with an int outside int64 (msgspec's bounds stop there) is left to it
Cell = str | Annotated[int, msgspec.Meta(ge=-2**63, le=2**63 - 1)] | bool
_VALUE_RANGE = msgspec.json.Decoder(dict[str, str | None | list[list[Cell]]])
_MARKED = msgspec.json.Decoder(dict[str, str | None | list[list[Cell | None]]])
EMPTY, MARK, NULL = b'""', b"\tnull", b"null"

# the methods whose body is one ValueRange (the typed decode would refuse any other body: no gain)
VALUE_RANGE_METHODS = frozenset({"sheets.spreadsheets.values.update"})


class PlainRows(list):
    """ValueRange.values as decoded: every row a list, every cell a str, int or bool (or, `marked`, None
    for a "" of the body). `width`: the longest row's length; `even`: every row is `width` long
    (width > 0); `touched`: rows with a cell; `gaps`: no cell is "" (every empty text of the body is
    None already: `marked`, or the body had none). Valid for the rows as decoded: the write path reads
    them before put hands the rows over (put may change cells, never a row's length), and nothing reads
    them after."""

    __slots__ = ("width", "even", "touched", "gaps", "marked")

    def __init__(self, rows: list[list], gaps: bool = False, marked: bool = False):
        super().__init__(rows)
        lengths = set(map(len, rows))
        self.width = max(lengths, default=0)
        self.even = len(lengths) == 1 and self.width > 0
        self.touched = len(rows) if 0 not in lengths else sum(map(bool, rows))
        self.gaps, self.marked = gaps, marked

    def as_sent(self) -> PlainRows:
        """The rows as the body sent them: a marked row's None cells as "" (new lists; these as they are)."""
        if not self.marked:
            return self
        sent = PlainRows.__new__(PlainRows)
        sent.extend([list(map(_NONE_AS_EMPTY, row, row)) for row in self])
        sent.width, sent.even, sent.touched, sent.gaps, sent.marked = self.width, self.even, self.touched, False, False
        return sent


_NONE_AS_EMPTY = {None: ""}.get         # get(v, v): "" for None, any other value as it is


def _refuses_raw_tab() -> bool:
    """msgspec refuses a raw control character inside a text (JSON's rule; `marked` rests on it)."""
    try:
        _MARKED.decode(b'{"a":"\t"}')
    except msgspec.MsgspecError:
        return True
    return False


_MARKING = _refuses_raw_tab()


def loads(data: bytes, method_id: str) -> Any:
    """The request body, as jsonwire.loads gives it; a ValueRange's plain rows as a PlainRows."""
    if method_id in VALUE_RANGE_METHODS:
        with jsonwire.no_collector():
            body = _typed(data)
        if body is not None:
            return body
    return jsonwire.loads_request(data)


def _typed(data: bytes) -> dict | None:
    """The body by msgspec's typed decode; None when it is not one (jsonwire decides then)."""
    empties = EMPTY in data
    if empties and _MARKING and NULL not in data:
        try:
            body = _MARKED.decode(data.replace(EMPTY, MARK))
        except msgspec.ValidationError:     # a float, an int past 64 bits, a null row...: the decode below fails too
            return None
        except msgspec.MsgspecError:        # bad JSON, or a "" that is not an empty text (`"a\""`): decoded as sent
            pass
        else:
            for key, value in body.items():
                if value is None:           # (the bytes had no null: each one here was a "")
                    body[key] = ""
                elif value.__class__ is list and key != "values":
                    break                   # rows under another name: decoded as sent
            else:
                rows = body.get("values")
                if rows.__class__ is list:
                    body["values"] = PlainRows(rows, gaps=True, marked=True)
                return body
    try:
        body = _VALUE_RANGE.decode(data)
    except msgspec.MsgspecError:
        return None
    rows = body.get("values")
    if rows.__class__ is list:
        body["values"] = PlainRows(rows, gaps=not empties)
    return body
