"""The field coalescer: the queue of entries sent from phones -> rows in the sheet, in one guarded batch.

    run(workspace, *, dry_run=False, clock=None, **options) -> JobResult

Scheduled every minute by the scheduler (`schedule.field`), under the runner's lock, so bursts from
many organizers become one write per tab per tick: 1 values.batchGet (People and Conversations, for
IDs), then for each tab with new rows the staff-safe guarded append (service/schema/row_appends.py:
2 batchUpdates, each value under its header or no row at all). New People rows go first, so a
conversation's person ID is already in People when its row lands.

IDs: the next numbers after the highest ever given (id_next: the sheet, its hidden service tabs, the stored
row keys, the queue; a deleted row's ID never again), under the `ids` lock that
`turfbook sheets check` (numbering rows people typed) also takes, so the two never give one number twice.
Crash safety: IDs are assigned and recorded in the queue (turfbook.field.queue) before the write; an
entry whose conversation ID is already in the sheet ON A ROW WITH ITS CONTENT (person and notes; a new
person's row by name) is marked landed and never appended again. An ID found on a row that is not the
entry's (given to a row people typed) is dropped and the entry gets new numbers: never marked landed unwritten. A tick
that fails leaves its entries waiting for the next one.

Organizers: each entry belongs to its organizer's ID; its rows get the name the Organizers tab has for
that ID now (a rename before the tick writes the new name), or the name at receipt when the ID is gone.
Queue rows from before organizer IDs get their ID here too (by name, from the same read).
"""

from __future__ import annotations

from typing import Any

from turfbook.clock import Clock
from turfbook.field import rows as field_rows
from turfbook.field.queue import FieldQueue
from turfbook.field.turf import current_names
from turfbook.jobs import JobResult, job_clock
from turfbook.jobs.ids_lock import taken
from turfbook.schema.adopt_guard import guard_filters
from turfbook.schema.adopt_kinds import SORTED
from turfbook.schema.adopt_sorted import remember_appended
from turfbook.schema.cells import cell_text
from turfbook.schema.id_memory import Kept
from turfbook.schema.id_memory import problems as memory_problems
from turfbook.schema.id_next import highest_given
from turfbook.schema.model import Problem
from turfbook.schema.row_appends import append_rows
from turfbook.schema.row_writes import RowWrite
from turfbook.schema.text import fold

JOB = "field"
TAG_KEY = "turfbook_field"          # developer metadata key of this job's column tags (its own)
PEOPLE, CONVERSATIONS = "People", "Conversations"
MAX_PER_TICK = 2000                 # entries per tick (row_appends sends 2,000 rows a request)


def _read(sheets, config):
    from turfbook.schema import load_schema
    from turfbook.schema.reader import read_workbook

    schema = load_schema(config.schema_dir / "workbook.yaml")
    snapshot = read_workbook(sheets, schema, tabs=[PEOPLE, CONVERSATIONS], settings_tz=config.organization.timezone,
                             columns={PEOPLE: {"id", "name"}, CONVERSATIONS: {"id", "date", "person", "notes"}})
    missing = [t for t in (PEOPLE, CONVERSATIONS) if t not in snapshot.tabs]
    if missing:
        raise RuntimeError(f"the workbook has no {' or '.join(missing)} tab; run `turfbook sheets init`")
    digits = {t.id_prefix: t.id_digits for t in schema.tabs if t.id_prefix}
    return snapshot, digits


def _cells(tab, values: dict[str, Any]) -> dict[str, Any]:
    """Column key -> header as read (staff may have renamed it); columns the tab lacks are left out."""
    return {str(tab.header[tab.columns[k]]): v for k, v in values.items() if k in tab.columns}


def _text(row, key: str) -> str:
    value = row.raw.get(key)
    return "" if value in ("", None) else cell_text(value).strip()


