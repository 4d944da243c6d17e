"""batchUpdate request kinds on whole sheets and the spreadsheet: add, delete, duplicate, rename and
resize sheets, spreadsheet properties (see requests.py)."""

from __future__ import annotations

import copy

from turfbook_emulator.sheets import a1
from turfbook_emulator.sheets.model import DEFAULT_COLS, DEFAULT_ROWS, Book, Sheet
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind


def _next_title(book: Book) -> str:
    n = len(book.sheets) + 1
    while book.sheet_by_title(f"Sheet{n}"):
        n += 1
    return f"Sheet{n}"


@kind("addSheet")
def add_sheet(ctx: Ctx, body: dict) -> dict:
    book = ctx.book
    props = body.get("properties") or {}
    title = props.get("title") or _next_title(book)
    if book.sheet_by_title(title) and book.sheet_by_title(title).title.casefold() == title.casefold():
        raise RequestError(f'A sheet with the name "{title}" already exists. Please enter another name.')
    sheet_id = props.get("sheetId")
    if sheet_id is not None and book.sheet_by_id(int(sheet_id)):
        raise RequestError(f"A sheet with the id {sheet_id} already exists.")
    grid = props.get("gridProperties") or {}
    sheet = Sheet(sheet_id=int(sheet_id) if sheet_id is not None else book.new_id(), title=title,
                  row_count=int(grid.get("rowCount", DEFAULT_ROWS)),
                  col_count=int(grid.get("columnCount", DEFAULT_COLS)))
    _set_properties(book, sheet, props, ["*"])
    index = props.get("index")
    position = len(book.sheets) if index is None else max(0, min(int(index), len(book.sheets)))
    ordered = sorted(book.sheets, key=lambda s: s.index)
    ordered.insert(position, sheet)
    book.sheets = ordered
    book._cloned.add(id(sheet))  # type: ignore[attr-defined]
    book.reindex()
    return {"properties": sheet.properties()}


@kind("deleteSheet")
def delete_sheet(ctx: Ctx, body: dict) -> None:
    sheet = ctx.sheet(body.get("sheetId"))
    if len(ctx.book.sheets) == 1:
        raise RequestError("You can't remove all the sheets in a document.")
    ctx.book.sheets = [s for s in sorted(ctx.book.sheets, key=lambda s: s.index) if s is not sheet]
    ctx.book.named_ranges = [n for n in ctx.book.named_ranges
                             if n.get("range", {}).get("sheetId", 0) != sheet.sheet_id]
    ctx.book.reindex()


def field_list(mask: str | None, where: str = "") -> list[str]:
    if not mask:
        raise RequestError("At least one field must be specified.")
    from turfbook_emulator.sheets.grid import paths_of

    return ["*"] if mask.strip() == "*" else paths_of(mask, where)


@kind("updateSheetProperties")
def update_sheet_properties(ctx: Ctx, body: dict) -> None:
    props = body.get("properties") or {}
    sheet = ctx.sheet(props.get("sheetId"))
    _set_properties(ctx.book, sheet, props, field_list(body.get("fields")))


def _set_properties(book: Book, sheet: Sheet, props: dict, paths: list[str]) -> None:
    everything = "*" in paths
    grid = props.get("gridProperties") or {}
    wanted = {"title", "index", "hidden", "tabColor", "tabColorStyle", "rightToLeft", "gridProperties.rowCount",
              "gridProperties.columnCount", "gridProperties.frozenRowCount", "gridProperties.frozenColumnCount",
              "gridProperties.hideGridlines", "gridProperties.rowGroupControlAfter",
              "gridProperties.columnGroupControlAfter"} if everything else set(paths)
    if "gridProperties" in wanted:
        wanted |= {f"gridProperties.{k}" for k in ("rowCount", "columnCount", "frozenRowCount",
                                                   "frozenColumnCount", "hideGridlines")}
    for path in sorted(wanted):
        head, _, leaf = path.partition(".")
        if path == "title" and (props.get("title") or not everything):
            title = props.get("title") or ""
            other = book.sheet_by_title(title)
            if not title:
                raise RequestError("Sheet name cannot be empty.")
            if other is not None and other is not sheet and other.sheet_id != sheet.sheet_id \
                    and other.title.casefold() == title.casefold():
                raise RequestError(f'A sheet with the name "{title}" already exists. Please enter another name.')
            if sheet.title != title:
                _rename_references(book, sheet.title, title)
            sheet.title = title
        elif path == "index":
            if props.get("index") is not None and not everything:
                ordered = [s for s in sorted(book.sheets, key=lambda s: s.index) if s.sheet_id != sheet.sheet_id]
                ordered.insert(max(0, min(int(props["index"]), len(ordered))), sheet)
                book.sheets = ordered
                book.reindex()
        elif head == "gridProperties":
            value = grid.get(leaf)
            if leaf == "rowCount":
                if value is not None or not everything:
                    _resize(sheet, "ROWS", int(value or 0))
            elif leaf == "columnCount":
                if value is not None or not everything:
                    _resize(sheet, "COLUMNS", int(value or 0))
            elif leaf == "frozenRowCount":
                sheet.frozen_rows = int(value or 0)
            elif leaf == "frozenColumnCount":
                sheet.frozen_cols = int(value or 0)
            elif value is None:
                sheet.grid_extra.pop(leaf, None)
            else:
                sheet.grid_extra[leaf] = value
        elif path in ("sheetId", "sheetType"):
            continue
        elif head in ("hidden", "tabColor", "tabColorStyle", "rightToLeft"):
            if props.get(head) in (None, False):
                sheet.extra.pop(head, None)
            else:
                sheet.extra[head] = copy.deepcopy(props[head])
        elif not everything:
            raise RequestError(f"Invalid field mask: unknown SheetProperties field '{path}'")
    if sheet.frozen_rows > sheet.row_count or sheet.frozen_cols > sheet.col_count:
        raise RequestError("You can't freeze all visible rows on the sheet." if sheet.frozen_rows > sheet.row_count
                           else "You can't freeze all visible columns on the sheet.")


