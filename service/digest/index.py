"""The digest's look-up of rows by ID or name (`Index`), and the one way names and IDs are compared (`key`)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress, repeat
from operator import attrgetter, is_
from typing import Any

from turfbook.schema.held_refs import unsure_of
from turfbook.schema.model import Row, TabSnapshot


def key(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


_ID = attrgetter("id")


def _truthy(cells: list, rows: list[Row], held: frozenset[str] = frozenset()) -> tuple[list, list[Row]]:
    """(the cells that are truthy and not `held`, their rows), in order (C loops: map and compress)."""
    kept = list(map(bool, cells))
    if held:
        kept = [k and cell not in held for k, cell in zip(kept, cells, strict=True)]
    return list(compress(cells, kept)), list(compress(rows, kept))


def _keys(cells: list) -> list[str]:
    """key() of each cell (text: by C loops over str methods)."""
    if set(map(type, cells)) <= {str}:
        return list(map(str.casefold, map(" ".join, map(str.split, cells))))
    return [" ".join(cell.split()).casefold() if cell.__class__ is str else key(cell) for cell in cells]


class Index:
    """Rows of one tab, findable by ID or by name.

    `_by`: key(name or ID) -> row (an ID wins over a name); `_exact`: each name and ID cell as typed ->
    the row `_by` gives for it, so `find` of a cell as typed (the common case: an ID or a name copied
    from the sheet) is one dictionary look-up, with no key computed."""

    def __init__(self, rows: Iterable[Row], name_key: str = "name", names: list | None = None,
                 tab: TabSnapshot | None = None):
        """`names`: the rows' `name_key` cells (a TabSnapshot column), read from the rows when not given;
        `tab`: the TabSnapshot the rows are (in its order), whose columns `cell` reads; while it is held, its
        unsure IDs find no row (held_refs: a cell typed as one shows as typed, with no name)."""
        self.rows = list(rows)
        self._tab = tab
        self._cells: dict[str, list] = {}
        self._at: dict[int, int] | None = None              # id(row) -> its position, made on first `cell`
        if names is None:
            names = [row.get(name_key) for row in self.rows]
        if len(names) != len(self.rows):
            raise ValueError("names and rows differ in length")
        held = unsure_of(tab)
        ids = list(map(_ID, self.rows))
        named_cells, named_rows = _truthy(names, self.rows)
        id_cells, id_rows = _truthy(ids, self.rows, held)
        named_keys, id_keys = _keys(named_cells), _keys(id_cells)
        by: dict[str, Row] = dict(zip(reversed(named_keys), reversed(named_rows), strict=True))   # the first name wins
        by.update(zip(id_keys, id_rows, strict=True))        # an ID wins over a name (the last of an ID)
        self._by = by
        cells, cell_keys = named_cells + id_cells, named_keys + id_keys
        if not set(map(type, cells)) <= {str}:                # each cell as typed that is text (a list: no)
            kept = [cell.__class__ is str for cell in cells]
            cells, cell_keys = list(compress(cells, kept)), list(compress(cell_keys, kept))
        self._exact: dict[str, Row] = dict(zip(cells, map(by.__getitem__, cell_keys), strict=True))

    @classmethod
    def of(cls, tab: TabSnapshot | None, name_key: str = "name") -> Index:
        """The tab's rows, their names read as a column (no row's dictionaries built for it)."""
        if tab is None:
            return cls([], name_key, [])
        return cls(tab.rows, name_key, tab.column(name_key), tab)

    def find(self, ref: Any) -> Row | None:
        if ref.__class__ is str:
            found = self._exact.get(ref)
            if found is not None or not ref:
                return found
        elif ref is None or ref == "":
            return None
        return self._by.get(key(ref))

    def find_all(self, refs: list) -> list[Row | None]:
        """`find` of each of `refs`: the cells as typed by one C loop over `_exact`, the rest one by one."""
        try:
            found = list(map(self._exact.get, refs))
        except TypeError:                                    # a list cell (unhashable)
            return list(map(self.find, refs))
        for i in compress(range(len(found)), map(is_, found, repeat(None))):    # not a cell as typed: as find
            found[i] = self.find(refs[i])
        return found

    def positions(self, rows: list[Row | None]) -> list[int | None]:
        """`at` of each of `rows` (None for None or a row not of this index), by C loops."""
        if self._at is None:
            self.at(None)
        return list(map(self._at.get, map(id, rows)))

    def cell(self, row: Row, column: str, default: Any = None) -> Any:
        """`row.get(column, default)` for a row of this index, read from its tab's column (no row's
        dictionaries built for it); from the row itself for any other row."""
        if self._tab is not None:
            at = self.at(row)
            if at is not None:
                value = self.column(column)[at]
                return default if value is None else value
        return row.get(column, default)

    def at(self, row: Row) -> int | None:
        """The row's position in `rows` (None for a row not of this index)."""
        if self._at is None:
            self._at = {id(r): i for i, r in enumerate(self.rows)}
        return self._at.get(id(row))

    def column(self, column: str) -> list:
        """`row.get(column)` of every row in `rows`, in order (read, do not change)."""
        cells = self._cells.get(column)
        if cells is None:
            cells = self._cells[column] = (self._tab.column(column) if self._tab is not None else
                                           [row.get(column) for row in self.rows])
        return cells

    def name(self, row: Row | None, fallback: Any = "") -> str:
        return str(self.cell(row, "name") or row.label) if row is not None else str(fallback or "")
