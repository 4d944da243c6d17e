"""The lookup functions of formulas (VLOOKUP, MATCH, INDEX) over arrays (arrays.py).

Lookups build one index per call over their range (a dict for exact match, a sorted key list and
bisect for is_sorted), so an ARRAYFORMULA(VLOOKUP(A:A, T!A:C, 2, TRUE)) over 100k rows is one
index plus 100k O(log n) probes. Google itself searches a sorted range by binary search and an
unsorted one linearly per key (see docs/write-path.md); the emulator's cost is a proxy only.
"""

from __future__ import annotations

from bisect import bisect_right

from turfbook_emulator.sheets.arrays import Col, FormulaError, lift, row_numbers, rows, safe, shape
from turfbook_emulator.sheets.model import Err


def sort_key(value):
    """Sheets' order for sorted lookups: numbers < text (case-insensitive) < booleans."""
    if value.__class__ is str:
        return (1, value.casefold())
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, float(value))
    return (1, str(value).casefold())


class Finder:
    """One index over the first column (or row) of a lookup range."""

    def __init__(self, keys: list, is_sorted: bool):
        self.is_sorted = is_sorted
        if is_sorted:
            pairs = [((1, k.casefold()) if k.__class__ is str else sort_key(k), i) for i, k in enumerate(keys)
                     if k is not None and k != ""]
            self.keys = [p[0] for p in pairs]
            self.positions = [p[1] for p in pairs]
            # Exact hits first (the last of equal keys, as bisect would find in sorted data);
            # bisect only for keys that are not there.
            self.hits = {k: i for i, (k, _) in enumerate(pairs)}
            found = self.hits
        else:
            self.first: dict = {}
            for i, k in enumerate(keys):
                if k is not None and k != "":
                    self.first.setdefault((1, k.casefold()) if k.__class__ is str else sort_key(k), i)
            found = self.first
        # the same hits for text keys by their folded text alone (no tuple per key looked up)
        self.text = {k[1]: i for k, i in found.items() if k[0] == 1}
        self.last: tuple = ((), [])     # (keys, their text hits) of the last column looked up

    def find(self, key) -> int | None:
        if isinstance(key, Err):
            raise FormulaError(key)
        if key is None or key == "":
            return None
        k = (1, key.casefold()) if key.__class__ is str else sort_key(key)   # sort_key, without a call for text
        if not self.is_sorted:
            return self.first.get(k)
        i = self.hits.get(k)
        if i is None:
            i = bisect_right(self.keys, k) - 1
        return self.positions[i] if i >= 0 else None


_FINDERS: list = []          # [(keys, is_sorted, Finder, only texts)]: the last few indexes built, by content
FINDERS = 4


def forget() -> None:
    """Drop the indexes kept (a reset's part: an emptied emulator keeps no earlier workbook's keys)."""
    _FINDERS.clear()


def finder_for(keys: list, is_sorted: bool) -> Finder:
    """An index over `keys`, reused while a lookup range holds the same keys (the header formulas
    look up the same service-tab column several times per recalc, and again on the next recalc when
    it did not change): equal content, equal index, so reuse is exact."""
    for i, (old, mode, finder, texts) in enumerate(_FINDERS):
        if mode == is_sorted and len(old) == len(keys) and old == keys and (texts or _same_types(old, keys)):
            if i:
                _FINDERS.insert(0, _FINDERS.pop(i))
            return finder
    finder = Finder(keys, is_sorted)
    _FINDERS.insert(0, (keys, is_sorted, finder, set(map(type, keys)) <= _TEXTS))
    del _FINDERS[FINDERS:]
    return finder


BY_NAME = frozenset({"VLOOKUP", "MATCH", "INDEX", "ROW"})


def call(name: str, args: list, *, row, array_mode: bool, scalar, num, truthy):
    """VLOOKUP, MATCH, INDEX or ROW of formula.py's arguments; an error given as any of them (a range that could
    not be read included) is their value."""
    err = next((a for a in args if a.__class__ is Err), None)
    if err is not None:
        raise FormulaError(err)
    helpers = {"scalar": scalar, "num": num, "array_mode": array_mode}
    if name == "VLOOKUP":
        if len(args) not in (3, 4):
            raise FormulaError(Err("#N/A", f"Wrong number of arguments to VLOOKUP. Expected between 3 "
                                           f"and 4 arguments, but got {len(args)} arguments."))
        return vlookup(*args, *([None] * (4 - len(args))), truthy=truthy, **helpers)
    if name == "MATCH":  # the key may be a column (lifted); the range as rows
        return match(args[0], *map(rows, args[1:]), *([None] * (3 - len(args))), **helpers)
    if name == "INDEX":
        return index(*([rows(args[0])] if args else []), *args[1:], **helpers)
    return row_numbers(args[0] if args else None, row, array_mode=array_mode)


_TEXTS = {str, type(None)}     # keys equal to keys of only these types are of the same types (FALSE == 0 otherwise)


def _same_types(a: list, b: list) -> bool:
    return list(map(type, a)) == list(map(type, b))


def _rows(rng) -> list[list]:
    return rows(rng) if isinstance(rng, list) else [[rng]]


def _not_found(fn: str, key) -> FormulaError:
    shown = "" if key is None else key if not isinstance(key, float) or not key.is_integer() else int(key)
    return FormulaError(Err("#N/A", f"Did not find value '{shown}' in {fn} evaluation."))


