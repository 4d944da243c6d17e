"""Service tabs: where the service's values for a staff tab live (see docs/write-path.md).

`_Conversations` holds `ID, Status, Flagged at`; `_People` holds `ID, Last contact, Next
follow-up, Status`: one row per ID, sorted by ID, hidden, protected warning-only, written only by
Turfbook. Every ID of the staff tab has its row (values blank when it has none; `missing`), so a
value appearing is a write into its own row and a new ID, numbered above every other, lands at the
end: nothing shifts down on a normal night (docs/write-path.md, "Every ID has its row").
The staff tab shows each of those columns through ONE array formula in its header cell
(`header_formula`), a sorted VLOOKUP with an exact (case-sensitive) check keyed by each row's own ID, so no
sort, insert or delete by a person can put a value on the wrong row, and no job ever writes a
position in a tab people edit.

Positions inside a service tab are the service's own (nobody else writes there, and jobs hold
their lock), so `writes()` may address its rows by number: it diffs the sorted table it wants
against the table it read and writes only the rows that differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import eq, itemgetter
from typing import Any

from turfbook.schema.cells import cell_text
from turfbook.schema.grid import Columns, column_cells
from turfbook.schema.model import TabSnapshot
from turfbook.schema.service_writes import RowIndex, cell_value, id_texts, plan_cells, plan_rows, ranges
from turfbook.workspace import a1
from turfbook.workspace.sheets import CellWrite

# staff tab -> (service tab title, the service column keys it holds, after the ID); written by overdue
SERVICE_TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Conversations": ("_Turfbook Conversations", ("status", "flagged_at")),
    "People": ("_Turfbook People", ("last_contact", "next_follow_up", "status")),
}
# The per-row `problems` column of every staff tab that has one: one service table for all of them
# (IDs carry their tab's prefix, so they never collide), written only by the schema job — a table has
# exactly one writing job, so its row positions are that job's own under that job's lock.
ROW_PROBLEMS = "Row problems"
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {**SERVICE_TABS,
                                                  ROW_PROBLEMS: ("_Turfbook Problems", ("problems",))}


def title_of(table: str) -> str:
    return TABLES[table][0]


def keys_of(table: str) -> tuple[str, ...]:
    return TABLES[table][1]


def table_for(tab: str, key: str) -> str | None:
    """The service table that holds staff tab `tab`'s service column `key` (None: not shown by a formula)."""
    if key == "problems":
        return ROW_PROBLEMS
    return tab if key in TABLES.get(tab, ("", ()))[1] and tab != ROW_PROBLEMS else None


def views_of(tab: str, keys) -> list[tuple[str, str]]:
    """[(key, service table)] for the service columns of staff tab `tab` (its column keys `keys`)
    that are shown through header formulas."""
    return [(k, t) for k in keys if (t := table_for(tab, k)) is not None]


def id_order(row_id: str) -> str:
    """The order Sheets' sorted lookups use for text: case-insensitive."""
    return row_id.casefold()


@dataclass
class ServiceTable:
    """A service tab as read: data rows [ID, value, ...] in sheet order (row 2 first)."""

    tab: str
    rows: list[list[Any]] = field(default_factory=list)
    present: bool = True
    # IDs of the staff tab with no row here (set by `overlay`): `writes` gives each a blank row, so a value
    # appearing later is written into its own row instead of shifting every later row down
    missing: list[str] = field(default_factory=list)
    index: RowIndex | None = field(default=None, repr=False, compare=False)   # overlay's, for plan_cells
    read: tuple[list, list] | None = field(default=None, repr=False, compare=False)   # (rows, columns): parse's

    @property
    def title(self) -> str:
        return title_of(self.tab)

    @property
    def width(self) -> int:
        return 1 + len(keys_of(self.tab))

    @classmethod
    def parse(cls, tab: str, values: list[list[Any]] | None) -> ServiceTable:
        if values is None:
            return cls(tab, [], present=False)
        width = 1 + len(keys_of(tab))
        columns = [column_cells(values, at) for at in range(width)] if isinstance(values, Columns) else None
        if columns is not None:                  # read a column at a time: the first `width` columns, "" padded
            rows = list(map(list, zip(*columns, strict=True)))
        else:
            rows = [(list(r) + [""] * width)[:width] for r in values[1:]]
        while rows and not any(cell_text(v) for v in rows[-1]):
            rows.pop()
        if columns is not None and len(rows) < len(columns[0]):
            columns = [column[:len(rows)] for column in columns]
        return cls(tab, rows, read=None if columns is None else (rows, columns))

    def by_id(self) -> dict[str, dict[str, Any]]:
        keys = keys_of(self.tab)
        out: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            row_id = cell_text(row[0])
            if row_id:
                out[row_id] = {k: (None if row[i + 1] == "" else row[i + 1]) for i, k in enumerate(keys)}
        return out


