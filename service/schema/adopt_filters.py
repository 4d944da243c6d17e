"""A team's filters widened over Turfbook's service columns (issue 21, attack a21c finding 5). Pure.

Sheets sorts "through a filter" (the filter menu's Sort A→Z, a filter view's sort) over the filter's range
only. A basic filter over A1:E7 with Turfbook's ID column added at F would sort the team's cells and leave
every ID on the row where it was: each ID on another person. So a filter whose range ends where Turfbook's
columns begin (or inside them) is widened to cover them: `setBasicFilter` with the same filter (criteria or
filterSpecs, sortSpecs) and the wider range; `updateFilterView` with `fields: range` for a filter view. Sent
in the SAME atomic batchUpdate as the insertDimension that adds the columns (adopt_apply._plan), or on a
later run for a sheet adopted before this (adopt_fixes.widen_filters, widen_read_filters). A filter
that ends further left (their own columns outside it already) or that covers every column (no end) is
left as it is.
A basic filter backed by a table (tableId) is the table's: left alone.
"""

from __future__ import annotations

import copy

FIELDS = "sheets(properties(sheetId,title),basicFilter,filterViews)"


def filters_of(meta: dict) -> dict[int, dict]:
    """sheetId -> {"basic": basicFilter or None, "views": [filterView...]} from spreadsheets.get(FIELDS)."""
    out = {}
    for s in meta.get("sheets", []):
        out[s["properties"]["sheetId"]] = {"basic": s.get("basicFilter"), "views": list(s.get("filterViews") or [])}
    return out


def _reaches(grid: dict, start: int, end: int) -> bool:
    """The range ends at `start` or inside [start, end), and begins left of `start`."""
    last = grid.get("endColumnIndex")
    return last is not None and start <= last < end and grid.get("startColumnIndex", 0) < start


def widen(sheet_id: int, found: dict | None, start: int, end: int) -> list[dict]:
    """The requests that make the sheet's filters reaching Turfbook's columns [start, end) cover them."""
    if not found or end <= start:
        return []
    requests = []
    basic = found.get("basic")
    if basic and not basic.get("tableId") and _reaches(basic.get("range") or {}, start, end):
        flt = {k: copy.deepcopy(v) for k, v in basic.items() if k not in ("criteria", "tableId")}
        if "filterSpecs" not in flt and basic.get("criteria"):
            flt["criteria"] = copy.deepcopy(basic["criteria"])
        flt["range"] = {**flt["range"], "sheetId": sheet_id, "endColumnIndex": end}
        requests.append({"setBasicFilter": {"filter": flt}})
    for view in found.get("views") or []:
        grid = view.get("range") or {}
        if "filterViewId" in view and _reaches(grid, start, end):
            requests.append({"updateFilterView": {"filter": {
                "filterViewId": view["filterViewId"], "range": {**grid, "sheetId": sheet_id, "endColumnIndex": end}},
                "fields": "range"}})
    return requests


def service_block(columns: list, service_keys: set[str]) -> tuple[int, int] | None:
    """[start, end) of the contiguous run of Turfbook's service columns from the first of them (columns:
    the sheet's header Matches, key per column); None when it has none."""
    at = [i for i, m in enumerate(columns) if m.key in service_keys and m.how != "theirs"]
    if not at:
        return None
    start = end = at[0]
    while end in at:
        end += 1
    return start, end
