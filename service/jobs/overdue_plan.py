"""The overdue job's plan, pure: each follow-up's Status and Flagged at, People's dates and status.

The rule itself (open, closed, overdue; who the person is) lives in service/schema/followup.py, which
the digest uses too. What this module adds:
- Status, in the org timezone: `OVERDUE Nd` when N = days past due is more than the grace days;
  `due today` on the due date and during the grace days; `due in Nd` for 1..due_soon_days ahead;
  `done`; blank otherwise; `problem: ...` for a follow-up date that is not a date.
- `flagged_at` is the day Turfbook first flagged the follow-up overdue: the date of the run that
  first wrote OVERDUE on the row (what the header note promises; how long it has been overdue is in
  the Status, `OVERDUE Nd`). A row first seen long overdue is flagged today, not backdated.
  Once set it is never rewritten, even if the due date is moved or the follow-up is done; except a
  Flagged at from before the row's own date, another record's (its ID typed on this row, a21p 3): the
  row is then flagged afresh (cleared, or today's date and "newly overdue" when it is overdue).
- People: `last_contact` is the latest conversation date (up to today); `next_follow_up` the
  earliest due date among the person's open follow-ups (overdue ones included), blank when none;
  `status` the most urgent of those follow-ups' statuses (OVERDUE longest first), blank when none.
- Rows without an ID (IDs not assigned yet) are counted but never written: writes are by ID only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from itertools import compress, repeat
from operator import and_, attrgetter, is_, is_not, itemgetter, ne, not_, truth
from typing import Any

from turfbook.jobs.overdue_model import (  # noqa: F401 - re-exported: the plan's types live with the rules
    CONVERSATION_OUTPUTS,
    CONVERSATIONS,
    JOB,
    NO_ORGANIZER,
    PEOPLE,
    PEOPLE_OUTPUTS,
    CellChange,
    OverduePlan,
    OverdueSettings,
    TabLayout,
    days_by_person,
)
from turfbook.schema import followup
from turfbook.schema.cell_dates import is_blank
from turfbook.schema.cells import cell_text
from turfbook.schema.model import Problem, Row, TabSnapshot


def status_for(due: dt.date, today: dt.date, settings: OverdueSettings) -> str:
    return followup.status_for(due, today, settings.grace_days, settings.due_soon_days)


def plan(conversations: TabSnapshot, people: TabSnapshot, settings: Mapping[str, Any] | OverdueSettings | None,
         today: dt.date, copies: dict[str, set[int]] | None = None,
         waits: dict[str, dict[str, list[int]]] | None = None) -> OverduePlan:
    """A column at a time: no object per row; the text of each distinct value (a due date, a Status, an
    organizer) is worked out once. The changes are in row order, a row's in the order of its columns.
    `copies` (id_owners.copy_rows): {tab: row numbers holding a copy of another row's ID}: not written.
    `waits` (copy_rows' too): {tab: {ID: its row numbers}} of the IDs kept by none of their rows: each one's
    Status says it waits (followup.waits), its Flagged at is kept (_waiting)."""
    cfg, problems = OverdueSettings.parse(settings)
    copies = copies or {}
    result = OverduePlan(today, cfg, {CONVERSATIONS: TabLayout.of(conversations), PEOPLE: TabLayout.of(people)},
                         problems=problems)
    report = _Reporter(result, conversations, people)
    c = followup.read_columns(conversations, people, cfg.tz, report.problem)
    closed = c.closed_on(today)
    statuses = followup.status_column(c.dues, c.due_bad, c.marked, closed, c.due_why, today, cfg.grace_days,
                                      cfg.due_soon_days)
    has_due = list(map(is_not, c.dues, repeat(None)))
    is_open = list(map(and_, has_due, map(is_, closed, repeat(None))))
    late = {text: text.startswith("OVERDUE") for text in set(statuses)}
    overdue = list(map(late.__getitem__, statuses))
    result.open += sum(is_open)
    tally = Counter(zip(statuses, has_due, strict=True)) if False in has_due else {   # (status, has a due date)
        (status, True): rows for status, rows in Counter(statuses).items()}   # (every row has one: no pair made)
    for (status, has_due), rows in tally.items():
        kind = _kind(status, has_due)
        if kind:
            result.statuses[kind] += rows
    result.overdue_by_organizer.update(compress(_cell_texts(conversations.column("organizer"), NO_ORGANIZER),
                                                overdue))       # first seen first, as most_common() lists ties

    rows = conversations.row_ids(), conversations.row_numbers()     # (IDs, row numbers): no Row object made
    ids = _writable(result, *rows, copies.get(conversations.name))
    old_statuses = _texts(conversations, "status")
    was_late = {text: text.startswith("OVERDUE") for text in set(old_statuses)}
    has_id = list(map(truth, ids))
    has_id = has_id if False in has_id else repeat(True)    # (every row's: no condition to test)
    result.cleared += [ids[i] for i in _where(overdue, has_id, map(not_, overdue),
                                              map(was_late.__getitem__, old_statuses))]
    # (a row's label is its ID: every row written has one)
    flagged, _ = followup.dates(conversations, "flagged_at", cfg.tz)
    stale = _stale(flagged, c.days, today)       # another record's Flagged at: from before the row's own date (a21p 3)
    if stale:
        flagged = [None if i in stale else f for i, f in enumerate(flagged)]
    newly = _where(overdue, has_id, overdue, map(is_, flagged, repeat(None)))
    result.newly_overdue += [ids[i] for i in newly]
    status_rows = _where(overdue, has_id, map(ne, statuses, old_statuses))
    unflag = [i for i in sorted(stale) if ids[i] and not overdue[i]]
    conversation_changes = [_changes(CONVERSATIONS, "status", rows, status_rows, old_statuses, statuses, 2, 0),
                            _changes(CONVERSATIONS, "flagged_at", rows, newly, conversations.column("flagged_at"),
                                     None, 2, 1, today),
                            _changes(CONVERSATIONS, "flagged_at", rows, unflag, conversations.column("flagged_at"),
                                     None, 2, 1),
                            _waiting(result, rows, old_statuses, (waits or {}).get(conversations.name))]

    has_person = list(map(is_not, c.persons, repeat(None)))
    open_rows = list(compress(zip(c.persons, c.dues, statuses, strict=True), map(and_, is_open, has_person)))
    past = {day: day is not None and day <= today for day in set(c.days)}       # each distinct day once
    wanted = {"last_contact": days_by_person(compress(zip(c.persons, c.days, strict=True),
                                                      map(and_, has_person, map(past.__getitem__, c.days))), True),
              "next_follow_up": days_by_person(map(_FIRST_TWO, open_rows), False)}
    people_changes = _people_changes(result, people, wanted, _most_urgent(open_rows), copies.get(people.name))
    result.changes = _in_order(conversation_changes) + _in_order(people_changes)
    _drop_missing_columns(result)
    return result


def _people_changes(result: OverduePlan, people: TabSnapshot, wanted: dict[str, dict[str, dt.date]],
                    status_of: dict[str, str], copies: set[int] | None = None
                    ) -> list[tuple[list[int], list[CellChange]]]:
    """People's dates and status that differ from the cells read: per column, (order keys, changes) (see
    _changes); rows in `copies` (row numbers) not written."""
    cfg = result.settings
    rows = people.row_ids(), people.row_numbers()
    ids = _writable(result, *rows, copies)
    out = []
    for k, (key, by_person) in enumerate(wanted.items()):
        olds = followup.dates(people, key, cfg.tz)[0]
        cells = people.column(key)
        news = list(map(by_person.get, ids))
        blank = list(map(is_blank, _or_raw(people, key)))
        at = [n for n, (row_id, old, new) in enumerate(zip(ids, olds, news, strict=True))
              if row_id and (old != new or (new is None and not blank[n]))]
        out.append(_changes(PEOPLE, key, rows, at, cells, news, 3, k))
    if "status" in result.layouts[PEOPLE].columns:
        person_status = people.column("status")
        news = [status_of.get(row_id, "") for row_id in ids]
        at = [n for n, (row_id, old, new) in enumerate(zip(ids, _cell_texts(person_status), news, strict=True))
              if row_id and old != new]
        out.append(_changes(PEOPLE, "status", rows, at, person_status, news, 3, 2))
    return out


def _stale(flagged: list, days: list, today: dt.date) -> set[int]:
    """The rows whose Flagged at is before their own conversation date: never this row's flag (it is set on a night
    the row was overdue, so after it was dated), but another record's, whose ID was typed on this row (a deleted
    record's ID on a new row: id_typed_said says so). The row is flagged afresh from its own dates (a21p 3). A
    row dated after today (a plan, a typo) is not judged by its date: flagged afresh today, it would be every night."""
    if not any(flagged):
        return set()
    return {i for i, (flag, day) in enumerate(zip(flagged, days, strict=True))
            if flag and day and flag < day <= today}


def _where(rows: list, *conditions) -> list[int]:
    """The indices of `rows` where every condition (iterables of bools; repeat(True): every row, untested) holds."""
    found = None
    for condition in conditions:
        if condition.__class__ is not repeat:
            found = condition if found is None else map(and_, found, condition)
    return list(range(len(rows))) if found is None else list(compress(range(len(rows)), found))


def _writable(result: OverduePlan, ids: list[str | None], numbers: list[int], copies: set[int] | None
              ) -> list[str | None]:
    """Each row's ID (`ids`, the rows' own; `numbers`: their row numbers), None for a row never written: one
    without an ID (counted in `without_id`) or one holding a copy of another row's ID (its row number in
    `copies`, id_owners.copy_rows: counted in `copied`)."""
    result.without_id += ids.count(None) + ids.count("")
    if not copies:
        return ids
    out = [None if row_id and number in copies else row_id for row_id, number in zip(ids, numbers, strict=True)]
    result.copied += out.count(None) - ids.count(None)
    return out


def _waiting(result: OverduePlan, rows: tuple[list, list[int]], olds: list[str], waits: dict[str, list[int]] | None
             ) -> tuple[list[int], list[CellChange]]:
    """The Status of each ID whose rows wait while their cells differ (outside tester a21n n3): the Status is
    looked up by ID, so it shows on each of those rows, whose dates differ (a record and its template copy):
    neither row's flag is true of the other, and the flag the ID had would go stale while the digest counts
    the rows' own dates. So it says the ID waits (followup.waits); Flagged at is left as it is, and the next
    night after the copy has its own ID writes the record's Status again."""
    if not waits:
        return [], []
    at_of = {number: i for i, number in enumerate(rows[1])}
    news: list = [None] * len(rows[1])
    for row_id, numbers in waits.items():
        at = at_of.get(numbers[0])
        if at is not None:
            news[at] = followup.waits(len(numbers))
            result.waiting.append(row_id)
            result.copied -= len(numbers)           # not copies `sheets check` numbers: they wait (said so)
    at = [i for i, new in enumerate(news) if new is not None and new != olds[i]]
    return _changes(CONVERSATIONS, "status", rows, at, olds, news, 2, 0)


