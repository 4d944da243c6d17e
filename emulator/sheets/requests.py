"""spreadsheets.batchUpdate: atomic, replies aligned with requests.

Requests run against a shallow copy of the book whose sheets are cloned on first write
(`Book.writable`); if any request fails the copy is dropped, so none of them applies. Each
request kind is a function registered with `@kind("addSheet")` taking (ctx, body) and
returning its reply or None (which becomes `{}`). Kinds live here, in requests_cells.py and
in requests_ranges.py.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from emulator.errors import ApiError
from emulator.sheets import a1, values
from emulator.sheets.model import DEFAULT_COLS, DEFAULT_ROWS, Book, Sheet

KINDS: dict[str, Callable[[Ctx, dict], Any]] = {}


class RequestError(Exception):
    """A bad request: reported as "Invalid requests[i].kind: message"."""


def kind(*names: str):
    def register(fn):
        for name in names:
            KINDS[name] = fn
        return fn
    return register


class Ctx:
    def __init__(self, book: Book, user: str | None = None):
        self.book = book
        self.user = user or "owner@example.org"  # who is asking (the token's subject)

    def sheet(self, sheet_id: int | None) -> Sheet:
        found = self.book.sheet_by_id(int(sheet_id or 0))
        if found is None:
            raise RequestError(f"No grid with id: {int(sheet_id or 0)}")
        return self.book.writable(found)

    def grid(self, grid: dict | None) -> tuple[Sheet, int, int, int, int]:
        """(sheet, r0, r1, c0, c1) of a GridRange, open ends at the grid edge; 400 past it."""
        grid = grid or {}
        sheet = self.sheet(grid.get("sheetId"))
        r0, c0 = int(grid.get("startRowIndex") or 0), int(grid.get("startColumnIndex") or 0)
        r1 = sheet.row_count if grid.get("endRowIndex") is None else int(grid["endRowIndex"])
        c1 = sheet.col_count if grid.get("endColumnIndex") is None else int(grid["endColumnIndex"])
        if r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0:
            raise RequestError("Invalid range: start index must be less than or equal to end index.")
        if r1 > sheet.row_count or c1 > sheet.col_count:
            raise RequestError(f"Range ({a1.format_range(sheet.title, r0, c0, max(r1, r0 + 1), max(c1, c0 + 1))})"
                               f" exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.col_count}")
        return sheet, r0, r1, c0, c1

    def dimension(self, dim: dict) -> tuple[Sheet, str, int, int]:
        sheet = self.sheet(dim.get("sheetId"))
        dimension = dim.get("dimension")
        if dimension not in ("ROWS", "COLUMNS"):
            raise RequestError("dimension must be ROWS or COLUMNS.")
        size = sheet.row_count if dimension == "ROWS" else sheet.col_count
        start = int(dim.get("startIndex") or 0)
        end = size if dim.get("endIndex") is None else int(dim["endIndex"])
        if start < 0 or end < start:
            raise RequestError("Invalid dimension range: start index must be less than or equal to end index.")
        return sheet, dimension, start, end


def apply(book: Book, requests: list[dict], user: str | None = None) -> tuple[Book, list[dict]]:
    """Run every request on a copy; the new book and the replies, or ApiError and no change."""
    from emulator.sheets import requests_cells, requests_ranges  # noqa: F401 - register their kinds

    work = book.shallow()
    values.unspill(work)  # arrays' cells are not content: requests see the real cells only
    ctx = Ctx(work, user)
    replies: list[dict] = []
    for i, request in enumerate(requests or []):
        names = [k for k, v in (request or {}).items() if v is not None]
        if not names:
            raise ApiError(400, f"Invalid requests[{i}]: No request set.")
        if len(names) > 1:
            raise ApiError(400, f"Invalid value at 'requests[{i}]' (oneof), oneof field 'kind' is already set. "
                                f"Cannot set '{names[1]}'")
        name = names[0]
        fn = KINDS.get(name)
        if fn is None:
            raise ApiError(501, f"Invalid requests[{i}].{name}: this request kind is not implemented by the "
                                f"Turfbook emulator.", status="UNIMPLEMENTED")
        try:
            reply = fn(ctx, request[name] or {})
        except RequestError as exc:
            raise ApiError(400, f"Invalid requests[{i}].{name}: {exc}") from None
        except ApiError as exc:
            if exc.code == 400 and not exc.message.startswith("Invalid requests"):
                exc.message = f"Invalid requests[{i}].{name}: {exc.message}"
            raise
        replies.append({name: reply} if reply is not None else {})
        work.check_cells(f"requests[{i}].{name}")
    values.recalc(work)
    return work.commit(), replies


# ----- sheets ------------------------------------------------------------------------------
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
    from emulator.sheets.grid import paths_of

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
    twin.sheet_id, twin.title = int(new_id) if new_id is not None else book.new_id(), title
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
