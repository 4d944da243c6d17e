"""`sheets init`, second half: the service tabs and the header formulas that show them.

For each staff tab with service columns shown through a service table (service_tabs.TABLES: the
overdue job's `_Turfbook Conversations` / `_Turfbook People`, and the schema job's `_Turfbook Problems`
for every per-row `problems` column):
1. create each service tab when missing (hidden, warning-only protected, dates formatted as dates);
2. for each service column whose header cell is not yet the expected array formula, copy the
   column's current values into the service tab by ID (a value already in the service tab wins),
   and only then, in one atomic spreadsheets.batchUpdate guarded by column_guard (refused if any
   column or the header row moved since the read: re-planned), clear that column below its header
   and put the formula in the header cell (the array needs empty cells to expand into). A column
   whose header is already one of our formulas (an older version) only gets the new formula: what
   is below it is the array's output or a person's typed text, never cleared.
   Our column is found by its formula, not by the text it shows (#REF! when a typed cell blocks it).
Re-running is a no-op; a crash between the steps leaves both copies and the next run finishes.

Calls when nothing is to do: one spreadsheets.get + one values.batchGet (formulas of the header
rows, the tabs' values and the service tabs).
"""

from __future__ import annotations

import zlib
from typing import Any

from turfbook.schema.column_guard import apply_guarded
from turfbook.schema.loader import Schema
from turfbook.schema.reader import parse_workbook
from turfbook.schema.service_tabs import (
    SERVICE_TABS,
    TABLES,
    ServiceTable,
    header_formula,
    header_of_formula,
    keys_of,
    note_missing,
    title_of,
    views_of,
    with_service_headers,
    writes,
)
from turfbook.schema.text import fold
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.retry import AmbiguousWrite
from turfbook.workspace.sheets import CellWrite

FIELDS = "sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))"
DATE_FORMAT = {"type": "DATE", "pattern": "yyyy-mm-dd"}


def install(sheets, schema: Schema, *, dry_run: bool = False) -> list[str]:
    """Create/upgrade service tabs and header formulas; lines saying what was (or would be) done.

    The header formulas and the clears below them address cells by position, so they go through
    column_guard (one atomic batchUpdate refused if any column or the header row of those tabs moved
    since the read); the copy of old values into the service tab (the service's own positions) goes
    first, inside the guarded round, so nothing is cleared before it is kept."""
    grid = _grid(sheets)
    staff = [t.name for t in schema.tabs if _find(grid, t.name) and _views(schema, t.name)]
    tables = sorted({table for t in staff for _, table in _views(schema, t)}, key=list(TABLES).index)
    missing = [t for t in tables if title_of(t) not in grid]
    if missing:
        lines = [f"add hidden service tab {title_of(t)}" for t in missing]
        if dry_run:
            return lines
        _add_tabs(sheets, schema, missing, {g["sheetId"] for g in grid.values()})
        grid = _grid(sheets)
        if any(title_of(t) not in grid for t in missing):
            raise AmbiguousWrite("sheets init: the service tabs could not be confirmed; run it again")
    else:
        lines = []
    titles = [_find(grid, t)["title"] for t in staff]
    planned, requests = _plan(sheets, schema, grid, staff, tables, copy=False)
    if dry_run or not requests:
        return lines + planned
    done: list[str] = []

    def plan() -> list[dict]:
        nonlocal done
        done, found = _plan(sheets, schema, _grid(sheets), staff, tables, copy=True)
        return found

    apply_guarded(sheets, titles, plan, idempotent=True)
    return lines + (done or planned)


def _plan(sheets, schema: Schema, grid: dict, staff: list[str], tables: list[str], *,
          copy: bool) -> tuple[list[str], list[dict]]:
    """Read the header formulas and the tabs, and plan the header formulas (and clears) still to do;
    with `copy`, first copy old-style values into the service tabs (RAW, by ID; a value already
    there wins)."""
    lines: list[str] = []
    titles = [_find(grid, t)["title"] for t in staff]
    formulas = sheets.read([f"{a1.quote_sheet(t)}!1:1" for t in titles], render="FORMULA")
    data = sheets.read_tabs(titles + [title_of(t) for t in tables])
    for i, title in enumerate(titles):      # our column is ours by its formula, whatever its header shows
        if data.get(title) and formulas[i]:
            data[title] = [with_service_headers(data[title][0], formulas[i][0])] + data[title][1:]
    snapshot = parse_workbook(schema, {t: data[_find(grid, t)["title"]] for t in staff}, tabs=staff,
                              columns={t: {k for k, _ in _views(schema, t)} for t in staff})
    service = {t: ServiceTable.parse(t, data.get(title_of(t))) for t in tables}
    have = {t: table.by_id() for t, table in service.items()}
    requests: list[dict] = []
    copies: dict[str, dict[str, dict[str, Any]]] = {}
    for i, tab in enumerate(staff):
        shown = snapshot.tabs[tab]
        header_formulas = (formulas[i][0] if formulas[i] else [])
        id_column = shown.columns.get("id")
        for key, table in _views(schema, tab):
            column = shown.columns.get(key)
            if column is None or id_column is None:
                continue
            header = str(shown.header[column])
            want = header_formula(header, id_column, tab, key)
            now = header_formulas[column] if column < len(header_formulas) else ""
            if now == want:
                continue
            sheet = _find(grid, tab)
            lines.append(f"{tab}: show '{header}' through the service tab {title_of(table)} (header formula)")
            if header_of_formula(now) is not None:
                # already ours (an older version): the cells below are the array's output, or text a
                # person typed there (which blocks it: reported by `sheets check`) — never cleared
                requests.append(_formula(sheet, column, want))
                continue
            for row in shown.rows:               # real values under a plain header: keep them, by ID
                value = row.raw.get(key)
                if row.id and value not in (None, "") and have[table].get(row.id, {}).get(key) in (None, ""):
                    copies.setdefault(table, {}).setdefault(row.id, {})[key] = value
            requests += [_clear_below(sheet, column), _formula(sheet, column, want)]
    service_writes: list[CellWrite] = []
    for table, found in copies.items():
        if table in SERVICE_TABS:           # every ID its row (docs/write-path.md): the blank ones too
            note_missing(service[table], [r.id for r in snapshot.tabs[table].rows])
        service_writes += writes(service[table], found)[0]
        lines.append(f"copy {len(found)} row(s) of service values into {title_of(table)}")
    if copy and service_writes and requests:
        _ensure_rows(sheets, grid, service_writes)
        sheets.write(service_writes)        # RAW: values as read, copied before anything is cleared
    return lines, requests


