"""A reference column's distinct cells matched at once (issue 22: 20,000 people named in 100,000 conversations).

Texts are trimmed and folded together (text.fold_all) and looked up in the other tab's Lookup by C maps; a cell
not plainly found there (unknown, ambiguous, the other tab empty) goes through the column's matcher
(cells.make_ref_matcher), the one rule, which gives the value or the reason it is not one.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress, repeat
from operator import is_
from typing import Any

from turfbook.schema.cells import CellError, Lookup
from turfbook.schema.text import fold_all


def ref_memo(cells: list[str], lookup: Lookup | None,
             match: Callable[[str, str], tuple[str, str | None]]) -> dict[Any, tuple]:
    """{cell: (value, referenced row ID, None) or (None, None, why not)} for distinct non-blank string cells."""
    texts = list(map(str.strip, cells))
    folded = fold_all(texts)
    if lookup is None or not lookup.values:
        memo: dict[Any, tuple] = {}
        slow = range(len(cells))
    else:
        names = list(map(lookup.values.get, folded))
        memo = dict(zip(cells, zip(names, map(lookup.ids.get, folded), repeat(None)), strict=True))
        slow = list(compress(range(len(names)), map(is_, names, repeat(None)))) if None in names else []
        if lookup.ambiguous:
            slow += [i for i, key in enumerate(folded) if key in lookup.ambiguous and names[i] is not None]
    for i in slow:
        try:
            memo[cells[i]] = (*match(texts[i], folded[i]), None)
        except CellError as exc:
            memo[cells[i]] = (None, None, str(exc))
    return memo
