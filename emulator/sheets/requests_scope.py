"""What a spreadsheets.batchUpdate request changes, for a recalculation scoped like a values write's
(issue 22; recalc.py keeps every formula's reads).

    changes(ctx, name, body) -> (content, formatted) | None

`content`: the blocks [(sheetId, r0, c0, r1, c1)] whose cell values or formulas the request may change
(repeatCell/updateCells/appendCells writing userEnteredValue); `formatted`: the blocks whose formats,
notes or validation it may change without touching a value (a formula cell there gets its number format
inferred again, as a full recalc does). None: the request may change what formulas read in any other
way (a sheet added, renamed, resized or deleted, rows or columns inserted, deleted, moved or sorted,
named ranges, locale or time zone, merges, pastes, find/replace...): then the whole book is
recalculated, as before. A kind not listed here is never scoped. Requests that change neither values
nor formats (protected ranges, conditional formats, developer metadata, filters, dimension sizes,
frozen rows) change nothing a formula reads: ([], []).
"""

from __future__ import annotations

from turfbook_emulator.sheets import grid

WIDE = 1 << 40      # "to the end of the sheet", larger than any grid


def _nothing(ctx, body: dict):
    return [], []


def _cell_paths(ctx, body: dict, sheet, r0: int, c0: int, r1: int, c1: int, where: str):
    block = [(sheet.sheet_id, r0, c0, r1, c1)]
    paths = grid.paths_of(body.get("fields") or "", where)
    if any(p.partition(".")[0] == "userEnteredValue" for p in paths):
        return block, []
    return [], block


def _repeat_cell(ctx, body: dict):
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    return _cell_paths(ctx, body, sheet, r0, c0, r1, c1, "repeatCell")


def _update_cells(ctx, body: dict):
    if body.get("range"):
        sheet, r0, r1, c0, c1 = ctx.grid(body["range"])
    else:
        start = body.get("start") or {}
        sheet = ctx.sheet(start.get("sheetId"))
        r0, c0 = int(start.get("rowIndex") or 0), int(start.get("columnIndex") or 0)
        rows = body.get("rows") or []
        r1 = r0 + len(rows)
        c1 = c0 + max([len((row or {}).get("values") or []) for row in rows] or [0])
    return _cell_paths(ctx, body, sheet, r0, c0, r1, c1, "updateCells")


def _append_cells(ctx, body: dict):
    """Rows after the sheet's last row with content, which arrays' cells must not count: the whole sheet
    (its arrays emptied first, as before any request in a full recalculation)."""
    sheet = ctx.sheet(body.get("sheetId"))
    return [(sheet.sheet_id, 0, 0, WIDE, WIDE)], []


def _ranged(ctx, body: dict):   # a format or validation over a GridRange
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    return [], [(sheet.sheet_id, r0, c0, r1, c1)]


def _borders(ctx, body: dict):
    return _ranged(ctx, body)


SHEET_PROPERTIES = {"hidden", "tabColor", "tabColorStyle", "rightToLeft", "gridProperties.frozenRowCount",
                    "gridProperties.frozenColumnCount", "gridProperties.hideGridlines"}


def _sheet_properties(ctx, body: dict):
    fields = {f.strip() for f in (body.get("fields") or "").split(",") if f.strip()}
    return ([], []) if fields and fields <= SHEET_PROPERTIES else None


def _spreadsheet_properties(ctx, body: dict):
    fields = {f.strip() for f in (body.get("fields") or "").split(",") if f.strip()}
    return ([], []) if fields and fields <= {"title"} else None


SCOPES = {
    "repeatCell": _repeat_cell, "updateCells": _update_cells, "appendCells": _append_cells,
    "setDataValidation": _ranged, "updateBorders": _borders,
    "updateSheetProperties": _sheet_properties, "updateSpreadsheetProperties": _spreadsheet_properties,
    **dict.fromkeys(("addConditionalFormatRule", "updateConditionalFormatRule", "deleteConditionalFormatRule",
                     "addProtectedRange", "updateProtectedRange", "deleteProtectedRange",
                     "createDeveloperMetadata", "updateDeveloperMetadata", "deleteDeveloperMetadata",
                     "setBasicFilter", "clearBasicFilter", "updateFilterView", "updateDimensionProperties",
                     "autoResizeDimensions"), _nothing),
}


def changes(ctx, name: str, body: dict):
    """(content blocks, formatted blocks) the request changes, or None: anything (see the module's doc).
    A request this cannot read (it will fail itself) is None too."""
    scope = SCOPES.get(name)
    if scope is None:
        return None
    try:
        return scope(ctx, body)
    except Exception:      # noqa: BLE001 - the request itself reports what is wrong with it
        return None
