"""batchUpdate kinds that edit cell contents in bulk: findReplace, trimWhitespace, randomizeRange,
deleteDuplicates, textToColumns, pasteData, insertRange and deleteRange.

What they change and answer follows the API reference; where Sheets does more than modelled
here (findReplace over numbers and dates as displayed, pasteData html, formula references to
cells that insertRange/deleteRange shift; formats, notes and validation do shift with them) docs/emulator.md says so.
"""

from __future__ import annotations

import random
import re

from turfbook_emulator.sheets import dims
from turfbook_emulator.sheets.inputs import parse_user_entered
from turfbook_emulator.sheets.model import Err, Sheet
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind


def _cells(sheet: Sheet, r0: int, r1: int, c0: int, c1: int):
    for r in range(r0, min(r1, len(sheet.rows))):
        row = sheet.rows[r]
        for c in range(c0, min(c1, len(row))):
            yield r, c


@kind("findReplace")
def find_replace(ctx: Ctx, body: dict) -> dict:
    find = body.get("find")
    if not find:
        raise RequestError("find must not be empty.")
    replacement = body.get("replacement") or ""
    flags = 0 if body.get("matchCase") else re.IGNORECASE
    try:
        pattern = re.compile(find if body.get("searchByRegex") else re.escape(find), flags)
    except re.error as exc:
        raise RequestError(f"Invalid regular expression: {find} ({exc})") from None
    if body.get("range"):
        targets = [ctx.grid(body["range"])]
    elif body.get("allSheets"):
        targets = [(ctx.book.writable(s), 0, s.row_count, 0, s.col_count) for s in list(ctx.book.sheets)]
    elif body.get("sheetId") is not None:
        sheet = ctx.sheet(body["sheetId"])
        targets = [(sheet, 0, sheet.row_count, 0, sheet.col_count)]
    else:
        raise RequestError("One of range, sheetId or allSheets must be set.")
    out = {"valuesChanged": 0, "formulasChanged": 0, "rowsChanged": 0, "sheetsChanged": 0, "occurrencesChanged": 0}
    repl = replacement if body.get("searchByRegex") else replacement.replace("\\", "\\\\")
    for sheet, r0, r1, c0, c1 in targets:
        rows_changed: set[int] = set()
        sheet.own_rows()
        candidates = list(_cells(sheet, r0, r1, c0, c1))
        if body.get("includeFormulas"):
            candidates += [k for k in sheet.formulas if r0 <= k[0] < r1 and c0 <= k[1] < c1 and k not in candidates]
        for r, c in candidates:
            formula = sheet.formulas.get((r, c))
            text = formula if formula is not None else sheet.value(r, c)
            if formula is not None and not body.get("includeFormulas") or not isinstance(text, str):
                continue
            if body.get("matchEntireCell"):
                hit = pattern.fullmatch(text)
                new, count = (pattern.sub(repl, text, count=1), 1) if hit else (text, 0)
            else:
                new, count = pattern.subn(repl, text)
            if not count or new == text:
                continue
            out["occurrencesChanged"] += count
            rows_changed.add(r)
            if formula is not None:
                sheet.formulas[(r, c)] = new
                sheet.set_value(r, c, Err("#N/A", "pending"))
                out["formulasChanged"] += 1
            else:
                sheet.set_value(r, c, new or None)
                out["valuesChanged"] += 1
        out["rowsChanged"] += len(rows_changed)
        out["sheetsChanged"] += bool(rows_changed)
    return {k: v for k, v in out.items() if v}  # zero counts are left out, as protobuf JSON does


@kind("trimWhitespace")
def trim_whitespace(ctx: Ctx, body: dict) -> dict:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    sheet.own_rows()
    changed = 0
    for r, c in list(_cells(sheet, r0, r1, c0, c1)):
        value = sheet.value(r, c)
        if isinstance(value, str) and (r, c) not in sheet.formulas:
            trimmed = re.sub(r"\s+", " ", value).strip()
            if trimmed != value:
                sheet.set_value(r, c, trimmed or None)
                changed += 1
    return {"cellsChangedCount": changed} if changed else {}


