"""The spreadsheets.values engine: resolve A1 ranges, read, write, append, clear, recalc.

Reads are the hot path (a 100,000 x 20 tab through gspread): rows are sliced straight out of
the sheet's row lists, strings pass through untouched, and only numbers, booleans, errors and
the sparse overlays (formulas, number formats) cost a lookup.
"""

from __future__ import annotations

from typing import Any

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, formats
from turfbook_emulator.sheets.model import Book, Err, Sheet
from turfbook_emulator.sheets.numfmt import DATE_TYPES, general, render_cached
from turfbook_emulator.sheets.recalc import recalc, unspill, unspill_over  # noqa: F401 - the public names
from turfbook_emulator.sheets.values_json import by_columns, formatted_json_columns, plain_json, plain_json_columns
from turfbook_emulator.sheets.values_rows_json import formatted_json_rows


def unable(text: str) -> ApiError:
    return ApiError(400, f"Unable to parse range: {text}")


def resolve(book: Book, text: str) -> tuple[Sheet, a1.Span]:
    """The sheet and span a range names; 400 "Unable to parse range" like Google."""
    try:
        name, cells = a1.split_sheet(text)
    except a1.A1Error:
        raise unable(text) from None
    if name is None:
        # Like Google, text that reads as a cell reference is one, even if a tab has that name
        # ("tab01" is cell TAB1 of the first sheet); quote such a title to name the tab.
        sheet = book.sheet_by_title(cells or "")
        if sheet is not None and not a1.looks_like_cells(cells):
            return sheet, a1.WHOLE
        named = next((n for n in book.named_ranges if n.get("name") == cells), None)
        if named is not None:
            return _named(book, named, text)
        if not a1.looks_like_cells(cells or "") or not book.sheets:
            raise unable(text)
        first = min(book.sheets, key=lambda s: s.index)
        return first, a1.parse_cells(cells)
    sheet = book.sheet_by_title(name)
    if sheet is None:
        raise unable(text)
    if cells is None:
        return sheet, a1.WHOLE
    try:
        return sheet, a1.parse_cells(cells)
    except a1.A1Error:
        raise unable(text) from None


def _named(book: Book, named: dict, text: str) -> tuple[Sheet, a1.Span]:
    grid = named.get("range", {})
    sheet = book.sheet_by_id(grid.get("sheetId", 0))
    if sheet is None:
        raise unable(text)
    return sheet, a1.Span(grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0),
                          grid.get("endRowIndex"), grid.get("endColumnIndex"))


def bounded(sheet: Sheet, span: a1.Span) -> tuple[int, int, int, int]:
    r0, c0, r1, c1 = span.clip(sheet.row_count, sheet.col_count)
    return r0, c0, min(r1, sheet.row_count), min(c1, sheet.col_count)


def echo(sheet: Sheet, span: a1.Span) -> str:
    r0, c0, r1, c1 = bounded(sheet, span)
    return a1.format_range(sheet.title, r0, c0, max(r1, r0 + 1), max(c1, c0 + 1))


# ----- reading ---------------------------------------------------------------------------
def read(sheet: Sheet, span: a1.Span, render_option: str = "FORMATTED_VALUE",
         datetime_option: str = "SERIAL_NUMBER", major: str = "ROWS", wire: bool = False) -> dict:
    """A ValueRange for the span; no `values` key when it holds nothing. With `wire`, `values` may be
    the rows as ready-made JSON (an orjson.Fragment, see plain_json) for the answer to send as is."""
    sheet.check_grid(*span.clip(sheet.row_count, sheet.col_count))
    r0, c0, r1, c1 = bounded(sheet, span)
    result: dict[str, Any] = {"range": echo(sheet, span), "majorDimension": major or "ROWS"}
    if wire and render_option == "UNFORMATTED_VALUE" and datetime_option != "FORMATTED_STRING" and c1 - c0 > 1:
        ready = (plain_json_columns if major == "COLUMNS" else plain_json)(sheet.rows, r0, r1, c0, c1)
        if ready is not None:
            result["values"] = ready
            return result
    if (wire and render_option == "FORMATTED_VALUE" and c1 - c0 > 1
            and not _number_formats(sheet, r0, r1, c0, c1)):
        ready = (formatted_json_columns if major == "COLUMNS" else formatted_json_rows)(
            sheet.rows, r0, r1, c0, c1, _formatted_plain)
        if ready is not None:
            result["values"] = ready
            return result
    rows = block(sheet, r0, c0, r1, c1, render_option, datetime_option)
    if rows:
        if major == "COLUMNS":
            rows = by_columns(rows)
        result["values"] = rows
    return result


