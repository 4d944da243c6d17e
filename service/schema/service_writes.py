"""The writes that turn a service tab into itself plus a job's changes (service_tabs.writes; docs/write-path.md).

A service tab is Turfbook's own: one row per ID, sorted by ID (case-insensitively, as Sheets' sorted lookups
compare text), written by nobody else. So a write there may address rows by number, and a range may also
cover rows that do not change, rewritten with exactly the values read there (what Turfbook wrote; the same
as the rows a new ID shifts down, which have always been rewritten so). Changed rows no more than MAX_GAP
unchanged rows apart go in one range: fewer, larger ranges in the one values.batchUpdate.

The usual table (every row with an ID, IDs unique and in order) is not copied nor sorted again: only the
changed rows are built, and new IDs are merged in where they belong. Anything else (a blank or repeated ID,
rows out of order) goes the general way: the whole table wanted, sorted, compared row by row.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain, compress, count, repeat
from operator import lt, ne
from typing import Any

from turfbook.schema.cells import cell_text
from turfbook.workspace import a1
from turfbook.workspace.sheets import CellWrite

MAX_GAP = 2          # unchanged rows one range may span between changed ones (a range costs ~ two rows' bytes)


def plan_rows(rows: list[list[Any]], keys: tuple[str, ...], width: int, changes: dict[str, dict[str, Any]],
              value) -> tuple[list[int], list[list[Any]], int]:
    """(changed row indexes, ascending; the rows wanted, index 0 = sheet row 2, unchanged ones the very rows
    read; how many data rows the tab then spans, cleared ones included) for `rows` (as read) plus `changes`
    ({ID: {key: new}}); `value(new)` is the cell written for a new value."""
    raw = [r[0] for r in rows]
    ids = list(map(str.strip, raw)) if set(map(type, raw)) <= {str} else [cell_text(i) for i in raw]
    order = list(map(str.casefold, ids))
    if all(ids) and all(map(lt, order, order[1:])):            # IDs unique, in order: the usual table
        return _in_order(rows, ids, order, keys, width, changes, value)
    return _general(rows, keys, width, changes, value)


def _line(row_id: str, width: int) -> list[Any]:
    return [row_id] + [""] * (width - 1)


def _in_order(rows, ids, order, keys, width, changes, value):
    """Only the changed rows built; new IDs merged in after the rows before them (a shallow list, no row copied)."""
    where = dict(zip(ids, count()))     # noqa: B905 - endless count
    column = {k: 1 + n for n, k in enumerate(keys)}
    updated: dict[int, list[Any]] = {}
    new: list[list[Any]] = []
    for row_id, cells in changes.items():
        at = where.get(row_id)
        line = list(rows[at]) if at is not None else _line(row_id, width)
        for key, cell in cells.items():
            line[column[key]] = value(cell)
        if at is None:
            new.append(line)
        elif line != rows[at]:
            updated[at] = line
    desired = list(rows)
    for at, line in updated.items():
        desired[at] = line
    if not new:
        return sorted(updated), desired, len(rows)
    new.sort(key=lambda line: line[0].casefold())               # stable: as sorted() of the whole table
    places = [bisect_right(order, line[0].casefold()) for line in new]   # after an equal ID already there
    first = places[0]
    merged = desired[:first]
    done = first
    for line, place in zip(new, places, strict=True):
        merged += desired[done:place]
        merged.append(line)
        done = place
    merged += desired[done:]
    changed = sorted(i for i in updated if i < first)
    changed += compress(count(first), chain(map(ne, merged[first:], rows[first:]), repeat(True, len(new))))
    return changed, merged, len(merged)
def _general(rows, keys, width, changes, value):
    """The whole table wanted (first row of each ID; changes applied; sorted by ID), compared row by row;
    rows past its end that no longer exist are cleared."""
    wanted: dict[str, list[Any]] = {}
    for row in rows:
        row_id = cell_text(row[0])
        if row_id and row_id not in wanted:
            wanted[row_id] = list(row)
    for row_id, cells in changes.items():
        line = wanted.setdefault(row_id, _line(row_id, width))
        for key, cell in cells.items():
            line[1 + keys.index(key)] = value(cell)
    desired = [wanted[i] for i in sorted(wanted, key=str.casefold)]
    current = rows + [[""] * width] * max(0, len(desired) - len(rows))
    desired += [[""] * width] * (len(current) - len(desired))
    changed = [i for i, (want, have) in enumerate(zip(desired, current, strict=True)) if want != have]
    return changed, desired, len(desired)


def ranges(title: str, width: int, changed: list[int], desired: list[list[Any]]) -> list[CellWrite]:
    """One CellWrite per run of changed rows (index 0 = sheet row 2), runs MAX_GAP or fewer rows apart joined."""
    out: list[CellWrite] = []
    if not changed:
        return out
    where, last = f"{a1.quote_sheet(title)}!A", a1.column_letter(width - 1)
    start = prev = changed[0]
    for i in [*changed[1:], None]:
        if i is not None and i - prev <= MAX_GAP + 1:
            prev = i
            continue
        out.append(CellWrite(f"{where}{start + 2}:{last}{prev + 2}", desired[start:prev + 1]))
        if i is not None:
            start = prev = i
    return out
