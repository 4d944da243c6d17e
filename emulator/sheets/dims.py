"""Inserting, deleting and moving rows or columns, and everything that moves with them.

Values, formulas, per-cell formats, notes, format and validation layers, merges, protected
ranges, conditional-format ranges, named ranges, basic filters and filter views (their criteria and sort
columns too), banded ranges and dimension sizes all shift like Sheets
shifts them: a range that straddles an insertion grows, one that loses all its cells goes.
"""

from __future__ import annotations

import copy

from turfbook_emulator.sheets import groups
from turfbook_emulator.sheets.model import Book, Sheet

ROWS, COLUMNS = "ROWS", "COLUMNS"


def _point_insert(i: int, at: int, n: int) -> int:
    return i + n if i >= at else i


def _span_insert(s: int, e: int | None, at: int, n: int) -> tuple[int, int | None]:
    return (s + n if s >= at else s), (None if e is None else e + n if e > at else e)


def _point_delete(i: int, ds: int, de: int) -> int | None:
    if i < ds:
        return i
    if i >= de:
        return i - (de - ds)
    return None


def _span_delete(s: int, e: int | None, ds: int, de: int) -> tuple[int, int | None] | None:
    n = de - ds
    ns = s if s < ds else max(ds, s - n)
    if e is None:
        return ns, None
    ne = e if e <= ds else max(ds, e - n)
    return (ns, ne) if ns < ne else None


def insert(book: Book, sheet: Sheet, dimension: str, at: int, n: int) -> None:
    sheet.own_rows()
    _reshape(book, sheet, dimension, lambda s, e: _span_insert(s, e, at, n), lambda i: _point_insert(i, at, n))
    if dimension == ROWS:
        sheet.rows[at:at] = [[] for _ in range(n)] if at < len(sheet.rows) else []
        sheet.row_count += n
    else:
        for row in sheet.rows:
            if at < len(row):
                row[at:at] = [None] * n
        sheet.col_count += n


def delete(book: Book, sheet: Sheet, dimension: str, ds: int, de: int) -> None:
    sheet.own_rows()
    _reshape(book, sheet, dimension, lambda s, e: _span_delete(s, e, ds, de), lambda i: _point_delete(i, ds, de))
    if dimension == ROWS:
        del sheet.rows[ds:de]
        sheet.row_count -= de - ds
        sheet.frozen_rows = min(sheet.frozen_rows, sheet.row_count)
    else:
        for row in sheet.rows:
            del row[ds:de]
        sheet.col_count -= de - ds
        sheet.frozen_cols = min(sheet.frozen_cols, sheet.col_count)


def move(book: Book, sheet: Sheet, dimension: str, s: int, e: int, dest: int) -> None:
    """moveDimension: rows/columns s..e go before `dest` (an index before the move)."""
    sheet.own_rows()
    count = sheet.row_count if dimension == ROWS else sheet.col_count
    order = list(range(count))
    moved = order[s:e]
    rest = order[:s] + order[e:]
    # destinationIndex is in the coordinates before the move; one inside the source leaves it in place
    pos = dest if dest <= s else max(s, dest - (e - s))
    new_order = rest[:pos] + moved + rest[pos:]
    new_index = {old: new for new, old in enumerate(new_order)}
    if dimension == ROWS:
        rows = sheet.rows + [[] for _ in range(count - len(sheet.rows))]
        sheet.rows = [rows[old] for old in new_order]
        while sheet.rows and not sheet.rows[-1]:
            sheet.rows.pop()
    else:
        for i, row in enumerate(sheet.rows):
            padded = row + [None] * (count - len(row))
            new_row = [padded[old] for old in new_order]
            while new_row and new_row[-1] is None:
                new_row.pop()
            sheet.rows[i] = new_row
    _remap_points(sheet, dimension, lambda i: new_index.get(i, i))
    _move_formula_refs(book, sheet, dimension, lambda i: new_index.get(i, i))  # references follow, as in Sheets
    lo, hi = (0, 1) if dimension == ROWS else (2, 3)
    sheet.format_layers = _permute(sheet.format_layers, lo, hi, count, new_index)
    sheet.validation_layers = _permute(sheet.validation_layers, lo, hi, count, new_index)
    permute_metadata(book, sheet, dimension, new_index)


