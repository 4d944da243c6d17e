"""Follow-ups: overdue by organizer, done and completed in the period; and each organizer's own list.

A follow-up is a Conversations row with `follow_up_due`; when it is open, closed and overdue is the
one rule in service/schema/followup.py (the overdue job's too): *overdue on day D* when it was due
more than `grace_days` before D and was not closed on or before D. "Overdue now" is as of the day the
digest is made; the previous figure is as of the first day of the period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from turfbook.digest.book import Book, key
from turfbook.digest.model import Count, FollowUpLine, FollowUps, OverdueLine, Rate
from turfbook.digest.period import Period
from turfbook.schema import followup


def _rate(done: int, due: int) -> float | None:
    return done / due if due else None


def follow_ups(book: Book, period: Period) -> FollowUps:
    grace = book.setting_int("grace_days", 0)
    prev = period.previous
    now_by: dict[str, list[tuple[int, int]]] = defaultdict(list)      # org key -> (days overdue, Convs index)
    before_by: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    done, due, completed = [0, 0], [0, 0], [0, 0]
    s0, e0, s1, e1 = period.start, period.end, prev.start, prev.end
    grace_days = timedelta(days=grace)
    today, prev_today = period.today, prev.today
    c = book.convs
    # followup.overdue_days and Period.__contains__, inlined: 100k rows
    for i, (c_due, c_done, org_key) in enumerate(zip(c.due, c.done, c.org_key, strict=True)):
        if c_due is None:
            continue
        if org_key not in names:
            names[org_key] = c.organizer[i]
        grace_end = c_due + grace_days
        if grace_end < today and (c_done is None or c_done > today):
            now_by[org_key].append(((today - c_due).days, i))
        if grace_end < prev_today and (c_done is None or c_done > prev_today):
            before_by[org_key] += 1
        if c_done is not None:
            if s0 <= c_done <= e0:
                done[0] += 1
            if s1 <= c_done <= e1:
                done[1] += 1
        if s0 <= c_due <= e0:
            due[0] += 1
            if c_done is not None and c_done < today:
                completed[0] += 1
        if s1 <= c_due <= e1:
            due[1] += 1
            if c_done is not None and c_done < prev_today:
                completed[1] += 1
    lines = []
    numbers, ats = book.numbers, c.at
    for org in set(now_by) | set(before_by):
        items = now_by.get(org, [])
        oldest_days, oldest = max(items, key=lambda item: (item[0], -numbers[ats[item[1]]]), default=(0, None))
        person, link = "", None
        if oldest is not None:
            ref = book.column("person")[ats[oldest]]
            person = book.people.name(book.people.find(ref), ref)
            link = book.link(ats[oldest])
        lines.append(OverdueLine(names[org], Count(len(items), before_by.get(org, 0)), oldest_days, person,
                                 link, book.links.row(book.organizers.find(names[org]))))
    lines.sort(key=lambda line: (-line.count.now, -line.oldest_days, line.organizer.casefold()))
    return FollowUps(
        overdue=Count(sum(len(v) for v in now_by.values()), sum(before_by.values())),
        by_organizer=lines, done=Count(*done), due=Count(*due), completed=Count(*completed),
        rate=Rate(_rate(completed[0], due[0]), _rate(completed[1], due[1])),
        unknown=followup.unknown_columns(book.snapshot))


def open_follow_ups(book: Book, today: date, soon_days: int = 7,
                    organizers: set[str] | None = None) -> dict[str, tuple[list, list]]:
    """Organizer key -> (overdue lines oldest first, lines due up to `soon_days` ahead), in one pass;
    only for the `organizers` keys given (default: everyone)."""
    grace = book.setting_int("grace_days", 0)
    c = book.convs
    last = dict(zip(c.who, range(len(c)), strict=True))     # sorted by date: the last one wins
    horizon = today + timedelta(days=soon_days - 1)
    lists: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    persons, notes = book.column("person"), book.column("notes")
    people, row_link, ats, whos, days = book.people, book.link, c.at, c.who, c.day
    wanted = [i for i, (due, done, org_key) in enumerate(zip(c.due, c.done, c.org_key, strict=True))
              if due is not None and done is None and (organizers is None or org_key in organizers)]
    said: dict = {}                           # person cell -> (name, phone), each distinct cell once
    for i in wanted:                          # the open follow-ups (followup.days_overdue, inlined: done is None)
        due = c.due[i]
        late = (today - due).days
        if late <= grace:
            late = None
            if due > horizon:
                continue
        ref = persons[ats[i]]
        try:
            name, phone = said[ref]
        except KeyError:
            name, phone = said[ref] = _name_phone(people, ref)
        except TypeError:                     # a list cell (unhashable)
            name, phone = _name_phone(people, ref)
        latest = last[whos[i]]
        note = notes[ats[latest]]
        line = FollowUpLine(name, phone, due, late or 0, str(note if note is not None else ""), days[latest],
                            row_link(ats[i]))
        lists[c.org_key[i]][0 if late is not None else 1].append(line)
    for overdue, soon in lists.values():
        overdue.sort(key=lambda line: (-line.days_overdue, line.person.casefold()))
        soon.sort(key=lambda line: (line.due or today, line.person.casefold()))
    return lists


def _name_phone(people, ref) -> tuple[str, str]:
    """The person a Conversations cell names: (name as the digest shows it, phone)."""
    person = people.find(ref)
    return people.name(person, ref), str(people.cell(person, "phone", "")) if person is not None else ""


def organizer_lists(book: Book, organizer: str, today: date,
                    soon_days: int = 7) -> tuple[list[FollowUpLine], list[FollowUpLine]]:
    """One organizer's open follow-ups: overdue (oldest first), and the rest due up to `soon_days` ahead."""
    return open_follow_ups(book, today, soon_days).get(key(organizer), ([], []))
