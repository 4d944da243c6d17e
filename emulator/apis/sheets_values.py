"""Sheets v4: spreadsheets.values get/batchGet/update/batchUpdate/append/clear/batchClear."""

from __future__ import annotations

from turfbook_emulator import registry
from turfbook_emulator.errors import ApiError
from turfbook_emulator.plain_rows import PlainRows
from turfbook_emulator.registry import Call, handles
from turfbook_emulator.sheets import a1, book_or_404, dims, fresh, mark_stale, save, strict, values
from turfbook_emulator.sheets.recalc_reads import fresh_for

INPUT_OPTIONS = ("RAW", "USER_ENTERED")


def _input_option(option) -> str:
    if option not in INPUT_OPTIONS:
        raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    return option


def _read(call: Call, book, text: str, render=None, datetime=None, major=None) -> dict:
    sheet, span = values.resolve(book, text)
    return values.read(sheet, span, render or call.query.get("valueRenderOption") or "FORMATTED_VALUE",
                       datetime or call.query.get("dateTimeRenderOption") or "SERIAL_NUMBER",
                       major or call.query.get("majorDimension") or "ROWS", wire=call.wire)


def _fresh_for(book, texts: list[str]):
    """The book with the formulas these ranges may show recalculated (recalc_reads.py), not every formula."""
    reads = []
    for text in texts:
        sheet, span = values.resolve(book, text)
        reads.append((sheet.sheet_id, *values.bounded(sheet, span)))
    return fresh_for(book, reads)


@handles("sheets.spreadsheets.values.get")
def get(call: Call):
    book = _fresh_for(book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True), [call.path["range"]])
    return _read(call, book, call.path["range"])


@handles("sheets.spreadsheets.values.batchGet")
def batch_get(call: Call):
    ranges = call.query.get("ranges") or []
    ranges = [ranges] if isinstance(ranges, str) else ranges
    book = _fresh_for(book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True), ranges)
    return {"spreadsheetId": book.spreadsheet_id, "valueRanges": [_read(call, book, text) for text in ranges]}


def _updated(book, result: dict, include: bool, render, datetime) -> dict:
    out = {"spreadsheetId": book.spreadsheet_id, **result}
    if include:
        fresh(book)
        sheet, span = values.resolve(book, result["updatedRange"])
        out["updatedData"] = values.read(sheet, span, render or "FORMATTED_VALUE", datetime or "SERIAL_NUMBER")
    return out


def _write_all(book, items: list[tuple[str, dict]], option: str) -> list[dict]:
    """Validate every range first, then write: all of them or none."""
    plans = []
    titled: dict[str, object] = {}      # `'Tab'!A5:C6` texts (thousands in a night's body): each title looked up once
    for text, body in items:
        quick = a1.quoted_block(text)
        sheet = None if quick is None else titled.get(quick[0]) or titled.setdefault(
            quick[0], book.sheet_by_title(quick[0]))
        if sheet is not None:
            span = quick[1]
        else:
            sheet, span = values.resolve(book, text)
        if sheet.validation_layers and strict.reads_cells(sheet):  # ONE_OF_RANGE: against current formula values
            fresh(book)
            titled.clear()
        rows = body.get("values") or []
        major = body.get("majorDimension") or "ROWS"
        dry = values.write(book, sheet, span, rows, option, major, text, dry=True)
        plans.append((sheet, span, rows, major, text, dry["kinds"], dry["size"]))
    # the cells each write may change: ROWS, its block as the dry run measured it (at least one cell)
    blocks = [(sheet.sheet_id, span.r0, span.c0, span.r0 + (height or 1), span.c0 + (width or 1))
              if major == "ROWS" else _block(sheet, span, rows, major)
              for sheet, span, rows, major, _, _, (height, width) in plans]
    blocks += values.unspill_over(book, blocks)
    results = [values.write(book, sheet, span, rows, option, major, text, checked=True, kinds=kinds, size=size)
               for sheet, span, rows, major, text, kinds, size in plans]
    mark_stale(book, blocks)
    return results


def _block(sheet, span, rows: list, major: str) -> tuple:
    """(sheetId, r0, c0, r1, c1): the cells a write of `rows` at the span's corner may change."""
    height, width = len(rows), rows.width if rows.__class__ is PlainRows else max(map(len, rows), default=0)
    if major == "COLUMNS":
        height, width = width, height
    return sheet.sheet_id, span.r0, span.c0, span.r0 + max(height, 1), span.c0 + max(width, 1)


def _cleared(sheet, span) -> tuple:
    r0, c0, r1, c1 = span.clip(sheet.row_count, sheet.col_count)
    return sheet.sheet_id, r0, c0, max(r1, r0 + 1), max(c1, c0 + 1)


