"""The digest's look-up of rows by ID or name (`Index`), and the one way names and IDs are compared (`key`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from turfbook.schema.held_refs import unsure_of
from turfbook.schema.model import Row, TabSnapshot


def key(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


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
        by: dict[str, Row] = {}
        named = [(name, " ".join(name.split()).casefold() if name.__class__ is str else key(name), row)   # key()
                 for name, row in zip(names, self.rows, strict=True) if name]
        for _name, name_key_, row in named:
            by.setdefault(name_key_, row)
        held = unsure_of(tab)
        ids = [(row.id, " ".join(row.id.split()).casefold() if row.id.__class__ is str else key(row.id), row)
               for row in self.rows if row.id and row.id not in held]
        for _id, id_key, row in ids:
            by[id_key] = row
        self._by = by
        self._exact: dict[str, Row] = {cell: by[cell_key] for cell, cell_key, _row in (*named, *ids)
                                       if cell.__class__ is str}

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
