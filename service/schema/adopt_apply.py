"""`turfbook sheets adopt` (not a dry run): what Turfbook adds to a team's own workbook, and nothing else.

1. Turfbook's own tabs it lacks, each whole in one atomic batchUpdate: the hidden service tabs
   (`_Turfbook Conversations`, `_Turfbook People`, `_Turfbook Problems`: service_views) and Problems.
2. The service columns at the right of each adopted sheet (SheetLayout.to_add: right of its last used
   column), headers on the sheet's OWN header row (row 3 under a merged title, …): the ID and Media's columns
   filing writes on the row (adopt_service_columns.row_written) as text, every other one as the array formula
   of issue #14 (service_tabs.header_formula with that header row), dates
   formatted as dates below it. Through the guarded write path (guarded.py): a ROW tag on the header row
   and a COLUMN tag on the last used column, read back (they must sit where planned, the header must
   still hold their headers, the new columns must be empty from the header down), then one atomic
   batchUpdate whose guards fail it if staff inserted, deleted or moved a row or column meanwhile (then
   planned again). That batchUpdate INSERTS the new columns (insertDimension at `start`) before writing
   their headers, so the cells written are empty by construction: a value staff typed there after the
   read shifts right with the rest, never under a Turfbook header. No staff cell is written, ever.
   Header formulas of an earlier adoption that no longer follow their header (issue 21 F7) are rewritten
   there, guarded, and nothing else (adopt_repair).
3. IDs for the existing rows: the one ID path (ids.plan_ids / apply_ids) through AdoptedSheets, whose
   `id_places` says where each sheet's header and ID column are.
Re-running finds everything there: no write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema import guarded
from turfbook.schema.adopt_filters import FIELDS as FILTER_FIELDS
from turfbook.schema.adopt_filters import filters_of, widen
from turfbook.schema.adopt_fixes import grid_of as _grid
from turfbook.schema.adopt_fixes import has_filter as _has_filter
from turfbook.schema.adopt_fixes import restored_tabs, widen_filters
from turfbook.schema.adopt_layout import Layout, SheetLayout
from turfbook.schema.adopt_repair import repair
from turfbook.schema.loader import Schema
from turfbook.schema.service_tabs import header_formula, title_of, views_of
from turfbook.schema.text import header_key
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import GoogleError

KEY = "turfbook_adopt"
DATE_FORMAT = {"type": "DATE", "pattern": "yyyy-mm-dd"}
PROBLEMS = "Problems"


@dataclass
class Applied:
    tabs: list[str] = field(default_factory=list)                      # Turfbook tabs added
    columns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)   # sheet -> [(letter, header)]
    refused: dict[str, str] = field(default_factory=dict)   # sheet -> why its columns were not added (_why_not)
    ids: int = 0
    gone: list[str] = field(default_factory=list)       # sheets renamed or deleted while adopt wrote (read again)
    filters: list[str] = field(default_factory=list)    # sheets whose filter was widened over Turfbook's columns
    restored: list[str] = field(default_factory=list)   # hidden tabs added AGAIN (staff deleted them: values lost)
    new_ids: list[str] = field(default_factory=list)    # sheets whose deleted ID column was added again
    repaired: int = 0          # header formulas rewritten to follow their header (adopt_repair, issue 21 F7)
    ids_left: int = 0          # rows still without an ID (a staff edit during the ID write): next run finishes
    put_back: dict[str, int] = field(default_factory=dict)   # tab -> IDs put back with their sorted rows
    sorted_left: list[str] = field(default_factory=list)     # tabs sorted past telling apart (adopt_sorted)
    put_back_notes: dict[str, str] = field(default_factory=dict)  # tab -> new IDs, unused IDs... ("EN / ES")
    accepted: list[str] = field(default_factory=list)        # tabs whose rows --accept-rows took as they are
    nothing_to_accept: list[str] = field(default_factory=list)   # --accept-rows: tabs told apart ("": no tab held)
    tabs_es: dict[str, str] = field(default_factory=dict)    # a logical tab's Spanish name (the report)
    id_notes: list[str] = field(default_factory=list)   # copied IDs whose rows wait, IDs given back ("EN / ES")

    @property
    def changed(self) -> bool:
        return bool(self.tabs or self.columns or self.ids)


def add_tabs(sheets, schema: Schema, layout: Layout, grid: dict[str, dict]) -> list[str]:
    """The service tabs the adopted tabs' service columns show, and Problems, when missing."""
    from turfbook.schema.service_views import _add_tabs

    tables: list[str] = []
    for s in layout.sheets:
        for _, table in views_of(s.tab, [c.key for c in schema.tab(s.tab).columns]):
            if table not in tables and title_of(table) not in grid:
                tables.append(table)
    added = [title_of(t) for t in tables]
    if tables:
        _add_tabs(sheets, schema, tables, {g["sheetId"] for g in grid.values()})
    problems = layout.own.titles.get(PROBLEMS)     # "Turfbook problems" when the team has a "Problems" (adopt_tabs)
    if problems is not None and problems not in grid:
        header = [c.header for c in schema.tab(PROBLEMS).columns]
        taken = {g["sheetId"] for g in _grid(sheets).values()}
        sheet_id = layout.own.ids.get(PROBLEMS)       # the sheetId Turfbook's own is known by (adopt_tabs)
        sheet_id = sheet_id if sheet_id is not None and sheet_id not in taken else max(taken | {0}) + 1
        try:
            sheets.batch_update([sr.add_sheet(problems, sheet_id=sheet_id, rows=1000, cols=len(header), frozen_rows=1),
                                 sr.update_cells_at(sheet_id, 0, 0, [sr.row([sr.cell(text=h) for h in header])],
                                                    "userEnteredValue"),
                                 *_date_formats(sheet_id, schema.tab(PROBLEMS))], idempotent=False)
        except GoogleError:
            if problems not in _grid(sheets):   # a lost reply that did land is fine; anything else is not
                raise
        added.append(problems)
    return added