def _number_formats(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> bool:
    """Whether a cell of the block may have a number format (a format layer or a cell's own)."""
    return bool(formats.layers_touching(sheet, "numberFormat", r0, r1, c0, c1)) or any(
        r0 <= r < r1 and c0 <= c < c1 and fmt.get("numberFormat") for (r, c), fmt in sheet.formats.items())


def block(sheet: Sheet, r0: int, c0: int, r1: int, c1: int, render_option: str,
          datetime_option: str = "SERIAL_NUMBER") -> list[list]:
    """Rendered rows of a block, trailing empty cells and rows trimmed.

    Number formats come from per-cell entries and from format layers; layers are flattened
    into bands of rows within which every column has one format, so a 100k-row tab with
    formatted date columns renders without a lookup per cell.
    """
    src = sheet.rows
    formatted = render_option != "UNFORMATTED_VALUE" and render_option != "FORMULA"
    date_strings = datetime_option == "FORMATTED_STRING"
    needs_formats = formatted or date_strings
    bands = (formats.number_format_bands(sheet, r0, r1, c0, c1) if needs_formats else None) or [(r0, r1, None)]
    own: dict[int, dict[int, dict | None]] = {}
    if needs_formats and sheet.formats:
        for (r, c), fmt in sheet.formats.items():
            if r0 <= r < r1 and c0 <= c < c1:
                own.setdefault(r, {})[c - c0] = fmt.get("numberFormat")
    overlay: dict[int, dict[int, str]] = {}
    if render_option == "FORMULA" and sheet.formulas:
        for (r, c), text in sheet.formulas.items():
            if r0 <= r < r1 and c0 <= c < c1:
                overlay.setdefault(r, {})[c - c0] = text
    plain = _formatted_plain if formatted else _unformatted
    if not needs_formats and not overlay:
        return _one_column(src, r0, r1, c0, plain) if c1 - c0 == 1 else _plain_rows(src, r0, r1, c0, c1)
    out: list[list] = []
    last_nonempty = 0
    band_index, (band_start, band_end, band) = 0, bands[0]
    for r in range(r0, min(r1, len(src))):
        row = src[r][c0:c1]
        n = len(row)
        while n and (row[n - 1] is None or row[n - 1] == ""):     # an empty cell or text (=""): as blank()
            n -= 1
        if n != len(row):
            del row[n:]
        while r >= band_end and band_index + 1 < len(bands):
            band_index += 1
            band_start, band_end, band = bands[band_index]
        row_formats = band
        if r in own:
            row_formats = list(band)
            for j, nf in own[r].items():
                row_formats[j] = nf
        if row_formats is None or not any(row_formats[:len(row)]):
            row = ["" if v is None else v if v.__class__ is str else plain(v) for v in row]
        else:
            row = ["" if v is None else v if v.__class__ is str else
                   _with_format(v, nf, formatted, date_strings) for v, nf in zip(row, row_formats, strict=False)]
        if r in overlay:
            for j, text in overlay[r].items():
                if j >= len(row):
                    row.extend([""] * (j + 1 - len(row)))
                row[j] = text
        out.append(row)
        if row:
            last_nonempty = len(out)
    del out[last_nonempty:]
    return out


def _plain_rows(src: list[list], r0: int, r1: int, c0: int, c1: int) -> list[list]:
    """block() without formats or formulas to show (UNFORMATTED_VALUE): values as stored, errors
    as their code, trailing empty cells and rows trimmed."""
    out = []
    for row in src[r0:r1]:
        row = row[c0:c1]
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        out.append(["" if v is None else v if v.__class__ is str else v.code if isinstance(v, Err) else v
                    for v in row])
    while out and not out[-1]:
        out.pop()
    return out


def _one_column(src: list[list], r0: int, r1: int, c: int, plain) -> list[list]:
    """block() for one column without formats (an ID column re-read before a write): no row copies."""
    cells = [row[c] if c < len(row) else None for row in src[r0:r1]]
    out = [[] if v is None or v == "" else [v] if v.__class__ is str else [plain(v)] for v in cells]
    while out and not out[-1]:
        out.pop()
    return out


def _formatted_plain(v: Any) -> str:
    if v.__class__ is int:
        return str(v)
    if v.__class__ is bool:
        return "TRUE" if v else "FALSE"
    if isinstance(v, Err):
        return v.code
    return general(v)


def _unformatted(v: Any) -> Any:
    return v.code if isinstance(v, Err) else v


def _with_format(v: Any, nf: dict | None, formatted: bool, date_strings: bool) -> Any:
    if nf is None or v.__class__ is bool or isinstance(v, Err):
        return _formatted_plain(v) if formatted else _unformatted(v)
    if formatted or (date_strings and nf.get("type") in DATE_TYPES):
        return render_cached(v, nf.get("type"), nf.get("pattern"))
    return v


# ----- writing ---------------------------------------------------------------------------


def find_table(sheet: Sheet, span: a1.Span) -> tuple[int, int, int, int] | None:
    """The table values.append writes after: (r0, c0, r1, c1), or None when the range is empty.

    The table starts at the first row of the range with data in the range, and runs down through
    consecutive non-empty rows, past the end of the range if need be; from a single cell or
    column it extends to the right. An empty range has no table (gspread's insert_rows and
    insert_cols rely on that: they append at the first cell of a freshly inserted row/column).
    """
    r0, c0, r1, c1 = bounded(sheet, span)
    wide = sheet.col_count if c1 - c0 == 1 else c1
    src = sheet.rows

    def extent(r: int, limit: int) -> tuple[int, int] | None:
        row = src[r]
        lo, hi = c0, min(limit, len(row))
        while lo < hi and (row[lo] is None or row[lo] == ""):
            lo += 1
        if lo >= hi:
            return None
        while row[hi - 1] is None or row[hi - 1] == "":
            hi -= 1
        return lo, hi

    start = next((r for r in range(r0, min(r1, len(src))) if extent(r, c1)), None)
    if start is None:
        return None
    left, right = wide, c0
    r = start
    while r < len(src):
        found = extent(r, wide)
        if found is None:
            break
        left, right = min(left, found[0]), max(right, found[1])
        r += 1
    return start, left, r, right


from turfbook_emulator.sheets.values_write import _transpose, _whole, clear, put, write  # noqa: E402,F401 - the engine's API
