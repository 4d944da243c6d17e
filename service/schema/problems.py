"""The Problems tab: each job's problems replace that job's previous list, so fixed ones vanish.

One values.batchGet (the Problems tab, plus the header+ID+problems columns of tabs that have a
per-row `problems` column) and one values.batchUpdate. A problem that persists keeps its
`first_seen`. Possible duplicates (kind possible_duplicate) are listed after the rest: that is the
"Possible duplicates" section. Dates are written as serial numbers (the column is date-formatted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from service.schema.cells import cell_text
from service.schema.columns import match_columns
from service.schema.dates import parse_date, to_serial
from service.schema.loader import Schema
from service.schema.model import Problem, WorkbookSnapshot
from service.schema.problem_kinds import cell as kind_cell
from service.schema.problem_kinds import kind_of
from service.schema.text import fold
from service.workspace import a1
from service.workspace.errors import GoogleError
from service.workspace.sheets import CellWrite

TAB = "Problems"
KEYS = ("job", "tab", "row_id", "column", "problem", "kind", "first_seen")
ROW_CELL_LIMIT = 250
CELL_LIMIT = 50_000          # what one Sheets cell holds: Problems-tab messages are never cut shorter


@dataclass
class ProblemsResult:
    written: int
    kept_first_seen: int
    row_cells: int


def write_problems(sheets, job: str, problems: list[Problem], now: date | datetime, *,
                   schema: Schema | None = None, snapshot: WorkbookSnapshot | None = None) -> ProblemsResult:
    """Replace `job`'s entries in the Problems tab (and refresh per-row `problems` cells if a
    snapshot says where they are)."""
    if schema is None:
        from service.schema.loader import load_schema

        schema = load_schema()
    today = now.date() if isinstance(now, datetime) else now
    tab = schema.tab(TAB)
    row_tabs = _row_problem_tabs(snapshot)
    ranges = [a1.whole_sheet(TAB)]
    for title, id_at, cell_at, _ in row_tabs:
        ranges += [a1.whole_columns(title, id_at), a1.whole_columns(title, cell_at)]
    try:
        read = sheets.read(ranges)
    except GoogleError as exc:
        if exc.status == 400:
            raise LookupError(f"cannot write {job} problems: the {TAB} tab (or a tab it points to) is missing; "
                              "run `turfbook sheets init`") from exc
        raise
    current = read[0]
    match = match_columns(tab, current[0] if current else [])
    positions = {k: match.columns.get(k) for k in KEYS}
    old = [{k: (cells[i] if i is not None and i < len(cells) else "") for k, i in positions.items()}
           for cells in current[1:] if any(c not in ("", None) for c in cells)]
    first_seen = {}
    for entry in old:
        if cell_text(entry["job"]) == job:
            first_seen.setdefault(_key(entry), entry["first_seen"])
            first_seen.setdefault(_key(entry)[:-1], entry["first_seen"])
    entries, kept, seen = [], 0, set()
    for p in problems:
        entry = {"job": job, "tab": p.tab, "row_id": p.row_id or (f"row {p.row_number}" if p.row_number else ""),
                 "column": p.column or "", "problem": _whole(p.message), "kind": kind_cell(p.kind)}
        key = _key(entry)
        if key in seen:
            continue
        seen.add(key)
        earlier = first_seen.get(key, first_seen.get(key[:-1]))
        kept += earlier not in (None, "")
        entry["first_seen"] = _serial(earlier, today)
        entries.append(entry)
    others = [e for e in old if cell_text(e["job"]) != job]
    rows = sorted(others + entries, key=lambda e: (kind_of(cell_text(e["kind"])) == "possible_duplicate",
                                                    cell_text(e["job"]), cell_text(e["tab"])))
    writes = _table_writes(tab, current, match, rows)
    cells = _row_cell_writes(row_tabs, read[1:], rows)
    sheets.write(writes + cells)
    return ProblemsResult(len(entries), kept, len(cells))


def _key(entry: dict[str, Any]) -> tuple:
    """Identity of an entry; the kind by what it means, so a tab written with raw kinds keeps its dates."""
    return tuple(kind_of(cell_text(entry[k])) if k == "kind" else cell_text(entry[k])
                 for k in ("job", "tab", "row_id", "column", "kind", "problem"))


def _whole(message: str) -> str:
    """The message as found; only a message longer than a Sheets cell holds is cut (to fit)."""
    return message if len(message) <= CELL_LIMIT else message[:CELL_LIMIT - 1] + "…"


def _serial(value: Any, today: date) -> int:
    if value in (None, ""):
        return to_serial(today)
    try:
        return to_serial(parse_date(value))
    except ValueError:
        return to_serial(today)


def _table_writes(tab, current: list[list], match, rows: list[dict]) -> list[CellWrite]:
    header = list(current[0]) if current else []
    positions = dict(match.columns)
    writes = []
    missing = [c for c in tab.columns if c.key not in positions]
    for col in missing:                              # a Problems tab without some columns: add them
        positions[col.key] = len(header)
        header.append(col.header)
    if missing or not current:
        writes.append(CellWrite(a1.block(TAB, 1, 0, 1, len(header)), [header]))
    width = max(positions.values()) + 1
    old_rows = max(len(current) - 1, 0)
    body = []
    for index in range(max(len(rows), old_rows)):
        line: list[Any] = [""] * width
        if index < len(rows):
            for key, at in positions.items():
                if key in rows[index]:
                    line[at] = rows[index][key]
        body.append(line)
    if body and (body != [_pad(r, width) for r in current[1:]] or missing):
        writes.append(CellWrite(a1.block(TAB, 2, 0, len(body), width), body))
    return writes


def _pad(row: list, width: int) -> list:
    return (list(row) + [""] * width)[:width]


def _row_problem_tabs(snapshot: WorkbookSnapshot | None) -> list[tuple[str, int, int]]:
    if snapshot is None:
        return []
    return [(name, snap.columns["id"], snap.columns["problems"], snap.header[snap.columns["problems"]])
            for name, snap in snapshot.tabs.items() if "id" in snap.columns and "problems" in snap.columns]


def _row_cell_writes(row_tabs, columns: list[list[list]], rows: list[dict]) -> list[CellWrite]:
    """Per-row `problems` cells: a short text from every job's entries for that row's ID."""
    writes = []
    for n, (title, _, cell_at, header) in enumerate(row_tabs):
        ids, cells = columns[2 * n], columns[2 * n + 1]
        if not ids or not cells or fold(cell_text(cells[0][0] if cells[0] else "")) != fold(header):
            continue                                 # the column moved since the snapshot: skip this time
        wanted: dict[str, list[str]] = {}
        for e in rows:
            if cell_text(e["tab"]) == title and cell_text(e["row_id"]):
                wanted.setdefault(cell_text(e["row_id"]), []).append(_short(cell_text(e["problem"])))
        for offset, id_cells in enumerate(ids[1:]):
            row_id = cell_text(id_cells[0]) if id_cells else ""
            have = cell_text(cells[offset + 1][0]) if offset + 1 < len(cells) and cells[offset + 1] else ""
            text = "; ".join(wanted.get(row_id, [])) if row_id else have
            text = text if len(text) <= ROW_CELL_LIMIT else text[:ROW_CELL_LIMIT - 1] + "…"
            if text != have:
                writes.append(CellWrite(a1.cell(title, offset + 2, cell_at), [[text]]))
    return writes


def _short(message: str) -> str:
    """'Conversations row C-000123: Date '31/02' is not a date' -> "Date '31/02' is not a date"."""
    head, sep, rest = message.partition(": ")
    return rest if sep and (" row " in head or head.endswith("header")) else message
