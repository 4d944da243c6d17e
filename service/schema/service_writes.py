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

import datetime as dt
from bisect import bisect_right
from collections import deque
from itertools import chain, compress, count, repeat
from operator import itemgetter, lt, ne, sub
from typing import Any, NamedTuple

from turfbook.schema.cells import cell_text
from turfbook.workspace import a1
from turfbook.workspace.sheets import CellWrite

MAX_GAP = 2          # unchanged rows one range may span between changed ones (a range costs ~ two rows' bytes)


def plan_rows(rows: list[list[Any]], keys: tuple[str, ...], width: int, changes: dict[str, dict[str, Any]],
              value) -> tuple[list[int], list[list[Any]], int]:
    """(changed row indexes, ascending; the rows wanted, index 0 = sheet row 2, unchanged ones the very rows
    read; how many data rows the tab then spans, cleared ones included) for `rows` (as read) plus `changes`
    ({ID: {key: new}}); `value(new)` is the cell written for a new value."""
    ids, order = _ids(rows)
    if ids is not None:                                          # IDs unique, in order: the usual table
        return _in_order(rows, ids, order, keys, width, changes, value)
    return _general(rows, keys, width, changes, value)


def plan_cells(rows: list[list[Any]], keys: tuple[str, ...], width: int, row_ids: list[str], columns: list[str],
               news: list[Any], value, index: RowIndex | None = None) -> tuple[list[int], list[list[Any]], int]:
    """plan_rows for changes given as three lists, cell n: row ID row_ids[n], column key columns[n], new value
    news[n] (a later cell of the same ID and key wins). The usual night (IDs unique and in order, every ID
    changed has its row) by C loops: the changed rows copied, their cells set, the ones that differ kept; no
    {ID: {key: new}} built. Anything else: that dictionary, and plan_rows. `index`: the rows' IDs as the read's
    overlay found them (RowIndex, used only when it is of these very rows): not worked out again."""
    known = index is not None and index.rows is rows and len(index.texts) == len(rows)
    ids, _ = _ids(rows, index.texts if known else None)
    if ids is not None:
        where = index.where if known and index.where is not None else dict(zip(ids, count()))  # noqa: B905
        ats = list(map(where.get, row_ids))       # (IDs unique: overlay's {ID: its row} is this very dictionary)
        if None not in ats:
            place = {k: 1 + n for n, k in enumerate(keys)}
            by = sorted(range(len(ats)), key=ats.__getitem__)      # the tab's order (stable: a later cell still
            ats = list(map(ats.__getitem__, by))                    # later): the rows visited in memory order
            lines = dict(zip(ats, map(list, map(rows.__getitem__, ats)), strict=True))   # a copy of each row changed
            cells = map(place.__getitem__, map(columns.__getitem__, by)), map(value, map(news.__getitem__, by))
            deque(map(list.__setitem__, map(lines.__getitem__, ats), *cells), maxlen=0)   # a later cell of a row wins
            changed = list(compress(lines, map(ne, lines.values(), map(rows.__getitem__, lines))))    # ascending
            desired = list(rows)
            deque(map(desired.__setitem__, changed, map(lines.__getitem__, changed)), maxlen=0)
            return changed, desired, len(rows)
    changes: dict[str, dict[str, Any]] = {}
    for row_id, key, new in zip(row_ids, columns, news, strict=True):
        changes.setdefault(row_id, {})[key] = new
    return plan_rows(rows, keys, width, changes, value)


class RowIndex(NamedTuple):
    """A service table's rows (the very list) as overlay read them: each row's ID as text (id_texts) and, when
    overlay looked rows up by ID, {ID: its row index} (the last row of an ID; no blank ID), else None."""

    rows: list[list[Any]]
    texts: list[str]
    where: dict[str, int] | None


def id_texts(cells) -> list[str]:
    """cell_text of each ID cell: str.strip when they are all text (as read), at C speed."""
    return list(map(str.strip, cells)) if set(map(type, cells)) <= {str} else list(map(cell_text, cells))


def cell_value(value: Any) -> Any:
    """A service cell as written: blank "" for None, a date as ISO text (USER_ENTERED: Sheets stores a date)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _ids(rows: list[list[Any]], texts: list[str] | None = None) -> tuple[list[str] | None, list[str]]:
    """(each row's ID as text, their case-folded order) when the IDs are all there, unique and in order; else None.
    `texts`: the IDs as text already (id_texts of the rows' first cells)."""
    ids = id_texts(list(map(_FIRST, rows))) if texts is None else texts
    order = list(map(str.casefold, ids))
    return (ids if all(ids) and all(map(lt, order, order[1:])) else None), order


_FIRST = itemgetter(0)


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
    if not changed:
        return []
    where, last = f"{a1.quote_sheet(title)}!A", a1.column_letter(width - 1)
    cuts = list(compress(range(1, len(changed)), map(lt, repeat(MAX_GAP + 1), map(sub, changed[1:], changed))))
    starts = [changed[0], *map(changed.__getitem__, cuts)]               # the runs' first and last changed rows
    ends = [*map(changed.__getitem__, map(sub, cuts, repeat(1))), changed[-1]]
    return [CellWrite(f"{where}{start + 2}:{last}{end + 2}", desired[start:end + 1])
            for start, end in zip(starts, ends, strict=True)]
