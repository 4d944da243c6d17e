"""A memoized column's cells turned into its values (issue 22: 100,000 rows, 20,000 distinct people): each
distinct cell's (value, referenced row ID, error) spread over the column by C loops (map, zip, compress), with
no Python step per distinct cell in the usual column (rows._Column.parse_all)."""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_not, itemgetter
from typing import Any

_ERROR = itemgetter(2)


def failing_cells(memo: dict[Any, tuple]) -> set:
    """The distinct cells whose entry has an error (blank, or not a value)."""
    errors = list(map(_ERROR, memo.values()))
    if errors.count(None) == len(errors):
        return set()
    return set(compress(memo, map(is_not, errors, repeat(None))))


def mapped(cells: list, memo: dict[Any, tuple], part: int, failing: list[int], failed: set,
           types: set | None = None) -> list:
    """Each cell's memo entry's `part` (value or ref; None at the `failing` rows, whose cells are `failed`).
    When every other one is its cell itself (a choice or a name as the list has it, a reference by ID, a whole
    number or a yes/no as typed), no lookup per cell: `cells` itself when none fails (the column's own list,
    shared with its raw cells: read, not changed), else copied. `types`: every cell's type, when known."""
    kept = {raw: hit for raw, hit in memo.items() if raw not in failed} if failed else memo
    keys = list(kept)
    parts = list(map(itemgetter(part), kept.values()))
    if parts == keys and _as_typed(cells, {*map(type, keys), *map(type, parts)}, types):
        if not failing and cells.__class__ is list:
            return cells
        found = list(cells)
        for i in failing:
            found[i] = None
        return found
    return list(map(dict(zip(memo, map(itemgetter(part), memo.values()), strict=True)).__getitem__, cells))


def _as_typed(cells: list, kinds: set, types: set | None) -> bool:
    """Whether cells equal to their entries' values (of `kinds`) are those values: a str equals only a str; an int
    or a bool equals a float or the other too (1 == 1.0 == True), so only in a column of that one type (counted in
    C when not known: `types`, every cell's type); never a float (0.0 == -0.0)."""
    if kinds <= {str}:
        return True
    if kinds != {int} and kinds != {bool}:
        return False
    return (set(map(type, cells)) if types is None else types) == kinds
