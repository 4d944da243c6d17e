"""A column's cells as trimmed text, a column at a time with C loops (issue 22: 100,000 rows): the own-ID
check over a tab's IDs, the text columns (names, notes, IDs) and phones (rows.parse_columns)."""

from __future__ import annotations

from itertools import compress
from operator import not_

from turfbook.schema.cells import cell_text

_DIGITS = b"0123456789"


def all_own_ids(ids: list[str | None], prefix: str) -> bool:
    """Every ID present is `prefix` and digits (str.isdigit, as parse_rows' per-ID check; the usual tab), decided
    over the IDs joined by newlines (none inside an ID: the count of newlines says so) by C string methods: with
    each starting with the prefix, and their digits
    taken out, every ASCII ID is the prefix alone, and no ID is the prefix with no digit; False sends
    parse_rows to its per-ID check."""
    present = [i for i in ids if i is not None] if None in ids else ids
    if not present:
        return True
    joined = "\n".join(present)
    lines = len(present) - 1
    if joined.count("\n") != lines or not joined.isascii() or not prefix.isascii() or any(map(str.isdigit, prefix)):
        return all(row_id.startswith(prefix) and row_id[len(prefix):].isdigit() for row_id in present)
    if not joined.startswith(prefix) or joined.count(f"\n{prefix}") != lines:   # each ID starts with the prefix
        return False
    skeleton = joined.encode().translate(None, _DIGITS)          # each ID without its digits: the prefix alone
    return skeleton == f"{prefix}\n".encode() * lines + prefix.encode() and f"{prefix}\n" not in joined \
        and not joined.endswith(prefix)                           # and some digits in each


def stripped(cells: tuple) -> list[str] | None:
    """Every cell trimmed (str.strip mapped in C) when all are strings with text once trimmed, else None."""
    if not cells or cells[0].__class__ is not str:
        return None
    try:
        texts = list(map(str.strip, cells))
    except TypeError:                     # a number, a bool or None among them
        return None
    return None if "" in texts else texts


def texts_of(cells: tuple) -> list[str | None]:
    """Each cell as trimmed text (cell_text), None for an empty cell; strings without a call each (a column
    of text only, none blank: str.strip mapped in C)."""
    try:
        texts = list(map(str.strip, cells))
    except TypeError:                     # a number, a bool or None among them
        return [None if raw is None or raw == "" else raw.strip() if raw.__class__ is str else cell_text(raw)
                for raw in cells]
    if "" in cells:                       # empty cells None, found in C (not_ of "": all are str here)
        blank = list(compress(range(len(texts)), map(not_, cells)))
        if 2 * len(blank) > len(texts):   # mostly blank (a service column): the few texts put in Nones
            found = [None] * len(texts)
            for i in compress(range(len(texts)), cells):
                found[i] = texts[i]
            return found
        for i in blank:
            texts[i] = None
    return texts
