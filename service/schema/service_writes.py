"""The writes that turn a service tab into itself plus a job's changes (service_tabs.writes; docs/write-path.md).

A service tab is Turfbook's own: one row per ID, sorted by ID (case-insensitively, as Sheets' sorted lookups
compare text), written by nobody else. So a write there may address rows by number, and a range may also
cover cells that do not change, rewritten with exactly the values read there (what Turfbook wrote).
Rows that are new or moved (their ID differs from the one read there: a new ID, or the rows a rare ID out of
order shifts down) are written whole, rows no more than MAX_GAP apart in one range. Every other changed
cell is written in its own column: changed cells of a column no more than MAX_GAP_CELLS apart in one
range, so a night writes about the cells that change (every ID has its row, docs/write-path.md) in few
enough ranges to stay one request (a range costs ~100 bytes, a cell ~12).

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

MAX_GAP = 2          # unchanged rows a whole-row range may span between changed ones (a range ~ two rows' bytes)
MAX_GAP_CELLS = 8    # unchanged cells a one-column range may span between changed ones (a range ~ 8 cells' bytes)


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


def ranges(title: str, width: int, changed: list[int], desired: list[list[Any]],
           rows: list[list[Any]]) -> list[CellWrite]:
    """The CellWrites turning `rows` (as read) into `desired` at the `changed` row indexes (0 = sheet row 2):
    rows whose ID changes (new, moved, cleared) whole, in runs MAX_GAP or fewer rows apart; the other changed
    cells a column at a time, in runs MAX_GAP_CELLS or fewer rows apart."""
    where = a1.quote_sheet(title)
    have = len(rows)
    whole = [i for i in changed if i >= have or desired[i][0] != rows[i][0]]
    last = a1.column_letter(width - 1)
    out = [CellWrite(f"{where}!A{a + 2}:{last}{b + 2}", desired[a:b + 1]) for a, b in _runs(whole, MAX_GAP)]
    moved = set(whole)
    kept = [i for i in changed if i not in moved] if moved else changed
    for column in range(1, width):
        cells = [i for i in kept if desired[i][column] != rows[i][column]]
        letter = a1.column_letter(column)
        out += [CellWrite(f"{where}!{letter}{a + 2}:{letter}{b + 2}", [[line[column]] for line in desired[a:b + 1]])
                for a, b in _runs(cells, MAX_GAP_CELLS)]
    return out


def _runs(indexes: list[int], gap: int) -> list[tuple[int, int]]:
    """(first, last) of each run of ascending `indexes` no more than `gap` apart."""
    out: list[tuple[int, int]] = []
    if not indexes:
        return out
    start = prev = indexes[0]
    for i in indexes[1:]:
        if i - prev > gap + 1:
            out.append((start, prev))
            start = i
        prev = i
    out.append((start, prev))
    return out