def permute_metadata(book: Book, sheet: Sheet, dimension: str, new_index: dict[int, int]) -> None:
    """Row/column developer metadata goes where its rows/columns went (moveDimension, a sort of whole
    rows); a range whose rows were split apart keeps its first row's place and its length."""
    for meta in book.developer_metadata:
        dim = (meta.get("location") or {}).get("dimensionRange")
        if not dim or dim.get("sheetId", 0) != sheet.sheet_id or dim.get("dimension") != dimension:
            continue
        start = dim.get("startIndex", 0)
        end = dim.get("endIndex", start + 1)
        moved = new_index.get(start, start)
        dim["startIndex"], dim["endIndex"] = moved, moved + (end - start)


def _permute(layers: list[tuple], lo: int, hi: int, count: int, new_index: dict[int, int]) -> list[tuple]:
    """Range layers (formats, validation) after a move: each moved index carries its part along."""
    out = []
    for layer in layers:
        start, end = layer[lo] or 0, count if layer[hi] is None else layer[hi]
        targets = sorted(new_index.get(i, i) for i in range(start, min(end, count)))
        if targets == list(range(start, min(end, count))):
            out.append(layer)
            continue
        first = 0
        for n in range(1, len(targets) + 1):
            if n == len(targets) or targets[n] != targets[n - 1] + 1:
                items = list(layer)
                items[lo], items[hi] = targets[first], targets[n - 1] + 1
                out.append(tuple(items))
                first = n
    return out


def _move_formula_refs(book: Book, sheet: Sheet, dimension: str, point) -> None:
    """References to the changed tab, in every tab's formulas, follow their cells as in Sheets."""
    from turfbook_emulator.sheets.conditions import move_refs

    for other in list(book.sheets):
        if not other.formulas or (other is not sheet and "!" not in "".join(other.formulas.values())):
            continue
        target = sheet if other is sheet else book.writable(other)
        for key, text in list(target.formulas.items()):
            target.formulas[key] = move_refs(text, sheet.title, dimension, point, own_sheet=other is sheet)


def _remap_points(sheet: Sheet, dimension: str, point) -> None:
    axis = 0 if dimension == ROWS else 1
    for name in ("formulas", "formats", "notes"):
        old = getattr(sheet, name)
        new = {}
        for key, value in old.items():
            moved = point(key[axis])
            if moved is not None:
                new[(moved, key[1]) if axis == 0 else (key[0], moved)] = value
        setattr(sheet, name, new)
    meta = sheet.row_meta if dimension == ROWS else sheet.col_meta
    remapped = {point(i): v for i, v in meta.items() if point(i) is not None}
    if dimension == ROWS:
        sheet.row_meta = remapped
    else:
        sheet.col_meta = remapped


def _shift_criteria(flt: dict, point) -> dict:
    """A filter's criteria (keyed by column index) and filterSpecs/sortSpecs (columnIndex, dimensionIndex)
    follow their column; those of a deleted column are dropped."""
    flt = copy.deepcopy(flt)
    if flt.get("criteria"):
        flt["criteria"] = {str(point(int(k))): v for k, v in flt["criteria"].items() if point(int(k)) is not None}
    for name, field_ in (("filterSpecs", "columnIndex"), ("sortSpecs", "dimensionIndex")):
        if flt.get(name):
            kept = []
            for spec in flt[name]:
                if field_ in spec:
                    moved = point(int(spec[field_]))
                    if moved is None:
                        continue
                    spec[field_] = moved
                kept.append(spec)
            flt[name] = kept
    return flt


