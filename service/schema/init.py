"""Apply `turfbook sheets init`: create the spreadsheet if needed, then upgrade it.

Calls: (when google.spreadsheet_id is empty: find or create Turfbook's workbook through Drive,
service/workspace/workbook_file.py) + ONE spreadsheets.get (narrow `fields`; with `ranges` naming
every schema tab it also returns each tab's header and sample rows as grid data); when there is
something to do, the plan's requests and header/settings writes go in ONE guarded atomic
spreadsheets.batchUpdate (column_guard: + 1 get, 1 tagging batchUpdate, the plan's get again and 1
developerMetadata.search; refused and re-planned if any column or the header row moved meanwhile,
so a header can never land on a staff column); then service_views.install (the service tabs and
the header formulas that show them, see docs/write-path.md).

When that get answers 400 (a schema tab does not exist yet, or is shorter than the sample rows:
`ranges` may only name cells that exist), init reads the sheet list first and then the cells of
the tabs that are there: three reads, only on the run that adds tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from turfbook.schema.column_guard import apply_guarded
from turfbook.schema.init_plan import (
    INIT_FIELDS,
    INIT_GRID_FIELDS,
    SAMPLE_FIELDS,
    InitPlan,
    header_ranges,
    plan_init,
    sample_ranges,
)
from turfbook.schema.loader import Schema
from turfbook.schema.service_tabs import with_service_headers
from turfbook.schema.text import fold
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import GoogleError
from turfbook.workspace.retry import AmbiguousWrite
from turfbook.workspace.sheets import CellWrite, grid_values
from turfbook.workspace.workbook_file import find_or_create


@dataclass
class InitResult:
    spreadsheet_id: str | None
    created: bool
    plan: InitPlan
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)
    found_in: str | None = None     # google.spreadsheet_id was empty and Turfbook's workbook was found there
    warning: str | None = None      # more than one Turfbook workbook: which one to use


def run_init(workspace, schema: Schema, spreadsheet_id: str | None, *, dry_run: bool = False,
             title: str = "Turfbook", locale: str = "en_US", time_zone: str = "America/New_York",
             adopted: dict[str, list[tuple[str, int | None]]] | None = None) -> InitResult:
    """`adopted`: schema tab -> the team's sheets an adoption maps to it (adopted_tabs): never added again."""
    created, found_in, warning = False, None, None
    if not spreadsheet_id:
        if dry_run:
            return InitResult(None, False, plan_init(schema, {"sheets": []}, {}), dry_run=True)
        workbook = find_or_create(workspace, title, [t.name for t in schema.tabs], locale, time_zone)
        spreadsheet_id, created = workbook.spreadsheet_id, workbook.created
        found_in = None if created else workbook.where
        warning = workbook.warning()
    sheets = workspace.sheets(spreadsheet_id)
    latest: list[InitPlan] = []

    def replan() -> list[dict]:
        fresh, meta = _plan(sheets, schema, adopted, time_zone)
        latest.append(fresh)
        return fresh.requests + as_requests(fresh.writes, meta, fresh.requests)

    for _ in range(3):
        plan, metadata = _plan(sheets, schema, adopted, time_zone)
        if dry_run or plan.empty:
            break
        titles = [s["properties"]["title"] for s in metadata.get("sheets", [])]
        try:
            # the header writes and every formatting request address columns by position: one atomic
            # batchUpdate, refused if any column or the header row moved since the read (column_guard).
            # Not idempotent (addSheet, addProtectedRange ...): never blindly re-sent; after a dropped
            # connection the workbook is read again and the plan recomputed instead
            apply_guarded(sheets, titles, replan)
            plan = latest[-1] if latest else plan
            break
        except AmbiguousWrite:
            continue
    else:
        raise AmbiguousWrite("sheets init: could not confirm the changes after 3 attempts; run it again")
    from turfbook.schema.service_views import install

    lines = install(sheets, schema, dry_run=dry_run)
    return InitResult(spreadsheet_id, created, plan, dry_run, lines=lines, found_in=found_in, warning=warning)


def _plan(sheets, schema: Schema, adopted: dict | None = None, time_zone: str = "") -> tuple[InitPlan, dict]:
    """One spreadsheets.get (structure + header and sample rows of every tab), then the pure plan.

    A service column is recognised by its header formula, not by the text it shows (#REF! while a
    typed cell blocks its array), so it is never added a second time (a14 L1)."""
    try:
        metadata = sheets.metadata(INIT_GRID_FIELDS, ranges=sample_ranges(schema))
    except GoogleError as exc:
        if exc.status != 400:
            raise
        metadata = _read_in_two(sheets, schema)
    tables = {fold(t.name) for t in schema.tabs if t.layout != "free"}
    header_rows = {s["properties"]["title"]: _with_formula_headers(s, grid_values(s))
                   for s in metadata.get("sheets", []) if fold(s["properties"]["title"]) in tables}
    return plan_init(schema, metadata, header_rows, adopted, time_zone), metadata


