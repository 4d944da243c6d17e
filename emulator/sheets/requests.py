"""spreadsheets.batchUpdate: atomic, replies aligned with requests.

Requests run against a shallow copy of the book whose sheets are cloned on first write
(`Book.writable`); if any request fails the copy is dropped, so none of them applies. Each
request kind is a function registered with `@kind("addSheet")` taking (ctx, body) and
returning its reply or None (which becomes `{}`). Kinds live in requests_sheets.py,
requests_cells.py, requests_ranges.py, requests_groups.py, requests_paste.py,
requests_edit.py, requests_objects.py, requests_charts.py, requests_tables.py,
requests_autofill.py, requests_comments.py and requests_datasources.py; docs/emulator.md
lists every kind of the discovery document and its status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, values
from turfbook_emulator.sheets.model import Book, Sheet

KINDS: dict[str, Callable[[Ctx, dict], Any]] = {}


class RequestError(Exception):
    """A bad request: reported as "Invalid requests[i].kind: message"."""


def mask_fields(mask: str | None) -> list[str]:
    """The top-level paths of an update request's `fields` mask ("a,b.c" -> ["a", "b.c"]); as on Google,
    an empty mask is a bad request."""
    fields = [f.strip() for f in (mask or "").split(",") if f.strip()]
    if not fields:
        raise RequestError("At least one field must be specified.")
    return fields


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
    from turfbook_emulator.sheets import (  # noqa: F401 - register kinds
        requests_autofill,
        requests_cells,
        requests_charts,
        requests_comments,
        requests_datasources,
        requests_edit,
        requests_groups,
        requests_objects,
        requests_paste,
        requests_ranges,
        requests_sheets,
        requests_tables,
    )
    from turfbook_emulator.sheets.recalc import infer_formats
    from turfbook_emulator.sheets.requests_scope import changes

    work = book.shallow()
    ctx = Ctx(work, user)
    replies: list[dict] = []
    # Arrays' cells are not content: requests see the real cells only. While every request says what it
    # changes (requests_scope.py), only the arrays over that are emptied and only the formulas reading it
    # recalculated, as after a values write (issue 22); from the first request that may change anything,
    # every array is emptied and the whole book recalculated.
    written: list | None = []
    formatted: list = []
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
        if written is not None:
            scope = changes(ctx, name, request[name] or {})
            if scope is None:
                values.unspill(work)
                written = None
            else:
                written += [*scope[0], *values.unspill_over(work, scope[0])]
                formatted += scope[1]
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
    values.recalc(work, written)
    if written is not None and formatted:
        infer_formats(work, formatted)
    return work.commit(), replies


# ----- sheets ------------------------------------------------------------------------------
