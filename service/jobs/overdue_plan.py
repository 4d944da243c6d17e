"""The overdue job's plan, pure: each follow-up's Status and Flagged at, People's dates and status.

The rule itself (open, closed, overdue; who the person is) lives in service/schema/followup.py, which
the digest uses too. What this module adds:
- Status, in the org timezone: `OVERDUE Nd` when N = days past due is more than the grace days;
  `due today` on the due date and during the grace days; `due in Nd` for 1..due_soon_days ahead;
  `done`; blank otherwise; `problem: ...` for a follow-up date that is not a date.
- `flagged_at` is the day Turfbook first flagged the follow-up overdue: the date of the run that
  first wrote OVERDUE on the row (what the header note promises; how long it has been overdue is in
  the Status, `OVERDUE Nd`). A row first seen long overdue is flagged today, not backdated.
  Once set it is never rewritten, even if the due date is moved or the follow-up is done.
- People: `last_contact` is the latest conversation date (up to today); `next_follow_up` the
  earliest due date among the person's open follow-ups (overdue ones included), blank when none;
  `status` the most urgent of those follow-ups' statuses (OVERDUE longest first), blank when none.
- Rows without an ID (IDs not assigned yet) are counted but never written: writes are by ID only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from itertools import repeat
from operator import attrgetter, is_not
from typing import Any

from turfbook.jobs.overdue_model import (  # noqa: F401 - re-exported: the plan's types live with the rules
    CONVERSATIONS,
    JOB,
    NO_ORGANIZER,
    PEOPLE,
    CellChange,
    OverduePlan,
    OverdueSettings,
    TabLayout,
)
from turfbook.schema import followup
from turfbook.schema.cell_dates import is_blank
from turfbook.schema.cells import cell_text
from turfbook.schema.model import Problem, Row, TabSnapshot


def status_for(due: dt.date, today: dt.date, settings: OverdueSettings) -> str:
    return followup.status_for(due, today, settings.grace_days, settings.due_soon_days)


def plan(conversations: TabSnapshot, people: TabSnapshot, settings: Mapping[str, Any] | OverdueSettings | None,
         today: dt.date, copies: dict[str, set[int]] | None = None) -> OverduePlan:
    """`copies` (id_owners.copy_rows): {tab: row numbers holding a copy of another row's ID}: not written."""
    cfg, problems = OverdueSettings.parse(settings)
    copies = copies or {}
    copy_of = {CONVERSATIONS: copies.get(conversations.name, set()), PEOPLE: copies.get(people.name, set())}
    result = OverduePlan(today, cfg, {CONVERSATIONS: TabLayout.of(conversations), PEOPLE: TabLayout.of(people)},
                         problems=problems)
    report = _Reporter(result, conversations, people)
    items = followup.read_tab(conversations, people, cfg.tz, report.problem)
    followup.close(items, today)
    old_statuses = _texts(conversations, "status")
    organizers = conversations.column("organizer")
    flagged, _ = followup.dates(conversations, "flagged_at", cfg.tz)
    flagged_cells = conversations.column("flagged_at")

    last_contact: dict[str, dt.date] = {}
    next_due: dict[str, dt.date] = {}
    person_statuses: dict[str, list[str]] = defaultdict(list)
    earliest, opened = dt.date.min, 0
    row_statuses = followup.statuses(items, today, cfg.grace_days, cfg.due_soon_days)
    has_due = map(is_not, map(_DUE, items), repeat(None))
    tally = Counter(zip(row_statuses, has_due, strict=True))     # (status, has a due date) -> rows, counted in C
    by_organizer, changes, cleared, newly = (result.overdue_by_organizer, result.changes, result.cleared,
                                             result.newly_overdue)
    for f, status, old_status, organizer, flagged_on, flagged_cell in zip(
            items, row_statuses, old_statuses, organizers, flagged, flagged_cells, strict=True):
        person, day, row = f.person, f.day, f.row
        if person is not None and day is not None and day <= today and day > last_contact.get(person, earliest):
            last_contact[person] = day
        if f.is_open:
            opened += 1
            if person is not None:
                person_statuses[person].append(status)
                if f.due < next_due.get(person, dt.date.max):
                    next_due[person] = f.due
        overdue = status.startswith("OVERDUE")
        if overdue:
            by_organizer[cell_text(organizer) or NO_ORGANIZER] += 1
        if not row.id or row.row_number in copy_of[CONVERSATIONS]:
            result.without_id += bool(not row.id)
            result.copied += bool(row.id)
            continue
        if not overdue and old_status.startswith("OVERDUE"):
            cleared.append(row.label)
        if status != old_status:
            changes.append(CellChange(CONVERSATIONS, row.id, row.row_number, "status", old_status, status))
        if overdue and flagged_on is None:
            newly.append(row.label)
            changes.append(CellChange(CONVERSATIONS, row.id, row.row_number, "flagged_at", flagged_cell, today))
    result.open += opened
    for (status, has_due), rows in tally.items():
        kind = _kind(status, has_due)
        if kind:
            result.statuses[kind] += rows

    wanted = {"last_contact": last_contact, "next_follow_up": next_due}
    olds = {key: followup.dates(people, key, cfg.tz)[0] for key in wanted}
    cells = {key: people.column(key) for key in wanted}
    blank = {key: list(map(is_blank, _or_raw(people, key))) for key in wanted}
    person_status = people.column("status")
    has_status = "status" in result.layouts[PEOPLE].columns
    for n, row in enumerate(people.rows):
        if not row.id or row.row_number in copy_of[PEOPLE]:
            result.without_id += bool(not row.id)
            result.copied += bool(row.id)
            continue
        for key, by_person in wanted.items():
            new = by_person.get(row.id)
            if olds[key][n] != new or (new is None and not blank[key][n]):
                report.change(PEOPLE, row, key, cells[key][n], new)
        status = followup.most_urgent(person_statuses.get(row.id, ()))
        if has_status and cell_text(person_status[n]) != status:
            report.change(PEOPLE, row, "status", person_status[n], status)
    _drop_missing_columns(result)
    return result


def _or_raw(tab: TabSnapshot, key: str) -> list:
    """Each row's cell as read (`row.raw`), else its value."""
    return [value if cell is None else cell for cell, value in zip(tab.raw_column(key), tab.column(key), strict=True)]


def _texts(tab: TabSnapshot, key: str) -> list[str]:
    """Each row's value (else its cell as read) as text (cell_text), each distinct value converted once."""
    values = [cell if value is None else value for value, cell in
              zip(tab.column(key), tab.raw_column(key), strict=True)]
    memo = {value: cell_text(value) for value in set(values)}
    return list(map(memo.__getitem__, values))


def _kind(status: str, has_due: bool) -> str | None:
    """The count a conversation's Status falls in (OverduePlan.statuses), None for none."""
    if status.startswith(followup.PROBLEM_PREFIX):
        return "problem"
    if status == followup.DONE:
        return "done"
    if has_due:
        return "overdue" if status.startswith("OVERDUE") else "due today" if status == "due today" else (
            "due soon" if status else "due later")
    return None


_TAB_COLUMN = attrgetter("tab", "column")      # a CellChange's (tab, column)
_DUE = attrgetter("due")


def _drop_missing_columns(result: OverduePlan) -> None:
    """A service column the tab does not have (yet) cannot be written: one problem per column."""
    missing = {(tab, column) for tab, column in set(map(_TAB_COLUMN, result.changes))
               if column not in result.layouts[tab].columns}
    for tab, column in sorted(missing):
        result.problems.append(Problem(JOB, tab, None, column, f"{tab} has no '{column}' column; run "
                                       "`turfbook sheets init` to add it", "missing_column"))
    if missing:
        result.changes = [c for c in result.changes if (c.tab, c.column) not in missing]


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
