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

from turfbook.schema.cells import cell_text
from turfbook.schema.columns import match_columns
from turfbook.schema.dates import parse_date, to_serial
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem, WorkbookSnapshot
from turfbook.schema.problem_kinds import cell as kind_cell
from turfbook.schema.problem_kinds import kind_of, where
from turfbook.schema.service_tabs import ROW_PROBLEMS, ServiceTable, title_of
from turfbook.schema.service_tabs import writes as service_writes
from turfbook.workspace import a1
from turfbook.workspace.errors import BadRequest, GoogleError
from turfbook.workspace.sheets import CellWrite

TAB = "Problems"
KEYS = ("job", "tab", "row_id", "column", "problem", "kind", "first_seen", "problem_es")
ROW_CELL_LIMIT = 500      # a row's Problems cell: each problem in English and Spanish (cell_words.row_problem)
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
        from turfbook.schema.loader import load_schema

        schema = load_schema()
    today = now.date() if isinstance(now, datetime) else now
    tab = schema.tab(TAB)
    row_tabs = _row_problem_tabs(snapshot)
    ranges = [a1.whole_sheet(TAB)] + ([a1.whole_sheet(title_of(ROW_PROBLEMS))] if row_tabs else [])
    try:
        read = _read(sheets, ranges)
    except GoogleError as exc:
        from turfbook.schema.adopt_sync import remake_problems

        if exc.status == 400 and remake_problems(sheets, schema):   # adopted: Turfbook's own, at a free title
            read = _read(sheets, ranges)
        elif exc.status == 400:
            raise LookupError(f"cannot write {job} problems: the {TAB} tab (or a tab it points to) is missing; "
                              "run `turfbook sheets init` (a workbook of the team's own: `turfbook sheets adopt`, "
                              "which adds Turfbook's under a free title when the team has a Problems tab of its "
                              "own)") from exc
        else:
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
    for row in rows:                                 # every job's rows, also those an older version wrote
        row["problem_es"] = where(kind_of(cell_text(row["kind"])), "es", tab=cell_text(row["tab"]),
                                  row_id=cell_text(row["row_id"]), column=cell_text(row["column"]))
    writes = _table_writes(tab, current, match, rows)
    cells = _row_cell_writes(row_tabs, ServiceTable.parse(ROW_PROBLEMS, read[1]) if row_tabs else None, rows,
                             _due_headers(snapshot))
    try:
        sheets.write(writes + cells)
    except BadRequest as exc:                        # the row-problems service tab needs more rows
        if not cells or "exceeds grid limits" not in exc.message:
            raise
        from turfbook.schema.service_views import grow

        grow(sheets, cells)
        sheets.write(writes + cells)
    return ProblemsResult(len(entries), kept, sum(len(w.values) for w in cells))


def _read(sheets, ranges: list[str]) -> list:
    try:
        return sheets.read(ranges)
    except GoogleError as exc:
        if exc.status != 400 or len(ranges) == 1:
            raise
        return sheets.read(ranges[:1]) + [None]   # no row-problems service tab yet: `sheets init` adds it


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


def _row_problem_tabs(snapshot: WorkbookSnapshot | None) -> dict[str, list[str]]:
    """{tab: IDs of its rows} for the tabs with a per-row `problems` column (shown from the service tab)."""
    if snapshot is None:
        return {}
    return {name: [r.id for r in snap.rows if r.id] for name, snap in snapshot.tabs.items()
            if "id" in snap.columns and "problems" in snap.columns}


def _due_headers(snapshot: WorkbookSnapshot | None) -> set[tuple[str, str]]:
    """(tab, header) of each tab's follow-up due column: a problem there keeps the follow-up open."""
    if snapshot is None:
        return set()
    return {(name, cell_text(snap.header[snap.columns["follow_up_due"]])) for name, snap in snapshot.tabs.items()
            if "follow_up_due" in snap.columns and snap.columns["follow_up_due"] < len(snap.header)}


def _row_cell_writes(row_tabs: dict[str, list[str]], table: ServiceTable | None, rows: list[dict],
                     due: set[tuple[str, str]] | None = None) -> list[CellWrite]:
    """Per-row `problems` texts (from every job's entries for that row's ID), written into the service
    tab `_Turfbook Problems` by ID — never into a staff tab, whose column shows them through its header
    formula (docs/write-path.md). Only rows whose text changed are written. The problems that keep a follow-up
    open come first (a done date after today, a due not read as a date); a text too long says how many more
    the Problems tab holds (`row_text`)."""
    if table is None or not table.present:
        return []                                    # `sheets init` has not made the service tab yet
    wanted: dict[str, list[tuple[int, str]]] = {}
    for e in rows:
        if cell_text(e["tab"]) in row_tabs and cell_text(e["row_id"]):
            text = cell_text(e["problem"])
            rank = 0 if "stays open" in text else 1 if (cell_text(e["tab"]), cell_text(e["column"])) in (due or set()) \
                else 2
            wanted.setdefault(cell_text(e["row_id"]), []).append((rank, _short(text)))
    have = {row_id: cell_text(v["problems"] or "") for row_id, v in table.by_id().items()}
    changes = {}
    for row_id in sorted(set(have) | {i for ids in row_tabs.values() for i in ids}):
        text = row_text([t for _, t in sorted(wanted.get(row_id, []), key=lambda k: k[0])])
        if text != have.get(row_id, ""):
            changes[row_id] = {"problems": text}
    return service_writes(table, changes)[0] if changes else []


def row_text(items: list[str], limit: int = ROW_CELL_LIMIT) -> str:
    """A row's problems in one cell of at most `limit` characters: whole problems, then, when some do not fit,
    how many more the Problems tab holds (EN/ES); never a problem dropped with no sign."""
    text = "; ".join(items)
    if len(text) <= limit:
        return text
    for kept in range(len(items) - 1, -1, -1):
        more = len(items) - kept
        note = f"… (+{more} more: see the Problems tab / {more} más en la pestaña Problems)"
        if kept == 0:
            more -= 1
            note = (f"… (+{more} more: see the Problems tab / {more} más en la pestaña Problems)" if more
                    else "…")
            return items[0][:limit - len(note)] + note
        head = "; ".join(items[:kept]) + " "
        if len(head) + len(note) <= limit:
            return head + note
    return text[:limit - 1] + "…"


def _short(message: str) -> str:
    """'Conversations row 2 (C-000123): Date '31/02' is not a date / Conversations fila 2 (C-000123): Date '31/02' no
    es una fecha' -> "Date '31/02' is not a date / Date '31/02' no es una fecha" (cell_words.row_problem)."""
    head, sep, rest = message.partition(": ")
    rest = rest.replace(f" / {head.replace(' row ', ' fila ', 1)}: ", " / ", 1)
    return rest if sep and (" row " in head or head.endswith("header")) else message