def overlay(tab: TabSnapshot, table: ServiceTable) -> None:
    """Make the snapshot's service values the service tab's (what the displayed formulas show
    when nobody is in the way); a row whose ID the service tab lacks has blank service values.
    A column at a time, by C loops (map/zip): no Python step per row, and the rows' dictionaries are not built."""
    found, read = table.rows, table.read
    table.read = None                           # (parse's columns, let go of once taken: the tab's now)
    if read is None or read[0] is not found or len(read[1][0]) != len(found):       # not the rows parse made
        read = found, list(zip(*found, strict=False)) if found else [()] * table.width   # rows are `width` long
    columns = read[1]
    texts = id_texts(columns[0])
    ids = tab.row_ids()                         # the Row objects are not made
    end = len(found)
    if ids[:end] == texts and "" not in texts and len(set(texts)) == end:     # the usual night: row n is ID n's
        tail, where = ids[end:], None              # (each ID once): only the staff rows past the service rows looked up
    else:
        tail, where = ids, {}
    if tail:
        where = dict(zip(texts, range(end), strict=True))       # a repeated ID: the last counts
        where.pop("", None)
    at = list(map(where.get, tail, repeat(end))) if tail else []   # no service row (or no ID): the blank past the end
    table.missing = _missing(where, list(filter(None, compress(tail, map(eq, at, repeat(end)))))) \
        if end in at else []                    # the IDs, in C (none, on a usual night: no scan)
    pick = itemgetter(*at) if len(at) > 1 else lambda column: list(map(column.__getitem__, at))   # both columns'
    table.index = RowIndex(found, texts, where)
    keep = [i for i, row_id in enumerate(ids) if not row_id] if None in ids or "" in ids else []
    for k, key in enumerate(keys_of(table.tab), 1):     # rows without an ID keep their values
        column = [None if cell == "" else cell for cell in columns[k]] if "" in columns[k] else list(columns[k])
        if tail is ids:
            column.append(None)
            cells = list(pick(column))
        else:                                   # rows 1..end: the service rows in order; then the looked-up tail
            cells = column
            if at:
                column.append(None)
                cells = column[:end] + list(pick(column))
        if keep:
            values, raw = tab.column(key), tab.raw_column(key)
            raw_cells = list(cells)
            for i in keep:
                cells[i], raw_cells[i] = values[i], raw[i]
            tab.set_column(key, cells, raw_cells)
        else:
            tab.set_column(key, cells)


def parsed_columns(columns: dict[str, set[str]], service: dict[str, ServiceTable]) -> dict[str, set[str]]:
    """`columns` ({tab: the column keys a job parses}) less the service columns of each tab whose service table was
    read: `overlay` replaces their values by the table's, so the cells staff see there (the header formulas' output)
    are not parsed. A row without an ID (never written, nor planned from) then has them blank, not its own."""
    return {tab: keys - set(keys_of(tab)) if tab in service and service[tab].present else keys
            for tab, keys in columns.items()}


def note_missing(table: ServiceTable, ids: list[str]) -> None:
    """Set `table.missing` from the staff tab's IDs `ids` (as `overlay` does while it reads)."""
    known = {cell_text(r[0]) for r in table.rows}
    table.missing = _missing(known, [i for i in ids if i and i not in known])


def _missing(where, ids: list[str]) -> list[str]:
    """`ids` (of staff rows the service tab has no row for), each once, leaving out any equal ignoring case to
    an ID there or to one before it: Sheets' sorted lookup cannot tell such rows apart (a hand-typed
    `c-000001` next to C-000001), and a blank row shows what no row shows anyway."""
    if not ids:
        return []
    taken = set(map(str.casefold, where))
    out = []
    for row_id in ids:
        folded = row_id.casefold()
        if folded not in taken:
            taken.add(folded)
            out.append(row_id)
    return out


def writes(table: ServiceTable, changes: dict[str, dict[str, Any]]) -> tuple[list[CellWrite], int]:
    """The CellWrites that turn `table` into itself plus `changes` ({ID: {key: new value}}), kept
    sorted by ID; and how many rows the tab will then have (header included). See service_writes.
    The staff tab's IDs with no row yet (`table.missing`) get theirs, blank, in the same write, after the
    changes: a blank row never shares its key (ignoring case) with another ID, so it changes no lookup."""
    if table.missing:
        folded = set(map(str.casefold, changes))
        changes = {**changes, **{i: {} for i in table.missing if i.casefold() not in folded}}
    changed, desired, count = plan_rows(table.rows, keys_of(table.tab), table.width, changes, cell_value)
    return ranges(table.title, table.width, changed, desired), count + 1


def writes_cells(table: ServiceTable, ids: list[str], keys: list[str], news: list[Any]) -> tuple[list[CellWrite], int]:
    """writes(table, {ids[n]: {keys[n]: news[n]}}), the changes given as lists (a later cell of the same ID and
    key wins): on the usual night no dictionary per ID is built (service_writes.plan_cells)."""
    if table.missing:
        changes: dict[str, dict[str, Any]] = {}
        for row_id, key, new in zip(ids, keys, news, strict=True):
            changes.setdefault(row_id, {})[key] = new
        return writes(table, changes)
    changed, desired, count = plan_cells(table.rows, keys_of(table.tab), table.width, ids, keys, news, cell_value,
                                         table.index)
    return ranges(table.title, table.width, changed, desired), count + 1