def _rename_references(book: Book, old: str, new: str) -> None:
    """Formulas that name a renamed tab follow it, as in Sheets."""
    import re

    pattern = re.compile(r"(?<![\w'])(?:'" + re.escape(old.replace("'", "''")) + r"'|" +
                         (re.escape(old) if a1.quote_title(old) == old else r"(?!x)x") + r")!", re.I)
    for other in list(book.sheets):
        if not any("!" in text for text in other.formulas.values()):
            continue
        target = book.writable(other)
        for key, text in list(target.formulas.items()):
            parts = re.split(r'("(?:[^"]|"")*")', text)
            target.formulas[key] = "".join(p if p.startswith('"') else pattern.sub(a1.quote_title(new) + "!", p)
                                           for p in parts)


def _resize(sheet: Sheet, dimension: str, size: int) -> None:
    if size < 1:
        raise RequestError("Sheet must have at least one row and one column.")
    sheet.own_rows()
    if dimension == "ROWS":
        if size < sheet.row_count:
            del sheet.rows[size:]
            for key in [k for k in sheet.formulas if k[0] >= size]:
                del sheet.formulas[key]
        sheet.row_count = size
    else:
        if size < sheet.col_count:
            for row in sheet.rows:
                del row[size:]
            for key in [k for k in sheet.formulas if k[1] >= size]:
                del sheet.formulas[key]
        sheet.col_count = size


@kind("updateSpreadsheetProperties")
def update_spreadsheet_properties(ctx: Ctx, body: dict) -> None:
    props = body.get("properties") or {}
    paths = field_list(body.get("fields"))
    book = ctx.book
    keys = ["title", "locale", "timeZone", "autoRecalc", "defaultFormat", "iterativeCalculationSettings",
            "spreadsheetTheme", "importFunctionsExternalUrlAccessAllowed"] if "*" in paths else paths
    for path in keys:
        head = path.split(".")[0]
        if head == "title":
            if props.get("title"):
                book.title = props["title"]
        elif head == "locale":
            book.locale = props.get("locale") or book.locale
        elif head == "timeZone":
            book.time_zone = props.get("timeZone") or book.time_zone
        elif props.get(head) is not None:
            book.extra[head] = copy.deepcopy(props[head])


@kind("duplicateSheet")
def duplicate_sheet(ctx: Ctx, body: dict) -> dict:
    book = ctx.book
    source = book.sheet_by_id(int(body.get("sourceSheetId") or 0))
    if source is None:
        raise RequestError(f"No grid with id: {int(body.get('sourceSheetId') or 0)}")
    title = body.get("newSheetName") or f"Copy of {source.title}"
    if book.sheet_by_title(title) and book.sheet_by_title(title).title.casefold() == title.casefold():
        raise RequestError(f'A sheet with the name "{title}" already exists. Please enter another name.')
    new_id = body.get("newSheetId")
    if new_id is not None and book.sheet_by_id(int(new_id)):
        raise RequestError(f"A sheet with the id {new_id} already exists.")
    twin = source.clone()
    twin.own_rows()         # its own cells now: a later write to the source must not show in the copy (a21h 6)
    twin.sheet_id, twin.title = int(new_id) if new_id is not None else book.new_id(), title
    from turfbook_emulator.sheets.requests_tables import on_duplicate

    on_duplicate(ctx, twin)
    for rule in twin.conditional_formats:
        for grid in rule.get("ranges", []):
            grid["sheetId"] = twin.sheet_id
    for protected in twin.protected_ranges:
        protected["protectedRangeId"] = book.new_id()
        if "range" in protected:
            protected["range"]["sheetId"] = twin.sheet_id
    ordered = sorted(book.sheets, key=lambda s: s.index)
    index = body.get("insertSheetIndex")
    ordered.insert(len(ordered) if index is None else max(0, min(int(index), len(ordered))), twin)
    book.sheets = ordered
    book._cloned.add(id(twin))  # type: ignore[attr-defined]
    book.reindex()
    return {"properties": twin.properties()}
