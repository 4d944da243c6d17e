"""Apply `turfbook sheets init`: create the spreadsheet if needed, then upgrade it.

Calls: (when google.spreadsheet_id is empty: find or create Turfbook's workbook through Drive,
service/workspace/workbook_file.py) + ONE spreadsheets.get (narrow `fields`; with `ranges` naming
every schema tab it also returns each tab's header and sample rows as grid data) + at most one
spreadsheets.batchUpdate + at most one values.batchUpdate; then service_views.install (the service
tabs and the header formulas that show them, see docs/write-path.md).

When that get answers 400 (a schema tab does not exist yet, or is shorter than the sample rows:
`ranges` may only name cells that exist), init reads the sheet list first and then the cells of
the tabs that are there: three reads, only on the run that adds tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

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
from turfbook.schema.text import fold
from turfbook.workspace.errors import GoogleError
from turfbook.workspace.retry import AmbiguousWrite
from turfbook.workspace.sheets import grid_values
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
             title: str = "Turfbook", locale: str = "en_US", time_zone: str = "America/New_York") -> InitResult:
    created, found_in, warning = False, None, None
    if not spreadsheet_id:
        if dry_run:
            return InitResult(None, False, plan_init(schema, {"sheets": []}, {}), dry_run=True)
        workbook = find_or_create(workspace, title, [t.name for t in schema.tabs], locale, time_zone)
        spreadsheet_id, created = workbook.spreadsheet_id, workbook.created
        found_in = None if created else workbook.where
        warning = workbook.warning()
    sheets = workspace.sheets(spreadsheet_id)
    for _ in range(3):
        plan = _plan(sheets, schema)
        if dry_run or plan.empty:
            break
        try:
            if plan.requests:
                # not idempotent (addSheet, addProtectedRange ...): never blindly re-sent; after a
                # dropped connection the workbook is read again and the plan recomputed instead
                request = workspace.spreadsheets.batchUpdate(
                    spreadsheetId=spreadsheet_id, body={"requests": plan.requests})
                workspace.execute(request, idempotent=False)
            sheets.write(plan.writes)
            break
        except AmbiguousWrite:
            continue
    else:
        raise AmbiguousWrite("sheets init: could not confirm the changes after 3 attempts; run it again")
    from turfbook.schema.service_views import install

    lines = install(sheets, schema, dry_run=dry_run)
    return InitResult(spreadsheet_id, created, plan, dry_run, lines=lines, found_in=found_in, warning=warning)


def _plan(sheets, schema: Schema) -> InitPlan:
    """One spreadsheets.get (structure + header and sample rows of every tab), then the pure plan."""
    try:
        metadata = sheets.metadata(INIT_GRID_FIELDS, ranges=sample_ranges(schema))
    except GoogleError as exc:
        if exc.status != 400:
            raise
        metadata = _read_in_two(sheets, schema)
    tables = {fold(t.name) for t in schema.tabs if t.layout != "free"}
    header_rows = {s["properties"]["title"]: grid_values(s) for s in metadata.get("sheets", [])
                   if fold(s["properties"]["title"]) in tables}
    return plan_init(schema, metadata, header_rows)


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
