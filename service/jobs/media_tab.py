"""The Media tab for filing: read what is filed (a Ledger), and write rows by ID.

New rows are appended in one atomic batch guarded by column tags (each value under its header or
no row at all; the rows carry their IDs, so a dropped connection is reconciled by ID, never doubled).
A new row's `notes` (a staff column) starts as the note typed on the upload form;
after that the cell is staff's: existing rows are written only in service columns (never `notes`),
each on the row holding its ID or not at all, through developer-metadata guards that hold while
staff sort, insert, delete or move rows and columns (service/schema/row_writes.py). Dates are
written as text (RAW: no name someone uploaded can become a formula). `person` is the People ID when
the name typed on the form matches one person, else the name as typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from turfbook.jobs.filing_plan import Ledger, MediaRecord, Placement
from turfbook.schema.adopt_gaps import lacking
from turfbook.schema.loader import Tab
from turfbook.schema.model import Problem, TabSnapshot
from turfbook.schema.row_appends import append_rows
from turfbook.schema.row_writes import RowWrite, finish, sweep, write_rows
from turfbook.schema.write_journal import Journal

MEDIA = "Media"
COLUMNS = ("id", "drive_file_id", "original_name", "filed_name", "folder", "captured_at", "capture_source",
           "uploaded_by", "worksite", "person", "issue", "status", "reason", "link", "md5", "filed_at",
           "worksite_name", "person_name")
TAG_KEY = "turfbook_filing"      # developer metadata key of filing's row/column tags (row_writes)
NEW_ROW_ONLY = ("notes",)        # staff columns a new row starts with (from the upload form), never rewritten


def link(file_id: str) -> str:
    return f"https://drive.google.com/file/d/{file_id}/view"


def stamp(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def ledger(tab: TabSnapshot | None, id_prefix: str = "M", id_digits: int = 6, floor: int = 0) -> Ledger:
    """The Media rows as filing plans from them; new IDs count on from above `floor` too (id_memory)."""
    records = []
    for row in (tab.rows if tab else []):
        if not row.id:
            continue
        v = row.values
        records.append(MediaRecord(row.id, _s(v.get("drive_file_id")), _s(v.get("status")), _s(v.get("folder")),
                                   _s(v.get("filed_name")), _s(v.get("md5")), _s(v.get("reason")), dict(v)))
    return Ledger(records, id_prefix=f"{id_prefix}-", id_digits=id_digits, floor=floor)


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def row_values(p: Placement, status: str, filed_at: datetime | None) -> dict[str, str]:
    f = p.file
    capture = f.capture
    fields = p.fields
    return {
        "id": p.media_id, "drive_file_id": f.id, "original_name": f.name, "filed_name": p.name,
        "folder": p.folder_text, "captured_at": stamp(capture.captured_at if capture else f.created),
        "capture_source": capture.source if capture else "uploaded",
        "uploaded_by": _s(f.properties.get("organizer")), "worksite": _s(fields.get("worksite_id") or ""),
        "person": _s(fields.get("person_id") or fields.get("person")), "issue": _s(fields.get("issue")),
        "status": status,
        "reason": p.reason, "link": link(f.id), "md5": f.md5 or "", "filed_at": stamp(filed_at),
        "notes": _s(f.properties.get("note")),
        **names_beside_ids(fields),
    }


def names_beside_ids(fields: dict[str, Any]) -> dict[str, str]:
    """The names a person reads beside the Worksite and Person IDs (both kept): the Worksites / People names
    the file was linked to, blank when it was not linked (the ID cell then holds what was typed)."""
    return {"worksite_name": _s(fields.get("worksite")) if fields.get("worksite_id") else "",
            "person_name": _s(fields.get("person_name")) if fields.get("person_id") else ""}


def finish_crashed_write(sheets, data_dir) -> int:
    """The verify of a Media row write whose run was killed before it was done (row_writes.finish), from
    the journal in `data_dir`; run first, under the filing lock, before the Media tab is read."""
    return finish(sheets, TAG_KEY, Journal(data_dir, TAG_KEY))


class MediaTab:
    """Row writes to the Media tab, laid out by the header as read this run."""

    def __init__(self, sheets, tab: TabSnapshot, id_column: str = "id", data_dir=None, schema_tab: Tab | None = None):
        self.sheets = sheets
        self.memory = None              # the workbook's memory of IDs given (id_memory): raised by `append`
        # the columns filing writes that a sheet of Media lacks as read (adopt_gaps.lacking): no row is written
        self.missing = lacking(sheets, schema_tab, list(COLUMNS + NEW_ROW_ONLY), tab.columns) \
            if schema_tab is not None else []
        self.journal = Journal(data_dir, TAG_KEY) if data_dir is not None else None
        self.title = tab.name
        self.columns = {k: i for k, i in tab.columns.items() if k in COLUMNS}
        self.new_row_columns = {k: i for k, i in tab.columns.items() if k in COLUMNS + NEW_ROW_ONLY}
        self.id_col = tab.columns[id_column]
        self.header = {k: str(tab.header[i]) for k, i in tab.columns.items() if k in COLUMNS}
        self.before_write = None        # a test seam: called right before the guarded write
        self.new_row_header = {k: str(tab.header[i]) for k, i in self.new_row_columns.items()}

    def refusal(self) -> str:
        """Why nothing was filed this run (EN / ES): each sheet and the columns it lacks."""
        en = "; ".join(f"'{title}' lacks {', '.join(repr(h) for h in headers)}" for title, headers in self.missing)
        es = "; ".join(f"a '{title}' le falta(n) {', '.join(repr(h) for h in headers)}"
                       for title, headers in self.missing)
        return (f"Media: nothing filed, the files stay in the inbox: {en} (columns filing writes; a row without "
                "them would lose the photo's record). Run `turfbook sheets adopt` (an adopted workbook) or "
                f"`turfbook sheets init` to add them / Media: nada archivado, los archivos quedan en la bandeja: {es} "
                "(columnas que escribe el archivado). Ejecute `turfbook sheets adopt` (libro adoptado) o "
                "`turfbook sheets init` para agregarlas.")

    def problems(self, job: str) -> list[Problem]:
        return [Problem(job, MEDIA, None, headers[0], self.refusal(), "service_column_missing")
                for _, headers in self.missing[:1]]

    def append(self, rows: list[dict[str, str]]) -> list[str]:
        """Add new rows, each value under its header or the row not at all, whatever columns staff
        insert or move meanwhile (row_writes.append_rows); returns the IDs not added (their files
        are left where they are, for the next run)."""
        if not rows:
            return []
        writes = [RowWrite(values["id"], {self.new_row_header[k]: values.get(k, "") for k in self.new_row_columns})
                  for values in rows]
        return append_rows(self.sheets, self.title, self.header["id"], writes, TAG_KEY, memory=self.memory)

    def update(self, rows: list[dict[str, str]]) -> list[str]:
        """Write existing rows' service cells, each on the row holding its ID and in the column under
        its header or not at all, whatever staff do meanwhile (service/schema/row_writes.py); returns
        the IDs not written (the next run writes them)."""
        if not rows:
            return []
        writes = [RowWrite(values["id"], {self.header[k]: values.get(k, "") for k in self.columns if k != "id"})
                  for values in rows]
        return write_rows(self.sheets, self.title, self.header["id"], writes, TAG_KEY, before_write=self.before_write,
                          journal=self.journal)

    def sweep(self) -> None:
        """Tags a crashed run left (between its write and its verify) are deleted (row_writes.sweep)."""
        sweep(self.sheets, TAG_KEY)
