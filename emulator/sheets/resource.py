"""The Spreadsheet resource as spreadsheets.get and spreadsheets.create return it."""

from __future__ import annotations

import copy
from typing import Any

from turfbook_emulator.sheets import a1, groups, values
from turfbook_emulator.sheets.grid import grid_data
from turfbook_emulator.sheets.model import Book, Sheet


def grid_range(sheet_id: int, r0: int | None, r1: int | None, c0: int | None, c1: int | None) -> dict:
    out: dict[str, Any] = {"sheetId": sheet_id}
    for key, value in (("startRowIndex", r0), ("endRowIndex", r1), ("startColumnIndex", c0),
                       ("endColumnIndex", c1)):
        if value is not None:
            out[key] = value
    return out


def spreadsheet(book: Book, ranges: list[str] | None = None, include_grid: bool = False) -> dict:
    """The Spreadsheet resource; with `ranges`, only the sheets they name (and their data)."""
    wanted: dict[int, list[a1.Span]] = {}
    if ranges:
        for text in ranges:
            sheet, span = values.resolve(book, text)
            wanted.setdefault(sheet.sheet_id, []).append(span)
    sheets = []
    for sheet in sorted(book.sheets, key=lambda s: s.index):
        if ranges and sheet.sheet_id not in wanted:
            continue
        spans = wanted.get(sheet.sheet_id) or [a1.WHOLE]
        sheets.append(sheet_resource(book, sheet, spans if include_grid else None))
    out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id, "properties": book.properties(),
                           "sheets": sheets, "spreadsheetUrl": book.url}
    if book.named_ranges:
        out["namedRanges"] = copy.deepcopy(book.named_ranges)
    top_meta = [m for m in book.developer_metadata if m.get("location", {}).get("spreadsheet")]
    if top_meta:
        out["developerMetadata"] = copy.deepcopy(top_meta)
    return out


def sheet_resource(book: Book, sheet: Sheet, spans: list[a1.Span] | None) -> dict:
    out: dict[str, Any] = {"properties": sheet.properties()}
    if spans is not None and sheet.extra.get("sheetType") != "OBJECT":  # an object sheet has no grid data
        dimension_meta = [m for m in book.developer_metadata if _on_dimension(m, sheet.sheet_id)]
        out["data"] = [grid_data(sheet, *_block(sheet, span), dimension_meta) for span in spans]
    if sheet.merges:
        out["merges"] = [grid_range(sheet.sheet_id, r0, r1, c0, c1) for r0, r1, c0, c1 in sheet.merges]
    if sheet.conditional_formats:
        out["conditionalFormats"] = copy.deepcopy(sheet.conditional_formats)
    if sheet.protected_ranges:
        out["protectedRanges"] = copy.deepcopy(sheet.protected_ranges)
    for dimension, key in (("ROWS", "rowGroups"), ("COLUMNS", "columnGroups")):
        if groups.runs(sheet, dimension):
            out[key] = groups.groups(sheet, dimension)
    for key in ("bandedRanges", "filterViews", "charts", "slicers", "tables", "commentAnchors"):
        if (getattr(sheet, "objects", None) or {}).get(key):
            out[key] = copy.deepcopy(sheet.objects[key])
    if sheet.basic_filter:
        out["basicFilter"] = copy.deepcopy(sheet.basic_filter)
    meta = [m for m in book.developer_metadata if _on_sheet(m, sheet.sheet_id)]
    if meta:
        out["developerMetadata"] = copy.deepcopy(meta)
    return out


def _block(sheet: Sheet, span: a1.Span) -> tuple[int, int, int, int]:
    sheet.check_grid(*span.clip(sheet.row_count, sheet.col_count))
    r0, c0, r1, c1 = values.bounded(sheet, span)
    return r0, c0, r1, c1


def _on_dimension(meta: dict, sheet_id: int) -> bool:
    return ((meta.get("location") or {}).get("dimensionRange") or {}).get("sheetId", -1) == sheet_id


def _on_sheet(meta: dict, sheet_id: int) -> bool:
    """Sheet-level metadata; row/column metadata shows in GridData's row/columnMetadata instead."""
    return (meta.get("location") or {}).get("sheetId") == sheet_id
