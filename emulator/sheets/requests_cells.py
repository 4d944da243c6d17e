"""batchUpdate kinds that touch cells, ranges and dimensions (see requests.py for the frame)."""

from __future__ import annotations

import copy

from emulator.sheets import dims, formats, grid
from emulator.sheets.conditions import shift_refs
from emulator.sheets.model import Err, Sheet
from emulator.sheets.requests import Ctx, RequestError, kind
from emulator.sheets.resource import grid_range

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
            from emulator.sheets import values

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
    paths = [p.strip() for p in (body.get("fields") or "").split(",") if p.strip()]
    if not paths:
        raise RequestError("At least one field must be specified.")
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


# ----- range-level things ------------------------------------------------------------------
@kind("mergeCells")
def merge_cells(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    kind_ = body.get("mergeType") or "MERGE_ALL"
    if kind_ == "MERGE_ROWS":
        blocks = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    elif kind_ == "MERGE_COLUMNS":
        blocks = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    else:
        blocks = [(r0, r1, c0, c1)]
    for m in sheet.merges:
        if m[0] < r1 and r0 < m[1] and m[2] < c1 and c0 < m[3]:
            raise RequestError("You can't merge cells that overlap an existing merge.")
    sheet.merges.extend(b for b in blocks if (b[1] - b[0]) * (b[3] - b[2]) > 1)


@kind("unmergeCells")
def unmerge_cells(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    sheet.merges = [m for m in sheet.merges if not (m[0] < r1 and r0 < m[1] and m[2] < c1 and c0 < m[3])]


@kind("addConditionalFormatRule")
def add_conditional_format_rule(ctx: Ctx, body: dict) -> None:
    rule = copy.deepcopy(body.get("rule") or {})
    if not rule.get("ranges"):
        raise RequestError("At least one range is required.")
    if not (rule.get("booleanRule") or rule.get("gradientRule")):
        raise RequestError("A rule must have either a booleanRule or a gradientRule.")
    sheet = ctx.grid(rule["ranges"][0])[0]
    for item in rule["ranges"]:
        item.setdefault("sheetId", 0)
    index = body.get("index")
    sheet.conditional_formats.insert(len(sheet.conditional_formats) if index is None else int(index), rule)


def _rule_at(ctx: Ctx, body: dict) -> tuple[Sheet, int]:
    sheet = ctx.sheet(body.get("sheetId"))
    index = int(body.get("index") or 0)
    if not 0 <= index < len(sheet.conditional_formats):
        raise RequestError(f"No conditional format on sheet: {sheet.sheet_id} at index: {index}")
    return sheet, index


@kind("deleteConditionalFormatRule")
def delete_conditional_format_rule(ctx: Ctx, body: dict) -> dict:
    sheet, index = _rule_at(ctx, body)
    return {"rule": sheet.conditional_formats.pop(index)}


@kind("updateConditionalFormatRule")
def update_conditional_format_rule(ctx: Ctx, body: dict) -> dict:
    sheet, index = _rule_at(ctx, body)
    old = sheet.conditional_formats[index]
    if body.get("rule"):
        sheet.conditional_formats[index] = copy.deepcopy(body["rule"])
        return {"newRule": body["rule"], "newIndex": index, "oldRule": old, "oldIndex": index}
    new_index = int(body.get("newIndex") or 0)
    target = ctx.sheet(body["newSheetId"]) if body.get("newSheetId") is not None else sheet
    sheet.conditional_formats.pop(index)
    target.conditional_formats.insert(new_index, old)
    return {"newRule": old, "newIndex": new_index, "oldIndex": index}


@kind("addProtectedRange")
def add_protected_range(ctx: Ctx, body: dict) -> dict:
    protected = copy.deepcopy(body.get("protectedRange") or {})
    target = protected.get("range") or {}
    sheet = ctx.grid(target)[0] if "range" in protected else ctx.sheet(None)
    if "range" in protected:
        target.setdefault("sheetId", 0)
    protected["protectedRangeId"] = protected.get("protectedRangeId") or ctx.book.new_id()
    protected.setdefault("requestingUserCanEdit", True)
    if not protected.get("warningOnly"):
        protected.setdefault("editors", {"users": [ctx.user]})
    sheet.protected_ranges.append(protected)
    return {"protectedRange": copy.deepcopy(protected)}


def _protected(ctx: Ctx, range_id) -> tuple[Sheet, dict]:
    for sheet in ctx.book.sheets:
        for protected in sheet.protected_ranges:
            if protected.get("protectedRangeId") == int(range_id or 0):
                sheet = ctx.book.writable(sheet)
                return sheet, next(p for p in sheet.protected_ranges if p.get("protectedRangeId") == int(range_id))
    raise RequestError(f"No protected range with id: {range_id}")


@kind("deleteProtectedRange")
def delete_protected_range(ctx: Ctx, body: dict) -> None:
    sheet, protected = _protected(ctx, body.get("protectedRangeId"))
    sheet.protected_ranges.remove(protected)


@kind("updateProtectedRange")
def update_protected_range(ctx: Ctx, body: dict) -> None:
    new = body.get("protectedRange") or {}
    sheet, protected = _protected(ctx, new.get("protectedRangeId"))
    fields = [f.strip() for f in (body.get("fields") or "").split(",") if f.strip()]
    for key in (list(new) if "*" in fields else fields):
        if key != "protectedRangeId":
            if new.get(key) is None:
                protected.pop(key, None)
            else:
                protected[key] = copy.deepcopy(new[key])


@kind("addNamedRange")
def add_named_range(ctx: Ctx, body: dict) -> dict:
    named = copy.deepcopy(body.get("namedRange") or {})
    if not named.get("name"):
        raise RequestError("Named range must have a name.")
    if any(n["name"].casefold() == named["name"].casefold() for n in ctx.book.named_ranges):
        raise RequestError(f"Named range with name {named['name']} already exists.")
    ctx.grid(named.get("range"))
    named.setdefault("range", {}).setdefault("sheetId", 0)
    named["namedRangeId"] = named.get("namedRangeId") or f"nr{ctx.book.new_id()}"
    ctx.book.named_ranges.append(named)
    return {"namedRange": copy.deepcopy(named)}


@kind("deleteNamedRange")
def delete_named_range(ctx: Ctx, body: dict) -> None:
    before = len(ctx.book.named_ranges)
    ctx.book.named_ranges = [n for n in ctx.book.named_ranges if n.get("namedRangeId") != body.get("namedRangeId")]
    if len(ctx.book.named_ranges) == before:
        raise RequestError(f"No named range with id: {body.get('namedRangeId')}")


@kind("createDeveloperMetadata")
def create_developer_metadata(ctx: Ctx, body: dict) -> dict:
    meta = copy.deepcopy(body.get("developerMetadata") or {})
    if not meta.get("metadataKey") or not meta.get("location") or not meta.get("visibility"):
        raise RequestError("developerMetadata needs metadataKey, location and visibility.")
    location = meta["location"]
    if location.get("sheetId") is not None:
        ctx.sheet(location["sheetId"])
        location["locationType"] = "SHEET"
    elif location.get("dimensionRange"):
        ctx.dimension(location["dimensionRange"])
        location["locationType"] = location["dimensionRange"]["dimension"][:-1]
    else:
        location["locationType"] = "SPREADSHEET"
    meta["metadataId"] = meta.get("metadataId") or ctx.book.new_id()
    ctx.book.developer_metadata.append(meta)
    return {"developerMetadata": copy.deepcopy(meta)}


def _lookup(body: dict) -> dict:
    lookup = (body.get("dataFilter") or {}).get("developerMetadataLookup")
    if lookup is None:
        raise RequestError("Only developerMetadataLookup data filters are supported by the Turfbook emulator.")
    return lookup


@kind("deleteDeveloperMetadata")
def delete_developer_metadata(ctx: Ctx, body: dict) -> dict:
    from emulator.apis.sheets_metadata import matches

    lookup = _lookup(body)
    gone = [m for m in ctx.book.developer_metadata if matches(m, lookup)]
    ctx.book.developer_metadata = [m for m in ctx.book.developer_metadata if not matches(m, lookup)]
    return {"deletedDeveloperMetadata": gone}


@kind("updateDeveloperMetadata")
def update_developer_metadata(ctx: Ctx, body: dict) -> dict:
    from emulator.apis.sheets_metadata import matches

    new = body.get("developerMetadata") or {}
    fields = [f.strip() for f in (body.get("fields") or "").split(",") if f.strip()]
    if not fields:
        raise RequestError("At least one field must be specified.")
    changed = []
    for filter_ in body.get("dataFilters") or []:
        for meta in ctx.book.developer_metadata:
            if matches(meta, (filter_ or {}).get("developerMetadataLookup") or {}) and meta not in changed:
                for key in (["metadataKey", "metadataValue", "visibility", "location"] if "*" in fields else fields):
                    if new.get(key) is None:
                        meta.pop(key, None)
                    else:
                        meta[key] = copy.deepcopy(new[key])
                changed.append(meta)
    return {"developerMetadata": copy.deepcopy(changed)}


@kind("setBasicFilter")
def set_basic_filter(ctx: Ctx, body: dict) -> None:
    flt = copy.deepcopy(body.get("filter") or {})
    sheet = ctx.grid(flt.get("range"))[0]
    flt.setdefault("range", grid_range(sheet.sheet_id, None, None, None, None))
    sheet.basic_filter = flt


@kind("clearBasicFilter")
def clear_basic_filter(ctx: Ctx, body: dict) -> None:
    ctx.sheet(body.get("sheetId")).basic_filter = None