def _row_key(sheet: Sheet, r: int, cols: list[int]) -> tuple:
    return tuple(str(sheet.value(r, c)).casefold() if isinstance(sheet.value(r, c), str) else sheet.value(r, c)
                 for c in cols)


def _reorder_rows(sheet: Sheet, r0: int, c0: int, c1: int, order: list[int], keep: int) -> None:
    """Rows `order` (absolute indices) land from r0 on within columns c0..c1; rows past `keep` clear."""
    snapshot = {r: ([sheet.value(r, c) for c in range(c0, c1)], {c: sheet.formulas.get((r, c)) for c in range(c0, c1)})
                for r in order}
    for i, old in enumerate(order):
        cells, formulas = snapshot[old]
        for c in range(c0, c1):
            sheet.formulas.pop((r0 + i, c), None)
            sheet.set_value(r0 + i, c, cells[c - c0] if i < keep else None)
            if i < keep and formulas[c]:
                sheet.formulas[(r0 + i, c)] = formulas[c]


@kind("randomizeRange")
def randomize_range(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    sheet.own_rows()
    order = list(range(r0, r1))
    random.SystemRandom().shuffle(order)
    _reorder_rows(sheet, r0, c0, c1, order, len(order))


@kind("deleteDuplicates")
def delete_duplicates(ctx: Ctx, body: dict) -> dict:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    sheet.own_rows()
    cols = []
    for spec in body.get("comparisonColumns") or []:
        start, end = int(spec.get("startIndex") or 0), spec.get("endIndex")
        cols += list(range(start, int(end) if end is not None else c1))
    cols = [c for c in (cols or range(c0, c1)) if c0 <= c < c1]
    last = min(r1, len(sheet.rows))
    seen, kept = set(), []
    for r in range(r0, last):
        key = _row_key(sheet, r, cols)
        if key not in seen:
            seen.add(key)
            kept.append(r)
    removed = (last - r0) - len(kept)
    if removed > 0:
        _reorder_rows(sheet, r0, c0, c1, kept + [r for r in range(r0, last) if r not in set(kept)], len(kept))
    return {"duplicatesRemovedCount": removed} if removed else {}


_DELIMITERS = {"COMMA": ",", "SEMICOLON": ";", "PERIOD": ".", "SPACE": " "}


def _write_typed(ctx: Ctx, sheet: Sheet, r: int, c: int, text: str) -> None:
    if c >= sheet.col_count:
        raise RequestError(f"The data would extend past the grid: column {c + 1} of {sheet.col_count}.")
    value, _fmt, formula = parse_user_entered(text, ctx.book.locale)
    sheet.formulas.pop((r, c), None)
    if formula is not None:
        sheet.formulas[(r, c)] = formula
        value = Err("#N/A", "pending")
    sheet.set_value(r, c, value)


@kind("textToColumns")
def text_to_columns(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("source"))
    if c1 - c0 != 1:
        raise RequestError("The source range must span exactly one column.")
    kind_ = body.get("delimiterType") or "DETECT"
    if kind_ == "CUSTOM" and not body.get("delimiter"):
        raise RequestError("A custom delimiter is required for delimiterType CUSTOM.")
    for r in range(r0, min(r1, len(sheet.rows))):
        value = sheet.value(r, c0)
        if not isinstance(value, str):
            continue
        delimiter = body["delimiter"] if kind_ == "CUSTOM" else _DELIMITERS.get(kind_) or next(
            (d for d in (",", ";", ".", " ") if d in value), None)
        if not delimiter:
            continue
        for j, part in enumerate(value.split(delimiter)):
            _write_typed(ctx, sheet, r, c0 + j, part)


@kind("pasteData")
def paste_data(ctx: Ctx, body: dict) -> None:
    if body.get("html"):
        raise RequestError("Pasting HTML is not supported by the Turfbook emulator; paste delimited text.")
    at = body.get("coordinate") or {}
    sheet = ctx.sheet(at.get("sheetId"))
    r0, c0 = int(at.get("rowIndex") or 0), int(at.get("columnIndex") or 0)
    delimiter = body.get("delimiter")
    if not delimiter:
        raise RequestError("A delimiter is required.")
    paste_type = body.get("type") or "PASTE_NORMAL"
    for i, line in enumerate((body.get("data") or "").splitlines()):
        if r0 + i >= sheet.row_count:
            raise RequestError(f"The data would extend past the grid: row {r0 + i + 1} of {sheet.row_count}.")
        for j, part in enumerate(line.split(delimiter)):
            if paste_type in ("PASTE_NORMAL", "PASTE_VALUES", "PASTE_NO_BORDERS", "PASTE_FORMULA"):
                _write_typed(ctx, sheet, r0 + i, c0 + j, part)


def _shift_block(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, rows: bool, n: int) -> None:
    """Move every cell right of / below the block by n (negative: back), within the block's span."""
    sheet.own_rows()
    if rows:
        last = max(len(sheet.rows), max((k[0] + 1 for k in sheet.formulas), default=0))
        span = range(last - 1, r0 - 1, -1) if n > 0 else range(r1, last)
        points = [(r, c) for r in span for c in range(c0, c1)]
    else:
        width = max((len(row) for row in sheet.rows), default=0)
        span = range(width - 1, c0 - 1, -1) if n > 0 else range(c1, width)
        points = [(r, c) for r in range(r0, min(r1, len(sheet.rows))) for c in span]
    for r, c in points:
        to = (r + n, c) if rows else (r, c + n)
        limit = sheet.row_count if rows else sheet.col_count
        if (to[0] if rows else to[1]) < limit:
            sheet.set_value(*to, sheet.value(r, c))
            if (r, c) in sheet.formulas:
                sheet.formulas[to] = sheet.formulas[(r, c)]
            else:
                sheet.formulas.pop(to, None)
        sheet.set_value(r, c, None)
        sheet.formulas.pop((r, c), None)


def _whole(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, rows: bool) -> bool:
    return (c0 == 0 and c1 >= sheet.col_count) if rows else (r0 == 0 and r1 >= sheet.row_count)


@kind("insertRange")
def insert_range(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    rows = (body.get("shiftDimension") or "ROWS") == "ROWS"
    if _whole(sheet, r0, r1, c0, c1, rows):
        dims.insert(ctx.book, sheet, "ROWS" if rows else "COLUMNS", r0 if rows else c0, (r1 - r0) if rows else c1 - c0)
        return
    n = r1 - r0 if rows else c1 - c0
    if rows:
        sheet.row_count += n  # Sheets grows the grid so nothing is pushed off it
    else:
        sheet.col_count += n
    _shift_block(sheet, r0, r1, c0, c1, rows, n)
    band = (c0, c1) if rows else (r0, r1)
    dims.shift_band(sheet, "ROWS" if rows else "COLUMNS", *band, insert_at=r0 if rows else c0, n=n)


@kind("deleteRange")
def delete_range(ctx: Ctx, body: dict) -> None:
    sheet, r0, r1, c0, c1 = ctx.grid(body.get("range"))
    shift = body.get("shiftDimension")
    if shift not in ("ROWS", "COLUMNS"):
        raise RequestError("shiftDimension must be ROWS or COLUMNS.")
    rows = shift == "ROWS"
    if _whole(sheet, r0, r1, c0, c1, rows):
        dims.delete(ctx.book, sheet, shift, r0 if rows else c0, r1 if rows else c1)
        return
    for r in range(r0, r1):
        for c in range(c0, c1):
            sheet.set_value(r, c, None)
            sheet.formulas.pop((r, c), None)
    _shift_block(sheet, r0, r1, c0, c1, rows, -(r1 - r0 if rows else c1 - c0))
    band = (c0, c1) if rows else (r0, r1)
    dims.shift_band(sheet, shift, *band, delete=(r0, r1) if rows else (c0, c1))
