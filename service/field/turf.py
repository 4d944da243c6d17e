"""What an organizer may see on the field page, from one read of the workbook (pure).

- An organizer's **turf**: the worksites whose Organizer is them, and the people whose Organizer is
  them or whose worksite is one of theirs. The **director's link** (an Organizers row whose Turf cell
  says `all`, `todo` or `*`) sees everyone and every worksite.
- An organizer is their stable ID (the Organizers tab's ID, which the link carries), never a name: the
  name cells of People and Worksites match the organizer's current name, their ID, or a name that ID had
  before (remembered by the field queue) that no other organizer has now. A rename in the Organizers tab
  leaves the turf as it was.
- **My follow-ups**: the open follow-ups of the people in that turf that are overdue, due today or due
  within the Settings' due-soon days, through the one follow-up rule (turfbook.schema.followup) that
  the overdue job and the digest use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.schema import followup
from turfbook.schema.cells import cell_text
from turfbook.schema.model import Row, WorkbookSnapshot
from turfbook.schema.text import fold

EVERYONE = {"all", "todo", "todos", "*"}
_PERSON, _CONVERSATION = re.compile(r"P-\d+"), re.compile(r"C-\d+")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    phone: str
    worksite: str
    language: str


@dataclass(frozen=True)
class FollowUpItem:
    conversation_id: str
    person_id: str
    due: dt.date
    status: str                       # OVERDUE Nd | due today | due in Nd


@dataclass
class Turf:
    organizer: str
    everyone: bool
    worksites: list[str]
    people: dict[str, Person]
    follow_ups: list[FollowUpItem] = field(default_factory=list)

    def sees(self, person_id: str) -> bool:
        return person_id in self.people


def _ref(row: Row, key: str) -> str:
    value = row.values.get(key)
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return cell_text(value if value not in (None, "") else row.raw.get(key, ""))


def _organizer_row(snapshot: WorkbookSnapshot, organizer_id: str, organizer_name: str) -> Row | None:
    """The organizer's row: by ID; by name only for a row with no ID yet."""
    rows = (tab.rows if (tab := snapshot.tabs.get("Organizers")) else [])
    return (next((r for r in rows if r.id and fold(r.id) == fold(organizer_id)), None)
            or next((r for r in rows if not r.id and fold(_ref(r, "name")) == fold(organizer_name)), None))


def is_director(snapshot: WorkbookSnapshot, organizer_name: str, organizer_id: str = "") -> bool:
    row = _organizer_row(snapshot, organizer_id, organizer_name)
    return row is not None and fold(_ref(row, "turf")) in EVERYONE


def current_names(snapshot: WorkbookSnapshot) -> dict[str, str]:
    """{folded name: organizer ID} from the Organizers tab (rows with an ID)."""
    tab = snapshot.tabs.get("Organizers")
    return {fold(_ref(r, "name")): r.id for r in (tab.rows if tab else []) if r.id and fold(_ref(r, "name"))}


def names_of(snapshot: WorkbookSnapshot, organizer_name: str, organizer_id: str,
             former: dict[str, str] | None = None) -> set[str]:
    """Every folded name that means this organizer: their ID, their current name, and names their ID had
    before (`former`: {folded name: ID}) that are nobody else's now."""
    row = _organizer_row(snapshot, organizer_id, organizer_name)
    now = current_names(snapshot)
    names = {fold(organizer_id), fold(organizer_name if row is None else _ref(row, "name") or organizer_name)}
    names |= {n for n, i in (former or {}).items() if i == organizer_id and now.get(n, organizer_id) == organizer_id}
    return names - {""}