def _reshape(book: Book, sheet: Sheet, dimension: str, span, point) -> None:
    _remap_points(sheet, dimension, point)
    _move_formula_refs(book, sheet, dimension, point)
    lo, hi = (0, 1) if dimension == ROWS else (2, 3)

    def shift_tuple(layer: tuple) -> tuple | None:
        moved = span(layer[lo], layer[hi])
        if moved is None:
            return None
        items = list(layer)
        items[lo], items[hi] = moved
        return tuple(items)

    sheet.format_layers = [t for t in map(shift_tuple, sheet.format_layers) if t]
    sheet.validation_layers = [t for t in map(shift_tuple, sheet.validation_layers) if t]
    sheet.merges = [t for t in map(shift_tuple, sheet.merges) if t and t[1] - t[0] >= 1 and t[3] - t[2] >= 1]
    groups.reshape(sheet, dimension, span)
    start_key, end_key = ("startRowIndex", "endRowIndex") if dimension == ROWS else (
        "startColumnIndex", "endColumnIndex")

    def shift_grid(grid: dict) -> bool:
        """Shift a GridRange dict in place; False when it lost all its cells."""
        if grid.get("sheetId", 0) != sheet.sheet_id:
            return True
        moved = span(grid.get(start_key, 0), grid.get(end_key))
        if moved is None:
            return False
        if moved[0] or start_key in grid:
            grid[start_key] = moved[0]
        if moved[1] is not None:
            grid[end_key] = moved[1]
        return True

    for rule in sheet.conditional_formats:
        rule["ranges"] = [g for g in rule.get("ranges", []) if shift_grid(g)]
    sheet.conditional_formats = [r for r in sheet.conditional_formats if r.get("ranges")]
    kept = []
    for protected in sheet.protected_ranges:
        if "range" in protected and not shift_grid(protected["range"]):
            continue
        protected["unprotectedRanges"] = [g for g in protected.get("unprotectedRanges", []) if shift_grid(g)]
        if not protected["unprotectedRanges"]:
            del protected["unprotectedRanges"]
        kept.append(protected)
    sheet.protected_ranges = kept
    book.named_ranges = [n for n in book.named_ranges if shift_grid(n.get("range", {}))]
    if sheet.basic_filter and not shift_grid(sheet.basic_filter.get("range", {})):
        sheet.basic_filter = None
    if sheet.basic_filter and dimension == COLUMNS:      # per-column criteria are keyed by column index
        sheet.basic_filter = _shift_criteria(sheet.basic_filter, point)
    objects = dict(getattr(sheet, "objects", None) or {})
    for key in ("filterViews", "bandedRanges"):          # they move with their cells too (replaced, not changed)
        if objects.get(key):
            items = [copy.deepcopy(item) for item in objects[key]]
            objects[key] = [i for i in items if shift_grid(i.setdefault("range", {}))]
            if key == "filterViews" and dimension == COLUMNS:
                objects[key] = [_shift_criteria(i, point) for i in objects[key]]
            sheet.objects = objects
    kept_meta = []
    for meta in book.developer_metadata:
        dim = (meta.get("location") or {}).get("dimensionRange")
        if dim and dim.get("sheetId", 0) == sheet.sheet_id and dim.get("dimension") == dimension:
            moved = span(dim.get("startIndex", 0), dim.get("endIndex"))
            if moved is None:
                continue
            dim["startIndex"], dim["endIndex"] = moved
        kept_meta.append(meta)
    book.developer_metadata = kept_meta


def shift_band(sheet: Sheet, dimension: str, b0: int, b1: int, *, insert_at: int | None = None, n: int = 0,
               delete: tuple[int, int] | None = None) -> None:
    """insertRange/deleteRange: per-cell formats and notes, and the format and validation layers, of the
    cells in columns (ROWS) or rows (COLUMNS) b0..b1 shift with their cells, as in Sheets; cells outside
    the band stay. Values and formulas are moved by the caller."""
    if delete is not None:
        ds, de = delete
        span, point = (lambda s, e: _span_delete(s, e, ds, de)), (lambda i: _point_delete(i, ds, de))
    else:
        span, point = (lambda s, e: _span_insert(s, e, insert_at, n)), (lambda i: _point_insert(i, insert_at, n))
    axis = 0 if dimension == ROWS else 1
    for name in ("formats", "notes"):
        moved = {}
        for key, value in getattr(sheet, name).items():
            if not b0 <= key[1 - axis] < b1:
                moved[key] = value
                continue
            to = point(key[axis])
            if to is not None:
                moved[(to, key[1]) if axis == 0 else (key[0], to)] = value
        setattr(sheet, name, moved)
    lo, hi, olo, ohi = (0, 1, 2, 3) if dimension == ROWS else (2, 3, 0, 1)

    def split(layer: tuple) -> list[tuple]:
        start, end = layer[olo] or 0, layer[ohi]
        if (end is not None and end <= b0) or start >= b1:
            return [layer]
        pieces = []
        for part_start, part_end, inside in ((start, b0, False), (max(start, b0), b1 if end is None else
                                                                  min(end, b1), True), (b1, end, False)):
            if part_end is not None and part_end <= part_start:
                continue
            items = list(layer)
            items[olo], items[ohi] = part_start, part_end
            if inside:
                shifted = span(items[lo] or 0, items[hi])
                if shifted is None:
                    continue
                items[lo], items[hi] = shifted
            pieces.append(tuple(items))
        return pieces

    sheet.format_layers = [p for layer in sheet.format_layers for p in split(layer)]
    sheet.validation_layers = [p for layer in sheet.validation_layers for p in split(layer)]
