"""Sheets v4 by DataFilter: values.batchGet/batchUpdate/batchClearByDataFilter, getByDataFilter.

A DataFilter is an a1Range, a gridRange, or a developerMetadataLookup whose matches name
rows, columns or whole sheets (so a column tagged with metadata can be read wherever staff
moved it).
"""

from __future__ import annotations

from turfbook_emulator.apis.sheets_metadata import matches
from turfbook_emulator.apis.sheets_values import batch_totals
from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Call, handles
from turfbook_emulator.sheets import a1, book_or_404, save, values
from turfbook_emulator.sheets.model import Book, Sheet
from turfbook_emulator.sheets.resource import spreadsheet


def targets(book: Book, data_filter: dict) -> list[tuple[Sheet, a1.Span]]:
    """Every (sheet, span) a DataFilter names; [] when metadata matches nothing."""
    data_filter = data_filter or {}
    if data_filter.get("a1Range"):
        return [values.resolve(book, data_filter["a1Range"])]
    if data_filter.get("gridRange") is not None:
        grid = data_filter["gridRange"]
        sheet = book.sheet_by_id(int(grid.get("sheetId") or 0))
        if sheet is None:
            raise ApiError(400, f"Invalid dataFilter: No grid with id: {grid.get('sheetId', 0)}")
        return [(sheet, a1.Span(grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0),
                                grid.get("endRowIndex"), grid.get("endColumnIndex")))]
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is None:
        raise ApiError(400, "Invalid dataFilter: a filter must be set.")
    found = []
    for meta in book.developer_metadata:
        if not matches(meta, lookup):
            continue
        location = meta.get("location") or {}
        dim = location.get("dimensionRange")
        if dim:
            sheet = book.sheet_by_id(int(dim.get("sheetId") or 0))
            start, end = dim.get("startIndex", 0), dim.get("endIndex")
            span = a1.Span(0, start, None, end) if dim.get("dimension") == "COLUMNS" else a1.Span(start, 0, end, None)
        elif location.get("sheetId") is not None:
            sheet, span = book.sheet_by_id(int(location["sheetId"])), a1.WHOLE
        else:
            continue  # spreadsheet-level metadata names no single range
        if sheet is not None:
            found.append((sheet, span))
    return found


@handles("sheets.spreadsheets.values.batchGetByDataFilter")
def batch_get(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    body = call.json() or {}
    out = []
    for data_filter in body.get("dataFilters") or []:
        for sheet, span in targets(book, data_filter):
            read = values.read(sheet, span, body.get("valueRenderOption") or "FORMATTED_VALUE",
                               body.get("dateTimeRenderOption") or "SERIAL_NUMBER",
                               body.get("majorDimension") or "ROWS")
            out.append({"valueRange": read, "dataFilters": [data_filter]})
    result = {"spreadsheetId": book.spreadsheet_id}
    if out:
        result["valueRanges"] = out
    return result


@handles("sheets.spreadsheets.values.batchUpdateByDataFilter")
def batch_update(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    body = call.json() or {}
    option = body.get("valueInputOption")
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    plans = []
    for item in body.get("data") or []:
        for sheet, span in targets(book, item.get("dataFilter")):
            rows, major = item.get("values") or [], item.get("majorDimension") or "ROWS"
            values.write(book, sheet, span, rows, option, major, values.echo(sheet, span), dry=True)
            plans.append((sheet, span, rows, major, item.get("dataFilter")))
    values.unspill(book)
    responses = []
    for sheet, span, rows, major, data_filter in plans:
        result = values.write(book, sheet, span, rows, option, major, values.echo(sheet, span))
        responses.append({**result, "dataFilter": data_filter})
    values.recalc(book)
    save(call.store, book)
    return batch_totals(book.spreadsheet_id, responses, responses)


@handles("sheets.spreadsheets.values.batchClearByDataFilter")
def batch_clear(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    found = [t for f in (call.json() or {}).get("dataFilters") or [] for t in targets(book, f)]
    values.unspill(book)
    for sheet, span in found:
        values.clear(sheet, span)
    values.recalc(book)
    save(call.store, book)
    return {"spreadsheetId": book.spreadsheet_id, "clearedRanges": [values.echo(s, sp) for s, sp in found]}


@handles("sheets.spreadsheets.getByDataFilter")
def get_by_data_filter(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    body = call.json() or {}
    found = [t for f in body.get("dataFilters") or [] for t in targets(book, f)]
    ranges = [values.echo(sheet, span) for sheet, span in found]
    if body.get("dataFilters") and not ranges:
        return spreadsheet(book, [], False) | {"sheets": []}
    from turfbook_emulator.apis.sheets_spreadsheets import _wants_grid

    return spreadsheet(book, ranges, bool(body.get("includeGridData")) or _wants_grid(call))
