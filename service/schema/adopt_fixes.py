"""What `sheets adopt` (and `sheets check`) repair or keep safe on a workbook adopted before (attack a21c,
findings 5, 13, 16): a team's filter widened over Turfbook's columns (adopt_filters), the sheets renamed or
deleted while adopt wrote, a hidden tab staff deleted and added again, IDs never given twice when staff
deleted the ID column (the hidden tabs still hold values under the old ones), the header formulas
repaired once the layout is read again. The adopt steps themselves are adopt_apply's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from turfbook.schema.adopt_filters import service_block, widen
from turfbook.schema.adopt_layout import Layout
from turfbook.schema.adopt_repair import repair
from turfbook.schema.loader import Schema
from turfbook.schema.service_tabs import SERVICE_TABS, title_of, views_of
from turfbook.workspace import a1

if TYPE_CHECKING:
    from turfbook.schema.adopt_apply import Applied

FIELDS = "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),basicFilter,filterViews)"


def grid_of(sheets) -> dict[str, dict]:
    meta = sheets.metadata(FIELDS)
    return {s["properties"]["title"]: {"sheetId": s["properties"]["sheetId"],
                                       "rows": s["properties"].get("gridProperties", {}).get("rowCount", 0),
                                       "columns": s["properties"].get("gridProperties", {}).get("columnCount", 0),
                                       "filters": {"basic": s.get("basicFilter"),
                                                   "views": list(s.get("filterViews") or [])}}
            for s in meta.get("sheets", [])}


def has_filter(grid_of: dict) -> bool:
    found = grid_of.get("filters") or {}
    return bool(found.get("basic") or found.get("views"))


def widen_filters(sheets, schema: Schema, layout: Layout, grid: dict[str, dict], applied: Applied) -> None:
    """A sheet adopted before filters were widened (or whose filter staff set since): its filter reaching
    Turfbook's columns is widened over them (adopt_filters), one batchUpdate for every such sheet. The
    sheets whose columns this run added were widened with them."""
    requests, titles = [], []
    for s in layout.sheets:
        if s.title not in grid or s.title in applied.columns or not has_filter(grid[s.title]):
            continue
        tab = schema.tab(s.tab)
        block = service_block(s.columns, {c.key for c in tab.columns if c.service})
        widened = widen(grid[s.title]["sheetId"], grid[s.title]["filters"], *block) if block else []
        if widened:
            requests += widened
            titles.append(s.title)
    if requests:
        sheets.batch_update(requests)
        applied.filters += [t for t in titles if t not in applied.filters]


def restored_tabs(schema: Schema, layout: Layout, added: list[str]) -> list[str]:
    """The hidden service tabs just added that the adopted sheets' columns already showed: staff deleted
    them, and what they held (statuses, flagged-at dates, problems) went with them."""
    shown = {title_of(table) for s in layout.sheets
             for key, table in views_of(s.tab, [c.key for c in schema.tab(s.tab).columns]) if key in s.mapping}
    return [t for t in added if t in shown]


def repair_again(sheets, layout: Layout, typed: dict[str, list[Any]], broken: dict[str, set[int]]) -> int:
    """After columns were added and the layout read again: the header formulas to repair (adopt_repair),
    looking up the ID column where it is now (a deleted ID column added again, a21c finding 16)."""
    return repair(sheets, layout, grid_of(sheets), typed, broken)


def widen_read_filters(adopted, schema: Schema) -> list[str]:
    """`sheets check` on an adopted workbook (AdoptedSheets, just read): adopt_guard.guard_filters, the one
    place every job widens a filter reaching Turfbook's columns. The sheets widened."""
    from turfbook.schema.adopt_guard import guard_filters

    return guard_filters(adopted)


def kept_ids(sheets) -> list[str]:
    """The IDs the hidden service tabs hold (their column A: values, or a blank row, since every ID of a staff
    tab has its row there), one values.batchGet; a tab missing is none (then the titles asked first: two more).
    None of them is given again (id_next)."""
    from turfbook.workspace.errors import GoogleError

    wanted = [title_of(t) for t in SERVICE_TABS]
    try:
        read = sheets.read([f"{a1.quote_sheet(t)}!A2:A" for t in wanted])
    except GoogleError as exc:          # 400: a range names a tab not there (Google fails the whole batchGet)
        if exc.status != 400:
            raise
        titles = set(sheets.tab_titles())
        wanted = [t for t in wanted if t in titles]
        read = sheets.read([f"{a1.quote_sheet(t)}!A2:A" for t in wanted]) if wanted else []
    return [str(r[0]) for rows in read for r in rows if r]


def service_numbers(sheets) -> dict[str, int]:
    """The highest ID number per prefix in the hidden service tabs (kept_ids)."""
    from turfbook.schema.id_next import numbers_of

    return numbers_of(kept_ids(sheets))


def sheets_gone(sheets, layout: Layout) -> list[str]:
    """The layout's sheets no longer there under their title (renamed or deleted since the read): what a
    400 "Unable to parse range" during adopt's writes means. One spreadsheets.get."""
    titles = {s["properties"]["title"] for s in sheets.metadata("sheets.properties(title)").get("sheets", [])}
    return [s.title for s in layout.sheets if s.title not in titles]


def titles_now(sheets, layout: Layout) -> list[str]:
    """Before the mapping is saved: each adopted sheet's title as it is now, found by its sheetId (one
    spreadsheets.get), so a tab staff renamed during adopt's last write is stored under its new title
    (outside tester finding b5). A sheet deleted meanwhile keeps its entry (the jobs drop it: retitle).
    The stored titles that changed."""
    now = {s["properties"]["sheetId"]: s["properties"]["title"]
           for s in sheets.metadata("sheets.properties(sheetId,title)").get("sheets", [])}
    changed = []
    for s in layout.sheets:
        title = now.get(s.sheet_id) if s.sheet_id is not None else None
        if title is not None and title != s.title:
            changed.append(s.title)
            s.title = title
    return changed