@handles("sheets.spreadsheets.values.update")
def update(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True)
    option = _input_option(call.query.get("valueInputOption"))
    body = call.json() or {}
    [result] = _write_all(book, [(call.path["range"], body)], option)
    save(call.store, book)
    return _updated(book, result, call.flag("includeValuesInResponse"),
                    call.query.get("responseValueRenderOption"), call.query.get("responseDateTimeRenderOption"))


@handles("sheets.spreadsheets.values.batchUpdate")
def batch_update(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True)
    body = call.json() or {}
    option = _input_option(body.get("valueInputOption"))
    data = body.get("data") or []
    for i, item in enumerate(data):
        if not (item or {}).get("range"):
            raise ApiError(400, f"Invalid data[{i}]: Unable to parse range: ")
    results = _write_all(book, [(item["range"], item) for item in data], option)
    save(call.store, book)
    responses = [_updated(book, r, bool(body.get("includeValuesInResponse")), body.get("responseValueRenderOption"),
                          body.get("responseDateTimeRenderOption")) for r in results]
    return batch_totals(book.spreadsheet_id, results, responses)


def batch_totals(spreadsheet_id: str, results: list[dict], responses: list[dict]) -> dict:
    """A BatchUpdateValuesResponse: totals over the ranges that changed, then each range's answer."""
    out = {"spreadsheetId": spreadsheet_id}
    touched = [r for r in results if r.get("updatedCells")]
    if touched:
        out.update(totalUpdatedRows=sum(r["updatedRows"] for r in touched),
                   totalUpdatedColumns=sum(r["updatedColumns"] for r in touched),
                   totalUpdatedCells=sum(r["updatedCells"] for r in touched),
                   totalUpdatedSheets=len({r["updatedRange"].rpartition("!")[0] for r in touched}))
    out["responses"] = responses
    return out


@handles("sheets.spreadsheets.values.append")
def append(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True)
    option = _input_option(call.query.get("valueInputOption"))
    body = call.json() or {}
    sheet, span = values.resolve(book, call.path["range"])
    if sheet.validation_layers and strict.reads_cells(sheet):  # as in _write_all
        fresh(book)
    rows = body.get("values") or []
    if (body.get("majorDimension") or "ROWS") == "COLUMNS":
        rows = values._transpose(rows)
    values.unspill(book)
    table = values.find_table(sheet, span)
    if table:
        start_row, start_col = table[2], table[1]
    else:
        start_row, start_col = span.r0, span.c0
    width = max((len(r) for r in rows), default=0)
    if start_col + width > sheet.col_count:
        sheet.check_grid(0, start_col, 1, start_col + width)
    if call.query.get("insertDataOption") == "INSERT_ROWS" and rows:
        if start_row < sheet.row_count:
            dims.insert(book, sheet, "ROWS", start_row, len(rows))
        else:
            sheet.row_count = start_row + len(rows)
    elif start_row + len(rows) > sheet.row_count:
        sheet.row_count = start_row + len(rows)
    book.check_cells()
    result = values.write(book, sheet, a1.Span(start_row, start_col, None, None), rows, option)
    mark_stale(book)
    save(call.store, book)
    out = {"spreadsheetId": book.spreadsheet_id}
    if table:
        out["tableRange"] = a1.format_range(sheet.title, table[0], table[1], table[2], table[3])
    out["updates"] = _updated(book, result, call.flag("includeValuesInResponse"),
                              call.query.get("responseValueRenderOption"),
                              call.query.get("responseDateTimeRenderOption"))
    return out


@handles("sheets.spreadsheets.values.clear")
def clear(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True)
    sheet, span = values.resolve(book, call.path["range"])
    blocks = [_cleared(sheet, span)]
    blocks += values.unspill_over(book, blocks)
    values.clear(sheet, span)
    mark_stale(book, blocks)
    save(call.store, book)
    return {"spreadsheetId": book.spreadsheet_id, "clearedRange": values.echo(sheet, span)}


@handles("sheets.spreadsheets.values.batchClear")
def batch_clear(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"], stale_ok=True)
    targets = [values.resolve(book, text) for text in (call.json() or {}).get("ranges") or []]
    blocks = [_cleared(sheet, span) for sheet, span in targets]
    blocks += values.unspill_over(book, blocks)
    for sheet, span in targets:
        values.clear(sheet, span)
    mark_stale(book, blocks)
    save(call.store, book)
    return {"spreadsheetId": book.spreadsheet_id, "clearedRanges": [values.echo(s, sp) for s, sp in targets]}


def _forget(_emulator) -> None:
    """A reset drops the values recalculation keeps (recalc.forget): no earlier workbook's cells stay alive."""
    from turfbook_emulator.sheets.recalc import forget

    forget()


registry.RESETTERS.append(_forget)
