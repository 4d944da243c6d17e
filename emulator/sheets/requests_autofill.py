"""batchUpdate kind autoFill: Sheets' series fill over `range` (the data found at the start of the
range fills the rest) or `sourceAndDestination` (a source range extended by fillLength along a
dimension; negative fills before it). Each line of the source (a column when filling rows, a row
when filling columns) is extended on its own by autofill.series; cells that repeat the source take
its value or formula (relative references moved), note, format and validation, as copyPaste does;
series cells take the format of the source cell they line up with.
"""

from __future__ import annotations

from turfbook_emulator.sheets import autofill
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind
from turfbook_emulator.sheets.requests_paste import _put, _take

DATE_TYPES = ("DATE", "DATE_TIME")


def _empty(sheet, r: int, c: int) -> bool:
    return sheet.value(r, c) is None and (r, c) not in sheet.formulas


def _leading(sheet, lines: range, across: range, rows: bool) -> int:
    """How many lines from the start hold data, if every line after them is empty; else -1."""
    def has(i: int) -> bool:
        return any(not _empty(sheet, *((i, j) if rows else (j, i))) for j in across)
    n = 0
    while n < len(lines) and has(lines[n]):
        n += 1
    return n if not any(has(i) for i in lines[n:]) else -1


def _from_range(ctx: Ctx, body: dict):
    sheet, r0, r1, c0, c1 = ctx.grid(body["range"])
    for rows in (True, False):
        lines, across = (range(r0, r1), range(c0, c1)) if rows else (range(c0, c1), range(r0, r1))
        n = _leading(sheet, lines, across, rows)
        if 0 < n < len(lines):
            return sheet, rows, (r0, r0 + n if rows else r1, c0, c1 if rows else c0 + n), len(lines) - n
    raise RequestError("No data found at the start of the range to autofill from.")  # (wording ours)


def _from_source(ctx: Ctx, body: dict):
    spec = body["sourceAndDestination"]
    dimension = spec.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise RequestError("sourceAndDestination.dimension must be ROWS or COLUMNS.")
    sheet, r0, r1, c0, c1 = ctx.grid(spec.get("source"))
    if r1 <= r0 or c1 <= c0:
        raise RequestError("The source range must not be empty.")
    length = int(spec.get("fillLength") or 0)
    rows = dimension == "ROWS"
    if rows:
        dest = (r1, r1 + length, c0, c1) if length > 0 else (r0 + length, r0, c0, c1)
    else:
        dest = (r0, r1, c1, c1 + length) if length > 0 else (r0, r1, c0 + length, c0)
    ctx.grid({"sheetId": sheet.sheet_id, "startRowIndex": dest[0], "endRowIndex": dest[1],
              "startColumnIndex": dest[2], "endColumnIndex": dest[3]})
    return sheet, rows, (r0, r1, c0, c1), length


@kind("autoFill")
def auto_fill(ctx: Ctx, body: dict) -> None:
    if bool(body.get("range")) == bool(body.get("sourceAndDestination")):
        raise RequestError("Exactly one of range or sourceAndDestination must be set.")
    sheet, rows, (r0, r1, c0, c1), length = (_from_range if body.get("range") else _from_source)(ctx, body)
    alternate = bool(body.get("useAlternateSeries"))
    cells = _take(sheet, r0, r1, c0, c1)
    size = (r1 - r0) if rows else (c1 - c0)
    for j in range(c1 - c0 if rows else r1 - r0):
        line = [cell for cell in cells if (cell.c if rows else cell.r) == j]
        line.sort(key=lambda cell: cell.r if rows else cell.c)
        steps = list(range(length)) if length > 0 else list(range(-length))
        positions = [size + k for k in steps] if length > 0 else [-1 - k for k in steps]
        dates = [((cell.fmt.get("numberFormat") or {}).get("type") in DATE_TYPES) for cell in line]
        found = autofill.series([cell.value for cell in line], [cell.formula for cell in line], dates,
                                positions, alternate)
        for k, p in enumerate(positions):
            source = line[p % size]
            r, c = ((r0 + p, c0 + j) if rows else (r0 + j, c0 + p))
            _put(sheet, r, c, source, "PASTE_NORMAL", r - (r0 + source.r), c - (c0 + source.c), True)
            if found is not autofill.COPY:
                sheet.set_value(r, c, found[k])
