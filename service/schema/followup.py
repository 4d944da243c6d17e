"""The follow-up rule, in one place. The overdue job (row statuses, People's dates and status), the
director's digest, the organizers' digests and the Wall chart all read follow-ups through this
module, so a number shown in two places cannot differ.

- A conversation **sets a follow-up** when `follow_up_due` is filled in (a date; a value that is not a
  date is a problem, and still counts as setting one).
- A follow-up is **closed** on its `follow_up_done` date; a done cell kept as yes/no (cells.yes_no) is done
  for "yes", "Y", "Sí", "✔" and NOT done for "no", "N", "0"; any other text counts as done
  on the conversation's day; a done date after today counts as done today. Otherwise it is closed on
  the day of the first *strictly later* conversation with the same person (a People row; by anyone)
  that sets no follow-up of its own, up to today: a future-dated row is a plan or a typo, not a contact.
- It is **overdue on day D** when D is more than `grace_days` days after it was due and it was not
  closed on or before D. So a follow-up closed today is not overdue today, anywhere.
- A conversation's person is a People ID or name: the schema layer's resolution (`Row.refs`, which
  forgives case and accents) when it has one, else an exact ID or name (spaces folded). An unknown or
  ambiguous name closes nothing and is closed by nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.schema.cell_dates import as_date, is_blank
from turfbook.schema.cells import yes_no
from turfbook.schema.model import Row, TabSnapshot

DONE, PROBLEM = "done", "problem: follow-up due is not a date"
Report = Callable[[Row, str, str, str], None]        # (row, column key, message, kind)


@dataclass(slots=True)
class FollowUp:
    """One Conversations row as the rule sees it."""

    row: Row
    day: dt.date | None           # the conversation's date
    due: dt.date | None           # follow_up_due, when it is a date
    due_bad: bool                 # follow_up_due is filled in but not a date
    marked_done: bool             # follow_up_done is filled in
    done_on: dt.date | None       # follow_up_done, when it is a date
    person: str | None            # the People ID; None when blank, unknown or ambiguous
    closed_on: dt.date | None = None   # set by close(): the day it was closed (never after today)

    @property
    def sets_follow_up(self) -> bool:
        return self.due is not None or self.due_bad

    @property
    def is_open(self) -> bool:
        return self.due is not None and self.closed_on is None


def read(row: Row, tz: ZoneInfo, person: str | None, report: Report | None = None) -> FollowUp:
    """The row's follow-up fields; cells that are not dates are reported (once each) through `report`."""
    values, raw = row.values, row.raw
    day, bad_day = as_date(values.get("date"), tz, raw.get("date"))
    due, bad_due = as_date(values.get("follow_up_due"), tz, raw.get("follow_up_due"))
    done_on, bad_done = as_date(values.get("follow_up_done"), tz, raw.get("follow_up_done"))
    marked = done_on is not None
    if bad_done is not None:                     # a done column kept as yes/no: "no", "N" are NOT done
        word = yes_no(bad_done)
        marked, bad_done = (word, None) if word is not None else (True, bad_done)
    if report is not None:
        if bad_day is not None:
            report(row, "date", f"date '{bad_day}' is not a date", "invalid")
        if bad_due is not None:
            report(row, "follow_up_due", f"follow-up due '{bad_due}' is not a date", "invalid")
        if bad_done is not None:
            report(row, "follow_up_done", f"follow-up done '{bad_done}' is not a date; counted as done", "invalid")
        if day is None and bad_day is None and due is not None:
            report(row, "date", "date is blank: this follow-up cannot be closed by a later conversation", "missing")
    return FollowUp(row, day, due, bad_due is not None, marked, done_on,
                    person)


def close(items: Iterable[FollowUp], today: dt.date) -> None:
    """Set `closed_on` on every follow-up (see the module docstring)."""
    by_person: dict[str, list[FollowUp]] = defaultdict(list)
    for f in items:
        f.closed_on = None
        if f.marked_done:
            f.closed_on = min(f.done_on or f.day or today, today)
        if f.person is not None and f.day is not None and f.day <= today:
            by_person[f.person].append(f)
    for group in by_person.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda f: f.day)
        closer: dt.date | None = None           # the earliest closing day after the day looked at
        i = len(group) - 1
        while i >= 0:
            day, j = group[i].day, i
            while j >= 0 and group[j].day == day:
                j -= 1
            same_day = group[j + 1:i + 1]
            if closer is not None:
                for f in same_day:
                    if f.due is not None and f.closed_on is None:
                        f.closed_on = closer
            if any(not f.sets_follow_up for f in same_day):
                closer = day
            i = j


def overdue_days(f: FollowUp, day: dt.date, grace_days: int) -> int | None:
    """Days past due on `day` when the follow-up is overdue then, else None."""
    if f.due is None or (f.closed_on is not None and f.closed_on <= day):
        return None
    late = (day - f.due).days
    return late if late > grace_days else None


def status_for(due: dt.date, today: dt.date, grace_days: int, due_soon_days: int) -> str:
    days_past = (today - due).days
    if days_past > grace_days:
        return f"OVERDUE {days_past}d"
    if days_past >= 0:
        return "due today"
    if -days_past <= due_soon_days:
        return f"due in {-days_past}d"
    return ""


def status(f: FollowUp, today: dt.date, grace_days: int, due_soon_days: int) -> str:
    """The row's Status cell today: OVERDUE Nd, due today, due in Nd, done, a problem, or blank."""
    if f.due_bad and not f.marked_done:
        return PROBLEM
    if f.marked_done or (f.due is not None and f.closed_on is not None and f.closed_on <= today):
        return DONE
    if f.due is None:
        return ""
    return status_for(f.due, today, grace_days, due_soon_days)


def most_urgent(statuses: Iterable[str]) -> str:
    """A person's Status: the most urgent of their open follow-ups' statuses (OVERDUE longest first)."""
    best, rank = "", (9, 0)
    for text in statuses:
        if text.startswith("OVERDUE "):
            candidate = (0, -int(text[8:-1]))
        elif text == "due today":
            candidate = (1, 0)
        elif text.startswith("due in "):
            candidate = (2, int(text[7:-1]))
        else:
            continue
        if candidate < rank:
            best, rank = text, candidate
    return best


_SPACES = re.compile(r"\s+")


def _normal(text: Any) -> str:
    return _SPACES.sub(" ", str(text)).strip()


def person_resolver(people: TabSnapshot | None, report: Report | None = None) -> Callable[[Row], str | None]:
    """row -> the People ID its `person` cell names, or None (unknown and ambiguous ones reported)."""
    rows = people.rows if people is not None else []
    ids = {row.id.upper(): row.id for row in rows if row.id}
    names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.id and not is_blank(row.values.get("name")):
            names[_normal(row.values["name"])].add(row.id)

    def resolve(row: Row) -> str | None:
        resolved = row.refs.get("person") if row.refs else None      # the schema layer resolved it
        if resolved and resolved.upper() in ids:
            return ids[resolved.upper()]
        value = row.values.get("person")
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if is_blank(value):
            return None
        text = _normal(value)
        if text.upper() in ids:
            return ids[text.upper()]
        matches = names.get(text, set())
        if len(matches) == 1:
            return next(iter(matches))
        if report is not None:
            if matches:
                report(row, "person", f"person '{text}' matches {len(matches)} people "
                       f"({', '.join(sorted(matches))}); use the ID", "ambiguous_reference")
            else:
                report(row, "person", f"person '{text}' is not a People ID or name", "unknown_reference")
        return None

    return resolve
