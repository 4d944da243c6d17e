"""The vocabularies other tabs give reference columns (a Conversation's Person, a Person's Worksite): for each
referenced (tab, column), folded ID or name -> the name as spelled there, and -> the row's ID (cells.Lookup).

An ID is looked up as itself, the last row with it winning; a name as the first row with it has it, and a
name that several rows share is ambiguous. At 100k conversations People has 20,000 rows (issue 22): the usual
tab (every row has its ID and name, no name folds like an ID) is built by C loops, any other row by row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import not_
from typing import Any

from turfbook.schema.cells import Lookup, cell_text
from turfbook.schema.grid import column_cells, height
from turfbook.schema.id_text import as_read
from turfbook.schema.loader import Schema, VocabRef
from turfbook.schema.text import fold, fold_all


def lookups(schema: Schema, by_fold: dict, matches: dict) -> dict[tuple[str, str], Lookup]:
    """For each referenced (tab, column): folded ID or name -> canonical name, and -> row ID."""
    found: dict[tuple[str, str], Lookup] = {}
    for tab in schema.tabs:
        for col in tab.columns:
            ref = col.vocabulary
            if not isinstance(ref, VocabRef) or (ref.tab, ref.column) in found or ref.tab not in matches:
                continue
            target = schema.tab(ref.tab)
            match = matches[ref.tab]
            body = by_fold[fold(ref.tab)]
            names = column_texts(body, match.columns.get(ref.column))
            row_ids = column_texts(body, match.columns.get("id") if target.id_prefix else None)
            if target.id_prefix and any(map(str.islower, row_ids)):      # 'p-000001' typed: P-000001 (id_text)
                row_ids = as_read(row_ids, f"{target.id_prefix}-")
            found[(ref.tab, ref.column)] = _whole(ref.tab, names, row_ids) or _row_by_row(ref.tab, names, row_ids)
    return found


@dataclass
class SpelledLookup(Lookup):
    """A Lookup that also answers for cells typed exactly as the other tab spells an ID or a name (the usual
    reference: 'P-000123', or 'Ana Ruiz' as People has it): that text -> (the value, the row's ID), what the
    folded lookup gives it, for a column's cells matched by two C maps (rows._Column.parse_all). Ambiguous
    names are left out (their cells take the one rule, which says so)."""

    texts: Any = field(default=(), compare=False, repr=False)        # IDs and names as spelled (or the two lists)
    folded: list[str] | None = field(default=None, compare=False, repr=False)   # and folded (None: all unique)
    _spelled: tuple[dict, dict] | None = field(default=None, compare=False, repr=False)
    _by_id: dict | None = field(default=None, compare=False, repr=False)

    def by_id(self) -> dict[str, str] | None:
        """{ID as spelled: value} of the usual tab (every ID and every name its own), each such text's row ID
        being that text itself: a column of IDs matched by one C map, its cells their own references; None for
        any other tab. Built on first use."""
        if self._by_id is None and self.folded is None:
            row_ids, names = self.texts
            self._by_id = dict(zip(row_ids, names, strict=True))
        return self._by_id

    def spelled(self) -> tuple[dict[str, str], dict[str, str]]:
        """({text as spelled: value}, {text as spelled: row ID}), built on first use."""
        if self._spelled is None and self.folded is None:     # every ID and every name its own (the usual tab)
            row_ids, names = self.texts
            self._spelled = ({**dict(zip(row_ids, names, strict=True)), **dict(zip(names, names, strict=True))},
                             {**dict(zip(row_ids, row_ids, strict=True)), **dict(zip(names, row_ids, strict=True))})
        if self._spelled is None:
            texts, folded = self.texts, self.folded
            if self.ambiguous:
                plain = list(map(not_, map(self.ambiguous.__contains__, folded)))
                texts, folded = list(compress(texts, plain)), list(compress(folded, plain))
            self._spelled = (dict(zip(texts, map(self.values.__getitem__, folded), strict=True)),
                             dict(zip(texts, map(self.ids.__getitem__, folded), strict=True)))
        return self._spelled


def _whole(what: str, names: list[str], row_ids: list[str]) -> Lookup | None:
    """The usual tab's Lookup, a column at a time: every row has an ID and a name, and no name folds as an ID
    does (the two kinds of key apart, an ID's last row and a name's first are dict(zip) forwards and
    backwards); None for any other tab."""
    if not names or "" in names or "" in row_ids:
        return None
    folded_ids = fold_all(row_ids)
    folded_names = fold_all(names)
    values = dict(zip(folded_ids, names, strict=True))
    if not values.keys().isdisjoint(folded_names):
        return None
    ids = dict(zip(folded_ids, row_ids, strict=True))
    values.update(zip(reversed(folded_names), reversed(names), strict=True))     # the first row's name kept
    ids.update(zip(reversed(folded_names), reversed(row_ids), strict=True))
    ambiguous = {} if len(set(folded_names)) == len(folded_names) else \
        {key: n for key, n in Counter(folded_names).items() if n > 1}
    if not ambiguous and len(values) == len(folded_ids) + len(folded_names):     # no ID nor name twice
        return SpelledLookup(what, values, ids, ambiguous, (row_ids, names))
    return SpelledLookup(what, values, ids, ambiguous, row_ids + names, folded_ids + folded_names)


def _row_by_row(what: str, names: list[str], row_ids: list[str]) -> Lookup:
    lookup = Lookup(what)
    counts: dict[str, int] = {}
    folded_ids = iter(fold_all(list(filter(None, row_ids))))          # folded at once, in C
    folded_names = iter(fold_all(list(filter(None, names))))
    for name, row_id in zip(names, row_ids, strict=True):
        if row_id:
            folded_id = next(folded_ids)
            lookup.values[folded_id] = name or row_id
            lookup.ids[folded_id] = row_id
        if name:
            folded = next(folded_names)
            counts[folded] = counts.get(folded, 0) + 1
            lookup.values.setdefault(folded, name)
            if row_id:
                lookup.ids.setdefault(folded, row_id)
    lookup.ambiguous = {k: n for k, n in counts.items() if n > 1}
    return lookup


def column_texts(values: list, at: int | None) -> list[str]:
    """Column `at` of a tab's body (rows or grid.Columns) as trimmed text (cell_text; "" for a short row
    or no column)."""
    if at is None:
        return [""] * max(height(values) - 1, 0)
    cells = column_cells(values, at)
    try:
        return list(map(str.strip, cells))            # the usual column: text only, trimmed in C
    except TypeError:                                 # a number, a bool or None among them
        return [raw.strip() if raw.__class__ is str else cell_text(raw) for raw in cells]
