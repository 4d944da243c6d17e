"""A1 notation for the ranges Turfbook writes: quoted sheet names, column letters."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def cell(title: str, row: int, column: int) -> str:
    """A single cell; row is 1-based, column 0-based."""
    return f"{quote_sheet(title)}!{column_letter(column)}{row}"


def block(title: str, row: int, column: int, rows: int = 1, columns: int = 1) -> str:
    start = f"{column_letter(column)}{row}"
    end = f"{column_letter(column + columns - 1)}{row + rows - 1}"
    return f"{quote_sheet(title)}!{start}:{end}"


def whole_columns(title: str, first: int, last: int | None = None) -> str:
    last = first if last is None else last
    return f"{quote_sheet(title)}!{column_letter(first)}:{column_letter(last)}"


def whole_sheet(title: str) -> str:
    return quote_sheet(title)
