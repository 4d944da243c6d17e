"""batchUpdate kinds for row/column groups: add, delete and update a DimensionGroup (groups.py)."""

from __future__ import annotations

from turfbook_emulator.sheets import groups
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind, mask_fields


def _range(ctx: Ctx, dim: dict):
    sheet, dimension, start, end = ctx.dimension(dim or {})
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    if end > size:
        raise RequestError(f"Invalid dimension range: endIndex {end} is past the grid ({size}).")
    if end <= start:
        raise RequestError("Invalid dimension range: the range must not be empty.")
    return sheet, dimension, start, end


@kind("addDimensionGroup")
def add_dimension_group(ctx: Ctx, body: dict) -> dict:
    sheet, dimension, start, end = _range(ctx, body.get("range"))
    try:
        groups.change_depth(sheet, dimension, start, end, +1)
    except ValueError as exc:
        raise RequestError(str(exc)) from None
    return {"dimensionGroups": groups.groups(sheet, dimension)}


@kind("deleteDimensionGroup")
def delete_dimension_group(ctx: Ctx, body: dict) -> dict:
    sheet, dimension, start, end = _range(ctx, body.get("range"))
    if not any(s < end and start < e for s, e, _ in groups.runs(sheet, dimension)):
        raise RequestError("No dimension group found in the given range.")
    groups.change_depth(sheet, dimension, start, end, -1)
    return {"dimensionGroups": groups.groups(sheet, dimension)}


@kind("updateDimensionGroup")
def update_dimension_group(ctx: Ctx, body: dict) -> None:
    group = body.get("dimensionGroup") or {}
    fields = mask_fields(body.get("fields"))
    unknown = [f for f in fields if f not in ("collapsed", "*")]
    if unknown:
        raise RequestError(f"Invalid field mask: only 'collapsed' can be updated, not '{unknown[0]}'.")
    sheet, dimension, start, end = _range(ctx, group.get("range"))
    depth = int(group.get("depth") or 0)
    if not groups.set_collapsed(sheet, dimension, start, end, depth, bool(group.get("collapsed"))):
        raise RequestError(f"No dimension group with range [{start}, {end}) and depth {depth}.")