def _most_urgent(open_rows: list[tuple[str, dt.date, str]]) -> dict[str, str]:
    """{person: followup.most_urgent of their open follow-ups' statuses}, each distinct status ranked once (the
    first of equals, as most_urgent)."""
    rank = {status: followup.urgency(status) for status in set(map(_THIRD, open_rows))}
    best, out = {}, {}
    for person, _, status in open_rows:           # one pass in row order, no sort (perf24c): the first of equals
        found = rank[status]
        if found is not None and (person not in best or found < best[person]):
            best[person], out[person] = found, status
    return out


def _changes(tab: str, column: str, rows: tuple[list, list[int]], at: list[int], olds: list, news: list | None,
             step: int, k: int, new: Any = None) -> tuple[list[int], list[CellChange]]:
    """The changes of column `column` in rows `at` (indices, in row order; `rows`: the rows' IDs and row numbers),
    from `olds` to `news` (`new` for every row when `news` is None), and their order keys step * index + k (a
    row's columns in their order)."""
    ids, numbers = rows
    return [step * i + k for i in at], CellChange.many(
        tab, [ids[i] for i in at], [numbers[i] for i in at], column, [olds[i] for i in at],
        repeat(new) if news is None else [news[i] for i in at])


def _in_order(columns: list[tuple[list[int], list[CellChange]]]) -> list[CellChange]:
    """The changes of several columns, each in row order, merged by their order keys."""
    filled = [column for column in columns if column[1]]
    if len(filled) < 2:
        return filled[0][1] if filled else []
    merged = list(zip([key for keys, _ in filled for key in keys], [c for _, changes in filled for c in changes],
                      strict=True))
    merged.sort(key=_FIRST)
    return list(map(_SECOND, merged))


