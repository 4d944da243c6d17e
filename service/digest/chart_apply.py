"""Writing the Wall chart: one spreadsheets.batchUpdate for structure and formats, one values write."""

from __future__ import annotations

from turfbook.digest.chart import FIRST_LEVEL, HEADER_ROW, LEVEL_COLORS, PCT, TAB, ChartPlan
from turfbook.workspace import a1
from turfbook.workspace.sheet_requests import (
    add_sheet,
    append_dimension,
    cell,
    clear_cells,
    freeze,
    grid_range,
    repeat_cell,
    row,
    update_cells_at,
)
from turfbook.workspace.sheets import CellWrite

GOOD, BAD, HEAD, TITLE = "#d9ead3", "#f4cccc", "#17455a", "#0b3140"


def rgb(hex_color: str) -> dict:
    value = hex_color.lstrip("#")
    return {c: int(value[i:i + 2], 16) / 255 for c, i in (("red", 0), ("green", 2), ("blue", 4))}


def _paint(sheet_id: int, grid: tuple, fmt: dict) -> dict:
    return repeat_cell(grid_range(sheet_id, *grid), fmt)


def format_requests(plan: ChartPlan, sheet_id: int, exists: bool, grid: dict | None = None) -> list[dict]:
    """`grid`: the tab's gridProperties (rowCount, columnCount) when it exists; grown to fit the chart."""
    rows, width = len(plan.rows), plan.width
    requests: list[dict] = []
    if not exists:
        requests.append(add_sheet(TAB, sheet_id=sheet_id, rows=max(1000, rows + 10), cols=max(26, width)))
    for dimension, have, need in (("ROWS", (grid or {}).get("rowCount"), rows),
                                  ("COLUMNS", (grid or {}).get("columnCount"), width)):
        if exists and have is not None and have < need:
            requests.append(append_dimension(sheet_id, dimension, need - have))
    requests += [
        clear_cells(grid_range(sheet_id), "userEnteredValue,userEnteredFormat"),
        freeze(sheet_id, HEADER_ROW, 1),
        _paint(sheet_id, (0, 1, 0, width), {"textFormat": {"bold": True, "fontSize": 14,
                                                           "foregroundColor": rgb(TITLE)}}),
        _paint(sheet_id, (1, 2, 0, width), {"textFormat": {"italic": True, "foregroundColor": rgb("#6b7a82")}}),
        _paint(sheet_id, (HEADER_ROW - 1, HEADER_ROW, 0, width),
               {"backgroundColor": rgb(HEAD), "wrapStrategy": "WRAP", "verticalAlignment": "MIDDLE",
                "textFormat": {"bold": True, "foregroundColor": rgb("#ffffff")}}),
        _paint(sheet_id, (rows - 1, rows, 0, width), {"textFormat": {"bold": True},
                                                     "backgroundColor": rgb("#eef2f3")}),
    ]
    for i, color in enumerate(LEVEL_COLORS):
        requests.append(_paint(sheet_id, (HEADER_ROW - 1, rows, FIRST_LEVEL + i, FIRST_LEVEL + i + 1),
                               {"backgroundColor": rgb(color), "horizontalAlignment": "CENTER",
                                "textFormat": {"bold": True, "foregroundColor": rgb("#ffffff" if i in (0, 4)
                                                                                    else "#1f2a30")}}))
    if plan.pct_ok:                          # one request paints every participation cell (not one per row)
        first, last = min(plan.pct_ok), max(plan.pct_ok)
        cells = [row([cell(user_format={"backgroundColor": rgb(GOOD if plan.pct_ok[r] else BAD),
                                        "textFormat": {"bold": True}}) if r in plan.pct_ok else cell()])
                 for r in range(first, last + 1)]
        requests.append(update_cells_at(sheet_id, first, PCT, cells, "userEnteredFormat(backgroundColor,textFormat)"))
    return requests


def apply_chart(plan: ChartPlan, sheets, sheet_ids: dict[str, int], grids: dict[str, dict] | None = None) -> int:
    """Write the chart; returns the number of API calls made (always 2). `grids`: gridProperties by tab."""
    exists = TAB in sheet_ids
    sheet_id = sheet_ids[TAB] if exists else max(sheet_ids.values(), default=0) + 7_000_001
    sheets.batch_update(format_requests(plan, sheet_id, exists, (grids or {}).get(TAB)))
    sheets.write([CellWrite(a1.block(TAB, 1, 0, len(plan.rows), plan.width), plan.rows)])
    sheet_ids[TAB] = sheet_id
    return 2
