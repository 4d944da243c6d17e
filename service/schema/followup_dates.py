"""followup.dates: a column of the follow-up rule's date cells read as dates (cell_dates.as_date, the one
date-column reading), a column at a time; the cells that are not dates kept for the problems that name them."""

from __future__ import annotations

import datetime as dt
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.schema.cell_dates import as_date
from turfbook.schema.model import TabSnapshot

_DATE_OR_NONE = {dt.date, type(None)}
_NUMBERS = {int, float, bool}


def dates(tab: TabSnapshot, key: str, tz: ZoneInfo) -> tuple[list[dt.date | None], dict[int, Any]]:
    """Column `key` as dates (cell_dates.as_date), and {row index: the cell} for cells that are not dates."""
    values = tab.column(key)
    bad: dict[int, Any] = {}
    types = set(map(type, values))
    if types <= _DATE_OR_NONE:                         # the usual column, checked in C: dates and blanks only
        out = list(values)
        if None not in out:
            return out, bad
        raw = tab.raw_column(key)                      # a blank value with a cell: a cell that is not a date
        odd = [i for i in compress(range(len(out)), map(is_, values, repeat(None))) if raw[i] is not None]
    else:
        raw = tab.raw_column(key)
        found = None if dt.datetime in types else _dates_by_cell(values, raw, tz)   # equal instants, other zones
        if found is not None:
            return found
        out = [value if value.__class__ is dt.date else None for value in values]
        odd = range(len(out))
    for i in odd:
        value, cell = values[i], raw[i]
        if value.__class__ is not dt.date and (value is not None or cell is not None):
            out[i], wrong = as_date(value, tz, cell)
            if wrong is not None:
                bad[i] = wrong
    return out, bad


def _dates_by_cell(values: list, raw: list, tz: ZoneInfo) -> tuple[list[dt.date | None], dict[int, Any]] | None:
    """dates() of a column that is not only dates (a service column as read: serial numbers): each distinct
    (value, cell) pair, told apart by type too (1, 1.0 and True), read once by as_date; a cell that is not a
    date read again in its own row, so `bad` holds the very cell. None when a cell is unhashable (a list)."""
    if raw is values and len(set(map(type, values)) & _NUMBERS) <= 1:    # the cell is the value (a service column
        pairs = values                                  # after overlay), no two types of number (1 == 1.0 == True):
        try:                                            # each distinct cell is its own key
            read = {cell: as_date(cell, tz, cell) for cell in set(values)}
        except TypeError:
            return None
    else:
        pairs = list(zip(map(type, values), values, map(type, raw), raw, strict=True))
        try:
            read = {pair: as_date(pair[1], tz, pair[3]) for pair in set(pairs)}
        except TypeError:
            return None
    found = list(map(read.__getitem__, pairs))
    out = list(map(_FIRST, found))
    if all(wrong is None for _, wrong in read.values()):   # no distinct cell is wrong: no row is
        return out, {}
    wrongs = list(map(_SECOND, found))
    return out, {i: as_date(values[i], tz, raw[i])[1] for i, wrong in enumerate(wrongs) if wrong is not None}


_FIRST, _SECOND = itemgetter(0), itemgetter(1)