def _cell_texts(values: list, blank: str = "") -> list[str]:
    """cell_text of each value (`blank` for a blank one), each distinct value converted once."""
    try:
        memo = {value: cell_text(value) or blank for value in set(values)}
    except TypeError:                           # a list value: unhashable
        return [cell_text(value) or blank for value in values]
    return list(map(memo.__getitem__, values))


def _or_raw(tab: TabSnapshot, key: str) -> list:
    """Each row's cell as read (`row.raw`), else its value."""
    raw, values = tab.raw_column(key), tab.column(key)
    if raw is values:                   # the cells are the values (a service column after overlay): read, not changed
        return values
    return [value if cell is None else cell for cell, value in zip(raw, values, strict=True)]


def _texts(tab: TabSnapshot, key: str) -> list[str]:
    """Each row's value (else its cell as read) as text (cell_text), each distinct value converted once."""
    values, raw = tab.column(key), tab.raw_column(key)
    if raw is values:                   # the cells are the values (a service column after overlay): no row to pick
        return _cell_texts(values)
    return _cell_texts([cell if value is None else value for value, cell in zip(values, raw, strict=True)])


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
_FIRST, _SECOND, _THIRD, _FIRST_TWO = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(0, 1)


def _drop_missing_columns(result: OverduePlan) -> None:
    """A service column the tab does not have (yet) cannot be written: one problem per column."""
    lacking = {(tab, column) for tab, columns in ((CONVERSATIONS, CONVERSATION_OUTPUTS), (PEOPLE, PEOPLE_OUTPUTS))
               for column in columns if column not in result.layouts[tab].columns}
    missing = lacking & set(map(_TAB_COLUMN, result.changes)) if lacking else set()    # the plan writes no other
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


