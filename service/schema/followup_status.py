"""The follow-up rule's Status words (see followup.py, which re-exports them): a row's Status cell today and
how urgent a Status is. A column at a time: 100k rows hold a few hundred distinct due dates, so each date's
text is worked out once and the rows are mapped to it in C."""

from __future__ import annotations

import datetime as dt
from itertools import compress, repeat
from operator import and_, is_not

DONE, PROBLEM = "done", "problem: follow-up due is not a date"
PROBLEM_PREFIX = "problem: "          # every problem Status: PROBLEM, or the reason when the read gave one
WAITS_PREFIX = "waits: "


def waits(rows: int) -> str:
    """The Status of an ID whose rows wait while their cells differ (id_owners.copy_rows' `waits`): one Status
    is shown on every row holding the ID, and the rows' dates differ, so it says that the ID waits and why,
    never a flag of one row's dates nor a stale one (outside tester a21n n3). EN / ES."""
    return f"{WAITS_PREFIX}ID on {rows} rows, see Problems / espera: ID en {rows} filas, vea Problems"


def status_for(due: dt.date, today: dt.date, grace_days: int, due_soon_days: int) -> str:
    days_past = (today - due).days
    if days_past > grace_days:
        return f"OVERDUE {days_past}d"
    if days_past >= 0:
        return "due today"
    if -days_past <= due_soon_days:
        return f"due in {-days_past}d"
    return ""


def status_column(dues: list, due_bad: list[bool], marked: list[bool], closed: list, why: dict[int, str],
                  today: dt.date, grace_days: int, due_soon_days: int) -> list[str]:
    """Each row's Status cell today, over columns (one entry per row: its due date, whether its due is filled
    in but not a date, whether it is marked done, the day it was closed, and {row index: why its due is not a
    date}): a problem when the due is not a date and the row is not done; else `done` when marked done and
    closed (a done date after today is not: followup.closing_days) or closed on or before today; else blank
    without a due date; else status_for(due)."""
    by_due = {due: status_for(due, today, grace_days, due_soon_days) for due in set(dues) if due is not None}
    by_due[None] = ""
    out = list(map(by_due.__getitem__, dues))
    for i in [i for i, (due, on) in enumerate(zip(dues, closed, strict=True))
              if on is not None and due is not None and on <= today]:
        out[i] = DONE
    finished = list(map(and_, marked, map(is_not, closed, repeat(None))))   # marked with a done date after today:
    for i in compress(range(len(out)), finished):                            # not done, open (done_cells)
        out[i] = DONE
    if any(due_bad):
        for i, (bad, done) in enumerate(zip(due_bad, finished, strict=True)):
            if bad and not done:
                reason = why.get(i)
                out[i] = f"{PROBLEM_PREFIX}follow-up due {reason}" if reason else PROBLEM
    return out


def urgency(text: str) -> tuple[int, int] | None:
    """How urgent a Status is, lowest first (OVERDUE longest first, due today, due in fewest days); None for
    a Status that is no open follow-up's (done, a problem, blank)."""
    if text.startswith("OVERDUE "):
        return 0, -int(text[8:-1])
    if text == "due today":
        return 1, 0
    if text.startswith("due in "):
        return 2, int(text[7:-1])
    return None


def most_urgent(statuses) -> str:
    """A person's Status: the most urgent of their open follow-ups' statuses (OVERDUE longest first), the
    first of equals; blank when none is urgent."""
    best, rank = "", (9, 0)
    for text in statuses:
        candidate = urgency(text)
        if candidate is not None and candidate < rank:
            best, rank = text, candidate
    return best
