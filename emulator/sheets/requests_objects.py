"""batchUpdate kinds for things drawn over the grid that the emulator stores and shows back in
spreadsheets.get but does not render: banded ranges and filter views; and updateBorders, which
sets the cells' userEnteredFormat.borders as Sheets does.

A sheet keeps them in `sheet.objects` ({"bandedRanges": [...], "filterViews": [...]}; charts and
slicers too, requests_charts.py), which is
replaced, never changed in place, so batchUpdate's shallow sheet copies stay safe.
"""

from __future__ import annotations

import copy

from turfbook_emulator.sheets import formats
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind, mask_fields

KEYS = ("bandedRanges", "filterViews")
_ID = {"bandedRanges": "bandedRangeId", "filterViews": "filterViewId"}


def listed(sheet, key: str) -> list[dict]:
    return list((getattr(sheet, "objects", None) or {}).get(key, []))


def save(sheet, key: str, items: list[dict]) -> None:
    objects = dict(getattr(sheet, "objects", None) or {})
    objects[key] = items
    sheet.objects = objects


def _find(ctx: Ctx, key: str, object_id) -> tuple:
    for sheet in list(ctx.book.sheets):
        for i, item in enumerate(listed(sheet, key)):
            if item.get(_ID[key]) == object_id:
                return ctx.book.writable(sheet), i, item
    name = "banded range" if key == "bandedRanges" else "filter view"
    raise RequestError(f"No {name} with id: {object_id}")


def _add(ctx: Ctx, key: str, item: dict) -> dict:
    item = copy.deepcopy(item)
    grid = item.get("range") or {}
    sheet, *_ = ctx.grid(grid)
    item.setdefault("range", {}).setdefault("sheetId", sheet.sheet_id)
    ids = {i.get(_ID[key]) for s in ctx.book.sheets for i in listed(s, key)}
    if item.get(_ID[key]) in ids:
        raise RequestError(f"Duplicate {_ID[key]}: {item[_ID[key]]}")
    item[_ID[key]] = item.get(_ID[key]) or ctx.book.new_id()
    save(sheet, key, [*listed(sheet, key), item])
    return copy.deepcopy(item)


def _update(ctx: Ctx, key: str, new: dict, fields: str) -> None:
    paths = mask_fields(fields)
    sheet, i, item = _find(ctx, key, new.get(_ID[key]))
    item = copy.deepcopy(item)
    for path in (list(new) if "*" in paths else paths):
        head = path.split(".")[0]
        if head == _ID[key]:
            continue
        if head == "range":
            ctx.grid(new.get("range"))
        if new.get(head) is None:
            item.pop(head, None)
        else:
            item[head] = copy.deepcopy(new[head])
    items = listed(sheet, key)
    items[i] = item
    save(sheet, key, items)


def _delete(ctx: Ctx, key: str, object_id) -> None:
    sheet, i, _item = _find(ctx, key, object_id)
    items = listed(sheet, key)
    del items[i]
    save(sheet, key, items)


@kind("addBanding")
def add_banding(ctx: Ctx, body: dict) -> dict:
    banded = body.get("bandedRange") or {}
    if not banded.get("rowProperties") and not banded.get("columnProperties"):
        raise RequestError("A banded range needs rowProperties or columnProperties.")
    return {"bandedRange": _add(ctx, "bandedRanges", banded)}


@kind("updateBanding")
def update_banding(ctx: Ctx, body: dict) -> None:
    _update(ctx, "bandedRanges", body.get("bandedRange") or {}, body.get("fields"))


@kind("deleteBanding")
def delete_banding(ctx: Ctx, body: dict) -> None:
    _delete(ctx, "bandedRanges", body.get("bandedRangeId"))


@kind("addFilterView")
def add_filter_view(ctx: Ctx, body: dict) -> dict:
    return {"filter": _add(ctx, "filterViews", body.get("filter") or {})}


@kind("updateFilterView")
def update_filter_view(ctx: Ctx, body: dict) -> None:
    _update(ctx, "filterViews", body.get("filter") or {}, body.get("fields"))


@kind("deleteFilterView")
def delete_filter_view(ctx: Ctx, body: dict) -> None:
    _delete(ctx, "filterViews", body.get("filterId"))


@kind("duplicateFilterView")
def duplicate_filter_view(ctx: Ctx, body: dict) -> dict:
    _sheet, _i, item = _find(ctx, "filterViews", body.get("filterId"))
    twin = {k: v for k, v in copy.deepcopy(item).items() if k != "filterViewId"}
    twin["title"] = f"Filter {len(listed(_sheet, 'filterViews')) + 1}" if not item.get("title") else \
        f"Copy of {item['title']}"
    return {"filter": _add(ctx, "filterViews", twin)}


@kind("updateBorders")
def update_borders(ctx: Ctx, body: dict) -> None:
    """Outer sides go on the range's edge cells, inner ones between its cells; an omitted side stays."""
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    if r0 == r1 or c0 == c1:
        return
    sides = {
        "top": (r0, r0 + 1, c0, c1, "top"), "bottom": (r1 - 1, r1, c0, c1, "bottom"),
        "left": (r0, r1, c0, c0 + 1, "left"), "right": (r0, r1, c1 - 1, c1, "right"),
    }
    for name, (a, b, c, d, side) in sides.items():
        if body.get(name) is not None:
            formats.add_format_layer(sheet, a, b, c, d, (f"borders.{side}",), {"borders": {side: body[name]}})
    inner_h, inner_v = body.get("innerHorizontal"), body.get("innerVertical")
    if inner_h is not None and r1 - r0 > 1:
        formats.add_format_layer(sheet, r0, r1 - 1, c0, c1, ("borders.bottom",), {"borders": {"bottom": inner_h}})
        formats.add_format_layer(sheet, r0 + 1, r1, c0, c1, ("borders.top",), {"borders": {"top": inner_h}})
    if inner_v is not None and c1 - c0 > 1:
        formats.add_format_layer(sheet, r0, r1, c0, c1 - 1, ("borders.right",), {"borders": {"right": inner_v}})
        formats.add_format_layer(sheet, r0, r1, c0 + 1, c1, ("borders.left",), {"borders": {"left": inner_v}})
