"""The Digest: plain data the templates render and the tests check, number by number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from turfbook.digest.period import Period


@dataclass(frozen=True)
class Count:
    """A figure this period and the same figure for the previous period."""

    now: int
    before: int

    @property
    def delta(self) -> int:
        return self.now - self.before


@dataclass(frozen=True)
class Rate:
    """A share (0..1) this period and before; None when there was nothing to divide by."""

    now: float | None
    before: float | None


@dataclass(frozen=True)
class Named:
    """One figure per label (a kind, an organizer, a worksite...), with a link when the label is a row."""

    label: str
    count: Count
    link: str | None = None


@dataclass(frozen=True)
class OverdueLine:
    organizer: str
    count: Count                     # overdue now vs at the start of the period
    oldest_days: int
    oldest_person: str
    oldest_link: str | None
    link: str | None = None          # the organizer's row in Organizers


@dataclass
class FollowUps:
    overdue: Count
    by_organizer: list[OverdueLine]
    done: Count                      # follow-ups marked done during the period
    due: Count                       # follow-ups that fell due during the period
    completed: Count                 # of those, how many are done
    rate: Rate                       # completed / due
    unknown: list[str] = field(default_factory=list)   # columns the rule reads, not found: figures unknown


@dataclass
class Conversations:
    total: Count
    by_kind: list[Named]
    by_organizer: list[Named]
    new_people: Count


@dataclass(frozen=True, slots=True)       # thousands of them: no __dict__ each
class PersonLine:
    name: str
    worksite: str
    organizer: str
    day: date | None
    link: str | None
    before: int | None = None        # assessment before (for moves)
    after: int | None = None


@dataclass
class Leaders:
    new_leaders: list[PersonLine]
    new_count: Count
    moved_up: Count                  # towards 1 (leader)
    moved_down: Count
    moves: list[PersonLine]
    asked: Count
    answers: list[Named]             # joined, declined, thinking


@dataclass(frozen=True)
class SiteParticipation:
    worksite: str
    link: str | None
    headcount: int | None
    participants: int
    before: int                      # participants at the start of the period
    pct: float | None                # 0..100
    goal: int

    @property
    def change(self) -> Count:
        return Count(self.participants, self.before)

    @property
    def meets_goal(self) -> bool:
        return self.pct is not None and self.pct >= self.goal


@dataclass
class StructureTest:
    name: str
    kind: str
    day: date | None
    goal: int
    link: str | None
    sites: list[SiteParticipation]   # lowest participation first
    participants: Count


@dataclass(frozen=True)
class IssueLine:
    name: str
    people: Count                    # distinct people raising it, to date vs to the start of the period
    people_pct: float | None         # of everyone contacted
    worksites: int
    worksites_pct: float | None      # of all worksites
    conversations: int
    deep_share: float | None         # conversations rating it 3 = deeply felt / conversations rating depth
    link: str | None


@dataclass(frozen=True)
class MediaLine:
    name: str
    reason: str
    drive_link: str | None
    link: str | None


@dataclass
class Media:
    filed: Count
    by_worksite: list[Named]
    by_issue: list[Named]
    needs_review: list[MediaLine]
    needs_review_count: int


@dataclass
class DataProblems:
    total: int
    new: Count                       # first seen during the period
    by_kind: list[Named]
    link: str | None
    held: list[Named] = field(default_factory=list)   # organizer -> her field entries held (no sheet of hers)


@dataclass(frozen=True)
class JobLine:
    job: str                         # overdue | filing
    last_run: datetime | None        # when it last finished (org timezone)
    status: str                      # ok | failed | error | interrupted | running | never
    ok: bool
    stale: bool                      # no success in the last two days
    error: str = ""


@dataclass
class Digest:
    organization: str
    period: Period
    sheet_link: str | None
    follow_ups: FollowUps
    conversations: Conversations
    leaders: Leaders
    structure: StructureTest | None
    issues: list[IssueLine]
    media: Media
    problems: DataProblems
    jobs: list[JobLine] = field(default_factory=list)
    issue_es: dict[str, str] = field(default_factory=dict)    # issue name -> Issues' "Name in Spanish"


@dataclass(frozen=True, slots=True)       # thousands of them: no __dict__ each
class FollowUpLine:
    person: str
    phone: str
    due: date | None
    days_overdue: int                # 0 when not yet due
    last_notes: str
    last_date: date | None
    link: str | None


@dataclass
class OrganizerDigest:
    organization: str
    organizer: str
    email: str
    language: str                    # en | es
    period: Period
    overdue: list[FollowUpLine]
    due_soon: list[FollowUpLine]     # due today through the next 6 days
    sheet_link: str | None