def header_formula(header: str, id_column: int, tab: str, key: str, header_row: int = 1, *,
                   anchored: bool = False) -> str:
    """The array formula shown in a staff tab's service column header: each row's value looked up
    by that row's own ID in the sorted service tab (binary search), blank when absent. `header_row`:
    the sheet row of the header (an adopted sheet's header may sit under a title, issue 21): the
    array starts there, so the rows above it (a merged title) are never touched.

    Under a title the header test is `ROW(G3:G)=ROW(G3)`, two references Sheets shifts together when a
    person inserts or deletes rows above the header (a literal `=3` would stay 3: the header text would
    land on a data row, issue 21 F7). Turfbook's own tabs (header on row 1) keep `ROW(G:G)=1`; an adopted
    sheet's header on row 1 (`anchored`) gets `ROW(G1:G)=ROW(G1)`, so a title row staff add later is fine.

    The check is EXACT (case-sensitive), not `=`: Sheets' `=` and its lookups ignore case, so a
    hand-typed `c-000001` would otherwise show C-000001's value (a14 L2)."""
    table = table_for(tab, key) or tab
    letter = a1.column_letter(id_column)
    plain = header_row == 1 and not anchored
    ids = f"{letter}:{letter}" if plain else f"{letter}{header_row}:{letter}"
    top = "1" if plain else f"ROW({letter}{header_row})"
    service = a1.quote_sheet(title_of(table))
    last = a1.column_letter(len(keys_of(table)))
    index = 2 + keys_of(table).index(key)
    text = '"' + header.replace('"', '""') + '"'
    return (f"=ARRAYFORMULA(IF(ROW({ids})={top},{text},IF({ids}=\"\",,IFERROR(IF("
            f"EXACT(VLOOKUP({ids},{service}!A:A,1,TRUE),{ids}),VLOOKUP({ids},{service}!A:{last},{index},TRUE),),))))")


# `ROW(G:G)=1` (own tabs), `ROW(G3:G)=3` (adopted before F7: the literal does not follow an insert above),
# `ROW(G3:G)=ROW(G3)` (adopted since)
# (`#REF!` in place of the references: the ID column they pointed at was deleted; still ours, to repair)
_HEADER_TEXT = re.compile(r'^=\s*ARRAYFORMULA\(\s*IF\(\s*ROW\((?:\$?([A-Z]+)\$?(\d*):\$?[A-Z]+|#REF!)\)\s*=\s*'
                          r'(?:(\d+)|ROW\((?:\$?([A-Z]+)\$?(\d+)|#REF!)\))\s*,\s*"((?:[^"]|"")*)"', re.I)


def header_of_formula(formula: Any) -> str | None:
    """The header text of a Turfbook service header formula (any version: it names a service tab),
    None for anything else. How `sheets init`/`sheets check` recognise our column when the header
    cell shows #REF! (a typed cell blocks the array) instead of its text (a14 L1)."""
    text = str(formula or "")
    found = _HEADER_TEXT.match(text)
    if not found or not any(a1.quote_sheet(title) in text for title, _ in TABLES.values()):
        return None
    return found.group(6).replace('""', '"')


def tab_of_formulas(rows: list[list[Any]] | None) -> str | None:
    """The staff tab a sheet was adopted as, said by Turfbook's own header formulas in its top rows (as typed):
    the one staff tab whose service tab they name ('_Turfbook Conversations' -> Conversations), whatever the
    sheet is titled now. None when they name none, or more than one."""
    named = {tab for r in rows or [] for c in r if header_of_formula(c) is not None
             for tab, (title, _) in SERVICE_TABS.items() if a1.quote_sheet(title) in str(c)}
    return named.pop() if len(named) == 1 else None


def follows_header(formula: Any, row: int) -> bool:
    """Whether a Turfbook header formula sitting on sheet row `row` shows its header there and keeps doing
    so when rows are inserted or deleted above it: `ROW(G3:G)=ROW(G3)` (references Sheets shifts together),
    or Turfbook's own row-1 form `ROW(G:G)=1`. False for the literal form under a title (`ROW(G3:G)=3`,
    adopted before issue 21 F7, wrong once the header moves) and for anything that is not ours."""
    found = _HEADER_TEXT.match(str(formula or ""))
    if header_of_formula(formula) is None or found is None or "#REF!" in str(formula).upper():
        return False
    start = int(found.group(2) or 1)
    if found.group(3) is not None:
        return row == 1 and not found.group(2) and int(found.group(3)) == 1
    return start == row and int(found.group(5)) == row and found.group(4).upper() == found.group(1).upper()


def with_service_headers(header: list[Any], formulas: list[Any]) -> list[Any]:
    """`header` (values as shown) with each Turfbook service header formula's cell replaced by its
    header text, so a column whose array is blocked (#REF!) is still found by its header."""
    out = list(header)
    for i, formula in enumerate(formulas):
        text = header_of_formula(formula)
        if text is not None:
            out.extend([""] * (i + 1 - len(out)))
            out[i] = text
    return out
