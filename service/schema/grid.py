"""A tab's cells as read: rows (values.batchGet's majorDimension=ROWS, what every reader of the team's own
sheets gives) or `Columns` (majorDimension=COLUMNS, Turfbook's own workbook in read_workbook: issue 22, no
transposing of 100k rows on this side). The parser (rows.parse_columns) wants columns; these functions give
it, and the reader's header, sample and lookup steps, the same cells from either form."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any


class Columns(list):
    """A tab's cells a column at a time, each column from the header row down, its trailing empty cells
    left out ([] for an empty column between others), as Sheets answers with majorDimension=COLUMNS."""


def header_of(values: list) -> list:
    """The header row as majorDimension=ROWS gives it (trailing empty cells left out)."""
    if not isinstance(values, Columns):
        return values[0] if values else []
    return _trimmed([column[0] if column else "" for column in values])


def rows_at(values: list, start: int, stop: int) -> list[list]:
    """Rows start..stop-1 (0 is the header) as majorDimension=ROWS gives them: a small slice, for matching
    headers against a sample and for small tabs (Settings)."""
    if not isinstance(values, Columns):
        return values[start:stop]
    stop = min(stop, height(values))
    return [_trimmed([column[r] if r < len(column) else "" for column in values]) for r in range(start, stop)]


def height(values: list) -> int:
    """How many rows, the header's included (the last row with a value anywhere)."""
    return max(map(len, values), default=0) if isinstance(values, Columns) else len(values)


def column_cells(values: list, at: int) -> list:
    """The body's cells of column `at`, "" where a row is short (or the column is not there)."""
    count = max(height(values) - 1, 0)
    if isinstance(values, Columns):
        cells = values[at][1:] if at < len(values) else []
        return cells + [""] * (count - len(cells)) if len(cells) < count else cells
    return [cells[at] if at < len(cells) else "" for cells in values[1:]]


def body_columns(values: list, width: int, consume: bool = False) -> tuple[list, Any, int]:
    """(the cells of the rows with a value anywhere, a column at a time, at least `width` columns and ""
    where a row is short; those rows' indices in the body; how many rows the body has). A row whose cells
    are all "" (or None) is left out; 0 and False are values. `consume` (the caller is done with `values`):
    Columns' own lists become the body's, their header cell taken out in place (no copy of 100k cells)."""
    if isinstance(values, Columns):
        return _of_columns(values, width, consume)
    body = values[1:]
    truthy = list(map(any, body))            # a truthy cell is a value; a row of only 0/False/"" is looked at
    kept_at = range(len(body)) if all(truthy) else \
        [n for n, cells in enumerate(body) if truthy[n] or cells and _has_value(cells)]
    kept = body if len(kept_at) == len(body) else [body[n] for n in kept_at]
    columns = list(zip_longest(*kept, fillvalue=""))          # the rows themselves are not copied
    if len(columns) < width:
        columns.extend([("",) * len(kept)] * (width - len(columns)))
    return columns, kept_at, len(body)


def _of_columns(values: Columns, width: int, consume: bool = False) -> tuple[list, Any, int]:
    count = max(height(values) - 1, 0)
    columns = [_own_body(column, count) for column in values] if consume else \
        [column_cells(values, at) for at in range(len(values))]
    if len(columns) < width:
        columns.extend([("",) * count] * (width - len(columns)))
    if not count or any(len(c) == count and "" not in c and None not in c for c in columns):
        return columns, range(count), count           # a column full to the last row: no row is blank
    rows = list(zip(*columns, strict=True))
    truthy = list(map(any, rows))
    kept_at = [n for n, cells in enumerate(rows) if truthy[n] or _has_value(cells)]
    if len(kept_at) == count:
        return columns, range(count), count
    return [list(map(column.__getitem__, kept_at)) for column in columns], kept_at, count


def _own_body(column: list, count: int) -> list:
    """column_cells of a column the caller is done with: the same list, its header cell taken out and ""
    added where it is short."""
    if column.__class__ is not list:
        column = list(column)
    del column[:1]
    if len(column) < count:
        column.extend([""] * (count - len(column)))
    return column


def _has_value(cells) -> bool:
    return any(cell != "" and cell is not None for cell in cells)


def _trimmed(row: list) -> list:
    while row and row[-1] == "" and row[-1].__class__ is str:
        row.pop()
    return row
