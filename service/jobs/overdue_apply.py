"""Writing an OverduePlan: only the changed service cells, by ID, in one values.batchUpdate.

Staff sort and insert rows while a job runs, so row numbers from the read are only hints.
Right before writing, the header row and the ID column of every tab with changes are re-read in
one values.batchGet; every target is re-found by its ID (and every column by its header). A row
whose ID vanished, or now appears twice, is skipped and reported — never written somewhere else.
Writes are small rectangles of changed cells only (see `_ranges`), so no staff cell is ever
inside a write range. What remains is the window between that re-read and the write landing
(one round trip); the next run corrects any status that landed late, but a sort in that window
could still put one status on a wrong row until then.

Dates are written as ISO text with USER_ENTERED, so Sheets stores them as real dates (serial
numbers with a date format) like the ones staff type. Everything else Turfbook writes here is its
own vocabulary ("OVERDUE 3d", "due in 2d", "done", "problem: ..."), never text a person typed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.jobs.followups import JOB, CellChange, OverduePlan, TabLayout
from service.schema.model import Problem
from service.workspace import a1
from service.workspace.sheets import CellWrite

MAX_REQUEST_BYTES = 1_800_000        # Google's request limit is about 2 MB


@dataclass
class ApplyResult:
    cells: int = 0                    # cells written
    ranges: int = 0                   # ranges in the batch
    calls: int = 0                    # Sheets API calls made by apply (re-read + write)
    moved: list[str] = field(default_factory=list)      # IDs found on another row than at read time
    skipped: list[str] = field(default_factory=list)    # IDs not written (vanished, duplicated, no column)
    problems: list[Problem] = field(default_factory=list)


def apply(plan: OverduePlan, target, *, before_write: Callable[[], None] | None = None) -> ApplyResult:
    """Write the plan's changes. `target` is a Sheets or a Workspace. `before_write` is a test seam
    called after planning and before the ID re-read (where a concurrent staff edit would fall)."""
    sheets = target.sheets() if hasattr(target, "config") else target
    result = ApplyResult()
    if not plan.changes:
        return result
    if before_write:
        before_write()
    tabs = sorted({c.tab for c in plan.changes})
    layouts = [plan.layouts[t] for t in tabs]
    ranges = []
    for layout in layouts:
        ranges += [f"{a1.quote_sheet(layout.name)}!1:1", a1.whole_columns(layout.name, layout.columns["id"])]
    answer = sheets.read(ranges)
    result.calls += 1
    writes: dict[tuple[str, int], dict[int, Any]] = {}
    by_tab = defaultdict(list)
    for change in plan.changes:
        by_tab[change.tab].append(change)
    for i, layout in enumerate(layouts):
        header = [str(h).strip() for h in (answer[2 * i][0] if answer[2 * i] else [])]
        ids = [str(r[0]).strip() if r else "" for r in answer[2 * i + 1]]
        _place(layout, header, ids, by_tab[layout.name], writes, result)
    cell_writes = _ranges(writes)
    result.ranges = len(cell_writes)
    result.cells = sum(len(row) for w in cell_writes for row in w.values)
    for batch in _batches(cell_writes):
        sheets.write(batch, input_option="USER_ENTERED")
        result.calls += 1
    return result


def _place(layout: TabLayout, header: list[str], ids: list[str], changes: list[CellChange],
           writes: dict, result: ApplyResult) -> None:
    """Re-find each change's row by ID and column by header; record the cell or skip and report."""
    id_header = layout.header_of("id")
    if layout.columns["id"] >= len(header) or header[layout.columns["id"]] != id_header.strip():
        for change in changes:
            result.skipped.append(change.row_id)
        result.problems.append(Problem(JOB, layout.name, None, id_header, f"{layout.name}: the ID column moved "
                                       "while the job ran; nothing written there, the next run will", "moved"))
        return
    rows: dict[str, int] = {}
    twice: set[str] = set()
    for index, value in enumerate(ids[1:], start=2):
        if value in rows:
            twice.add(value)
        rows[value] = index
    columns = {key: _column(layout, key, header) for key in {c.column for c in changes}}
    reported: set[str] = set()
    for change in changes:
        row, column = rows.get(change.row_id), columns[change.column]
        why = ("appears on more than one row" if change.row_id in twice else
               "is no longer in the tab (deleted, or its ID was changed)" if row is None else
               f"column '{layout.header_of(change.column)}' was renamed or removed" if column is None else None)
        if why:
            result.skipped.append(change.row_id)
            if change.row_id not in reported:
                reported.add(change.row_id)
                result.problems.append(Problem(JOB, layout.name, change.row_id, layout.header_of(change.column),
                                               f"{layout.name} {change.row_id} {why} since the job read it; "
                                               "not written", "moved", change.row_number))
            continue
        if row != change.row_number and change.row_id not in reported and change.row_id not in result.moved:
            result.moved.append(change.row_id)
        writes.setdefault((layout.name, column), {})[row] = cell_value(change.new)


def _column(layout: TabLayout, key: str, header: list[str]) -> int | None:
    index, title = layout.columns.get(key), layout.header_of(key).strip()
    if index is not None and index < len(header) and header[index] == title:
        return index
    found = [i for i, h in enumerate(header) if h == title]
    return found[0] if len(found) == 1 else None


def _ranges(writes: dict[tuple[str, int], dict[int, Any]]) -> list[CellWrite]:
    """Rectangles made only of changing cells: a row's adjacent changed columns side by side,
    consecutive rows with the same changed columns stacked. A cell that is not changing (a staff
    cell above all) is never inside a range."""
    by_tab: dict[str, dict[int, dict[int, Any]]] = defaultdict(lambda: defaultdict(dict))
    for (tab, column), cells in writes.items():
        for row, value in cells.items():
            by_tab[tab][row][column] = value
    out: list[CellWrite] = []
    for tab in sorted(by_tab):
        spans: dict[tuple[int, int], list[tuple[int, list[Any]]]] = defaultdict(list)
        for row, cells in by_tab[tab].items():
            columns = sorted(cells)
            first = 0
            for i in range(1, len(columns) + 1):
                if i == len(columns) or columns[i] != columns[i - 1] + 1:
                    spans[(columns[first], columns[i - 1])].append((row, [cells[c] for c in columns[first:i]]))
                    first = i
        for (c0, c1), rows in sorted(spans.items()):
            rows.sort()
            first = 0
            for i in range(1, len(rows) + 1):
                if i == len(rows) or rows[i][0] != rows[i - 1][0] + 1:
                    block = rows[first:i]
                    out.append(CellWrite(a1.block(tab, block[0][0], c0, rows=len(block), columns=c1 - c0 + 1),
                                         [values for _, values in block]))
                    first = i
    return out


def _batches(writes: list[CellWrite]) -> list[list[CellWrite]]:
    """Normally one batch; split only if the request would pass Google's size limit."""
    batches: list[list[CellWrite]] = [[]]
    size = 0
    for write in writes:
        cost = len(json.dumps({"range": write.range, "majorDimension": "ROWS", "values": write.values})) + 2
        if batches[-1] and size + cost > MAX_REQUEST_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(write)
        size += cost
    return batches if batches[0] else []


def cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
