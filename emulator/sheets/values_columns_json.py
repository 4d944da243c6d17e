"""majorDimension=COLUMNS as ready-made JSON, encoded a block of rows at a time (issue 22, emu23a).

Each column of a BLOCK of rows is encoded while those rows are in the CPU's cache: the whole columns first
(emu22i) had orjson walk each 100k-cell column across the whole tab, a cache miss per cell (~0.17 of the
~0.39 s of values.get COLUMNS of 100k x 20, against ~0.03 to encode the same cells by rows). The parts of
a column are joined as they are (their brackets left out), and each column ends at its last cell that is not
empty (None or "", as by_columns): found per block from the part's own cells, the last part cut there and
encoded again."""

from __future__ import annotations

from functools import partial
from itertools import islice, repeat, takewhile, zip_longest
from operator import is_, itemgetter

import orjson

BLOCK = 512            # rows encoded at a time: their lists and cells stay in the CPU's cache for every column

_IS_NONE = partial(is_, None)


def columns_json(src: list[list], r0: int, r1: int, c0: int, c1: int, encode) -> orjson.Fragment | None:
    """The span's columns as one JSON array (each from the span's top, its trailing empty cells left out; an
    empty column in between as [], the trailing empty columns left out), each column's cells given by
    `encode(cells)`: the JSON array of a tuple of cells (a short row's missing cells None), or None when
    it cannot (then None here: the caller takes the step per cell). None too when nothing is shown."""
    r1 = min(r1, len(src))
    width = c1 - c0
    if r1 <= r0 or width <= 0:
        return None
    parts: list[list] = [[] for _ in range(width)]
    ends = [0] * width                        # each column's cells up to its last one not empty (from r0)
    for start in range(r0, r1, BLOCK):
        block = src[start:min(start + BLOCK, r1)]
        if c0:
            block = [row[c0:c1] for row in block]
        n, done = len(block), start - r0
        got = 0
        for got, cells in enumerate(zip_longest(*block), 1):
            if got > width:
                got = width
                break
            last = cells[-1]
            if last is not None and last != "":
                ends[got - 1] = done + n
            else:
                kept = n - _blank_tail(cells)
                if kept:
                    ends[got - 1] = done + kept
            part = encode(cells)
            if part is None:
                return None
            parts[got - 1].append(part)
        if got < width:                       # columns no row of this block reaches: empty cells
            empty = _empties(n)
            for j in range(got, width):
                parts[j].append(empty)
    while width and not ends[width - 1]:
        width -= 1
    if not width:
        return None
    out = []
    for j in range(width):
        end = ends[j]
        count, kept = divmod(end, BLOCK)
        column = parts[j][:count]
        if kept:                              # the part holding the column's last cell, cut after it
            if end == r1 - r0:                # (the last block, shorter than BLOCK, all kept)
                column.append(parts[j][count])
            else:
                cut = encode(tuple(row[c0 + j] if c0 + j < len(row) else None
                                   for row in src[r0 + count * BLOCK:r0 + end]))
                if cut is None:
                    return None
                column.append(cut)
        out.append(column)
    return orjson.Fragment(nested(out))


def joined(parts: list[bytes], into: list | None = None) -> bytes | None:
    """One JSON array of the items of these JSON arrays (none of them empty), copied once: the answer's 10-20 MB
    built by `b"[" + ... + b"]"` was copied three times, each into pages the system had to give first. With
    `into`, the pieces are added to that list (for one join of many arrays) and None is returned."""
    pieces = [memoryview(part)[1:-1] for part in parts]
    if pieces:
        pieces[0], pieces[-1] = memoryview(parts[0])[:-1], memoryview(parts[-1])[1:]
        if len(parts) == 1:
            pieces[0] = parts[0]
    else:
        pieces = [b"[]"]
    if into is None:
        return b",".join(pieces)
    for i, piece in enumerate(pieces):
        into += (b",", piece) if i else (piece,)
    return None


def nested(arrays: list[list[bytes]]) -> bytes:
    """The JSON array of the arrays `joined` would give, copied once."""
    pieces: list = [b"["]
    for j, parts in enumerate(arrays):
        if j:
            pieces.append(b",")
        joined(parts, pieces)
    pieces.append(b"]")
    return b"".join(pieces)


def even_rows(rows: list[list], c0: int, c1: int, show) -> list[tuple] | None:
    """The block's rows with each column as `show(column)` gives it, when each row has the same cells in the
    span and none ends empty (a tab's usual block, emu23a): the columns zipped back into rows (tuples) in C, no
    row copied and no cell written; None otherwise."""
    if c1 <= c0:
        return None
    width = c1
    try:                                  # every row reaches the span's last column (told without their lengths)
        last = list(map(itemgetter(c1 - 1), rows))
    except IndexError:
        lengths = list(map(len, rows))
        width = min(max(lengths), c1)
        if width <= c0 or min(lengths) < width:
            return None
        last = list(map(itemgetter(width - 1), rows))
    if None in last or "" in last:
        return None
    columns = (zip(*[row[c0:width] for row in rows], strict=True) if c0       # (rows longer than the span: their
               else islice(zip(*rows, strict=False), width))                   # columns past it never built)
    return list(zip(*map(show, columns), strict=True))


def _blank_tail(cells: tuple) -> int:
    """How many of the cells at the end are empty (None, or "": a formula's empty text)."""
    n = len(cells)
    if cells[0] is None and cells.count(None) == n:       # a column empty all through the block (fast: is)
        return n
    t = len(list(takewhile(_IS_NONE, reversed(cells))))
    while t < n and (cells[n - 1 - t] is None or cells[n - 1 - t] == ""):
        t += 1
    return t


_EMPTY: dict[int, bytes] = {}


def _empties(n: int) -> bytes:
    """The JSON of n empty cells as a column shows them."""
    found = _EMPTY.get(n)
    if found is None:
        found = _EMPTY[n] = orjson.dumps(list(repeat("", n)))
    return found
