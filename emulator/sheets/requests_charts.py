"""batchUpdate kinds for embedded objects: charts and slicers are stored with their spec and
position and shown back in spreadsheets.get (`sheets[].charts`, `sheets[].slicers`); the
emulator draws neither. deleteEmbeddedObject and the position/border updates work on both.
`position.newSheet` puts the object on a sheet of its own, as Sheets does: a new sheet of
sheetType OBJECT (no gridProperties, no cells) named "Chart1", "Chart2"…, and the object's position
becomes {"sheetId": that sheet}. Deleting the object, or moving it away, removes its sheet.
"""

from __future__ import annotations

import copy

from turfbook_emulator.sheets.model import Sheet
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind, mask_fields
from turfbook_emulator.sheets.requests_objects import listed, save


def _placed(ctx: Ctx, item: dict, key: str, id_key: str) -> dict:
    item = copy.deepcopy(item)
    position = item.get("position") or {}
    if position.get("newSheet"):
        position = item["position"] = {"sheetId": _object_sheet(ctx).sheet_id}
    anchor = (position.get("overlayPosition") or {}).get("anchorCell") or {}
    sheet = ctx.sheet(position.get("sheetId", anchor.get("sheetId")))
    if not position:
        item["position"] = {"sheetId": sheet.sheet_id}
    used = {o.get("chartId", o.get("slicerId")) for s in ctx.book.sheets for k in ("charts", "slicers")
            for o in listed(s, k)}
    if item.get(id_key) is not None and item[id_key] in used:
        raise RequestError(f"An embedded object with id {item[id_key]} already exists.")
    item[id_key] = item.get(id_key) or ctx.book.new_id()
    save(sheet, key, [*listed(sheet, key), item])
    return copy.deepcopy(item)


def _object_sheet(ctx: Ctx) -> Sheet:
    """A new sheet of its own for one chart or slicer, last in the book."""
    n = 1
    while ctx.book.sheet_by_title(f"Chart{n}"):
        n += 1
    sheet = Sheet(sheet_id=ctx.book.new_id(), title=f"Chart{n}", row_count=0, col_count=0,
                  extra={"sheetType": "OBJECT"})
    sheet.index = len(ctx.book.sheets)
    ctx.book.sheets = [*sorted(ctx.book.sheets, key=lambda s: s.index), sheet]
    ctx.book._cloned.add(id(sheet))  # type: ignore[attr-defined]
    ctx.book.reindex()
    return sheet


def _drop_if_emptied(ctx: Ctx, sheet: Sheet) -> None:
    """An object sheet goes with its last object."""
    if sheet.extra.get("sheetType") == "OBJECT" and not listed(sheet, "charts") and not listed(sheet, "slicers"):
        ctx.book.sheets = [s for s in sorted(ctx.book.sheets, key=lambda s: s.index) if s is not sheet]
        ctx.book.reindex()


def _find(ctx: Ctx, object_id) -> tuple:
    for sheet in list(ctx.book.sheets):
        for key, id_key in (("charts", "chartId"), ("slicers", "slicerId")):
            for i, item in enumerate(listed(sheet, key)):
                if item.get(id_key) == object_id:
                    return ctx.book.writable(sheet), key, i, copy.deepcopy(item)
    raise RequestError(f"No embedded object with id: {object_id}")


def _replace(sheet, key: str, i: int, item: dict) -> None:
    items = listed(sheet, key)
    items[i] = item
    save(sheet, key, items)


@kind("addChart")
def add_chart(ctx: Ctx, body: dict) -> dict:
    chart = body.get("chart") or {}
    if not chart.get("spec"):
        raise RequestError("A chart needs a spec.")
    return {"chart": _placed(ctx, chart, "charts", "chartId")}


@kind("addSlicer")
def add_slicer(ctx: Ctx, body: dict) -> dict:
    return {"slicer": _placed(ctx, body.get("slicer") or {}, "slicers", "slicerId")}


@kind("updateChartSpec")
def update_chart_spec(ctx: Ctx, body: dict) -> None:
    sheet, key, i, item = _find(ctx, body.get("chartId"))
    if key != "charts":
        raise RequestError(f"No chart with id: {body.get('chartId')}")
    item["spec"] = copy.deepcopy(body.get("spec") or {})
    _replace(sheet, key, i, item)


@kind("updateSlicerSpec")
def update_slicer_spec(ctx: Ctx, body: dict) -> None:
    sheet, key, i, item = _find(ctx, body.get("slicerId"))
    if key != "slicers":
        raise RequestError(f"No slicer with id: {body.get('slicerId')}")
    fields = mask_fields(body.get("fields"))
    spec = item.setdefault("spec", {})
    new = body.get("spec") or {}
    for path in (list(new) if "*" in fields else fields):
        head = path.split(".")[0]
        if new.get(head) is None:
            spec.pop(head, None)
        else:
            spec[head] = copy.deepcopy(new[head])
    _replace(sheet, key, i, item)


@kind("updateEmbeddedObjectPosition")
def update_embedded_object_position(ctx: Ctx, body: dict) -> dict:
    sheet, key, i, item = _find(ctx, body.get("objectId"))
    position = copy.deepcopy(body.get("newPosition") or {})
    if position.get("newSheet"):
        position = {"sheetId": _object_sheet(ctx).sheet_id}
    anchor = (position.get("overlayPosition") or {}).get("anchorCell") or {}
    target = ctx.sheet(position.get("sheetId", anchor.get("sheetId", sheet.sheet_id)))
    item["position"] = position
    if target is sheet:
        _replace(sheet, key, i, item)
    else:
        items = listed(sheet, key)
        del items[i]
        save(sheet, key, items)
        save(target, key, [*listed(target, key), item])
        _drop_if_emptied(ctx, sheet)
    return {"position": copy.deepcopy(position)}


@kind("updateEmbeddedObjectBorder")
def update_embedded_object_border(ctx: Ctx, body: dict) -> None:
    sheet, key, i, item = _find(ctx, body.get("objectId"))
    if key != "charts":
        raise RequestError("Only charts have a border.")
    item["border"] = copy.deepcopy(body.get("border") or {})
    _replace(sheet, key, i, item)


@kind("deleteEmbeddedObject")
def delete_embedded_object(ctx: Ctx, body: dict) -> None:
    sheet, key, i, _item = _find(ctx, body.get("objectId"))
    items = listed(sheet, key)
    del items[i]
    save(sheet, key, items)
    _drop_if_emptied(ctx, sheet)
