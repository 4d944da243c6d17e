"""A cell holding empty text (a formula's ="") at the end of a row or column is left out like an empty cell,
by every read path, ROWS and COLUMNS alike (a22d a03: the UNFORMATTED COLUMNS fast path kept it while the
step per cell left it out). Google: "empty trailing rows and columns will not be included", and "" is how
its API writes an empty cell."""

from __future__ import annotations

import orjson
import pytest

from turfbook_emulator import jsonwire
from turfbook_emulator.sheets import a1, new_book, values

RENDERS = ("UNFORMATTED_VALUE", "FORMATTED_VALUE")


def _book():
    book = new_book("t")
    sheet = book.sheets[0]
    values.write(book, sheet, a1.parse_cells("A1"), [["x", '=""', "y"], ['=""', '=""', "z"],
                                                     ['=IF(FALSE,1,"")', '=""', ""]], "USER_ENTERED")
    values.recalc(book)
    return book, sheet


@pytest.mark.parametrize("render", RENDERS)
def test_trailing_empty_texts_are_left_out_rows_and_columns(render):
    _, sheet = _book()
    span = a1.parse_cells("A1:C5")
    for major, want in (("ROWS", [["x", "", "y"], ["", "", "z"]]), ("COLUMNS", [["x"], [], ["y", "z"]])):
        fast = orjson.loads(jsonwire.dumps(values.read(sheet, span, render, major=major, wire=True)))
        assert fast == values.read(sheet, span, render, major=major), major
        assert fast["values"] == want, major


@pytest.mark.parametrize("render", RENDERS)
@pytest.mark.parametrize("major", ["ROWS", "COLUMNS"])
def test_every_path_agrees_on_stored_empty_texts(render, major):
    book = new_book("t")
    sheet = book.sheets[0]
    rows = [["a", "", 1, ""], ["", "", ""], [2.5, "b", "", None, ""], ["", None], [None, "c\\\"", ""], ["", ""]]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            sheet.set_value(r, c, v)
    for text in ("A1:E6", "B1:E6", "A2:C6", "C1:D3", "A6:E6"):
        span = a1.parse_cells(text)
        fast = orjson.loads(jsonwire.dumps(values.read(sheet, span, render, major=major, wire=True)))
        slow = values.read(sheet, span, render, major=major)
        assert fast == slow, text
        lines = slow.get("values", [])
        assert not lines or lines[-1], text
        assert all(line[-1] != "" for line in lines if line), text
