"""Sheets v4: spreadsheets.create, spreadsheets.get and spreadsheets.batchUpdate."""

from __future__ import annotations

from turfbook_emulator import fields, identity
from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Call, handles
from turfbook_emulator.sheets import book_or_404, grid, new_book, requests, save
from turfbook_emulator.sheets.model import DEFAULT_COLS, DEFAULT_ROWS, Sheet
from turfbook_emulator.sheets.resource import spreadsheet


def _ranges(call: Call) -> list[str]:
    value = call.query.get("ranges")
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _wants_grid(call: Call) -> bool:
    if call.flag("includeGridData"):
        return True
    mask = call.query.get("fields")
    if not mask:
        return False
    node = fields.parse(mask).get("sheets")
    return isinstance(node, dict) and ("data" in node or "*" in node)


@handles("sheets.spreadsheets.create")
def create(call: Call):
    if identity.is_service_account(call.principal):
        # Google: a service account has no My Drive to hold a new spreadsheet (see GOOGLE_NOTES.md)
        raise ApiError(403, "The caller does not have permission", status="PERMISSION_DENIED")
    body = call.json() or {}
    props = body.get("properties") or {}
    book = new_book(props.get("title"), with_sheet=not body.get("sheets"))
    if props.get("locale"):
        book.locale = props["locale"]
    if props.get("timeZone"):
        book.time_zone = props["timeZone"]
    for key in ("autoRecalc", "defaultFormat", "iterativeCalculationSettings", "spreadsheetTheme"):
        if props.get(key) is not None:
            book.extra[key] = props[key]
    for i, item in enumerate(body.get("sheets") or []):
        sprops = (item or {}).get("properties") or {}
        gp = sprops.get("gridProperties") or {}
        title = sprops.get("title") or f"Sheet{i + 1}"
        if book.sheet_by_title(title):
            raise ApiError(400, f'Invalid sheets[{i}]: A sheet with the name "{title}" already exists.')
        sheet = Sheet(sheet_id=int(sprops["sheetId"]) if sprops.get("sheetId") is not None
                      else (0 if i == 0 else book.new_id()), title=title, index=i,
                      row_count=int(gp.get("rowCount", DEFAULT_ROWS)),
                      col_count=int(gp.get("columnCount", DEFAULT_COLS)),
                      frozen_rows=int(gp.get("frozenRowCount", 0)), frozen_cols=int(gp.get("frozenColumnCount", 0)))
        for key in ("hidden", "tabColor", "tabColorStyle", "rightToLeft"):
            if sprops.get(key) is not None:
                sheet.extra[key] = sprops[key]
        for data in (item or {}).get("data") or []:
            r0, c0 = int(data.get("startRow") or 0), int(data.get("startColumn") or 0)
            for dr, row in enumerate(data.get("rowData") or []):
                for dc, cell in enumerate((row or {}).get("values") or []):
                    grid.apply_cell(sheet, r0 + dr, c0 + dc, cell or {},
                                    [k for k in ("userEnteredValue", "userEnteredFormat", "note", "dataValidation")
                                     if k in (cell or {})])
        for rule in (item or {}).get("conditionalFormats") or []:
            sheet.conditional_formats.append(rule)
        book.sheets.append(sheet)
    book.check_cells()
    from turfbook_emulator.sheets.values import recalc

    recalc(book)
    save(call.store, book)
    _tell_drive(call, book)
    return spreadsheet(book)


def _tell_drive(call: Call, book) -> None:
    """Real spreadsheets are Drive files too: make it (or its new title) visible to files.list."""
    try:
        from turfbook_emulator.drive import register_native_file
    except ImportError:  # Drive not part of this build
        return
    register_native_file(call.emulator, book.spreadsheet_id, book.title, owner=identity.email(call.principal),
                         client=identity.client(call.principal))


@handles("sheets.spreadsheets.get")
def get(call: Call):
    wants_grid = _wants_grid(call)      # without grid data, no formula's value shows: no recalculation for it
    book = book_or_404(call.store, call.path["spreadsheetId"], stale_ok=not wants_grid)
    return spreadsheet(book, _ranges(call), wants_grid)


@handles("sheets.spreadsheets.batchUpdate")
def batch_update(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    body = call.json() or {}
    if not body.get("requests"):
        raise ApiError(400, "Must specify at least one request.")
    new, replies = requests.apply(book, body.get("requests") or [], call.principal.get("sub"))
    save(call.store, new)
    if new.title != book.title:
        _tell_drive(call, new)
    out = {"spreadsheetId": new.spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        out["updatedSpreadsheet"] = spreadsheet(new, body.get("responseRanges") or [],
                                                bool(body.get("responseIncludeGridData")))
    return out


@handles("sheets.spreadsheets.sheets.copyTo")
def copy_to(call: Call):
    """Copy one tab into another spreadsheet as "Copy of <title>"; answers its SheetProperties."""
    source = book_or_404(call.store, call.path["spreadsheetId"])
    sheet = source.sheet_by_id(int(call.path["sheetId"]))
    if sheet is None:
        raise ApiError(404, f"No grid with id: {call.path['sheetId']}")
    target_id = (call.json() or {}).get("destinationSpreadsheetId")
    if not target_id:
        raise ApiError(400, "Invalid destinationSpreadsheetId: the destination spreadsheet is required.")
    target = book_or_404(call.store, target_id)
    title, n = f"Copy of {sheet.title}", 2
    while target.sheet_by_title(title):
        title, n = f"Copy of {sheet.title} {n}", n + 1
    twin = sheet.clone()
    twin.own_rows()
    twin.__dict__.pop("_shared_rows", None)
    twin.sheet_id, twin.title, twin.index = target.new_id(), title, len(target.sheets)
    twin.protected_ranges = []
    for rule in twin.conditional_formats:
        for grid_range in rule.get("ranges", []):
            grid_range["sheetId"] = twin.sheet_id
    target.sheets.append(twin)
    target.check_cells()
    save(call.store, target)
    return twin.properties()