def _date_formats(sheet_id: int, tab) -> list[dict]:
    """Problems' date columns (First seen) shown as dates below the header, never as serials (46362)."""
    from turfbook.schema.formatting import DATE_FORMAT, column_range

    return [sr.repeat_cell(column_range(sheet_id, i), {"numberFormat": DATE_FORMAT}, "userEnteredFormat.numberFormat")
            for i, c in enumerate(tab.columns) if c.type == "date"]


def _cells(schema: Schema, sheet: SheetLayout, header: list, added: list[tuple[str, str]]) -> list[dict]:
    tab = schema.tab(sheet.tab)
    start = _index(added[0][1])
    id_at = sheet.current(header).get("id")
    if id_at is None:
        id_at = start + [k for k, _ in added].index("id")
    shown = {k for k, _ in views_of(tab.name, [c.key for c in tab.columns])}
    return [sr.cell(text=sheet.header_of(tab, k)) if k not in shown else      # the ID, a column filing writes
            sr.cell(formula=header_formula(sheet.header_of(tab, k), id_at, tab.name, k, sheet.header_row,
                                               anchored=True))
            for k, _ in added]


def _index(letter: str) -> int:
    number = 0
    for ch in letter:
        number = number * 26 + ord(ch.upper()) - 64
    return number - 1


def add_columns(sheets, schema: Schema, layout: Layout, grid: dict[str, dict], applied: Applied) -> None:
    todo = [(s, s.to_add(schema.tab(s.tab))) for s in layout.sheets if s.title in grid]
    todo = [(s, added) for s, added in todo if added]
    if not todo:
        return
    taken: set[int] = set()
    tags: list[guarded.Tag] = []
    for s, added in todo:
        sheet_id, start = grid[s.title]["sheetId"], _index(added[0][1])
        tags.append(guarded.Tag(guarded.new_metadata_id(taken), sheet_id, "ROWS", s.header_row - 1, "header",
                                (s, added)))
        if start > 0:
            tags.append(guarded.Tag(guarded.new_metadata_id(taken), sheet_id, "COLUMNS", start - 1, s.title))
    try:
        sheets.batch_update(guarded.create(tags, KEY))
    except GoogleError:
        guarded.clean(sheets, KEY)
        applied.refused.update({s.title: "moved" for s, _ in todo})
        return

    def plan():
        requests, planned = _plan(sheets, schema, tags, applied,
                                  {grid[s.title]["sheetId"]: grid[s.title] for s, _ in todo})
        if not planned:
            return None
        return requests + [sr.delete_metadata_by_key(KEY)], lambda: planned

    done = guarded.write_or_clean(sheets, plan, KEY)
    for s, added in done or []:
        applied.columns[s.title] = [(letter, s.header_of(schema.tab(s.tab), k)) for k, letter in added]
    for s, _ in todo:
        if s.title not in applied.columns:
            applied.refused.setdefault(s.title, "moved")


