"""The next ID numbers: an ID once given is never given again (issue 21, fix21ba).

A row deleted takes its ID off every row, but not out of the workbook's memory: the hidden service tabs keep
its row (its Status, its Flagged at: docs/write-path.md, "Every ID has its row") and an adopted workbook's
stored row keys (adopt_sorted.RowKeys) keep its key. Counting on from the rows alone gave that ID to the next
new row, which then showed the deleted record's history. So a new number counts on from the highest of:
the rows' IDs and references (highest_numbers), the stored row keys' IDs (in the snapshot, no call), the
field queue's `reserved` numbers, and the IDs the service tabs hold (`kept`: adopt_fixes.service_numbers,
one values.batchGet, asked only when a first new number is wanted). The one count for ids.plan_ids,
adopt_putback.put_back and the field job (field_log) alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from turfbook.schema.model import WorkbookSnapshot

_ID = re.compile(r"\b([A-Z]+)-(\d+)\b")

Numbers = dict[str, int]            # the highest number per ID prefix


def highest_numbers(snapshot: WorkbookSnapshot) -> Numbers:
    """The highest number per ID prefix in any row's ID cell or reference cells, a column at a time (no
    row dictionaries built). Each distinct cell is searched once (\\b on each side), the matches one at a
    time: the 100,000s of IDs are never all held as match tuples at once."""
    highest: Numbers = {}
    finditer = _ID.finditer
    for snap in snapshot.tabs.values():
        keys = ["id", *snap.ref_keys()]
        for key in dict.fromkeys(keys):
            for cell in set(filter(None, snap.raw_column(key))):       # blank: no ID
                for found in finditer(cell if cell.__class__ is str else str(cell)):
                    prefix, number = found.group(1), int(found.group(2))
                    if number > highest.get(prefix, 0):
                        highest[prefix] = number
    return highest


def numbers_of(ids: Iterable[str]) -> Numbers:
    """The highest number per prefix of whole IDs (`C-000002`); anything else is no ID."""
    out: Numbers = {}
    for value in ids:
        found = _ID.fullmatch(str(value).strip())
        if found:
            prefix, number = found.group(1), int(found.group(2))
            out[prefix] = max(out.get(prefix, 0), number)
    return out


def highest_given(snapshot: WorkbookSnapshot, reserved: Numbers | None = None,
                  kept: Numbers | Callable[[], Numbers] | None = None) -> Numbers:
    """The highest number per prefix ever given, as far as the workbook and the queue tell: the rows', the
    stored row keys', `reserved` and `kept` (a dict, or the call that reads it)."""
    highest = highest_numbers(snapshot)
    stored = numbers_of(i for ids in (snapshot.row_keys or {}).values() for i in ids)
    for numbers in (stored, reserved or {}, (kept() if callable(kept) else kept) or {}):
        for prefix, number in numbers.items():
            highest[prefix] = max(highest.get(prefix, 0), number)
    return highest


class NextIds:
    """New numbers per prefix, each one above every number ever given (highest_given), counted when the first
    is wanted: a run that gives no new ID reads nothing more."""

    def __init__(self, snapshot: WorkbookSnapshot, reserved: Numbers | None = None,
                 kept: Numbers | Callable[[], Numbers] | None = None):
        self._from = (snapshot, reserved, kept)
        self._highest: Numbers | None = None

    def next(self, prefix: str) -> int:
        if self._highest is None:
            self._highest = highest_given(*self._from)
        self._highest[prefix] = self._highest.get(prefix, 0) + 1
        return self._highest[prefix]
