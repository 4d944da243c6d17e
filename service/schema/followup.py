"""The follow-up rule, in one place. The overdue job (row statuses, People's dates and status), the
director's digest, the organizers' digests and the Wall chart all read follow-ups through this
module, so a number shown in two places cannot differ.

- A conversation **sets a follow-up** when `follow_up_due` is filled in (a date; a value that is not a
  date is a problem, and still counts as setting one).
- A follow-up is **closed** on its `follow_up_done` date, as the one done-cell reader gives it
  (done_cells.read_done: a date, or a done word beside a date, "Done 11/20", "hecho 20/11", is that date);
  a done cell kept as yes/no is done for "yes", "Y", "Sí", "✔", "hecho", "listo" (on the conversation's
  day) and NOT done for "no", "N", "0", "pendiente", "not yet"; any other text is a problem and NOT done
  (a person checks it: a21j 4). A done date AFTER today ("11/25/2026", "Done 11/25", "✔ 11/25" on 11/19)
  is NOT done: a problem naming the cell (EN/ES), and the follow-up stays open, flagged when overdue,
  until that day comes (a21o 5b; before, it counted as done today). Otherwise it is closed on the day of
  the first *strictly later* conversation with the same person (a People row; by anyone) that sets no
  follow-up of its own, up to today: a future-dated row is a plan or a typo, not a contact.
- It is **overdue on day D** when D is more than `grace_days` days after it was due and it was not
  closed on or before D. So a follow-up closed today is not overdue today, anywhere.
- A conversation's person is a People ID or name: the schema layer's resolution (`Row.refs`, which
  forgives case and accents) when it has one, else an exact ID or name (spaces folded). An unknown name closes
  nothing and is closed by nothing; a name two People rows have is "?<text>": the same text answers it (a21j 5).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.schema.cell_dates import shown
from turfbook.schema.done_words import done_answer, not_done_word
from turfbook.schema.followup_dates import dates  # noqa: F401 - re-exported: the rule's one date reading
from turfbook.schema.followup_people import resolve_people
from turfbook.schema.followup_status import (  # noqa: F401 - re-exported: the rule's Status words
    DONE,
    PROBLEM,
    PROBLEM_PREFIX,
    WAITS_PREFIX,
    most_urgent,
    status_column,
    status_for,
    urgency,
    waits,
)
from turfbook.schema.model import Row, TabSnapshot

_PARENS = re.compile(r"\([^()]*\)")
RULE_COLUMNS = ("date", "person", "follow_up_due", "follow_up_done")   # the columns this rule reads
RULE_READS = {"Conversations": RULE_COLUMNS, "People": ("id", "name")}  # ...and People's: a person's ID by name
RULE_NEEDS = {"Conversations": ("date", "person", "follow_up_due"), "People": ("name",)}   # without one: unknown
LOST_KINDS = ("missing_column", "needed_column", "service_column_missing")
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
    due_why: str = ""             # why follow_up_due is not a date, short (the read problem's words)

    @property
    def sets_follow_up(self) -> bool:
        return self.due is not None or self.due_bad

    @property
    def is_open(self) -> bool:
        return self.due is not None and self.closed_on is None


@dataclass(slots=True)
class Columns:
    """Every Conversations row's follow-up as columns (one entry per row, in row order): FollowUp's
    fields without an object per row, for the jobs that read them a column at a time (the digest). The Row
    objects (`rows`) are made only when asked for."""

    tab: TabSnapshot
    days: list[dt.date | None]
    dues: list[dt.date | None]
    due_bad: list[bool]
    marked: list[bool]
    dones: list[dt.date | None]
    persons: list[str | None]
    due_why: dict[int, str] = field(default_factory=dict)   # row index -> why its due is not a date

    @property
    def rows(self) -> list[Row]:
        return self.tab.rows

    def closed_on(self, today: dt.date) -> list[dt.date | None]:
        """Each row's `FollowUp.closed_on` after `close(..., today)`."""
        sets = [due is not None or bad for due, bad in zip(self.dues, self.due_bad, strict=True)]
        return closing_days(self.days, self.dues, sets, self.marked, self.dones, self.persons, today)