def _plan(sheets, schema: Schema, tags: list[guarded.Tag], applied: Applied,
          grids: dict[int, dict]) -> tuple[list[dict], list]:
    """Where the tags are now and what each sheet holds: the guarded requests for the sheets still as planned."""
    present = guarded.relocate(sheets, KEY, tags)
    rows_tags = [t for t in present if t.write is not None]
    filters = {}
    if any(_has_filter(grid_of) for grid_of in grids.values()):   # fresh: the filter as it is now is kept
        filters = filters_of(sheets.metadata(FILTER_FIELDS))
    read = sheets.read_by_filters([{"a1Range": a1.whole_sheet(t.write[0].title)} for t in rows_tags])
    values = {f["a1Range"]: v for f, v in read if f.get("a1Range")}
    requests: list[dict] = []
    planned: list = []
    for tag in rows_tags:
        sheet, added = tag.write
        start, now = _index(added[0][1]), values.get(a1.whole_sheet(sheet.title)) or []
        column = next((t for t in present if t.write is None and t.sheet_id == tag.sheet_id), None)
        why = _why_not(sheet, added, now, tag, column, start)
        if why:
            applied.refused[sheet.title] = why
            continue
        applied.refused.pop(sheet.title, None)
        header = sheet.header_at(now, sheet.header_row)
        requests += guarded.still_at(tag, KEY) + (guarded.still_at(column, KEY) if column else [])
        # The service columns are INSERTED at `start` in the same atomic batchUpdate as their headers: the
        # cells written are empty by construction, whatever staff typed there since the read (it shifts right).
        requests.append(sr.insert_dimension(tag.sheet_id, "COLUMNS", start, start + len(added)))
        # a filter ending where the new columns begin covers them too, in this same atomic batch: sorting
        # through it must move a row's ID with the row (adopt_filters)
        widened = widen(tag.sheet_id, filters.get(tag.sheet_id), start, start + len(added))
        if widened:
            requests += widened
            if sheet.title not in applied.filters:
                applied.filters.append(sheet.title)
        requests.append(sr.update_cells_at(tag.sheet_id, sheet.header_row - 1, start,
                                           [sr.row(_cells(schema, sheet, header, added))], "userEnteredValue"))
        for key, letter in added:
            if schema.tab(sheet.tab).column(key).type in ("date", "datetime"):
                i = _index(letter)
                requests.append(sr.repeat_cell(sr.grid_range(tag.sheet_id, sheet.header_row, None, i, i + 1),
                                               {"numberFormat": DATE_FORMAT}, "userEnteredFormat.numberFormat"))
        planned.append((sheet, added))
    return requests, planned


def _why_not(sheet: SheetLayout, added: list, now: list[list[Any]], tag: guarded.Tag,
             column: guarded.Tag | None, start: int) -> str:
    """Why this sheet's columns cannot be added now ("" when they can): a code adopt_report words EN/ES
    (`moved`, `header_changed`, `values:<row>:<first new column>`)."""
    if tag.index != sheet.header_row - 1 or (start > 0 and (column is None or column.index != start - 1)):
        return "moved"
    if len(now) < sheet.header_row or not _same_header(sheet, sheet.header_at(now, sheet.header_row)):
        return "header_changed"
    for number, cells in enumerate(now[sheet.header_row - 1:], sheet.header_row):
        if any(c not in ("", None) for c in cells[start:]):
            return f"values:{number}:{added[0][1]}"
    return ""


def _same_header(sheet: SheetLayout, header: list[Any]) -> bool:
    """The header row as read when planned, compared as a list by position (two "Notes" are two cells)."""
    def keys(cells):
        out = [header_key(c if isinstance(c, str) else "") for c in cells]
        while out and not out[-1]:
            out.pop()
        return out
    # a Turfbook header formula showing an error (#REF!: its ID column or hidden tab was deleted) was read
    # as its header text (adopt._ours_named): the same cell
    shown = list(header)
    for i, m in enumerate(sheet.columns[:len(shown)]):
        if m.key and isinstance(shown[i], str) and shown[i].startswith("#"):
            shown[i] = m.text
    return keys(shown) == keys([m.text for m in sheet.columns])


def apply(sheets, schema: Schema, layout: Layout, typed: dict[str, list[Any]] | None = None,
          applied: Applied | None = None, broken: dict[str, set[int]] | None = None) -> Applied:
    """Steps 1 and 2 (tabs and service columns), and the header formulas that no longer follow their
    header (`typed`: each sheet's header row as typed; adopt_repair). IDs: `give_ids`, once the layout is
    read again. `applied`: what an earlier attempt of this run added (filled in further)."""
    applied = applied if applied is not None else Applied()
    grid = _grid(sheets)
    applied.tabs = add_tabs(sheets, schema, layout, grid)
    add_columns(sheets, schema, layout, grid, applied)
    widen_filters(sheets, schema, layout, grid, applied)
    applied.restored = restored_tabs(schema, layout, applied.tabs)
    applied.new_ids += [s.title for s in layout.sheets if s.title in applied.columns and "id" not in s.mapping
                        and any(schema.tab(s.tab).column(k).service for k in s.mapping)
                        and s.title not in applied.new_ids]
    if not applied.columns:               # columns added: repaired once the layout is read again (repair_again)
        applied.repaired += repair(sheets, layout, grid, typed or {}, broken)
    return applied


def give_ids(sheets, schema: Schema, layout: Layout, today=None, reserved: dict[str, int] | None = None,
             data_dir=None) -> int:
    """The IDs written (adopt_putback.give_ids_counted without the rows left)."""
    from turfbook.schema.adopt_putback import give_ids_counted

    return give_ids_counted(sheets, schema, layout, today, reserved, data_dir)[0]
