"""Follow-ups: overdue by organizer, done and completed in the period; and each organizer's own list.

A follow-up is a Conversations row with `follow_up_due`. It is *overdue on day D* when it was due
more than `grace_days` before D and was not marked done before D. "Overdue now" is as of the day the
digest is made; the previous figure is as of the first day of the period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from service.digest.book import Book, key
from service.digest.model import Count, FollowUpLine, FollowUps, OverdueLine, Rate
from service.digest.period import Period
from service.schema.model import Row


def _overdue_on(book: Book, row: Row, day: date, grace: int) -> int | None:
    """Days overdue on `day`, or None when not overdue then."""
    due = book.date(row, "follow_up_due")
    if due is None or due + timedelta(days=grace) >= day:
        return None
    done = book.date(row, "follow_up_done")
    if done is not None and done < day:
        return None
    return (day - due).days


def _rate(done: int, due: int) -> float | None:
    return done / due if due else None


def follow_ups(book: Book, period: Period) -> FollowUps:
    grace = book.setting_int("grace_days", 0)
    prev = period.previous
    now_by: dict[str, list[tuple[int, Row]]] = defaultdict(list)
    before_by: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    done = [0, 0]
    due = [0, 0]
    completed = [0, 0]
    for row in book.conversations:
        if row.values.get("follow_up_due") is None:
            continue
        organizer = str(row.get("organizer", "")).strip() or "—"
        names.setdefault(key(organizer), organizer)
        late = _overdue_on(book, row, period.today, grace)
        if late is not None:
            now_by[key(organizer)].append((late, row))
        if _overdue_on(book, row, prev.today, grace) is not None:
            before_by[key(organizer)] += 1
        due_day, done_day = book.date(row, "follow_up_due"), book.date(row, "follow_up_done")
        for i, p in enumerate((period, prev)):
            if done_day in p:
                done[i] += 1
            if due_day in p:
                due[i] += 1
                if done_day is not None and done_day < p.today:
                    completed[i] += 1
    lines = []
    for org in set(now_by) | set(before_by):
        items = now_by.get(org, [])
        oldest_days, oldest = max(items, key=lambda item: (item[0], -item[1].row_number), default=(0, None))
        person = book.people.name(book.people.find(oldest.get("person")), oldest.get("person")) if oldest else ""
        lines.append(OverdueLine(names[org], Count(len(items), before_by.get(org, 0)), oldest_days, person,
                                 book.links.row(oldest)))
    lines.sort(key=lambda line: (-line.count.now, -line.oldest_days, line.organizer.casefold()))
    return FollowUps(
        overdue=Count(sum(len(v) for v in now_by.values()), sum(before_by.values())),
        by_organizer=lines, done=Count(*done), due=Count(*due), completed=Count(*completed),
        rate=Rate(_rate(completed[0], due[0]), _rate(completed[1], due[1])))


def organizer_lists(book: Book, organizer: str, today: date,
                    soon_days: int = 7) -> tuple[list[FollowUpLine], list[FollowUpLine]]:
    """One organizer's open follow-ups: overdue (oldest first), and the rest due up to `soon_days` ahead."""
    grace = book.setting_int("grace_days", 0)
    last: dict[str, Row] = {}
    for row in book.conversations:           # sorted by date: the last one wins
        last[book.person_key(row.get("person"))] = row
    overdue, soon = [], []
    horizon = today + timedelta(days=soon_days - 1)
    for row in book.conversations:
        if key(row.get("organizer")) != key(organizer) or row.values.get("follow_up_due") is None:
            continue
        if book.date(row, "follow_up_done") is not None:
            continue
        late = _overdue_on(book, row, today, grace)
        due = book.date(row, "follow_up_due")
        if late is None and not (due is not None and due <= horizon):
            continue
        person = book.people.find(row.get("person"))
        latest = last.get(book.person_key(row.get("person")), row)
        line = FollowUpLine(
            person=book.people.name(person, row.get("person")),
            phone=str(person.get("phone", "")) if person is not None else "",
            due=due, days_overdue=late or 0,
            last_notes=str(latest.get("notes", "")), last_date=book.date(latest, "date"),
            link=book.links.row(row))
        (overdue if late is not None else soon).append(line)
    overdue.sort(key=lambda line: (-line.days_overdue, line.person.casefold()))
    soon.sort(key=lambda line: (line.due or today, line.person.casefold()))
    return overdue, soon
