"""New rows of a tab people edit, appended so that every value lands under its header or no row is added
at all, whatever columns staff insert, delete or move while the append is on its way (the column tags of
row_writes, docs/write-path.md)."""

from __future__ import annotations

from datetime import date

from turfbook.schema import guarded
from turfbook.schema.cells import cell_text
from turfbook.schema.dates import to_serial
from turfbook.schema.formatting import DATE_FORMAT
from turfbook.schema.guarded import ATTEMPTS
from turfbook.schema.header_rows import header_range
from turfbook.schema.id_next import numbers_of
from turfbook.schema.row_writes import CHUNK, RowWrite, _column, _grid, _read, _Run, _tags
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import BadRequest
from turfbook.workspace.retry import AmbiguousWrite


def typed_cell(value, dated: bool = False) -> dict:
    """A new cell as the schema types it, like the rows staff type: a bool as a checkbox value, a number
    as a number, a date as its serial (the column's date format shows it; `dated`: with a date format of
    its own); anything else as text. Never parsed: text stays text (`=SUM(...)` is not a formula), as with
    RAW."""
    if isinstance(value, bool):
        return sr.cell(boolean=value)
    if isinstance(value, int | float):
        return sr.cell(number=value)
    if isinstance(value, date):
        return sr.cell(number=to_serial(value), user_format={"numberFormat": DATE_FORMAT} if dated else None)
    return sr.cell(text=cell_text(value))


def append_rows(sheets, title: str, id_header: str, rows: list[RowWrite], key: str, dated: bool = False,
                split: bool = True, memory=None) -> list[str]:
    """Append new rows (each cell under its header; `cells` includes the ID) so that every value lands
    under its header or no row is added at all, whatever columns staff insert, delete or move meanwhile.

    values.append lays a row out by the header as read: a column inserted while it is in flight shifts
    the row's cells. Instead: COLUMN tags on the written columns (one batchUpdate, only metadata), read
    back (developerMetadata.search + the header row: each tag must sit under its header), then one atomic
    batchUpdate of the tags' guards, `appendCells` laid out by the tags' columns, and the tags' deletion:
    a column moved after the read-back fails the whole batch, which is laid out again (at most ATTEMPTS
    times). A lost reply: the ID column is read again and only the rows not there are sent again.
    Returns the IDs not appended (the caller leaves their files for the next run). Rows go CHUNK at a time,
    so no request nears Google's 10 MB limit (a 10,000-file inbox is five guarded appends).

    A team's own sheet (an adopted workbook) has no column-wide date format: only the cells they typed
    dates in have one, so a new row's dates carry their own (`dated`), or staff would see 46360 under
    "Fecha". That request's mask then includes the number format, so the row's other cells get none (they
    are Turfbook's new cells: text, numbers, or empty, left of the service columns added right of the ID).
    Each sheet's part is appended to that sheet as it is (`split` False): a sheet titled as its logical tab
    ('Media' adopted as Media) is never split again (a21n 4: that recursed until Python stopped it).
    `memory` (id_memory.Memory): raised to the rows' IDs in the batch that appends them (fix23a)."""
    rows = [r for r in rows if r.cells]
    splitter = getattr(sheets, "split_appends", None) if split else None
    parts = splitter(title, rows) if splitter is not None else None
    if parts is not None:                       # an adopted workbook: each row to its organizer's own sheet
        return [left for sheet_title, sheet_id_header, sheet_rows in parts     # None: no sheet for it, held
                for left in ([r.row_id for r in sheet_rows] if sheet_title is None else
                             append_rows(sheets, sheet_title, sheet_id_header, sheet_rows, key, dated=True,
                                         split=False, memory=memory))]
    return [left for start in range(0, len(rows), CHUNK)
            for left in _append_chunk(sheets, title, id_header, rows[start:start + CHUNK], key, dated, memory)]


def _append_chunk(sheets, title: str, id_header: str, pending: list[RowWrite], key: str, dated: bool = False,
                  memory=None) -> list[str]:
    for _ in range(ATTEMPTS):
        if not pending:
            return []
        try:
            if _append_round(sheets, title, id_header, pending, key, dated, memory):
                return []
        except AmbiguousWrite:
            header, ids = _read(sheets, title, id_header)
            present = set(ids)
            pending = [r for r in pending if r.row_id not in present]
    return [r.row_id for r in pending]


def _append_round(sheets, title: str, id_header: str, rows: list[RowWrite], key: str, dated: bool = False,
                  memory=None) -> bool:
    [header_rows] = sheets.read([header_range(sheets, title)])
    header = header_rows[0] if header_rows else []
    names = sorted({n for r in rows for n in r.cells} | {id_header})
    columns = {n: i for n in names if (i := _column(header, n)) is not None}
    if id_header not in columns:
        return False                            # no ID column: nothing can be found again
    names = sorted(columns)                     # a column staff deleted is left out of the new rows
    run = _Run(*_grid(sheets, title))
    run.tags = _tags(run, [("COLUMNS", columns[n], n) for n in names])
    try:
        sheets.batch_update(guarded.create(run.tags, key))
    except BadRequest:
        guarded.clean(sheets, key)
        return False
    done = False
    try:
        for _ in range(ATTEMPTS):
            if len(guarded.relocate(sheets, key, run.tags)) < len(run.tags):
                return False                    # a written column was deleted: lay out again
            [header_rows] = sheets.read([header_range(sheets, title)])
            header = header_rows[0] if header_rows else []
            if any(t.index != _column(header, t.name) for t in run.tags):
                return False                    # a column renamed or the tags landed elsewhere
            at = {t.name: t.index for t in run.tags}
            width = max(at.values()) + 1
            lines = []
            for r in rows:
                line = [{}] * width
                for name, value in r.cells.items():
                    if name in at and cell_text(value) != "":
                        line[at[name]] = typed_cell(value, dated)
                lines.append(sr.row(line))
            requests = [q for t in run.tags for q in guarded.still_at(t, key)]
            remembered, landed = memory.raise_to(numbers_of(r.row_id for r in rows)) if memory else ([], None)
            try:
                fields = "userEnteredValue,userEnteredFormat.numberFormat" if dated else "userEnteredValue"
                sheets.batch_update(requests + [sr.append_cells(run.sheet_id, lines, fields),
                                                sr.delete_metadata_by_key(key)] + remembered)
            except BadRequest:
                continue                        # a column moved after the read-back: look again
            if landed is not None:
                landed()
            done = True
            return True
    finally:
        if not done:
            guarded.clean(sheets, key)
    return False
