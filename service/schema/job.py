"""The `schema` job: read the workbook, assign missing IDs, report problems and possible
duplicates to the Problems tab. Run by `turfbook sheets check` and by the demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from turfbook.clock import Clock
from turfbook.gcpause import gc_paused
from turfbook.schema.adopt_guard import guard_filters
from turfbook.schema.adopt_sorted import held, remember
from turfbook.schema.adopt_view import not_adopted
from turfbook.schema.blocked import blocked_cells
from turfbook.schema.duplicates import find_possible_duplicates
from turfbook.schema.id_copies import copies_named, returned_problems, split_problems
from turfbook.schema.id_lost import lost_problems, lost_rows
from turfbook.schema.id_memory import Kept
from turfbook.schema.id_memory import problems as memory_problems
from turfbook.schema.id_namesakes import namesake_problems, namesake_rows
from turfbook.schema.id_text import retyped_problems
from turfbook.schema.id_typed import doubt_problems, doubted_rows, typed_problems
from turfbook.schema.id_typed_said import said_problems, said_rows
from turfbook.schema.id_verify import finish
from turfbook.schema.ids import KEY, apply_ids, plan_ids
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem
from turfbook.schema.problems import write_problems
from turfbook.schema.reader import read_workbook
from turfbook.schema.write_journal import Journal

JOB = "schema"


@dataclass
class SchemaJobResult:
    ids_planned: int = 0
    ids_written: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    filters: list[str] = field(default_factory=list)   # adopted sheets whose filter now covers Turfbook's columns

    def summary(self) -> str:
        kinds: dict[str, int] = {}
        for p in self.problems:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        shown = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"
        verb = "would assign" if self.dry_run else "assigned"
        widened = "".join(f"\n  '{t}': your filter now covers Turfbook's columns too / su filtro ahora cubre también "
                          "las columnas de Turfbook" for t in self.filters)
        return f"{verb} {self.ids_planned if self.dry_run else self.ids_written} ID(s); problems: {shown}" + widened


def run_schema_job(sheets, schema: Schema, *, tz: str = "America/New_York", dry_run: bool = False,
                   now: datetime | None = None, before_write=None, data_dir=None,
                   reserved: dict[str, int] | None = None) -> SchemaJobResult:
    """`data_dir`: where the ID write's intent journal is kept (write_journal); a run first finishes the
    verify of a run killed mid-write (id_verify.finish). None: no journal (tests, the demo).
    `reserved`: the highest ID number per prefix given out but maybe not yet in the sheet (the field
    queue's, read by the caller under the `ids` lock): new IDs count on from above them."""
    journal = Journal(data_dir, KEY) if data_dir is not None else None
    with gc_paused():
        return _run(sheets, schema, tz=tz, dry_run=dry_run, now=now, before_write=before_write, journal=journal,
                    reserved=reserved)


def _run(sheets, schema: Schema, *, tz: str, dry_run: bool, now: datetime | None, before_write,
         journal, reserved: dict[str, int] | None = None) -> SchemaJobResult:
    now = now or Clock.in_zone(tz).now()
    if not dry_run:
        finish(sheets, schema, journal)
    snapshot = read_workbook(sheets, schema, settings_tz=tz, today=now.date())
    origins = dict(getattr(sheets, "origins", None) or {})        # an adopted workbook: where its rows are
    ids = plan_ids(snapshot, schema, reserved, kept=Kept(sheets))  # no deleted row's ID (fix21ba, fix23a)
    namesakes = namesake_rows(snapshot, schema)     # rows not given a deleted record's ID back (a21k k2)
    lost = lost_rows(snapshot, schema)              # rows given a new ID that look like such a record (a21l l8)
    doubted = doubted_rows(snapshot, schema)        # a deleted record's ID typed on an edited other record (a21o 1)
    said = said_rows(snapshot, schema)              # typed or cleared IDs no row's cells tell (a21p 3, 4, 5, 8)
    problems = [p for p in snapshot.problems if p.job == JOB] + ids.problems
    problems += blocked_cells(sheets, schema, snapshot, JOB)
    widened = [] if dry_run else guard_filters(sheets)   # an adopted workbook's filters widened before any write
    problems += not_adopted(sheets, JOB)            # an adopted workbook's tab added since (its titles: that read)
    stop = held(sheets)       # sorted without Turfbook's ID column (adopt_sorted): nothing written there
    if stop:
        ids.writes = [w for w in ids.writes if w.tab not in stop]
    result = SchemaJobResult(ids_planned=len(ids), problems=problems, dry_run=dry_run)
    if not dry_run:
        result.filters = widened
        result.ids_written = apply_ids(sheets, schema, ids, before_write=before_write, journal=journal)
        if result.ids_written:
            remember(sheets, snapshot)          # the new IDs' row keys (adopt_sorted)
    problems = copies_named(problems, snapshot, origins, ids)     # a copied ID's problem: the copy's new ID, their rows
    problems += returned_problems(ids, origins)                   # a row given its own ID back (a21j 3)
    problems += split_problems(ids, origins)                      # one of two rows' ID cell cleared (a21o o4)
    problems += namesake_problems(ids, namesakes, origins, schema)  # ...or not: other cells differ (a21k k2)
    problems += lost_problems(ids, lost, origins)                 # ...or a record edited while its ID was gone (l8)
    problems += retyped_problems(ids, origins, held=stop)         # 'c-000001' typed: written C-000001 (a21n 2)
    problems = typed_problems(problems, ids, origins, held=stop)  # another record's ID typed over (a21o 1, 9)
    problems += doubt_problems(snapshot, doubted, origins)       # ...not told by its cells: said, kept as typed
    problems = said_problems(problems, ids, snapshot, said, origins, held=stop)   # ...nor by its key (a21p)
    problems += memory_problems(ids.memory, JOB)                 # the memory of IDs given not read (fix23a)
    result.problems = problems = problems + find_possible_duplicates(snapshot, JOB)  # rows by the IDs they have now
    if not dry_run:
        # the per-row problems are kept by ID: not refreshed while a tab's rows sit next to other IDs
        write_problems(sheets, JOB, problems, now, schema=schema, snapshot=None if stop else snapshot)
    return result