def _with_formula_headers(sheet: dict, values: list[list]) -> list[list]:
    """Row 1 of `values` with each Turfbook header formula's cell replaced by its header text."""
    formulas: list = []
    for data in sheet.get("data") or []:
        if data.get("startRow", 0) == 0 and data.get("rowData"):
            c0 = data.get("startColumn", 0)
            cells = data["rowData"][0].get("values") or []
            formulas = [""] * c0 + [(c.get("userEnteredValue") or {}).get("formulaValue", "") for c in cells]
    if not values or not any(formulas):
        return values
    return [with_service_headers(values[0], formulas)] + values[1:]


def as_requests(writes: list[CellWrite], metadata: dict, requests: list[dict]) -> list[dict]:
    """The plan's header and settings writes as updateCells (RAW: text stays text), so they go in the
    same guarded batchUpdate as the rest of the plan (tabs added by that batch included)."""
    ids = {s["properties"]["title"]: s["properties"]["sheetId"] for s in metadata.get("sheets", [])}
    ids.update({r["addSheet"]["properties"]["title"]: r["addSheet"]["properties"]["sheetId"]
                for r in requests if "addSheet" in r})
    out = []
    for write in writes:
        title, _, cells = write.range.rpartition("!")
        found = _CELL.match(cells.split(":")[0])
        column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(found.group(1)))) - 1
        title = title[1:-1].replace("''", "'") if title.startswith("'") else title
        out.append(sr.update_cells_at(ids[title], int(found.group(2)) - 1, column,
                                      [sr.row([_cell(v) for v in line]) for line in write.values], "userEnteredValue"))
    return out


_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _cell(value) -> dict:
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return sr.cell(text=str(value)) if value not in (None, "") else {}


def _read_in_two(sheets, schema: Schema) -> dict:
    """Every sheet's structure, then the sample cells of the schema tabs that exist (clipped to their grid)."""
    metadata = sheets.metadata(INIT_FIELDS)
    present = {fold(s["properties"]["title"]): s for s in metadata.get("sheets", [])}
    found = [present[fold(t.name)] for t in schema.tabs if t.layout != "free" and fold(t.name) in present]
    if not found:
        return metadata
    titles = [s["properties"]["title"] for s in found]
    rows = {s["properties"]["title"]: s["properties"].get("gridProperties", {}).get("rowCount", 1) for s in found}
    cells = sheets.metadata(SAMPLE_FIELDS, ranges=header_ranges(titles, rows))
    data = {s["properties"]["sheetId"]: s.get("data", []) for s in cells.get("sheets", [])}
    for sheet in found:
        sheet["data"] = data.get(sheet["properties"]["sheetId"], [])
    return metadata


_ID_LINE = re.compile(r"^(?P<indent>[ \t]+)spreadsheet_id:[^\n#]*(?P<comment>#.*)?$", re.MULTILINE)


def write_spreadsheet_id(path: Path, spreadsheet_id: str) -> None:
    """Set google.spreadsheet_id in the config file, touching nothing else (comments stay)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    match = _ID_LINE.search(text)
    if match:
        comment = f"  {match['comment']}" if match["comment"] else ""
        line = f"{match['indent']}spreadsheet_id: {spreadsheet_id}{comment}"
        text = text[:match.start()] + line + text[match.end():]
    elif re.search(r"^google:\s*$", text, re.MULTILINE):
        text = re.sub(r"^google:\s*$", f"google:\n  spreadsheet_id: {spreadsheet_id}", text, count=1,
                      flags=re.MULTILINE)
    else:
        text = text.rstrip("\n") + ("\n" if text else "") + f"google:\n  spreadsheet_id: {spreadsheet_id}\n"
    _check_written(path, text, spreadsheet_id)
    path.write_text(text, encoding="utf-8")


def _check_written(path: Path, text: str, spreadsheet_id: str) -> None:
    """Never leave a config the next command cannot read (a flow-style `google: {...}` line, say)."""
    from turfbook.config import ConfigError
    from turfbook.yamlfile import YamlError, loads_yaml

    try:
        data = loads_yaml(text, str(path))
        ok = str(((data or {}).get("google") or {}).get("spreadsheet_id")) == spreadsheet_id
    except (YamlError, AttributeError):
        ok = False
    if not ok:
        raise ConfigError(f"{path}: cannot add google.spreadsheet_id to this file's layout (left unchanged); "
                          f"add `spreadsheet_id: {spreadsheet_id}` under `google:` by hand")
