"""The pure half of nightly filing: inbox files + rules + workbook + what is already filed → placements.

    plan(inbox_files, rules, vocab, already_filed, layout=..., now=...) -> FilingPlan

Nothing here does I/O, so `--dry-run` prints exactly what the real run then does: files are taken
in a stable order (capture time, name, Drive ID), media IDs and sequence numbers follow from the
Media tab alone, and a name already used in a folder (by the Media tab, or earlier in this plan)
takes the next sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from turfbook.media.capture import Capture
from turfbook.rules import Facts, Rules, Vocabulary, decide
from turfbook.rules.templates import TemplateError, render, unique_name

FILED, NEEDS_REVIEW, DUPLICATE, ERROR, PLANNED = "filed", "needs review", "duplicate", "error", "planned"
FINAL = (FILED, NEEDS_REVIEW, DUPLICATE, ERROR)
TAG = "turfbook_media_id"


@dataclass(frozen=True)
class InboxFile:
    id: str
    name: str
    mime_type: str
    folder: tuple[str, ...]                  # where it is now (path from the shared drive root)
    size: int | None = None
    md5: str | None = None
    created: datetime | None = None
    properties: dict = field(default_factory=dict)   # appProperties (upload metadata, our tag)
    capture: Capture | None = None
    parents: tuple[str, ...] = ()                    # Drive parent IDs now


@dataclass
class MediaRecord:
    """One Media row as the job needs it."""

    id: str
    drive_file_id: str = ""
    status: str = ""
    folder: str = ""
    filed_name: str = ""
    md5: str = ""
    reason: str = ""
    values: dict = field(default_factory=dict)   # every column key → value as read


@dataclass
class Ledger:
    """What the Media tab says is already there."""

    records: list[MediaRecord] = field(default_factory=list)
    id_prefix: str = "M-"
    id_digits: int = 6
    floor: int = 0             # the highest number ever given, by the workbook's memory (id_memory, fix23a)

    def __post_init__(self):
        self.by_file = {r.drive_file_id: r for r in self.records if r.drive_file_id}
        self.by_id = {r.id: r for r in self.records}
        self.md5s: dict[str, MediaRecord] = {}
        self.names: dict[str, set[str]] = {}
        for r in self.records:
            if r.md5 and r.status in (FILED, NEEDS_REVIEW) and r.md5 not in self.md5s:
                self.md5s[r.md5] = r
            if r.filed_name and r.status in (FILED, PLANNED):
                self.names.setdefault(r.folder, set()).add(r.filed_name.casefold())
        numbers = [int(r.id[len(self.id_prefix):]) for r in self.records
                   if r.id.startswith(self.id_prefix) and r.id[len(self.id_prefix):].isdigit()]
        self.next_number = max(max(numbers, default=0), self.floor) + 1   # never a deleted row's ID again

    def new_id(self) -> str:
        number, self.next_number = self.next_number, self.next_number + 1
        return f"{self.id_prefix}{number:0{self.id_digits}d}"


def with_repairs(ledger: Ledger, repairs: list[dict]) -> Ledger:
    """The ledger as the Media tab will read once `repairs` (final values for `planned` rows whose file
    already moved: a run that died after the move) are written. Planning from it gives a re-run after a
    crash the plan of a re-run after a clean run: a repaired `filed` row is filed (its person, if not in
    People, stays listed as a problem; its md5 marks later copies duplicate), not `planned`."""
    if not repairs:
        return ledger
    fixed = {str(v.get("id", "")): v for v in repairs}
    records = []
    for r in ledger.records:
        v = fixed.get(r.id)
        if v is None:
            records.append(r)
            continue
        text = {k: "" if x is None else str(x).strip() for k, x in v.items()}
        records.append(MediaRecord(r.id, r.drive_file_id, text.get("status", r.status), r.folder,
                                   text.get("filed_name", r.filed_name), r.md5, text.get("reason", r.reason),
                                   {**r.values, **v}))
    return Ledger(records, id_prefix=ledger.id_prefix, id_digits=ledger.id_digits, floor=ledger.floor)


@dataclass(frozen=True)
class Layout:
    """Where things go: folder paths from the shared drive root."""

    inbox: tuple[str, ...] = ("Field uploads",)
    media_root: tuple[str, ...] = ("Media",)
    needs_review: str = "_Needs review"
    duplicates: str = "_Duplicates"

    @property
    def review_folder(self) -> tuple[str, ...]:
        return (*self.inbox, self.needs_review)

    @property
    def duplicates_folder(self) -> tuple[str, ...]:
        return (*self.inbox, self.duplicates)


@dataclass
class Placement:
    file: InboxFile
    media_id: str
    folder: tuple[str, ...]
    name: str
    status: str                              # final status: filed | needs review | duplicate | error
    reason: str = ""
    rule: str = ""
    fields: dict = field(default_factory=dict)
    new_row: bool = True
    move: bool = True                        # False: already where it belongs (only the row may change)

    @property
    def folder_text(self) -> str:
        return "/".join(self.folder)


@dataclass
class FilingPlan:
    placements: list[Placement] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (media ID, near miss) for the Problems tab
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (media ID, why) files no rule matches
    people: list[tuple[str, str]] = field(default_factory=list)  # (media ID, why) a person not in People

    @property
    def moves(self) -> list[Placement]:
        return [p for p in self.placements if p.move]

    @property
    def folders(self) -> list[tuple[str, ...]]:
        return sorted({p.folder for p in self.moves})

    def count(self, status: str) -> int:
        return sum(1 for p in self.placements if p.status == status)


def order_key(f: InboxFile):
    captured = f.capture.captured_at if f.capture and f.capture.captured_at else None
    return (captured is None, captured.isoformat() if captured else "", f.name.casefold(), f.id)


def plan(inbox_files: list[InboxFile], rules: Rules, vocab: Vocabulary, already_filed: Ledger,
         layout: Layout = Layout()) -> FilingPlan:
    result = FilingPlan()
    taken = {k: set(v) for k, v in already_filed.names.items()}
    listed = {f.id for f in inbox_files}
    for r in already_filed.records:      # planned by a run that died before the move: planned again,
        if r.status == PLANNED and r.drive_file_id in listed and r.filed_name:   # so its name is free
            taken.get(r.folder, set()).discard(r.filed_name.casefold())
    md5s = dict(already_filed.md5s)
    for f in sorted(inbox_files, key=order_key):
        record = already_filed.by_file.get(f.id) or already_filed.by_id.get(f.properties.get(TAG, ""))
        media_id = record.id if record else already_filed.new_id()
        placement = _place(f, media_id, rules, vocab, md5s, taken, layout, result)
        placement.new_row = record is None
        if f.folder == placement.folder and f.name == placement.name and placement.status != FILED:
            placement.move = False             # a file under review stays put until something changes
            if record and record.status == placement.status and record.reason == placement.reason:
                continue                       # nothing to do at all
        result.placements.append(placement)
        if placement.status == FILED:
            taken.setdefault(placement.folder_text, set()).add(placement.name.casefold())
        if placement.status in (FILED, NEEDS_REVIEW) and f.md5 and f.size:
            md5s.setdefault(f.md5, MediaRecord(media_id, f.id, placement.status, placement.folder_text,
                                               placement.name, f.md5))
    _unlinked_rows(already_filed, listed, vocab, result)
    for found in (result.problems, result.unmatched, result.people):
        found.sort(key=lambda item: media_id_order(item[0]))
    return result


def media_id_order(media_id: str) -> tuple:
    """Problems are listed in Media ID order, so the Problems tab is a function of the Media tab and the inbox,
    not of which run met the problem: a file filed by a run that then crashed is listed by the re-run from
    its Media row (`_unlinked_rows`), not from the inbox, and must keep its place (#14)."""
    prefix = media_id.rstrip("0123456789")
    digits = media_id[len(prefix):]
    return (prefix, int(digits) if digits else -1, media_id)


def _unlinked_rows(already_filed: Ledger, listed: set[str], vocab: Vocabulary, result: FilingPlan) -> None:
    """Filed rows (no longer in the inbox) whose Person is neither a People ID nor a name in People stay
    listed as problems run after run, until the person is added to People."""
    people_ids = {e.id for e in vocab.people.entries if e.id}
    for r in already_filed.records:
        person = str(r.values.get("person") or "").strip()
        if not person or r.drive_file_id in listed or r.status != FILED or person in people_ids:
            continue
        found = vocab.people.lookup(person)
        if found.entry is None:
            name = str(r.values.get("original_name") or r.filed_name or r.id)
            result.people.append((r.id, f"{name}: {_person_problem(person, found)}"))


def _place(f, media_id, rules, vocab, md5s, taken, layout, result) -> Placement:
    placement = _placed(f, media_id, rules, vocab, md5s, taken, layout, result)
    _link_person(placement, vocab, result)
    return placement


def _link_person(placement: Placement, vocab: Vocabulary, result: FilingPlan) -> None:
    """The person typed on the upload form, linked to their People row by ID (`person_id`) when the name
    matches exactly one person; otherwise a problem for the Problems tab (the file is filed all the same)."""
    given = str(placement.fields.get("person") or "").strip()
    if not given or placement.status not in (FILED, NEEDS_REVIEW):
        return
    found = vocab.people.lookup(given)
    if found.entry:
        placement.fields.update(person_id=found.entry.id, person_name=found.entry.name)
        return
    result.people.append((placement.media_id, f"{placement.file.name}: {_person_problem(given, found)}"))


def _person_problem(given: str, found) -> str:
    """Why `given` is not linked to a People row (the same words on every run, so a quiet re-run writes nothing)."""
    if found.ambiguous:
        ids = ", ".join(f"{e.id} '{e.name}'" for e in found.ambiguous)
        return f"person '{given}' matches more than one row in People ({ids}); put the right ID in the Person cell"
    if found.suggestion:
        return f"person '{given}' is not in People; did you mean '{found.suggestion.name}' ({found.suggestion.id})?"
    return f"person '{given}' is not in People; add them there, or correct the name"


def _placed(f, media_id, rules, vocab, md5s, taken, layout, result) -> Placement:
    capture = f.capture or Capture(f.created, "uploaded")
    facts = Facts(name=f.name, content_type=capture.content_type or f.mime_type, size=f.size,
                  captured=capture.captured_at, properties=dict(f.properties), uploaded=f.created)
    if capture.problem:
        decision = decide(rules, facts, vocab)
        return Placement(f, media_id, layout.review_folder, f.name, NEEDS_REVIEW, capture.problem,
                         fields=decision.fields)
    original = md5s.get(f.md5) if f.md5 and f.size else None
    if original and original.drive_file_id != f.id:
        where = "/".join(p for p in (original.folder, original.filed_name) if p)
        return Placement(f, media_id, layout.duplicates_folder, f.name, DUPLICATE,
                         f"same content as {original.id} ({where})", fields=decide(rules, facts, vocab).fields)
    decision = decide(rules, facts, vocab)
    result.problems += [(media_id, f"{f.name}: {p}") for p in decision.problems]
    rule_name = decision.rule.name if decision.rule else ""
    if decision.needs_review:
        if decision.rule is None:
            result.unmatched.append((media_id, f"{f.name}: {decision.reason}; it waits in "
                                               f"'{'/'.join(layout.review_folder)}'"))
        return Placement(f, media_id, layout.review_folder, f.name, NEEDS_REVIEW, decision.reason,
                         rule=rule_name, fields=decision.fields)
    try:
        segments, _ = render(decision.rule, decision.fields, 1)
        folder = (*layout.media_root, *segments)
        _, name, _ = unique_name(decision.rule, decision.fields, taken.get("/".join(folder), set()))
    except TemplateError as exc:
        return Placement(f, media_id, layout.review_folder, f.name, NEEDS_REVIEW,
                         f"rule '{rule_name}': template error ({exc})", rule=rule_name, fields=decision.fields)
    note = f"capture date from the upload time ({capture.note})" if capture.note else ""
    return Placement(f, media_id, folder, name, FILED, note, rule=rule_name, fields=decision.fields)
