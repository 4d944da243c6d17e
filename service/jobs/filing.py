"""Nightly filing of the Drive inbox by rules-as-code, with a Media log.

    run(workspace, *, dry_run=False, clock=None, today=None, progress=None, verify=False) -> JobResult

1. Lock (a lock file in the inbox; oldest live lock wins), read Worksites, Issues and Media in one
   values.batchGet, list the inbox and its `_Needs review` folder, and read capture dates (Drive's
   metadata, else a Range download of the first bytes).
2. `plan()` (pure, filing_plan.py) → placements. `--dry-run` prints them and stops here.
3. `apply()`: find-or-create the folders (cached), write the Media rows `planned`, one files.update
   per file (move + rename + appProperties{turfbook_media_id, filed_at}) in HTTP batches of ≤100,
   then write the rows' final status. A crash anywhere is repaired by the next run: a `planned` row
   whose file carries its media ID is completed; an untagged file is still in the inbox and planned
   again under the same media ID.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from turfbook.clock import Clock
from turfbook.jobs import JobResult, job_clock
from turfbook.jobs.filing_drive import FilingDrive, Move, RunLock
from turfbook.jobs.filing_plan import (
    DUPLICATE,
    ERROR,
    FILED,
    NEEDS_REVIEW,
    PLANNED,
    TAG,
    FilingPlan,
    InboxFile,
    Layout,
    Ledger,
    plan,
    with_repairs,
)
from turfbook.jobs.filing_report import describe, summarize
from turfbook.jobs.ids_lock import taken
from turfbook.jobs.media_tab import MEDIA, MediaTab, finish_crashed_write, ledger, row_values, stamp
from turfbook.media.capture import Capture, capture, parse_rfc3339
from turfbook.rules import Rules, Vocabulary, load_rules
from turfbook.schema.model import Problem
from turfbook.workspace.errors import GoogleError

JOB = "filing"
__all__ = ["run", "plan", "apply", "gather", "Inventory"]


@dataclass
class Inventory:
    """Everything the plan needs, read in one go."""

    files: list[InboxFile]
    ledger: Ledger
    vocab: Vocabulary
    layout: Layout
    repairs: list[dict] = field(default_factory=list)   # Media rows to complete (final values)
    media_tab: object = None
    listed_problems: set[tuple] | None = None            # filing's entries in the Problems tab now


@dataclass
class Applied:
    moved: int = 0
    errors: list[str] = field(default_factory=list)
    folders_created: int = 0
    twins: int = 0
    rows_missing: list[str] = field(default_factory=list)


IDS_WAIT_SECONDS = 60       # `sheets check` numbers 100k rows in seconds
BUSY = ("Filing: another run is assigning IDs (`sheets check` or the field job); the inbox is filed on the next run "
        "/ Archivo: otra ejecución está asignando IDs (`sheets check` o el trabajo de campo); la bandeja se archiva "
        "en la próxima ejecución")


def run(workspace, *, dry_run: bool = False, clock: Clock | None = None, today=None,
        progress: Callable[[str], None] | None = None, verify: bool = False,
        advance: Callable[[int, int], None] | None = None, **_options) -> JobResult:
    """File the inbox (see the module docstring). `advance(done, total)` is called as moves land."""
    say = progress or (lambda _m: None)
    config = workspace.config
    clock = job_clock(config, clock, today)
    calls_before = workspace.log.total
    if verify:
        from turfbook.jobs.filing_verify import verify as do_verify

        return do_verify(workspace)
    rules = load_rules(config.rules_dir / "filing.yaml")
    drive = FilingDrive.open(workspace)
    layout = _layout(config, rules)
    inbox_id = drive.folder(layout.inbox, create=False) if drive.drive_id else None
    if inbox_id is None:
        where = f"{config.google.drive.shared_drive}/{'/'.join(layout.inbox)}"
        return JobResult(JOB, ok=True, summary=f"Filing: no inbox folder {where} yet; nothing to file.",
                         counts={"inbox": 0}, dry_run=dry_run)
    lock = ids = None
    if not dry_run:
        lock = RunLock(drive, inbox_id, clock, ttl_seconds=config.google.drive.lock_ttl_seconds)
        lock.acquire()
    try:
        # new Media rows get IDs: under the lock `sheets check` and the field job take (a23f: one ID given twice)
        if lock and (ids := taken(config, IDS_WAIT_SECONDS)) is None:
            return JobResult(JOB, ok=True, dry_run=False, counts={"inbox": 0, "deferred": 1}, summary=BUSY)
        if lock:
            finish_crashed_write(workspace.sheets(), config.data_dir)   # a run killed mid-write: its verify
        now = clock.now().replace(microsecond=0)
        inventory = gather(workspace, drive, rules, layout, inbox_id, now, say)
        the_plan = plan(inventory.files, rules, inventory.vocab, inventory.ledger, inventory.layout)
        say(f"planned {len(the_plan.moves)} move(s), {len(inventory.repairs)} repair(s)")
        if lock:
            lock.check()         # a run that stalled past its lease must not move files under another's
        applied = None if dry_run else apply(the_plan, inventory, drive, now, advance)
    finally:
        if ids:                 # first: a run lock release refused by Drive (a crash) must not keep it
            ids.release()
        if lock:
            lock.release()
    problems = [Problem(JOB, MEDIA, media_id, "Worksite", message, kind="unknown_reference")
                for media_id, message in the_plan.problems]
    problems += [Problem(JOB, MEDIA, media_id, None, message, kind="no_rule")
                 for media_id, message in the_plan.unmatched]
    problems += [Problem(JOB, MEDIA, media_id, "Person", message, kind="unknown_reference")
                 for media_id, message in the_plan.people]
    if applied is not None and inventory.media_tab is not None and inventory.media_tab.missing:
        problems += inventory.media_tab.problems(JOB)
    if not dry_run:
        _record_problems(workspace, problems, inventory.listed_problems, clock)
    result = JobResult(JOB, ok=not (applied and applied.errors), problems=problems, dry_run=dry_run)
    result.counts = counts(the_plan, inventory, applied, workspace.log.total - calls_before)
    result.summary = summarize(the_plan, inventory, applied, result.counts) + "\n" + describe(the_plan, inventory)
    return result


def _layout(config, rules: Rules) -> Layout:
    d = config.google.drive
    return Layout(inbox=tuple(p for p in d.inbox.split("/") if p), media_root=tuple(p for p in d.media_root.split("/")
                                                                                   if p),
                  needs_review=rules.needs_review, duplicates=rules.duplicates)


def gather(workspace, drive: FilingDrive, rules: Rules, layout: Layout, inbox_id: str, now: datetime,
           say: Callable[[str], None]) -> Inventory:
    from turfbook.schema.id_memory import read as read_memory
    from turfbook.schema.loader import load_schema
    from turfbook.schema.reader import read_workbook

    config = workspace.config
    tz = config.tz
    schema = load_schema(config.schema_dir / "workbook.yaml")
    sheets = workspace.sheets()        # one view: the columns its read found are the ones MediaTab writes
    snapshot = read_workbook(sheets, schema, [MEDIA, "Worksites", "Issues", "People", "Problems"],
                             settings_tz=config.organization.timezone, today=now.date())
    media = schema.tab(MEDIA)
    vocab = Vocabulary.from_workbook(snapshot, rules.similarity)
    review_id = drive.folder(layout.review_folder, create=False)
    listed = [(layout.inbox, f) for f in drive.files_in(inbox_id) if f.get("name") != RunLock.NAME]
    listed += [(layout.review_folder, f) for f in drive.files_in(review_id)]
    memory = read_memory(sheets) if listed else None     # IDs given before, rows deleted since (fix23a)
    prefix = media.id_prefix or "M"
    the_ledger = ledger(snapshot.tabs.get(MEDIA), prefix, media.id_digits,
                        memory.numbers.get(prefix, 0) if memory is not None else 0)
    say(f"inbox: {len(listed)} file(s); Media tab: {len(the_ledger.records)} row(s)")
    files = []
    for folder, resource in listed:
        try:
            found = capture(resource, _fetcher(drive, resource["id"]), tz)
        except GoogleError as exc:   # unreadable content must not stop the run: the file goes to review
            found = Capture(parse_rfc3339(resource.get("createdTime"), tz), "uploaded", resource.get("mimeType"),
                            problem=f"could not read the file's first bytes (HTTP {exc.status})")
        files.append(_inbox_file(resource, folder, found, tz))
    listed_ids = {f.id for f in files}
    stuck = [r for r in the_ledger.records if r.status == PLANNED and r.drive_file_id not in listed_ids]
    repairs = _repairs(drive, stuck, layout, now) if stuck else []
    tab = snapshot.tabs.get(MEDIA)
    problems_tab = snapshot.tabs.get("Problems")
    listed = None if problems_tab is None else {
        (str(r.get("tab", "")), str(r.get("row_id", "")), str(r.get("problem", "")))
        for r in problems_tab.rows if str(r.get("job", "")).strip() == JOB}
    media_tab = MediaTab(sheets, tab, data_dir=config.data_dir, schema_tab=media) if tab else None
    if media_tab is not None:
        media_tab.memory = memory                       # raised in the batch that appends the new rows
    # planned from the ledger as it reads once the repairs land: a re-run after a crash plans as after a clean run
    return Inventory(files, with_repairs(the_ledger, repairs), vocab, layout, repairs, media_tab, listed)


def _fetcher(drive: FilingDrive, file_id: str):
    return lambda first, last: drive.download(file_id, first, last)


def _inbox_file(resource: dict, folder: tuple[str, ...], found, tz) -> InboxFile:
    size = resource.get("size")
    return InboxFile(resource["id"], resource.get("name", ""), resource.get("mimeType", ""), folder,
                     size=int(size) if size not in (None, "") else None, md5=resource.get("md5Checksum"),
                     created=parse_rfc3339(resource.get("createdTime"), tz),
                     properties=_properties(resource), capture=found,
                     parents=tuple(resource.get("parents") or ()))


def _properties(resource: dict) -> dict[str, str]:
    """The upload metadata; the note whole from the file's description (the upload page puts it there,
    as its appProperty holds only the first ~120 bytes)."""
    props = dict(resource.get("appProperties") or {})
    if props.get("note") and str(resource.get("description") or "").startswith(props["note"]):
        props["note"] = str(resource["description"])
    return props


def _repairs(drive: FilingDrive, stuck, layout: Layout, now: datetime) -> list[dict]:
    """Final values for `planned` rows whose file is no longer in the inbox (a crash after the move)."""
    state = drive.get_many([r.drive_file_id for r in stuck if r.drive_file_id])
    fixes = []
    for record in stuck:
        file = state.get(record.drive_file_id)
        values = {**{k: ("" if v is None else v) for k, v in record.values.items()}, "id": record.id}
        for key in ("captured_at", "filed_at"):
            values[key] = stamp(values.get(key)) if isinstance(values.get(key), datetime) else values.get(key, "")
        if file and not file.get("trashed") and (file.get("appProperties") or {}).get(TAG) == record.id:
            review, dupes = "/".join(layout.review_folder), "/".join(layout.duplicates_folder)
            status = NEEDS_REVIEW if record.folder == review else DUPLICATE if record.folder == dupes else FILED
            values.update(status=status, filed_name=file.get("name", record.filed_name),
                          filed_at=(file.get("appProperties") or {}).get("filed_at") or stamp(now))
        elif not file or file.get("trashed"):
            values.update(status=ERROR, reason="the file is no longer in Drive (deleted or trashed before filing)")
        else:
            values.update(status=ERROR, reason="the file left the inbox before it was filed; file it by hand")
        fixes.append(values)
    return fixes


def apply(the_plan: FilingPlan, inventory: Inventory, drive: FilingDrive, now: datetime,
          advance: Callable[[int, int], None] | None = None) -> Applied:
    applied = Applied()
    media = inventory.media_tab
    if media is None and (the_plan.placements or inventory.repairs):
        raise RuntimeError("the workbook has no Media tab; run `turfbook sheets init` first")
    if media is not None and media.missing and (the_plan.placements or inventory.repairs):
        applied.errors.append(media.refusal())      # no half row: nothing written, nothing moved (a21n 5)
        return applied
    folder_ids, applied.folders_created = drive.ensure(the_plan.folders)
    applied.twins = drive.twins
    planned = [(p, row_values(p, PLANNED if p.move else p.status, None)) for p in the_plan.placements]
    refused = set(media.append([row for p, row in planned if p.new_row]))
    if refused:                                 # no row, no move: the next run plans these files again
        applied.errors.append(f"Media rows not added (columns kept moving): {len(refused)}; the next run files them")
    placements = [p for p in the_plan.placements if not (p.new_row and p.media_id in refused)]
    moves = [p for p in placements if p.move]
    applied.rows_missing += media.update([row for p, row in planned if not p.new_row and p.move])
    filed_at = stamp(now)
    results = drive.move_many([Move(p.file.id, p.name, folder_ids[p.folder],
                                    [x for x in p.file.parents if x != folder_ids[p.folder]],
                                    {TAG: p.media_id, "filed_at": now.isoformat()}) for p in moves],
                              progress=(lambda n: advance(n, len(moves))) if advance else None)
    final = []
    for p in placements:
        row = row_values(p, p.status, now if p.status in (FILED, DUPLICATE) else None)
        outcome = results.get(p.file.id) if p.move else {}
        if isinstance(outcome, Exception) or outcome is None:
            row.update(status=ERROR, reason=f"move failed: {_short(outcome)}", filed_at="")
            applied.errors.append(f"{p.file.name}: {_short(outcome)}")
        elif p.move:
            applied.moved += 1
            row["filed_at"] = filed_at if p.status != NEEDS_REVIEW else ""
        final.append(row)
    applied.rows_missing += media.update(final + inventory.repairs)
    if media is not None:
        media.sweep()
    return applied


def _short(error) -> str:
    if error is None:
        return "no answer from Drive"
    text = str(error)
    return text if len(text) < 200 else text[:197] + "..."


def _record_problems(workspace, problems: list[Problem], listed: set[tuple] | None, clock: Clock) -> None:
    """Replace filing's entries in the Problems tab, only when they changed (a quiet re-run writes nothing)."""
    if listed is not None and listed == {(p.tab, p.row_id or "", p.message) for p in problems}:
        return
    from turfbook.schema.problems import write_problems

    write_problems(workspace.sheets(), JOB, problems, clock.today())


def counts(the_plan: FilingPlan, inventory: Inventory, applied: Applied | None, api_calls: int) -> dict:
    return {"inbox": len(inventory.files), "planned": len(the_plan.placements), "moves": len(the_plan.moves),
            "filed": the_plan.count(FILED), "needs_review": the_plan.count(NEEDS_REVIEW),
            "duplicates": the_plan.count(DUPLICATE), "repaired": len(inventory.repairs),
            "moved": applied.moved if applied else 0, "errors": len(applied.errors) if applied else 0,
            "folders_created": applied.folders_created if applied else 0,
            "twin_folders": applied.twins if applied else 0, "api_calls": api_calls}
