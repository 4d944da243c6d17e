"""Strict data validation ("Reject input"): a write that puts a value a strict rule refuses is a 400.

Google refuses such a values.update/append/batchUpdate whole (nothing is written) and names the
first cell, in the words its UI uses, e.g. "The data you entered in cell G379 violates the data
validation rules set on this sheet. Please enter one of the following values: Direct Mail, PPC."
(wording from reports of real API errors). Rules with `strict: false` (show a warning) never
refuse. Clearing a cell is always allowed. Checked here: ONE_OF_LIST, ONE_OF_RANGE, BOOLEAN,
NUMBER_* comparisons, TEXT_CONTAINS / TEXT_NOT_CONTAINS, TEXT_IS_EMAIL, TEXT_IS_URL; other
condition types are not checked (docs/emulator.md).
"""

from __future__ import annotations

import re
from typing import Any

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1
from turfbook_emulator.sheets.inputs import parse_user_entered
from turfbook_emulator.sheets.model import Book, Sheet

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _range_values(book: Book, ref: str) -> list[str]:
    from turfbook_emulator.sheets import values

    sheet, span = values.resolve(book, ref.lstrip("="))
    found = values.read(sheet, span, "FORMATTED_VALUE").get("values", [])
    return [v for row in found for v in row if v != ""]


def _allowed(book: Book, condition: dict, value: Any) -> tuple[bool, list[str] | None]:
    """(passes, the listed values to name in the message or None)."""
    kind = condition.get("type")
    args = [str(v.get("userEnteredValue", "")) for v in condition.get("values") or []]
    text = _text(value)
    if kind in ("ONE_OF_LIST", "ONE_OF_RANGE"):
        options = args if kind == "ONE_OF_LIST" else _range_values(book, args[0] if args else "")
        return text.casefold() in {o.casefold() for o in options}, options
    if kind == "BOOLEAN":
        options = args or ["TRUE", "FALSE"]
        return text.casefold() in {o.casefold() for o in options}, None
    if kind and kind.startswith("NUMBER_"):
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        bounds = [_number(a) for a in args]
        if number is None or any(b is None for b in bounds):
            return False, None
        checks = {"NUMBER_GREATER": lambda: number > bounds[0], "NUMBER_GREATER_THAN_EQ": lambda: number >= bounds[0],
                  "NUMBER_LESS": lambda: number < bounds[0], "NUMBER_LESS_THAN_EQ": lambda: number <= bounds[0],
                  "NUMBER_EQ": lambda: number == bounds[0], "NUMBER_NOT_EQ": lambda: number != bounds[0],
                  "NUMBER_BETWEEN": lambda: bounds[0] <= number <= bounds[1],
                  "NUMBER_NOT_BETWEEN": lambda: not bounds[0] <= number <= bounds[1]}
        return (checks[kind]() if kind in checks else True), None
    if kind == "TEXT_CONTAINS":
        return args[0].casefold() in text.casefold(), None
    if kind == "TEXT_NOT_CONTAINS":
        return args[0].casefold() not in text.casefold(), None
    if kind == "TEXT_IS_EMAIL":
        return bool(_EMAIL.match(text)), None
    if kind == "TEXT_IS_URL":
        return bool(_URL.match(text)), None
    return True, None


def _strict_layers(sheet: Sheet) -> list[tuple]:
    return [layer for layer in sheet.validation_layers if layer[4] and layer[4].get("strict")]


def reads_cells(sheet: Sheet) -> bool:
    """Whether a strict rule on this sheet checks values against cells (ONE_OF_RANGE), which may hold formulas:
    a write checked by one needs the book's formulas current first; other rules read nothing."""
    return any((layer[4].get("condition") or {}).get("type") == "ONE_OF_RANGE" for layer in _strict_layers(sheet))


def check(book: Book, sheet: Sheet, r0: int, c0: int, rows: list, input_option: str) -> None:
    """400 naming the first cell whose new value a strict rule on it refuses."""
    if not _strict_layers(sheet):
        return
    from turfbook_emulator.sheets.formats import validation

    for i, row in enumerate(rows):
        for j, raw in enumerate(row or []):
            if raw is None or raw == "":
                continue
            r, c = r0 + i, c0 + j
            rule = validation(sheet, r, c)
            if not rule or not rule.get("strict"):
                continue
            value = raw
            if input_option == "USER_ENTERED" and isinstance(raw, str):
                value, _fmt, formula = parse_user_entered(raw, book.locale)
                if formula is not None:
                    continue  # a formula's result is checked when it is computed, not refused here
            ok, options = _allowed(book, rule.get("condition") or {}, value)
            if not ok:
                message = (f"The data you entered in cell {a1.cell_name(r, c)} violates the data validation rules "
                           f"set on this {'sheet' if options else 'cell'}.")
                if options:
                    message += f" Please enter one of the following values: {', '.join(options)}."
                raise ApiError(400, message)
