"""batchUpdate kinds for range-level things: merges, conditional formats, protected and named
ranges, developer metadata, basic filters (see requests.py for the frame)."""

from __future__ import annotations

import copy

from turfbook_emulator.sheets.model import Sheet
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind, mask_fields
from turfbook_emulator.sheets.resource import grid_range


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
    protected = {k: v for k, v in copy.deepcopy(body.get("protectedRange") or {}).items()
                 if v is not None}  # JSON null means unset; Google never answers null
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
        sheet, dimension, start, end = ctx.dimension(location["dimensionRange"])
        if end > (sheet.row_count if dimension == "ROWS" else sheet.col_count) or end <= start:
            raise RequestError(f"Invalid developer metadata location: {dimension} {start}:{end} is outside the grid"
                               f" (rows: {sheet.row_count}, columns: {sheet.col_count}).")
        location["locationType"] = location["dimensionRange"]["dimension"][:-1]
    else:
        location["locationType"] = "SPREADSHEET"
    if meta.get("metadataId") is not None:
        wanted = int(meta["metadataId"])
        if wanted <= 0:
            raise RequestError("Developer metadata ID must be positive.")
        if any(m.get("metadataId") == wanted for m in ctx.book.developer_metadata):
            raise RequestError(f"Developer metadata with ID: {wanted} already exists.")
        meta["metadataId"] = wanted
    else:
        meta["metadataId"] = ctx.book.new_id()
    ctx.book.developer_metadata.append(meta)
    return {"developerMetadata": copy.deepcopy(meta)}


def _lookup(body: dict) -> dict:
    lookup = (body.get("dataFilter") or {}).get("developerMetadataLookup")
    if lookup is None:
        raise RequestError("Only developerMetadataLookup data filters are supported by the Turfbook emulator.")
    return lookup


@kind("deleteDeveloperMetadata")
def delete_developer_metadata(ctx: Ctx, body: dict) -> dict:
    from turfbook_emulator.apis.sheets_metadata import matches

    lookup = _lookup(body)
    gone = [m for m in ctx.book.developer_metadata if matches(m, lookup)]
    ctx.book.developer_metadata = [m for m in ctx.book.developer_metadata if not matches(m, lookup)]
    return {"deletedDeveloperMetadata": gone}


@kind("updateDeveloperMetadata")
def update_developer_metadata(ctx: Ctx, body: dict) -> dict:
    from turfbook_emulator.apis.sheets_metadata import matches

    new = body.get("developerMetadata") or {}
    fields = mask_fields(body.get("fields"))
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


@kind("updateNamedRange")
def update_named_range(ctx: Ctx, body: dict) -> None:
    """Change a named range's name and/or range (by namedRangeId) for the paths in `fields`."""
    new = body.get("namedRange") or {}
    fields = mask_fields(body.get("fields"))
    found = next((n for n in ctx.book.named_ranges if n.get("namedRangeId") == new.get("namedRangeId")), None)
    if found is None:
        raise RequestError(f"No named range with id: {new.get('namedRangeId')}")
    for key in (["name", "range"] if "*" in fields else fields):
        if key not in ("name", "range"):
            raise RequestError(f"Invalid field mask: NamedRange has no updatable field '{key}'.")
        if key == "name":
            name = new.get("name") or ""
            if not name:
                raise RequestError("Named range must have a name.")
            if any(n is not found and n["name"].casefold() == name.casefold() for n in ctx.book.named_ranges):
                raise RequestError(f"Named range with name {name} already exists.")
            found["name"] = name
        else:
            ctx.grid(new.get("range"))
            found["range"] = copy.deepcopy(new.get("range") or {})
            found["range"].setdefault("sheetId", 0)