def vlookup(key, rng, index, is_sorted, *, scalar, num, truthy, array_mode: bool):
    one_column = isinstance(rng, Col)             # a one-column table as its values (arrays.Col)
    table = rng if one_column else _rows(rng)
    col = int(num(scalar(index)))
    width = 1 if one_column else shape(table)[1]
    if col < 1 or col > width:
        raise FormulaError(Err("#VALUE!" if col < 1 else "#REF!",
                               "VLOOKUP evaluates to an out of bounds range."))
    sorted_ = True if is_sorted is None else truthy(scalar(is_sorted))
    finder = finder_for(table if one_column else [r[0] if r else None for r in table], sorted_)

    def one(k):
        pos = finder.find(scalar(k))
        if pos is None:
            raise _not_found("VLOOKUP", k)
        if one_column:
            return table[pos]
        row = table[pos]
        return row[col - 1] if col - 1 < len(row) else None

    if array_mode and isinstance(key, list):
        if shape(key)[1] == 1:                  # a column: one pass, no broadcasting to work out
            keys = key if isinstance(key, Col) else [row[0] if row else None for row in key]
            picked = table if one_column else [row[col - 1] if col - 1 < len(row) else None for row in table]
            return _lookup_column(finder, picked, keys, safe(one))
        return lift(one, key)
    return one(scalar(key))


def _lookup_column(finder: Finder, picked: list, keys: list, one) -> Col:
    """VLOOKUP of a column of keys (`picked`: the table's result column): the text keys found in the index
    in one comprehension, each other key (a number, a blank, an error, a key a sorted lookup must bisect
    for) by `one`."""
    if len(finder.last[0]) == len(keys) and finder.last[0] == keys:   # VLOOKUP(A:A, ...) again: the same keys
        found = finder.last[1]
    else:
        text = finder.text
        found = [text.get(k.casefold()) if k.__class__ is str else None for k in keys]
        finder.last = (keys, found)
    if finder.is_sorted:
        sorted_keys = finder.keys
        by_hit = [picked[p] for p in finder.positions]

        def nearest(k):  # a text key not there: the last key below it (bisect), #N/A below the first
            i = bisect_right(sorted_keys, (1, k.casefold())) - 1 if k else -2
            return by_hit[i] if i >= 0 else _missing(k) if i == -1 else one(k)
        return Col([by_hit[i] if i is not None else nearest(k) if k.__class__ is str and k else
                    _missing(k) if k is None or k == "" else one(k) for i, k in zip(found, keys, strict=True)])
    return Col([picked[i] if i is not None else _missing(k) if k.__class__ is str or k is None else one(k)
                for i, k in zip(found, keys, strict=True)])


def _missing(key: str | None) -> Err:
    """`_not_found`'s error for a text key or a blank (None or ""), without raising it (many keys of a column
    can be missing; a blank is never found: `Finder.find`)."""
    return Err("#N/A", f"Did not find value '{key or ''}' in VLOOKUP evaluation.")


def match(key, rng, kind, *, scalar, num, array_mode: bool):
    table = _rows(rng)
    h, w = shape(table)
    if h > 1 and w > 1:
        raise FormulaError(Err("#N/A", "MATCH range must be a single row or a single column."))
    keys = [r[0] if r else None for r in table] if w == 1 else list(table[0])
    mode = 1 if kind is None else int(num(scalar(kind)))
    finder = finder_for(keys, mode == 1) if mode != -1 else None
    floor = _last_at_least(keys) if mode == -1 else None

    def one(k):
        k = scalar(k)
        pos = floor(k) if floor is not None else finder.find(k)
        if pos is None:
            raise _not_found("MATCH", k)
        return pos + 1

    if array_mode and isinstance(key, list):
        return lift(one, key)
    return one(key)


def _last_at_least(keys: list):
    """For MATCH(..., -1): k -> the last position whose key is >= k (None if none), in O(log n) per key
    after one pass: the suffix maxima of the keys never increase, so the last position whose suffix
    maximum is >= k is found by bisection, and that key itself is the maximum (a search per key would
    make an array of n keys n² work)."""
    suffix: list = []
    best = None
    for v in reversed(keys):
        if v is not None:
            sk = sort_key(v)
            best = sk if best is None or sk > best else best
        suffix.append(best)
    suffix.reverse()                      # suffix[i] = max key at i or after (None: no key left)
    limit = next((i for i in range(len(suffix) - 1, -1, -1) if suffix[i] is not None), -1) + 1
    maxima = suffix[:limit]

    def last(k):
        target = sort_key(k)
        lo, hi = 0, len(maxima)           # the first position whose suffix maximum is < target
        while lo < hi:
            mid = (lo + hi) // 2
            if maxima[mid] >= target:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1 if lo else None
    return last


def index(rng, row=None, col=None, *, scalar, num, array_mode: bool):
    table = _rows(rng)
    h, w = shape(table)

    def one(r, c):
        r = 0 if r is None else int(num(scalar(r)))
        c = 0 if c is None else int(num(scalar(c)))
        if r < 0 or c < 0 or r > h or c > w:
            raise FormulaError(Err("#REF!", "Function INDEX parameter 2 value is out of range."))
        if r and c:
            line = table[r - 1]
            return line[c - 1] if c - 1 < len(line) else None
        if r:
            return [table[r - 1]] if w > 1 else table[r - 1][0]
        if c:
            return [[line[c - 1] if c - 1 < len(line) else None] for line in table]
        return table

    if array_mode and (isinstance(row, list) or isinstance(col, list)):
        return lift(one, row, col)
    return one(row, col)