def _views(schema: Schema, tab: str) -> list[tuple[str, str]]:
    """[(service column key, service table)] of a staff tab, from the schema."""
    return views_of(tab, [c.key for c in schema.tab(tab).columns if c.service])


def _find(grid: dict[str, dict], tab: str) -> dict | None:
    """A staff tab by its name as staff may spell it (case, accents); never a service tab."""
    found = [g for title, g in grid.items() if fold(title) == fold(tab) and not title.startswith("_")]
    return found[0] if found else None


def _grid(sheets) -> dict[str, dict]:
    """Every sheet by exact title (`_Conversations` and `Conversations` fold alike)."""
    meta = sheets.metadata(FIELDS)
    out = {}
    for sheet in meta.get("sheets", []):
        props = sheet["properties"]
        out[props["title"]] = {"title": props["title"], "sheetId": props["sheetId"],
                                     "rows": props.get("gridProperties", {}).get("rowCount", 1000)}
    return out


def _add_tabs(sheets, schema: Schema, tabs: list[str], taken: set[int]) -> None:
    """Each service tab whole, in one atomic spreadsheets.batchUpdate: added (hidden, with a sheetId
    chosen here so the same batch can refer to it), warning-only protected, date columns formatted,
    header row written. A crash or a lost reply leaves either all of it or none of it."""
    requests: list[dict] = []
    for tab in tabs:
        sheet_id = _free_sheet_id(title_of(tab), taken)
        taken.add(sheet_id)
        columns = _columns(schema, tab)
        header = ["ID"] + [columns[k].header for k in keys_of(tab)]
        requests.append(sr.add_sheet(title_of(tab), sheet_id=sheet_id, hidden=True, rows=1000, cols=len(header),
                                     frozen_rows=1))
        requests.append(sr.add_protected_range(sr.protected_range(
            sr.grid_range(sheet_id), f"Written by Turfbook: the values shown in {tab} service columns")))
        for i, key in enumerate(keys_of(tab), start=1):
            if columns[key].type in ("date", "datetime"):
                requests.append(sr.repeat_cell(sr.grid_range(sheet_id, 1, None, i, i + 1),
                                               {"numberFormat": DATE_FORMAT}, "userEnteredFormat.numberFormat"))
        requests.append(sr.update_cells_at(sheet_id, 0, 0, [sr.row([sr.cell(text=h) for h in header])],
                                           "userEnteredValue"))
    try:
        sheets.batch_update(requests, idempotent=False)
    except AmbiguousWrite:
        pass       # the next look at the grid says whether it landed; landed or not, it is whole


def _columns(schema: Schema, table: str) -> dict:
    """The schema columns a service table holds (the row-problems table: any staff tab's `problems`)."""
    if table in SERVICE_TABS:
        return {c.key: c for c in schema.tab(table).columns}
    return {c.key: c for t in schema.tabs for c in t.columns if c.key in keys_of(table)}


def _free_sheet_id(title: str, taken: set[int]) -> int:
    candidate = zlib.crc32(title.encode()) % 2_000_000_000 + 1
    while candidate in taken:
        candidate = candidate % 2_000_000_000 + 1
    return candidate


def grow(sheets, found: list[CellWrite]) -> None:
    """Add rows to service tabs so that `found` fits (one spreadsheets.get + one batchUpdate)."""
    _ensure_rows(sheets, _grid(sheets), found)


def _ensure_rows(sheets, grid: dict, found: list[CellWrite]) -> None:
    needed: dict[str, int] = {}
    for w in found:
        title = w.range.rpartition("!")[0].strip("'").replace("''", "'")
        last = int("".join(ch for ch in w.range.rpartition(":")[2] if ch.isdigit()))
        needed[title] = max(needed.get(title, 0), last)
    requests = [sr.append_rows(grid[t]["sheetId"], n - grid[t]["rows"] + 1000)
                for t, n in needed.items() if n > grid[t]["rows"]]
    if requests:
        sheets.batch_update(requests, idempotent=True)


def _clear_below(sheet: dict, column: int) -> dict:
    return sr.clear_cells(sr.grid_range(sheet["sheetId"], 1, None, column, column + 1), "userEnteredValue")


def _formula(sheet: dict, column: int, formula: str) -> dict:
    return sr.update_cells(sr.grid_range(sheet["sheetId"], 0, 1, column, column + 1),
                           [sr.row([sr.cell(formula=formula)])], "userEnteredValue")