def read_tab(conversations: TabSnapshot, people: TabSnapshot | None, tz: ZoneInfo,
             report: Report | None = None) -> list[FollowUp]:
    """Every Conversations row's follow-up, in row order (see read_columns)."""
    c = read_columns(conversations, people, tz, report)
    items = list(map(FollowUp, c.rows, c.days, c.dues, c.due_bad, c.marked, c.dones, c.persons))
    for i, why in c.due_why.items():
        items[i].due_why = why
    return items


def read_columns(conversations: TabSnapshot, people: TabSnapshot | None, tz: ZoneInfo,
                 report: Report | None = None) -> Columns:
    """Every Conversations row's follow-up, in row order, a column at a time (the rows' dictionaries
    are not built). The person is resolved against `people` (see `resolve_people`); cells that are
    not dates are reported (once each) through `report`, a row's problems in the order: person, date,
    follow-up due, follow-up done, a blank date."""
    found: list[tuple[int, int, str, str, str]] = []      # (row index, order, column key, message, kind)
    persons = resolve_people(conversations, people, None if report is None else found)
    days, bad_days = dates(conversations, "date", tz)
    dues, bad_dues = dates(conversations, "follow_up_due", tz)
    dones, bad_dones = dates(conversations, "follow_up_done", tz)
    # a done column kept as yes/no: the parser's True/False (done_cells.read_done; a done word beside a date is
    # that date, in `dones`); a cell it could not read ("Done 11/25" on 11/19, "left voicemail") is not done
    words = {i: done_answer(bad) for i, bad in bad_dones.items()}
    early = [i for i, (day, due) in enumerate(zip(days, dues, strict=True))   # an open follow-up due before its own
             if due is not None and day is not None and due < day     # conversation: a problem, never silent
             and dones[i] is None and words.get(i) is not True] if report is not None else []
    bad_dones = {i: bad for i, bad in bad_dones.items() if words[i] is None}   # "no", "pendiente" are NOT done
    if report is not None:
        for i, bad in bad_days.items():
            found.append((i, 1, "date", f"date '{bad}' is not a date", "invalid"))
        for i, bad in bad_dues.items():
            found.append((i, 2, "follow_up_due", f"follow-up due '{bad}' is not a date", "invalid"))
        for i in early:
            found.append((i, 2, "follow_up_due", f"follow-up due {dues[i]} is before this conversation's date "
                          f"{days[i]}: check the date and the day/month order / el seguimiento ({dues[i]}) es antes "
                          f"de la fecha de la conversación ({days[i]}): revise la fecha y el orden día/mes",
                          "invalid"))
        for i, bad in bad_dones.items():
            found.append((i, 3, "follow_up_done", f"follow-up done {not_done_word(bad)}", "invalid"))
        for i, (day, due) in enumerate(zip(days, dues, strict=True) if None in days else ()):
            if day is None and due is not None and i not in bad_days:
                found.append((i, 4, "date", "date is blank: this follow-up cannot be closed by a later "
                              "conversation", "missing"))
        found.sort(key=lambda item: (item[0], item[1]))
        rows = conversations.rows if found else []      # (made only for a problem to say: not on a clean night)
        for i, _, key, message, kind in found:
            report(rows[i], key, message, kind)
    due_bad = [i in bad_dues for i in range(len(days))] if bad_dues else [False] * len(days)
    marked = [done is not None for done in dones]
    for i, word in words.items():
        marked[i] = word is True                    # other words: a problem, and the follow-up stays open
    why = _reasons(conversations, "follow_up_due", bad_dues)
    return Columns(conversations, days, dues, due_bad, marked, dones, persons, why)


def _reasons(tab: TabSnapshot, key: str, bad: dict[int, Any]) -> dict[int, str]:
    """{row index: why the cell is not a date}, short for a Status cell: the words of the read's problem for
    that cell (cells.make_parser, the one reading), English, up to its advice, no parentheses ("has no year",
    "could be day/month or month/day"); rows with no such problem are left out (the Status says PROBLEM)."""
    index = tab.columns.get(key)
    if not bad or index is None or index >= len(tab.header):
        return {}
    header = tab.header[index]
    said = {p.row_number: p.message for p in tab.problems if p.column == header and p.row_number is not None}
    out: dict[int, str] = {}
    for i, cell in bad.items():
        message, quoted = said.get(tab.rows[i].row_number, ""), f"'{shown(cell)}' "
        if quoted in message:
            why = message.split(quoted, 1)[1].split(" / ")[0].split(":")[0]
            out[i] = " ".join(_PARENS.sub("", why).split())
    return out