def person_cells(sheets, conversations, people: dict) -> dict[str, str]:
    """On an adopted workbook whose conversations name people as the team types them (their "Name"
    column: most of their person cells are not People IDs), a person ID -> the name People has for it,
    so a new row looks like theirs. A name People has twice (or none) is left out: that row gets the
    ID, which names one person. Turfbook's own workbook (or a team's that writes IDs): {} (IDs)."""
    if getattr(sheets, "layout", None) is None:
        return {}
    cells = [_text(r, "person") for r in conversations.rows]
    cells = [c for c in cells if c]
    if cells and sum(c in people for c in cells) * 2 >= len(cells):
        return {}
    shown: dict[str, int] = {}
    for r in people.values():
        shown[fold(_text(r, "name"))] = shown.get(fold(_text(r, "name")), 0) + 1
    return {pid: name for pid, r in people.items() if (name := _text(r, "name")) and shown[fold(name)] == 1}


def _person(q, names: dict[str, str]) -> str:
    """What the entry's row holds in the person column: the person's ID, or their name (person_cells)."""
    pid = q.person_id or q.payload["person"]
    if q.person_id and names:                   # a new person: the name typed on the field page, unless taken
        name = str((q.payload.get("new_person") or {}).get("name", "")).strip()
        taken = name and any(fold(n) == fold(name) for p, n in names.items() if p != pid)
        return name if name and not taken else pid
    return names.get(pid, pid)


def _is_ours(q, conversations: dict, people: dict, has_notes: bool, names: dict[str, str] | None = None
             ) -> bool:
    """Do the rows showing this entry's reserved IDs (if any) hold this entry? A row under its new person's
    ID must have that name; a row under its conversation ID must have its person and its notes."""
    if q.person_id and q.person_id in people:
        name = str((q.payload.get("new_person") or {}).get("name", "")).strip()
        if _text(people[q.person_id], "name") != name:
            return False
    row = conversations.get(q.conversation_id)
    if row is None:
        return True
    expected = field_rows.conversation_values(q.payload, q.conversation_id, _person(q, names or {}), q.organizer)
    return (_text(row, "person") == expected["person"]
            and (not has_notes or _text(row, "notes") == expected["notes"].strip()))


def _organizers(queue: FieldQueue, snapshot, clock: Clock, waiting: list, dry_run: bool) -> None:
    """Each entry's organizer name as the Organizers tab has it now, by ID (else the name at receipt); old
    queue rows (no ID) get theirs by name, and the queue remembers the tab's names (not on a dry run)."""
    by_name = current_names(snapshot)
    if not dry_run:
        by_name = queue.remember_names(by_name, clock.utcnow().timestamp())
        queue.adopt_ids(by_name)
    tab = snapshot.tabs.get("Organizers")
    shown = {r.id: _text(r, "name") for r in (tab.rows if tab else []) if r.id and _text(r, "name")}
    for q in waiting:
        q.organizer_id = q.organizer_id or by_name.get(fold(q.organizer))
        q.organizer = shown.get(q.organizer_id or "", q.organizer)


def run(workspace, *, dry_run: bool = False, clock: Clock | None = None, queue: FieldQueue | None = None,
        **_options: Any) -> JobResult:
    clock = job_clock(workspace.config, clock)
    own_queue = queue is None
    queue = queue or FieldQueue.for_config(workspace.config)
    try:
        return _run(workspace, queue, clock, dry_run)
    finally:
        if own_queue:
            queue.close()


def _run(workspace, queue: FieldQueue, clock: Clock, dry_run: bool) -> JobResult:
    waiting = queue.waiting(MAX_PER_TICK)
    result = JobResult(JOB, dry_run=dry_run)
    if not waiting:
        result.counts = {"waiting": 0, "landed": 0, "api_calls": 0}
        result.summary = "field: nothing waiting"
        return result
    if dry_run:
        return _write(workspace, queue, clock, waiting, result)
    ids = taken(workspace.config, 0)
    if ids is None:                 # `sheets check` or filing is numbering rows: never the same ID (ids_lock)
        result.counts = {"waiting": len(waiting), "landed": 0, "api_calls": 0}
        result.summary = "field: another run is assigning IDs; the entries wait for the next tick"
        return result
    try:
        return _write(workspace, queue, clock, waiting, result)
    finally:
        ids.release()


