"""batchUpdate kinds that touch cells and dimensions (see requests.py for the frame)."""

from __future__ import annotations

from turfbook_emulator.sheets import dims, formats, grid
from turfbook_emulator.sheets.conditions import shift_refs
from turfbook_emulator.sheets.model import Err, Sheet
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind, mask_fields

# ----- cells -------------------------------------------------------------------------------


@kind("repeatCell")
def repeat_cell(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    cell = body.get("cell") or {}
    paths = grid.paths_of(body.get("fields") or "", "repeatCell")
    fmt_paths = tuple(p.partition(".")[2] for p in paths if p.split(".")[0] == "userEnteredFormat")
    if fmt_paths:
        formats.add_format_layer(sheet, r0, r1, c0, c1, fmt_paths, cell.get("userEnteredFormat") or {})
    if "dataValidation" in paths:
        formats.set_validation(sheet, r0, r1, c0, c1, cell.get("dataValidation"))
    other = [p for p in paths if p.split(".")[0] not in ("userEnteredFormat", "dataValidation")]
    if other:
        for r in range(r0, r1):
            for c in range(c0, c1):
                grid.apply_cell(sheet, r, c, cell, other)


def _write_rows(sheet: Sheet, r0: int, c0: int, rows: list[dict], paths: list[str],
                r1: int | None = None, c1: int | None = None) -> None:
    for i, row in enumerate(rows or []):
        r = r0 + i
        if r1 is not None and r >= r1:
            break
        for j, cell in enumerate((row or {}).get("values") or []):
            c = c0 + j
            if c1 is not None and c >= c1:
                break
            if r >= sheet.row_count or c >= sheet.col_count:
                raise RequestError(f"Attempting to write row: {r}, column: {c}, beyond the last requested row of: "
                                   f"{sheet.row_count - 1}" if r >= sheet.row_count else
                                   f"Attempting to write column: {c}, beyond the last requested column of: "
                                   f"{sheet.col_count - 1}")
            grid.apply_cell(sheet, r, c, cell or {}, paths)


@kind("updateCells")
def update_cells(ctx: Ctx, body: dict) -> None:
    paths = grid.paths_of(body.get("fields") or "", "updateCells")
    rows = body.get("rows") or []
    if body.get("range"):
        sheet, r0, r1, c0, c1 = ctx.grid(body["range"])
        for r in range(r0, r1):  # cells of the range not in `rows` are cleared
            for c in range(c0, c1):
                if r - r0 >= len(rows) or c - c0 >= len((rows[r - r0] or {}).get("values") or []):
                    grid.apply_cell(sheet, r, c, {}, paths)
        _write_rows(sheet, r0, c0, rows, paths, r1, c1)
    else:
        start = body.get("start") or {}
        sheet = ctx.sheet(start.get("sheetId"))
        _write_rows(sheet, int(start.get("rowIndex") or 0), int(start.get("columnIndex") or 0), rows, paths)


@kind("appendCells")
def append_cells(ctx: Ctx, body: dict) -> None:
    sheet = ctx.sheet(body.get("sheetId"))
    paths = grid.paths_of(body.get("fields") or "", "appendCells")
    last_row = max([sheet.data_extent()[0]] + [r + 1 for r, _ in sheet.notes] + [r + 1 for r, _ in sheet.formats])
    rows = body.get("rows") or []
    if last_row + len(rows) > sheet.row_count:
        sheet.row_count = last_row + len(rows)
    _write_rows(sheet, last_row, 0, rows, paths)


@kind("setDataValidation")
def set_data_validation(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    rule = body.get("rule")
    if rule is not None:
        condition = rule.get("condition") or {}
        if not condition.get("type"):
            raise RequestError("Invalid data validation rule: a condition type is required.")
        if condition["type"] in ("ONE_OF_LIST",) and not condition.get("values"):
            raise RequestError("Invalid ConditionValue.userEnteredValue: list values are required.")
        if condition["type"] == "ONE_OF_RANGE":
            from turfbook_emulator.sheets import values

            raw = ((condition.get("values") or [{}])[0]).get("userEnteredValue", "")
            values.resolve(ctx.book, raw.lstrip("="))
    formats.set_validation(sheet, r0, r1, c0, c1, rule)


@kind("sortRange")
def sort_range(ctx: Ctx, body: dict) -> None:
    """Sort the rows of a range (only its columns move); blanks go last either way, like Sheets."""
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    rows = sheet.own_rows()
    r1 = min(r1, max(len(rows), r0))
    specs = body.get("sortSpecs") or [{"dimensionIndex": c0}]
    order = list(range(r0, r1))

    def cell(r: int, col: int):
        row = rows[r]
        return row[col] if col < len(row) else None

    for spec in reversed(specs):
        col = int(spec.get("dimensionIndex") or 0)
        if not c0 <= col < c1:
            raise RequestError("sortSpecs dimensionIndex is outside the range.")
        filled = [r for r in order if cell(r, col) not in (None, "")]
        blank = [r for r in order if cell(r, col) in (None, "")]
        filled.sort(key=lambda r, col=col: _sort_key(cell(r, col)), reverse=spec.get("sortOrder") == "DESCENDING")
        order = filled + blank
    segments = [rows[r][c0:c1] for r in order]
    width = c1 - c0
    for i, segment in enumerate(segments):
        row = rows[r0 + i]
        if len(row) < c0 and not any(v is not None for v in segment):
            continue
        new = row[:c0] + [None] * (c0 - len(row)) + segment + [None] * (width - len(segment)) + row[c1:]
        while new and new[-1] is None:
            new.pop()
        rows[r0 + i] = new
    moved = {old: r0 + i for i, old in enumerate(order)}
    if c0 == 0 and c1 >= sheet.col_count:         # whole rows moved: their developer metadata goes along
        dims.permute_metadata(ctx.book, sheet, dims.ROWS, moved)
    for store in (sheet.formulas, sheet.notes, sheet.formats):
        inside = {k: v for k, v in store.items() if r0 <= k[0] < r1 and c0 <= k[1] < c1}
        for key in inside:
            del store[key]
        for (r, c), item in inside.items():
            if store is sheet.formulas and moved[r] != r:  # like a paste: relative references move along
                item = shift_refs(item, moved[r] - r, 0)
            store[(moved[r], c)] = item


def _sort_key(value):
    if isinstance(value, bool):
        return (2, int(value), "")
    if isinstance(value, int | float):
        return (0, value, "")
    if isinstance(value, Err):
        return (3, 0, value.code)
    return (1, 0, str(value).casefold())


# ----- dimensions --------------------------------------------------------------------------
@kind("insertDimension")
def insert_dimension(ctx: Ctx, body: dict) -> None:
    sheet, dimension, start, end = ctx.dimension(body.get("range") or {})
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    if start > size:
        raise RequestError(f"Cannot insert at index {start}: the sheet only has {size} "
                           f"{'rows' if dimension == 'ROWS' else 'columns'}.")
    if start == 0 and body.get("inheritFromBefore"):
        raise RequestError("Cannot inherit from before when inserting at index 0.")
    dims.insert(ctx.book, sheet, dimension, start, end - start)


@kind("deleteDimension")
def delete_dimension(ctx: Ctx, body: dict) -> None:
    sheet, dimension, start, end = ctx.dimension(body.get("range") or {})
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    end = min(end, size)
    if end - start >= size:
        raise RequestError("You can't delete all the rows on the sheet." if dimension == "ROWS"
                           else "You can't delete all the columns on the sheet.")
    dims.delete(ctx.book, sheet, dimension, start, end)


@kind("appendDimension")
def append_dimension(ctx: Ctx, body: dict) -> None:
    sheet = ctx.sheet(body.get("sheetId"))
    length = int(body.get("length") or 0)
    if length < 1:
        raise RequestError("length must be greater than zero.")
    if body.get("dimension") == "COLUMNS":
        sheet.col_count += length
    else:
        sheet.row_count += length


@kind("moveDimension")
def move_dimension(ctx: Ctx, body: dict) -> None:
    sheet, dimension, start, end = ctx.dimension(body.get("source") or {})
    dims.move(ctx.book, sheet, dimension, start, end, int(body.get("destinationIndex") or 0))


@kind("updateDimensionProperties")
def update_dimension_properties(ctx: Ctx, body: dict) -> None:
    sheet, dimension, start, end = ctx.dimension(body.get("range") or {})
    props = body.get("properties") or {}
    paths = mask_fields(body.get("fields"))
    meta = sheet.row_meta if dimension == "ROWS" else sheet.col_meta
    keys = ["pixelSize", "hiddenByUser"] if "*" in paths else paths
    for i in range(start, end):
        entry = meta.setdefault(i, {})
        for key in keys:
            if props.get(key) is None:
                entry.pop(key, None)
            else:
                entry[key] = props[key]
        if not entry:
            del meta[i]


@kind("autoResizeDimensions")
def auto_resize_dimensions(ctx: Ctx, body: dict) -> None:
    sheet, dimension, start, end = ctx.dimension(body.get("dimensions") or {})
    meta = sheet.row_meta if dimension == "ROWS" else sheet.col_meta
    for i in range(start, end):
        if dimension == "ROWS":
            meta.setdefault(i, {})["pixelSize"] = 21
            continue
        longest = max((len(grid.formatted(row[i], None)) for row in sheet.rows[:5000]
                       if i < len(row) and row[i] is not None), default=0)
        meta.setdefault(i, {})["pixelSize"] = max(40, min(7 * longest + 12, 1000)) if longest else 100
