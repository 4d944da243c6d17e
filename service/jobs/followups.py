"""The follow-up rules, pure: which conversations still need a follow-up and how urgent it is.

Rules (issue 6), and the choices made where the issue is silent:
- A follow-up is set when `follow_up_due` holds a date. It is **done** when `follow_up_done` is
  filled in (a date; any other text such as "yes" also counts as done, reported as a problem), or
  when a *later* conversation with the same person (by anyone) sets no follow-up of its own. A later
  conversation that sets its own follow-up does not close the earlier one. "Later" means a strictly
  later conversation date, no later than today (a future-dated row is a typo or a plan, not a contact).
- Status, in the org timezone: `OVERDUE Nd` when N = days past due is more than the grace days;
  `due today` on the due date and during the grace days; `due in Nd` for 1..due_soon_days ahead;
  `done`; blank otherwise. A follow-up date that is not a date gives `problem: ...`.
- `flagged_at` is the day the follow-up first became overdue (due date + grace days + 1; the
  same day the nightly run flags it, and the true day when a row is first seen long overdue).
  Once set it is never rewritten, even if the due date is moved or the follow-up is done.
- People: `last_contact` is the latest conversation date (up to today); `next_follow_up` the
  earliest due date among the person's open follow-ups (overdue ones included), blank when none.
- A conversation's `person` is a People ID or a People name. The schema layer's resolution
  (`Row.refs`, which also forgives case and accents) is used when it has one; otherwise the name
  must match exactly (surrounding and repeated spaces ignored). An unknown or ambiguous name is a
  problem, and that conversation neither closes nor is closed by others, nor dates anyone.
- Rows without an ID (IDs not assigned yet) are counted but never written: writes are by ID only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from service.jobs.followup_dates import as_date, cell_text, is_blank
from service.jobs.followup_model import (  # noqa: F401 - re-exported: the plan's types live with the rules
    CONVERSATIONS,
    JOB,
    NO_ORGANIZER,
    PEOPLE,
    CellChange,
    OverduePlan,
    OverdueSettings,
    TabLayout,
)
from service.schema.model import Problem, Row, TabSnapshot


@dataclass(slots=True)
class _Conversation:
    row: Row
    date: dt.date | None
    due: dt.date | None
    due_bad: bool
    done: bool
    person: str | None


def status_for(due: dt.date, today: dt.date, settings: OverdueSettings) -> str:
    days_past = (today - due).days
    if days_past > settings.grace_days:
        return f"OVERDUE {days_past}d"
    if days_past >= 0:
        return "due today"
    if -days_past <= settings.due_soon_days:
        return f"due in {-days_past}d"
    return ""


def plan(conversations: TabSnapshot, people: TabSnapshot, settings: Mapping[str, Any] | OverdueSettings | None,
         today: dt.date) -> OverduePlan:
    cfg, problems = OverdueSettings.parse(settings)
    result = OverduePlan(today, cfg, {CONVERSATIONS: TabLayout.of(conversations), PEOPLE: TabLayout.of(people)},
                         problems=problems)
    report = _Reporter(result, conversations, people)
    resolve = _person_resolver(people, report)
    convs = [_read_conversation(row, cfg.tz, resolve, report) for row in conversations.rows]

    # Latest contact per person from a conversation that set no follow-up of its own: it closes
    # every earlier follow-up with that person. Latest contact of any kind: People last_contact.
    closer: dict[str, dt.date] = {}
    last_contact: dict[str, dt.date] = {}
    for c in convs:
        if c.person is None or c.date is None or c.date > today:
            continue
        if c.date > last_contact.get(c.person, dt.date.min):
            last_contact[c.person] = c.date
        sets_follow_up = c.due is not None or c.due_bad
        if not sets_follow_up and c.date > closer.get(c.person, dt.date.min):
            closer[c.person] = c.date

    next_due: dict[str, dt.date] = {}
    for c in convs:
        status = _status(c, closer, today, cfg, result)
        if c.due is not None and status != "done":
            result.open += 1
            if c.person is not None and c.due < next_due.get(c.person, dt.date.max):
                next_due[c.person] = c.due
        _conversation_changes(c, status, today, cfg, result)

    for row in people.rows:
        if not row.id:
            result.without_id += 1
            continue
        wanted = {"last_contact": last_contact.get(row.id), "next_follow_up": next_due.get(row.id)}
        for key, new in wanted.items():
            old, _ = as_date(row.values.get(key), cfg.tz, row.raw.get(key))
            if old != new or (new is None and not is_blank(row.raw.get(key, row.values.get(key)))):
                report.change(PEOPLE, row, key, row.values.get(key), new)
    _drop_missing_columns(result)
    return result


def _drop_missing_columns(result: OverduePlan) -> None:
    """A service column the tab does not have (yet) cannot be written: one problem per column."""
    missing = {(c.tab, c.column) for c in result.changes if c.column not in result.layouts[c.tab].columns}
    for tab, column in sorted(missing):
        result.problems.append(Problem(JOB, tab, None, column, f"{tab} has no '{column}' column; run "
                                       "`turfbook sheets init` to add it", "missing_column"))
    if missing:
        result.changes = [c for c in result.changes if (c.tab, c.column) not in missing]


def _status(c: _Conversation, closer: dict[str, dt.date], today: dt.date, cfg: OverdueSettings,
            result: OverduePlan) -> str:
    if c.due_bad and not c.done:
        result.statuses["problem"] += 1
        return "problem: follow-up due is not a date"
    if c.done:
        result.statuses["done"] += 1
        return "done"
    if c.due is None:
        return ""
    if c.person is not None and c.date is not None and closer.get(c.person, dt.date.min) > c.date:
        result.statuses["done"] += 1
        return "done"
    status = status_for(c.due, today, cfg)
    kind = "overdue" if status.startswith("OVERDUE") else "due today" if status == "due today" else (
        "due soon" if status else "due later")
    result.statuses[kind] += 1
    return status


def _conversation_changes(c: _Conversation, status: str, today: dt.date, cfg: OverdueSettings,
                          result: OverduePlan) -> None:
    row = c.row
    old_status = cell_text(row.values.get("status", row.raw.get("status")))
    overdue = status.startswith("OVERDUE")
    if overdue:
        organizer = cell_text(row.values.get("organizer")) or NO_ORGANIZER
        result.overdue_by_organizer[organizer] += 1
    if not row.id:
        result.without_id += 1
        return
    if old_status.startswith("OVERDUE") and not overdue:
        result.cleared.append(row.label)
    if status != old_status:
        result.changes.append(CellChange(CONVERSATIONS, row.id, row.row_number, "status", old_status, status))
    flagged, _ = as_date(row.values.get("flagged_at"), cfg.tz, row.raw.get("flagged_at"))
    if overdue and flagged is None:
        result.newly_overdue.append(row.label)
        became = min(today, c.due + dt.timedelta(days=cfg.grace_days + 1))
        result.changes.append(CellChange(CONVERSATIONS, row.id, row.row_number, "flagged_at",
                                         row.values.get("flagged_at"), became))


def _read_conversation(row: Row, tz: ZoneInfo, resolve, report: _Reporter) -> _Conversation:
    date, bad_date = as_date(row.values.get("date"), tz, row.raw.get("date"))
    if bad_date is not None:
        report.problem(row, "date", f"date '{bad_date}' is not a date", "invalid")
    due, bad_due = as_date(row.values.get("follow_up_due"), tz, row.raw.get("follow_up_due"))
    if bad_due is not None:
        report.problem(row, "follow_up_due", f"follow-up due '{bad_due}' is not a date", "invalid")
    done_date, bad_done = as_date(row.values.get("follow_up_done"), tz, row.raw.get("follow_up_done"))
    if bad_done is not None:
        report.problem(row, "follow_up_done", f"follow-up done '{bad_done}' is not a date; counted as done",
                       "invalid")
    if date is None and bad_date is None and due is not None:
        report.problem(row, "date", "date is blank: this follow-up cannot be closed by a later conversation",
                       "missing")
    return _Conversation(row, date, due, bad_due is not None, done_date is not None or bad_done is not None,
                         resolve(row))


_SPACES = re.compile(r"\s+")


def _normal(text: Any) -> str:
    return _SPACES.sub(" ", str(text)).strip()


def _person_resolver(people: TabSnapshot, report: _Reporter):
    ids = {row.id.upper(): row.id for row in people.rows if row.id}
    names: dict[str, set[str]] = defaultdict(set)
    for row in people.rows:
        if row.id and not is_blank(row.values.get("name")):
            names[_normal(row.values["name"])].add(row.id)

    def resolve(row: Row) -> str | None:
        resolved = getattr(row, "refs", {}).get("person")     # the schema layer may have resolved it
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
        if matches:
            report.problem(row, "person", f"person '{text}' matches {len(matches)} people "
                           f"({', '.join(sorted(matches))}); use the ID", "ambiguous_reference")
        else:
            report.problem(row, "person", f"person '{text}' is not a People ID or name", "unknown_reference")
        return None

    return resolve


class _Reporter:
    """Collects problems (skipping ones the schema layer already reported) and cell changes."""

    def __init__(self, result: OverduePlan, *tabs: TabSnapshot):
        self.result = result
        self.known = {(p.tab, p.row_number or p.row_id, p.column) for t in tabs for p in t.problems}

    def problem(self, row: Row, key: str, message: str, kind: str) -> None:
        column = self.result.layouts[row.tab].header_of(key) if row.tab in self.result.layouts else key
        if (row.tab, row.row_number, column) in self.known or (row.tab, row.id, column) in self.known:
            return
        self.result.problems.append(Problem(JOB, row.tab, row.id, column, f"{row.tab} {row.label}: {message}",
                                            kind, row.row_number))

    def change(self, tab: str, row: Row, key: str, old: Any, new: Any) -> None:
        self.result.changes.append(CellChange(tab, row.id, row.row_number, key, old, new))