def _write(workspace, queue: FieldQueue, clock: Clock, waiting: list, result: JobResult) -> JobResult:
    calls_before = workspace.log.total
    dry_run = result.dry_run
    sheets = workspace.sheets()
    snapshot, digits = _read(sheets, workspace.config)
    conversations, people = snapshot.tabs[CONVERSATIONS], snapshot.tabs[PEOPLE]
    stop = [p for p in snapshot.problems if p.kind == SORTED and p.tab in (PEOPLE, CONVERSATIONS)]
    if stop:                        # rows sorted without the ID column (adopt_sorted): nothing written there
        result.ok, result.problems = False, stop
        result.counts = {"waiting": len(waiting), "landed": 0, "api_calls": workspace.log.total - calls_before}
        result.summary = f"field: {len(waiting)} entr(y/ies) wait: " + " ".join(p.message for p in stop)
        return result
    _organizers(queue, snapshot, clock, waiting, dry_run)
    present_c = {r.id: r for r in conversations.rows if r.id}
    present_p = {r.id: r for r in people.rows if r.id}
    names = person_cells(sheets, conversations, present_p)
    for q in waiting:                                   # an ID of ours on someone else's row: number it again
        if q.conversation_id and not _is_ours(q, present_c, present_p, "notes" in conversations.columns, names):
            q.conversation_id = q.person_id = None

    already = [q for q in waiting if q.conversation_id and q.conversation_id in present_c]
    done_keys = {q.key for q in already}
    todo = [q for q in waiting if q.key not in done_keys]
    fresh = [q for q in todo if not q.conversation_id]
    kept = Kept(sheets)                 # the hidden tabs and the memory of IDs given (id_memory), read if wanted
    if fresh and not dry_run:
        highest = highest_given(snapshot, queue.highest_assigned(), kept)  # never a deleted row's
        planned = field_rows.assign([(q.key, not q.payload.get("person")) for q in fresh], highest, digits)
        queue.assign({p.key: (p.conversation_id, p.person_id) for p in planned})   # on disk before any write
        by_key = {p.key: p for p in planned}
        for q in fresh:
            q.conversation_id, q.person_id = by_key[q.key].conversation_id, by_key[q.key].person_id
    if dry_run:
        result.counts = {"waiting": len(todo), "landed": 0, "api_calls": workspace.log.total - calls_before}
        result.summary = f"field: {len(todo)} entr(y/ies) would be written"
        return result

    if todo:
        guard_filters(sheets)       # an adopted workbook's filter ending at Turfbook's columns: widened first
    new_people = [q for q in todo if q.person_id and q.person_id not in present_p]
    values_p = {q.person_id: field_rows.person_values(q.payload, q.person_id, q.organizer) for q in new_people}
    people_left = set(append_rows(sheets, people.name, str(people.header[people.columns["id"]]),
                                  [RowWrite(i, _cells(people, v)) for i, v in values_p.items()], TAG_KEY,
                                  memory=kept.memory))
    remember_appended(sheets, people.name, {i: v for i, v in values_p.items() if i not in people_left})
    ready = [q for q in todo if not (q.person_id and q.person_id in people_left)]
    values_c = {q.conversation_id: field_rows.conversation_values(q.payload, q.conversation_id, _person(q, names),
                                                                  q.organizer) for q in ready}
    conv_left = set(append_rows(sheets, conversations.name, str(conversations.header[conversations.columns["id"]]),
                                [RowWrite(i, _cells(conversations, v)) for i, v in values_c.items()], TAG_KEY,
                                memory=kept.memory))
    remember_appended(sheets, conversations.name, {i: v for i, v in values_c.items() if i not in conv_left})
    landed = already + [q for q in ready if q.conversation_id not in conv_left]
    held = list(dict.fromkeys((getattr(sheets, "held", None) or {}).values()))   # no sheet for its organizer
    result.problems += [Problem(JOB, CONVERSATIONS, None, None, message, "held_entry") for message in held]
    result.problems += memory_problems(kept.memory, JOB)
    now = clock.utcnow()
    queue.landed([q.key for q in landed], now.isoformat(timespec="seconds"), now.timestamp())
    left = len(waiting) - len(landed)
    result.ok = left == 0
    result.counts = {"waiting": left, "landed": len(landed), "new_people": len(new_people) - len(people_left),
                     "api_calls": workspace.log.total - calls_before}
    result.summary = (f"field: {len(landed)} entr(y/ies) landed ({result.counts['new_people']} new people), "
                      f"{left} still waiting")
    if left:
        result.summary += " (the next tick tries them again)" + "".join(f"\n  held: {m}" for m in held)
    return result
