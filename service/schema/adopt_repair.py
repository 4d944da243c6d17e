"""Header formulas of an adopted sheet that do not follow its header (issue 21 F7): a workbook adopted
before the fix holds `ROW(K3:K)=3`, whose literal stays 3 when staff insert or delete a row above the
header (the header text then lands on a data row, or no row). `sheets adopt` rewrites each such header
cell as the current form (service_tabs.header_formula: `ROW(K3:K)=ROW(K3)`), and nothing else.

Only Turfbook's own header cells are written, through the guarded path (guarded.py): a ROW tag on the
header row and a COLUMN tag on each column to repair, read back (the cell must still hold the same
Turfbook formula), one atomic batchUpdate whose guards fail it if a row or column moved meanwhile (then
planned again; still moving: left for the next run). A staff cell is never written.
"""

from __future__ import annotations

from typing import Any

from turfbook.schema import guarded
from turfbook.schema.adopt_layout import Layout, SheetLayout
from turfbook.schema.service_tabs import follows_header, header_formula, header_of_formula, with_service_headers
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import GoogleError

KEY = "turfbook_adopt_repair"


def stale(layout: Layout, typed: dict[str, list[Any]],
          broken: dict[str, set[int]] | None = None) -> list[tuple[SheetLayout, int, str]]:
    """(sheet, 0-based column, the formula it should hold) for each Turfbook header formula on a sheet's
    header row (`typed`: title -> that row in the FORMULA render) that does not follow the header, or
    that shows an error (`broken`: title -> columns; its ID column or hidden tab was deleted, a21c
    finding 16: written again, looking up the ID column where it is now). Pure."""
    out = []
    for sheet in layout.sheets:
        cells = typed.get(sheet.title) or []
        at = sheet.current(with_service_headers(cells, cells))
        if "id" not in at:
            continue
        for key, i in sorted(at.items(), key=lambda kv: kv[1]):
            formula = cells[i] if i < len(cells) else ""
            text = header_of_formula(formula)
            if text is not None and (not follows_header(formula, sheet.header_row)
                                     or i in (broken or {}).get(sheet.title, set())):
                out.append((sheet, i, header_formula(text, at["id"], sheet.tab, key, sheet.header_row,
                                                                anchored=True)))
    return out


def _header_rows(sheets, layout: Layout, titles: set[str]) -> dict[str, list[Any]]:
    """Each sheet's header row as typed, one values.batchGet."""
    wanted = [s for s in layout.sheets if s.title in titles]
    read = sheets.read([f"{a1.quote_sheet(s.title)}!{s.header_row}:{s.header_row}" for s in wanted],
                       render="FORMULA")
    return {s.title: (rows[0] if rows else []) for s, rows in zip(wanted, read, strict=True)}


def repair(sheets, layout: Layout, grid: dict[str, dict], typed: dict[str, list[Any]],
           broken: dict[str, set[int]] | None = None) -> int:
    """Rewrite the stale header formulas (`stale`); how many were written. Nothing to do: no call."""
    todo = [t for t in stale(layout, typed, broken) if t[0].title in grid]
    if not todo:
        return 0
    taken: set[int] = set()
    rows = {s.title: guarded.Tag(guarded.new_metadata_id(taken), grid[s.title]["sheetId"], "ROWS",
                                 s.header_row - 1, "header", s) for s, _, _ in todo}
    cols = [guarded.Tag(guarded.new_metadata_id(taken), grid[s.title]["sheetId"], "COLUMNS", i, s.title,
                        (s, i, want)) for s, i, want in todo]
    try:
        sheets.batch_update(guarded.create(list(rows.values()) + cols, KEY))
    except GoogleError:
        guarded.clean(sheets, KEY)
        return 0

    def plan():
        for row in rows.values():
            row.name = "header"
        present = {t.metadata_id for t in guarded.relocate(sheets, KEY, list(rows.values()) + cols)}
        now = _header_rows(sheets, layout, set(rows))
        requests, planned = [], 0
        for tag in cols:
            sheet, i, want = tag.write
            row = rows[sheet.title]
            cells = now.get(sheet.title) or []
            formula = cells[i] if i < len(cells) else ""
            if tag.metadata_id not in present or row.metadata_id not in present or tag.index != i \
                    or row.index != sheet.header_row - 1 or header_of_formula(formula) != header_of_formula(want) \
                    or (formula == want and i not in (broken or {}).get(sheet.title, set())):
                continue                        # moved or changed since: the next `sheets adopt` looks again
            requests += guarded.still_at(tag, KEY) + (guarded.still_at(row, KEY) if row.name == "header" else [])
            row.name = "guarded"                # one guard per header row, whatever it holds to repair
            requests.append(sr.update_cells_at(tag.sheet_id, row.index, i, [sr.row([sr.cell(formula=want)])],
                                               "userEnteredValue"))
            planned += 1
        if not planned:
            return None
        return requests + [sr.delete_metadata_by_key(KEY)], lambda: planned

    done = guarded.write_or_clean(sheets, plan, KEY)
    return done or 0
