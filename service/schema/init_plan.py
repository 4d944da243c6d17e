"""plan_init: what `turfbook sheets init` must change, computed from one spreadsheets.get that also
brings the header rows (plus a few sample rows) of each tab as grid data. Pure: no I/O.

Tracking what is applied: conditional formats and protected ranges are compared with what the
get returns; validation, header notes/looks and number formats (which a get cannot return without
grid data) are fingerprinted, and the fingerprint is kept as the tab's developer metadata
`turfbook.format`. An up-to-date workbook therefore plans nothing at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from turfbook.schema import formatting as fmt
from turfbook.schema.columns import ColumnMatch, describe_rename, match_columns
from turfbook.schema.loader import Schema, Tab, VocabRef
from turfbook.schema.model import Problem
from turfbook.schema.settings_tab import known_names
from turfbook.schema.text import fold, header_key
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.sheets import CellWrite

FINGERPRINT_KEY = "turfbook.format"
NEW_TAB_ROWS = 1000
NEW_TAB_COLUMNS = 26
_SHEET = ("properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),"
          "conditionalFormats,protectedRanges,developerMetadata(metadataId,metadataKey,metadataValue)")
_CELLS = "data(startRow,startColumn,rowData(values(effectiveValue,formattedValue,userEnteredValue)))"
INIT_FIELDS = f"spreadsheetId,properties(title,locale,timeZone),sheets({_SHEET})"
# the one get of an existing workbook: INIT_FIELDS plus the cells of `sample_ranges` (header + sample rows)
INIT_GRID_FIELDS = f"spreadsheetId,properties(title,locale,timeZone),sheets({_SHEET},{_CELLS})"
SAMPLE_FIELDS = f"sheets(properties(sheetId),{_CELLS})"
SAMPLE = 21                     # header + 20 rows: enough to recognise a renamed column by its data


@dataclass
class InitPlan:
    requests: list[dict] = field(default_factory=list)       # one spreadsheets.batchUpdate
    writes: list[CellWrite] = field(default_factory=list)    # one values.batchUpdate (RAW)
    actions: list[str] = field(default_factory=list)         # what will change, for people
    notices: list[str] = field(default_factory=list)         # what Turfbook saw and left alone
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, dict[str, int]] = field(default_factory=dict)   # tab -> key -> column index

    @property
    def empty(self) -> bool:
        return not self.requests and not self.writes

    def describe(self) -> str:
        lines = [f"- {a}" for a in self.actions] or ["- nothing to change: the workbook is up to date"]
        lines += [f"- note: {n}" for n in self.notices]
        return "\n".join(lines)


def header_ranges(titles: list[str], row_counts: dict[str, int] | None = None) -> list[str]:
    """Header + sample rows of each tab (clipped to the tab's row count when known: past the grid is a 400)."""
    row_counts = row_counts or {}
    return [f"{a1.quote_sheet(t)}!1:{min(SAMPLE, row_counts.get(t, SAMPLE))}" for t in titles]


def sample_ranges(schema: Schema) -> list[str]:
    """`ranges` for the one spreadsheets.get: every schema tab, so each is returned with its properties.

    Table tabs bring their header and sample rows; a free-layout tab only its A1 cell (its properties
    and protections are what init needs). Naming a tab that does not exist is a 400.
    """
    return [f"{a1.quote_sheet(t.name)}!A1" if t.layout == "free" else header_ranges([t.name])[0]
            for t in schema.tabs]


def plan_init(schema: Schema, metadata: dict, header_rows: dict[str, list[list[Any]]],
              adopted: dict[str, list[tuple[str, int | None]]] | None = None, time_zone: str = "") -> InitPlan:
    """`adopted` (an adopted workbook): schema tab -> the team's own sheets (title, sheetId) the stored adoption
    maps to it; such a tab is never added (an empty twin of theirs), only said, by each sheet's title now.
    `time_zone`: the configured one, which Settings gets (with the spreadsheet's own locale) in place of the
    schema's defaults: a Settings row init writes never changes what is in force (a21n 3: America/New_York and
    en_US written into a Europe/Madrid team's es_ES workbook flipped its dates)."""
    plan = InitPlan()
    adopted = adopted or {}
    sheets = {fold(s["properties"]["title"]): s for s in metadata.get("sheets", [])}
    rows_by_fold = {fold(t): rows for t, rows in header_rows.items()}
    next_id = max([s["properties"]["sheetId"] for s in metadata.get("sheets", [])] + [0]) + 1
    own_locale = (metadata.get("properties") or {}).get("locale") or ""
    in_force = {k: v for k, v in (("timezone", time_zone), ("locale", own_locale)) if v}
    titles_now = {s["properties"]["sheetId"]: s["properties"]["title"] for s in metadata.get("sheets", [])}
    layouts: list[tuple[Tab, dict, ColumnMatch | None, int, list]] = []
    for tab in schema.tabs:
        sheet = sheets.get(fold(tab.name))
        if sheet is None and adopted.get(tab.name):
            theirs = ", ".join(repr(titles_now.get(sid, title)) for title, sid in adopted[tab.name])
            plan.notices.append(f"tab '{tab.name}' not added: your {theirs} is adopted as it / pestaña "
                                f"'{tab.name}' no añadida: su {theirs} está adoptada como ella")
            continue
        if sheet is None and adopted and tab.layout == "settings" and (theirs := _aliased(tab, titles_now)):
            plan.notices.append(f"tab '{tab.name}' not added: your '{theirs}' is read as it once `turfbook sheets "
                                f"adopt` has run / pestaña '{tab.name}' no añadida: su '{theirs}' se lee como ella "
                                "después de ejecutar `turfbook sheets adopt`")     # a mapping from before a21n 7
            continue
        if sheet is None and adopted and tab.owner == "service":     # adopt/the job makes it, under a free title
            plan.notices.append(f"tab '{tab.name}' not added: on an adopted workbook Turfbook makes it when it "
                                f"first writes it / pestaña '{tab.name}' no añadida: en un libro adoptado Turfbook "
                                "la crea al escribirla por primera vez")
            continue
        if sheet is None:
            sheet = {"properties": {"sheetId": next_id, "title": tab.name,
                                    "gridProperties": {"rowCount": NEW_TAB_ROWS,
                                                       "columnCount": max(NEW_TAB_COLUMNS, len(tab.columns))}}}
            next_id += 1
            props, grid = sheet["properties"], sheet["properties"]["gridProperties"]
            plan.requests.append(sr.add_sheet(tab.name, sheet_id=props["sheetId"], rows=grid["rowCount"],
                                              cols=grid["columnCount"], frozen_rows=1 if tab.columns else 0))
            plan.actions.append(f"add tab '{tab.name}'")
            layouts.append((tab, sheet, None, 0, []))
        else:
            values = rows_by_fold.get(fold(tab.name), [])
            match = match_columns(tab, values[0] if values else [], values[1:])
            width = max((len(r) for r in values), default=0)    # never write a header over staff data
            layouts.append((tab, sheet, match, width, values))
    if adopted and any(a.startswith("add tab ") for a in plan.actions):
        plan.notices.append("then run `turfbook sheets adopt` so the jobs read the tabs added / luego ejecute "
                            "`turfbook sheets adopt` para que los trabajos lean las pestañas añadidas")
    for tab, sheet, match, width, values in layouts:
        plan.positions[tab.name] = _place_columns(plan, tab, sheet, match, width)
        if tab.layout == "settings":
            _missing_settings(plan, tab, sheet["properties"]["title"], values, in_force)
    vocab_ranges = {(ref.tab, ref.column): fmt.vocab_range(ref.tab, plan.positions[ref.tab][ref.column])
                    for t in schema.tabs for c in t.columns if isinstance(ref := c.vocabulary, VocabRef)
                    and ref.column in plan.positions.get(ref.tab, {})}
    for tab, sheet, match, _, _ in layouts:
        _shape(plan, tab, sheet, match, vocab_ranges)
    return plan


def _aliased(tab: Tab, titles: dict[int, str]) -> str:
    """The team's own tab titled as one of `tab`'s aliases ('Ajustes' for Settings), "" when none."""
    return next((t for t in titles.values() if header_key(t) in tab.names()), "")


def _place_columns(plan: InitPlan, tab: Tab, sheet: dict, match: ColumnMatch | None, width: int) -> dict[str, int]:
    props = sheet["properties"]
    positions = dict(match.columns) if match else {}
    if match:
        for key, index in match.renamed.items():
            message = describe_rename(tab, key, match.headers[index])
            plan.notices.append(message)
            plan.problems.append(Problem("schema", tab.name, None, match.headers[index], message, "renamed_column"))
        for key, index in match.duplicates:
            plan.notices.append(f"{tab.name}: column {a1.column_letter(index)} repeats the header of "
                                f"'{tab.column(key).header}'; left alone")
    missing = [c for c in tab.columns if c.key not in positions]
    if not missing:
        return positions
    first = width
    new_headers = []
    for offset, col in enumerate(missing):
        positions[col.key] = first + offset
        new_headers.append(col.header)
    if match is not None:
        plan.actions.append(f"{tab.name}: add column(s) {', '.join(repr(h) for h in new_headers)} at "
                            f"{a1.column_letter(first)}")
    needed = first + len(missing) - props["gridProperties"].get("columnCount", NEW_TAB_COLUMNS)
    if needed > 0:
        plan.requests.append(sr.append_dimension(props["sheetId"], "COLUMNS", needed))
    plan.writes.append(CellWrite(a1.block(props["title"], 1, first, 1, len(missing)), [new_headers]))
    for col in missing:
        plan.requests.append(fmt.width_request(props["sheetId"], col, positions[col.key]))
    return positions


def _missing_settings(plan: InitPlan, tab: Tab, title: str, values: list[list],
                      in_force: dict[str, str] | None = None) -> None:
    """Add a row for each default setting the Settings tab does not list yet (values never touched); the
    timezone and locale as in force (`in_force`), not the schema's defaults."""
    positions = plan.positions[tab.name]
    at_name, at_value = positions["setting"], positions["value"]
    if len(values) >= SAMPLE:
        return                                              # longer than what was read: do not guess
    known = known_names(tab)                                # 'Días de gracia' lists grace_days (settings_tab)
    present = {known.get(fold(r[at_name]), fold(r[at_name])) for r in values[1:]
               if at_name < len(r) and r[at_name] not in ("", None)}
    values_now = {**tab.defaults, **{k: v for k, v in (in_force or {}).items() if k in tab.defaults}}
    rows = [[name, value] for name, value in values_now.items() if name not in present and fold(name) not in present]
    if not rows:
        return
    first = max(len(values), 1) + 1
    if at_value == at_name + 1:
        plan.writes.append(CellWrite(a1.block(title, first, at_name, len(rows), 2), rows))
    else:
        plan.writes.append(CellWrite(a1.block(title, first, at_name, len(rows), 1), [[r[0]] for r in rows]))
        plan.writes.append(CellWrite(a1.block(title, first, at_value, len(rows), 1), [[r[1]] for r in rows]))
    plan.actions.append(f"{title}: add default setting(s) {', '.join(r[0] for r in rows)}")


def _shape(plan: InitPlan, tab: Tab, sheet: dict, match: ColumnMatch | None, vocab_ranges: dict) -> None:
    props = sheet["properties"]
    sheet_id = props["sheetId"]
    title = props["title"]
    positions = plan.positions[tab.name]
    if match is not None and tab.columns and not props["gridProperties"].get("frozenRowCount"):
        plan.requests.append(sr.freeze(sheet_id, 1))
        plan.actions.append(f"{title}: freeze the header row")
    # validation, notes, header looks, number formats: fingerprinted
    if not tab.columns:
        _protect(plan, tab, sheet, positions)
        return
    requests = []
    for col in tab.columns:
        requests += fmt.column_requests(sheet_id, col, positions[col.key], vocab_ranges)
    digest = hashlib.sha256(json.dumps(requests, sort_keys=True).encode()).hexdigest()[:16]
    ours = [m for m in sheet.get("developerMetadata", []) if m.get("metadataKey") == FINGERPRINT_KEY]
    if not ours or ours[0].get("metadataValue") != digest:
        plan.requests += requests
        plan.actions.append(f"{title}: set validation, header notes and formats on {len(tab.columns)} column(s)")
        for old in ours:
            plan.requests.append(sr.delete_metadata(old["metadataId"]))
        plan.requests.append(sr.create_sheet_metadata(sheet_id, FINGERPRINT_KEY, digest))
    _protect(plan, tab, sheet, positions)
    _conditional_formats(plan, tab, sheet, positions)


def _protect(plan: InitPlan, tab: Tab, sheet: dict, positions: dict[str, int]) -> None:
    sheet_id = sheet["properties"]["sheetId"]
    expected = {fmt.protection_key(p): p for p in fmt.protected_ranges(sheet_id, tab, positions)}
    existing = [p for p in sheet.get("protectedRanges", [])
                if p.get("description", "").startswith(fmt.PROTECT_PREFIX)]
    have = {fmt.protection_key(p) for p in existing}
    for p in existing:
        if fmt.protection_key(p) not in expected:
            plan.requests.append(sr.delete_protected_range(p["protectedRangeId"]))
    added = [p for key, p in expected.items() if key not in have]
    for p in added:
        plan.requests.append(sr.add_protected_range(p))
    if added:
        plan.actions.append(f"{sheet['properties']['title']}: protect {len(added)} service range(s) (warning only)")


def _conditional_formats(plan: InitPlan, tab: Tab, sheet: dict, positions: dict[str, int]) -> None:
    if not tab.has("status") or not tab.has("id") or tab.column("status").vocabulary:
        return
    sheet_id = sheet["properties"]["sheetId"]
    expected = fmt.status_rules(sheet_id, positions["status"])
    existing = sheet.get("conditionalFormats", [])
    ours = [(i, r) for i, r in enumerate(existing) if fmt.is_ours(r)]
    if [fmt.rule_key(r) for _, r in ours] == [fmt.rule_key(r) for r in expected]:
        return
    for index, _ in sorted(ours, reverse=True, key=lambda p: p[0]):
        plan.requests.append(sr.delete_conditional_rule(sheet_id, index))
    for index, rule in enumerate(expected):
        plan.requests.append(sr.add_conditional_rule(rule, index))
    plan.actions.append(f"{sheet['properties']['title']}: colour the status column (OVERDUE red, due today amber)")