def turf_of(snapshot: WorkbookSnapshot, organizer_name: str, organizer_id: str, today: dt.date, tz: ZoneInfo,
            grace_days: int, due_soon_days: int, former: dict[str, str] | None = None) -> Turf:
    me = names_of(snapshot, organizer_name, organizer_id, former)
    everyone = is_director(snapshot, organizer_name, organizer_id)
    sites = snapshot.tabs.get("Worksites")
    site_rows = sites.rows if sites else []
    mine_sites = {fold(_ref(r, "name")) for r in site_rows if everyone or fold(_ref(r, "organizer")) in me}
    mine_sites |= {fold(r.id) for r in site_rows if r.id and fold(_ref(r, "name")) in mine_sites}
    worksites = sorted({_ref(r, "name") for r in site_rows if fold(_ref(r, "name")) in mine_sites} - {""},
                       key=str.casefold)
    people_tab = snapshot.tabs.get("People")
    people = {}
    for row in (people_tab.rows if people_tab else []):
        if not row.id:
            continue
        if everyone or fold(_ref(row, "organizer")) in me or fold(_ref(row, "worksite")) in mine_sites:
            people[row.id] = Person(row.id, _ref(row, "name"), _ref(row, "phone"), _ref(row, "worksite"),
                                    _ref(row, "language"))
    turf = Turf(organizer_name, everyone, worksites, people)
    turf.follow_ups = follow_ups(snapshot, turf, today, tz, grace_days, due_soon_days)
    return turf


def outside(snapshot: WorkbookSnapshot, turf: Turf, person: str = "", worksite: str = "",
            conversation: str = "") -> str | None:
    """The first of a photo's tags that is not this organizer's (the value), else None; the director's
    link sees everything. `person` and `conversation` are checked when they are IDs (the field page
    sends IDs; free text names no row); a worksite is refused when it is another organizer's."""
    if turf.everyone:
        return None
    person, conversation = person.strip(), conversation.strip()
    if _PERSON.fullmatch(person) and not turf.sees(person):
        return person
    if worksite and fold(worksite) not in {fold(w) for w in turf.worksites}:
        sites = snapshot.tabs.get("Worksites")
        for row in (sites.rows if sites else []):
            if fold(_ref(row, "name")) == fold(worksite) and fold(_ref(row, "organizer")):
                return worksite                   # someone else's worksite
    if _CONVERSATION.fullmatch(conversation):
        conversations = snapshot.tabs.get("Conversations")
        row = next((r for r in (conversations.rows if conversations else []) if r.id == conversation), None)
        if row is not None and not turf.sees(row.refs.get("person") or cell_text(row.raw.get("person", ""))):
            return conversation
    return None


def follow_ups(snapshot: WorkbookSnapshot, turf: Turf, today: dt.date, tz: ZoneInfo, grace_days: int,
               due_soon_days: int) -> list[FollowUpItem]:
    conversations = snapshot.tabs.get("Conversations")
    if conversations is None:
        return []
    items = followup.read_tab(conversations, snapshot.tabs.get("People"), tz)
    followup.close(items, today)
    out = []
    for f in items:
        if not f.is_open or f.person is None or not f.row.id or not turf.sees(f.person):
            continue
        status = followup.status(f, today, grace_days, due_soon_days)
        if status.startswith("OVERDUE") or status == "due today" or status.startswith("due in"):
            out.append(FollowUpItem(f.row.id, f.person, f.due, status))
    out.sort(key=lambda i: (i.due, i.conversation_id))
    return out


def directory_json(turf: Turf, issues: list[tuple[str, str]]) -> dict[str, Any]:
    """What the phone caches: the turf's people, worksites, issues (value, label) and follow-ups."""
    return {
        "organizer": turf.organizer, "everyone": turf.everyone, "worksites": turf.worksites,
        "issues": [{"value": v, "label": label} for v, label in issues],
        "people": [vars(p) for p in sorted(turf.people.values(), key=lambda p: (p.name.casefold(), p.id))],
        "follow_ups": [{"conversation_id": f.conversation_id, "person_id": f.person_id, "due": f.due.isoformat(),
                        "status": f.status} for f in turf.follow_ups],
    }
