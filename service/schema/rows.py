"""The per-cell work of parse_tab, a column at a time (100,000 rows is 1.5 million cells).

Each column's cells are parsed in one pass: dates, choices and references repeat down a column,
so each distinct value is parsed once and the rest are dictionary hits (free text is mostly
unique and is not memoized). Rows are then assembled in one go. Problems come out in the order
a row-by-row pass gives: by row, then by column, the row's ID problem last.
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter
from typing import Any

from service.schema.cells import DEFAULT_MAX_LENGTH, CellError, ParseContext, cell_text, make_parser
from service.schema.loader import Column, Tab
from service.schema.model import Problem, Row
from service.schema.text import fold, short

FREE_TEXT = {"text", "url", "email", "phone", "id"}  # mostly unique per row: not worth memoizing
JOB = "schema"
EMPTY = (None, None, "is empty")       # (value, referenced row ID, error) of a blank cell


def parse_rows(tab: Tab, values: list[list[Any]], columns: dict[str, int], header: list[str],
               ctx: ParseContext, keys: set[str] | None = None) -> tuple[list[Row], list[Problem]]:
    """Rows with a value anywhere (blank rows skipped), and the problems their cells have.
    `keys`: parse only these columns (and the ID); the others stay None in `Row.values`."""
    id_index = columns.get("id") if tab.id_prefix else None
    prefix = f"{tab.id_prefix}-" if tab.id_prefix else None
    kept, numbers, ids, bad_ids = [], [], [], set()
    found: list[tuple[int, int, Problem]] = []
    for offset, cells in enumerate(values[1:]):
        for cell in cells:
            if cell != "" and cell is not None:
                break
        else:
            continue                         # a blank row
        row_id = None
        if id_index is not None and id_index < len(cells) and cells[id_index] not in ("", None):
            row_id = cell_text(cells[id_index])
            if not row_id.startswith(prefix) or not row_id[len(prefix):].isdigit():
                bad_ids.add(len(kept))
                found.append((len(kept), len(columns), Problem(
                    JOB, tab.name, row_id, tab.column("id").header,
                    f"{tab.name} row {row_id}: ID '{short(row_id)}' is not a {prefix} ID; clear it and "
                    "Turfbook will assign one", "invalid", offset + 2)))
        kept.append(cells)
        numbers.append(offset + 2)
        ids.append(row_id)
    width = max(columns.values(), default=-1) + 1
    padded = [c if len(c) >= width else c + [""] * (width - len(c)) for c in kept]
    by_column = list(zip(*padded, strict=False))
    parsed: dict[str, list] = {}             # key -> parsed values, in column order
    indices: list[int] = []
    refs: dict[str, list] = {}
    blanks: list[tuple[str, list[int]]] = []
    for position, (key, index) in enumerate(columns.items()):
        if keys is not None and key != "id" and key not in keys or not kept:
            continue
        col = tab.column(key)
        column = _Column(tab, col, header[index] or col.header, ctx)
        cells = by_column[index]
        column_values, column_refs, bad, blank = column.parse_all(cells)
        if len(blank) < len(kept):           # a column with no value at all adds nothing to the rows
            parsed[key] = column_values
            indices.append(index)
            blanks.append((key, blank))
            if column_refs is not None:
                refs[key] = column_refs
        if col.required:
            bad = sorted(bad + [(i, None) for i in blank], key=lambda item: item[0])
        for i, error in bad:
            if error is None:
                found.append((i, position, column.problem(ids[i], numbers[i], "is empty", "missing")))
            else:
                kind = "unknown_reference" if "is not in" in error or "rows in" in error else "invalid"
                found.append((i, position, column.problem(ids[i], numbers[i], f"'{short(cells[i])}' {error}", kind)))
    rows = _assemble(tab, numbers, ids, parsed, padded, indices, refs)
    for key, blank in blanks:                # a blank cell has no raw value and no ref
        for i in blank:
            del rows[i].raw[key]
            if key in refs:
                del rows[i].refs[key]
    for n in bad_ids:
        rows[n].id = None
    found.sort(key=lambda item: (item[0], item[1]))
    return rows, [problem for _, _, problem in found]


def _assemble(tab: Tab, numbers: list[int], ids: list, parsed: dict[str, list], padded: list[list],
              indices: list[int], refs: dict[str, list]) -> list[Row]:
    """A Row per kept row: every key in `values` (None unless parsed), raw cells and refs of the
    parsed columns (blanks included here; parse_rows takes them out)."""
    all_keys = [c.key for c in tab.columns]
    keys, ref_keys = list(parsed), list(refs)
    template = None if keys == all_keys else dict.fromkeys(all_keys)
    value_rows = zip(*parsed.values(), strict=True) if parsed else repeat(())
    pick = itemgetter(*indices) if len(indices) > 1 else (lambda cells: tuple(cells[i] for i in indices))
    ref_rows = zip(*refs.values(), strict=True) if refs else repeat(())
    rows = []
    for number, row_id, row_values, cells, row_refs in zip(numbers, ids, value_rows, padded, ref_rows,
                                                           strict=False):
        if template is None:
            values = dict(zip(keys, row_values, strict=True))
        else:
            values = template.copy()
            values.update(zip(keys, row_values, strict=True))
        rows.append(Row(tab.name, number, row_id, values, dict(zip(keys, pick(cells), strict=True)),
                        dict(zip(ref_keys, row_refs, strict=True))))
    return rows


class _Column:
    def __init__(self, tab: Tab, col: Column, header: str, ctx: ParseContext):
        self.tab, self.col, self.header = tab.name, col, header
        own_id = col.key == "id" and bool(tab.id_prefix)          # read as text, checked by parse_rows
        self.plain_text = own_id or col.type in {"text", "url"}
        self.limit = None if own_id else col.max_length or DEFAULT_MAX_LENGTH
        self.parse = cell_text if own_id else make_parser(col, ctx)
        self.lookup = ctx.lookups.get((col.vocabulary.tab, col.vocabulary.column)) if col.type == "ref" else None

    def parse_all(self, cells: tuple) -> tuple[list, list | None, list[tuple[int, str]], list[int]]:
        """(values, refs or None, [(row index, why not)], [row index of a blank cell]) for a column."""
        if self.plain_text:
            return self._texts(cells)
        if self.col.type in FREE_TEXT:
            hits = [EMPTY if raw == "" or raw is None else self._parse(raw) for raw in cells]
        else:
            hits = self._memoized(cells)
        values = [hit[0] for hit in hits]
        if self.col.type == "list":               # every row gets its own list
            values = [list(v) if v is not None else None for v in values]
        blank = [i for i, hit in enumerate(hits) if hit[2] is not None]     # blanks, and a few errors
        bad = [(i, hits[i][2]) for i in blank if hits[i] is not EMPTY]
        if bad:
            blank = [i for i in blank if hits[i] is EMPTY]
        return values, [hit[1] for hit in hits] if self.lookup is not None else None, bad, blank

    def _texts(self, cells: tuple) -> tuple[list, None, list[tuple[int, str]], list[int]]:
        """Text as typed, trimmed: the hot path (names, notes, IDs), without a call per cell."""
        values = [None if raw is None or raw == "" else raw.strip() if raw.__class__ is str else cell_text(raw)
                  for raw in cells]
        blank = [i for i, v in enumerate(values) if v is None]
        bad = []
        if self.limit is not None:
            for i, text in enumerate(values):
                if text is not None and len(text) > self.limit:
                    values[i] = None
                    bad.append((i, f"is {len(text):,} characters long (at most {self.limit:,} fit here)"))
        return values, None, bad, blank

    def _memoized(self, cells: tuple) -> list[tuple]:
        """One parse per distinct value. Values equal to 0 or 1 are parsed by (type, value), since
        True == 1 == 1.0 as dictionary keys and a bool does not parse like a number."""
        memo: dict[Any, tuple] = {}
        for raw in set(cells):
            if raw == "" or raw is None:
                memo[raw] = EMPTY
            elif not (raw == 0 or raw == 1):
                memo[raw] = self._parse(raw)
        hits = list(map(memo.get, cells))
        if None in hits:
            typed: dict[tuple, tuple] = {}
            for i, hit in enumerate(hits):
                if hit is None:
                    raw = cells[i]
                    hit = typed.get((raw.__class__, raw))
                    if hit is None:
                        hit = typed[(raw.__class__, raw)] = self._parse(raw)
                    hits[i] = hit
        return hits

    def _parse(self, raw: Any) -> tuple[Any, str | None, str | None]:
        """(value, referenced row ID, None) or (None, None, why not)."""
        try:
            value = self.parse(raw)
        except CellError as exc:
            return None, None, str(exc)
        ref = self.lookup.ids.get(fold(cell_text(raw))) if self.lookup is not None else None
        return value, ref, None

    def problem(self, row_id: str | None, row_number: int, what: str, kind: str) -> Problem:
        return Problem(JOB, self.tab, row_id, self.header,
                       f"{self.tab} row {row_id or row_number}: {self.header} {what}", kind, row_number)