def close(items: Iterable[FollowUp], today: dt.date) -> None:
    """Set `closed_on` on every follow-up (see the module docstring)."""
    items = list(items)
    closed = closing_days([f.day for f in items], [f.due for f in items], [f.sets_follow_up for f in items],
                          [f.marked_done for f in items], [f.done_on for f in items], [f.person for f in items],
                          today)
    for f, day in zip(items, closed, strict=True):
        f.closed_on = day


def closing_days(days: list, dues: list, sets: list[bool], marked: list[bool], dones: list, persons: list,
                 today: dt.date) -> list[dt.date | None]:
    """The day each follow-up is closed (None while open), over columns: a row's day, due, whether it
    sets a follow-up, is marked done, its done date and its People ID (see the module docstring)."""
    closed: list[dt.date | None] = [None] * len(days)
    for i in [i for i, m in enumerate(marked) if m]:
        done = dones[i]
        if done is None:                            # a yes-word: done on the conversation's day (up to today)
            closed[i] = min(days[i] or today, today)
        elif done <= today:                         # a done date after today is not done: open (done_cells)
            closed[i] = done
    # Closed by a later conversation: the first day strictly after the row's own of a conversation with
    # the same person that sets no follow-up (both on or before today)
    closers: dict[str, list[dt.date]] = {}
    for i in [i for i, sets_one in enumerate(sets) if not sets_one]:
        person, day = persons[i], days[i]
        if person is not None and day is not None and day <= today:
            found = closers.get(person)
            if found is None:
                closers[person] = [day]
            else:
                found.append(day)
    if not closers:
        return closed
    for found in closers.values():
        found.sort()
    for i, (due, person, day, done) in enumerate(zip(dues, persons, days, closed, strict=True)):
        if due is not None and done is None and day is not None and day <= today:
            found = closers.get(person)
            if found is not None and found[-1] > day:
                closed[i] = found[bisect_right(found, day)]
    return closed


def overdue_days(f: FollowUp, day: dt.date, grace_days: int) -> int | None:
    """Days past due on `day` when the follow-up is overdue then, else None."""
    return days_overdue(f.due, f.closed_on, day, grace_days)


def days_overdue(due: dt.date | None, closed_on: dt.date | None, day: dt.date, grace_days: int) -> int | None:
    """overdue_days over a follow-up's due and closed_on (for jobs that keep them in columns)."""
    if due is None or (closed_on is not None and closed_on <= day):
        return None
    late = (day - due).days
    return late if late > grace_days else None


def status(f: FollowUp, today: dt.date, grace_days: int, due_soon_days: int) -> str:
    """The row's Status cell today: OVERDUE Nd, due today, due in Nd, done, a problem, or blank."""
    return statuses((f,), today, grace_days, due_soon_days)[0]


def statuses(items: Iterable[FollowUp], today: dt.date, grace_days: int, due_soon_days: int) -> list[str]:
    """status() of each follow-up, in order (status_column over the follow-ups' fields)."""
    items = list(items)
    return status_column([f.due for f in items], [f.due_bad for f in items], [f.marked_done for f in items],
                         [f.closed_on for f in items], {i: f.due_why for i, f in enumerate(items) if f.due_why},
                         today, grace_days, due_soon_days)


def lost_columns(snapshot) -> list[Any]:
    """Problems saying a column the rule reads (RULE_READS) is not there (renamed past finding, never found,
    People's ID deleted): then every figure of the rule is unknown, not 0 (overdue and digest say so)."""
    out = []
    for name, keys in RULE_READS.items():
        tab = snapshot.tabs.get(name)
        if tab is None:
            continue
        used = {tab.header[i] for k, i in tab.columns.items() if k in keys and i < len(tab.header)} | set(keys)
        out += [p for p in snapshot.problems if p.tab == name and p.kind in LOST_KINDS
                and (p.column in used or p.kind == "needed_column")]
    return out


def unknown_columns(snapshot) -> list[str]:
    """lost_columns as the columns they name once ("Name (People)"): what overdue and the digest say ([]: known)."""
    return list(dict.fromkeys(p.column if p.tab == "Conversations" else f"{p.column} ({p.tab})"
                              for p in lost_columns(snapshot)))
