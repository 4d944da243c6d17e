"""Writing an OverduePlan into the service tabs, never into a tab people edit.

The staff tabs show Status / Flagged at (Conversations) and Last contact / Next follow-up / Status
(People) through one array formula per column header that looks each row's value up by the row's
own ID in a service tab (`_Conversations`, `_People`; see service/schema/service_tabs.py and
docs/write-path.md). So this module writes only the service tabs: their rows are the service's
own, sorted by ID, written by nobody else (the job runs under its lock), and a positional write
there is exact. A person sorting, inserting or deleting rows or columns in Conversations or People
while this write is in flight cannot make it land on their cells: no write addresses them.

Dates are written as ISO text with USER_ENTERED, so Sheets stores them as real dates (serial
numbers with a date format) like the ones staff type. Everything else Turfbook writes here is its
own vocabulary ("OVERDUE 3d", "due in 2d", "done", "problem: ...") and IDs, never text a person typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import attrgetter, itemgetter

import orjson

from turfbook.jobs.overdue_plan import JOB, OverduePlan
from turfbook.schema.model import Problem
from turfbook.schema.service_tabs import ServiceTable, cell_value, writes_cells  # noqa: F401 - cell_value re-exported
from turfbook.workspace.errors import BadRequest
from turfbook.workspace.sheet_requests import append_rows
from turfbook.workspace.sheets import CellWrite

_TAB, _ROW_ID, _COLUMN, _NEW = itemgetter(0), itemgetter(1), itemgetter(3), itemgetter(5)   # a CellChange's
_VALUES = attrgetter("values")
MAX_REQUEST_BYTES = 1_800_000        # Google's request limit is about 2 MB
SPARE_ROWS = 1000                    # rows added at a time when a service tab must grow


@dataclass
class ApplyResult:
    cells: int = 0                    # cells written
    ranges: int = 0                   # ranges in the batch
    calls: int = 0                    # Sheets API calls made by apply
    moved: list[str] = field(default_factory=list)      # kept for the summary; always empty now
    skipped: list[str] = field(default_factory=list)    # IDs not written (no service tab)
    problems: list[Problem] = field(default_factory=list)


def apply(plan: OverduePlan, target, *, service: dict[str, ServiceTable] | None = None,
          before_write: Callable[[], None] | None = None) -> ApplyResult:
    """Write the plan's changes into the service tabs read with the plan (`service`). `target` is a
    Sheets or a Workspace. `before_write` is a test seam called right before writing."""
    sheets = target.sheets() if hasattr(target, "config") else target
    result = ApplyResult()
    if not plan.changes:
        return result
    changes = plan.changes
    cell_writes: list[CellWrite] = []
    sizes: dict[str, tuple[int, int]] = {}
    for tab in sorted(set(map(_TAB, changes))):
        mine = list(map(tab.__eq__, map(_TAB, changes)))           # the tab's changes, chosen in C
        table = (service or {}).get(tab)
        if table is None or not table.present:
            result.skipped += dict.fromkeys(compress(map(_ROW_ID, changes), mine))   # the IDs, first seen first
            result.problems.append(Problem(JOB, tab, None, None, f"{tab}: the workbook has no service tab for it "
                                           "(deleted?); nothing written there. Run `turfbook sheets init` (a "
                                           "workbook of the team's own: `turfbook sheets adopt`).", "missing_column"))
            continue
        chosen = list(compress(changes, mine))                      # its cells: IDs, column keys, new values
        found, rows = writes_cells(table, list(map(_ROW_ID, chosen)), list(map(_COLUMN, chosen)),
                                   list(map(_NEW, chosen)))
        cell_writes += found
        if rows > len(table.rows) + 1:
            sizes[table.title] = (len(table.rows) + 1, rows)
    if before_write:
        before_write()
    result.ranges = len(cell_writes)
    result.cells = sum(map(len, chain.from_iterable(map(_VALUES, cell_writes))))     # every row's cells, in C
    for batch in _batches(cell_writes):
        try:
            sheets.write(batch, input_option="USER_ENTERED")
        except BadRequest as exc:       # new rows past the service tab's grid: add rows, write again
            if "exceeds grid limits" not in exc.message or not sizes:
                raise
            result.calls += 1 + _grow(sheets, sizes)
            sheets.write(batch, input_option="USER_ENTERED")
        result.calls += 1
    return result


def _grow(sheets, sizes: dict[str, tuple[int, int]]) -> int:
    """Make room for new rows at the end of service tabs (values.batchUpdate cannot write past the
    grid). Adding spare rows twice after a retried call is harmless: blank rows are never found."""
    meta = sheets.metadata("sheets.properties(sheetId,title,gridProperties.rowCount)")
    requests = []
    for sheet in meta.get("sheets", []):
        props = sheet["properties"]
        if props["title"] in sizes:
            need = sizes[props["title"]][1] - props.get("gridProperties", {}).get("rowCount", 0)
            if need > 0:
                requests.append(append_rows(props["sheetId"], need + SPARE_ROWS))
    if requests:
        sheets.batch_update(requests, idempotent=True)
    return 1 + bool(requests)


def _batches(writes: list[CellWrite]) -> list[list[CellWrite]]:
    """Normally one batch; split only if the request would pass Google's size limit."""
    batches: list[list[CellWrite]] = [[]]
    size = 0
    for write in writes:
        text = orjson.dumps(write.values)       # as the body is sent (transport.FastJsonModel.serialize)
        values = len(text) if text.isascii() else len(json.dumps(write.values, separators=(",", ":")))
        cost = values + len(write.range) + 60   # + the range's own keys and quotes
        if batches[-1] and size + cost > MAX_REQUEST_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(write)
        size += cost
    return batches if batches[0] else []
