"""Follow-ups: overdue by organizer, done and completed in the period; and each organizer's own list.

A follow-up is a Conversations row with `follow_up_due`; when it is open, closed and overdue is the
one rule in service/schema/followup.py (the overdue job's too): *overdue on day D* when it was due
more than `grace_days` before D and was not closed on or before D. "Overdue now" is as of the day the
digest is made; the previous figure is as of the first day of the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import compress, repeat
from operator import is_, itemgetter

from turfbook.digest.book import Book, Convs, key
from turfbook.digest.index import Index
from turfbook.digest.made import made
from turfbook.digest.model import Count, FollowUpLine, FollowUps, OverdueLine, Rate
from turfbook.digest.period import Period
from turfbook.schema import followup

_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _rate(done: int, due: int) -> float | None:
    return done / due if due else None


def follow_ups(book: Book, period: Period) -> FollowUps:
    """A few comprehensions over the Convs columns (followup.overdue_days and Period.__contains__, inlined: 100k
    rows): overdue on day D when due + grace < D, i.e. due < D - grace, and not closed on or before D."""
    grace_days = timedelta(days=book.setting_int("grace_days", 0))
    prev = period.previous
    today, prev_today = period.today, prev.today
    cut, prev_cut = _before(today, grace_days), _before(prev_today, grace_days)
    c = book.convs
    dues, dones, org_keys = c.due, c.done, c.org_key
    now = [i for i, due, done in zip(range(len(c)), dues, dones, strict=True)
           if due is not None and due < cut and (done is None or done > today)]
    before_by = Counter([org_key for org_key, due, done in zip(org_keys, dues, dones, strict=True)
                         if due is not None and due < prev_cut and (done is None or done > prev_today)])
    pairs = Counter(zip(dues, dones, strict=True))    # each distinct (due, closed) pair: a few thousand at 100k rows
    done, due, completed = [0, 0], [0, 0], [0, 0]
    for p, (span, day) in enumerate(((period, today), (prev, prev_today))):
        start, end = span.start, span.end
        for (due_on, done_on), n in pairs.items():
            if due_on is None:
                continue
            if done_on is not None and start <= done_on <= end:      # closed in the span
                done[p] += n
            if start <= due_on <= end:                               # due in the span: done before its day?
                due[p] += n
                if done_on is not None and done_on < day:
                    completed[p] += n
    now_keys = list(map(org_keys.__getitem__, now))
    now_by = Counter(now_keys)
    oldest = _oldest(now, now_keys, dues, book.numbers, c.at)
    names = _labels(c, set(now_by) | set(before_by))
    lines = []
    for org in set(now_by) | set(before_by):        # in the order the row-by-row loop had
        person, link, oldest_days = "", None, 0
        found = oldest.get(org)
        if found is not None:
            oldest_days = (today - dues[found]).days
            ref = book.column("person")[c.at[found]]
            person = book.people.name(book.people.find(ref), ref)
            link = book.link(c.at[found])
        lines.append(OverdueLine(names[org], Count(now_by.get(org, 0), before_by.get(org, 0)), oldest_days, person,
                                 link, book.links.row(book.organizers.find(names[org]))))
    lines.sort(key=lambda line: (-line.count.now, -line.oldest_days, line.organizer.casefold()))
    return FollowUps(
        overdue=Count(len(now), sum(before_by.values())),
        by_organizer=lines, done=Count(*done), due=Count(*due), completed=Count(*completed),
        rate=Rate(_rate(completed[0], due[0]), _rate(completed[1], due[1])),
        unknown=followup.unknown_columns(book.snapshot))


def _oldest(rows: list[int], keys: list[str], dues: list, numbers: list[int], ats: list[int]) -> dict[str, int]:
    """Organizer key -> her oldest of `rows` (Convs indices, ascending; `keys` theirs): the earliest due, then the
    first in the sheet. The earliest due per organizer from the distinct (organizer, due) pairs."""
    earliest: dict[str, date] = {}
    for key_, due in set(zip(keys, map(dues.__getitem__, rows), strict=True)):
        if key_ not in earliest or due < earliest[key_]:
            earliest[key_] = due
    oldest: dict[str, int] = {}
    for i, key_ in zip(rows, keys, strict=True):
        if dues[i] == earliest[key_]:
            found = oldest.get(key_)
            if found is None or numbers[ats[i]] < numbers[ats[found]]:
                oldest[key_] = i
    return oldest


def _before(day: date, grace: timedelta) -> date:
    """`day - grace`; past the calendar's ends, the end no due is before (date.min) or every due is (date.max)."""
    try:
        return day - grace
    except OverflowError:
        return date.min if grace > timedelta(0) else date.max


def _labels(c: Convs, org_keys: set[str]) -> dict[str, str]:
    """Organizer key -> the organizer as typed in her first row with a follow-up due (Convs order)."""
    missing, names = set(org_keys), {}
    for org_key, due, label in zip(c.org_key, c.due, c.organizer, strict=True):
        if missing and due is not None and org_key in missing:
            names[org_key] = label
            missing.discard(org_key)
            if not missing:
                break
    return names


def open_follow_ups(book: Book, today: date, soon_days: int = 7,
                    organizers: set[str] | None = None) -> dict[str, tuple[list, list]]:
    """Organizer key -> (overdue lines oldest first, lines due up to `soon_days` ahead), in one pass;
    only for the `organizers` keys given (default: everyone)."""
    grace = book.setting_int("grace_days", 0)
    c = book.convs
    last = dict(zip(c.who, range(len(c)), strict=True))     # sorted by date: the last one wins
    horizon = today + timedelta(days=soon_days - 1)
    cut = _before(today, timedelta(days=grace))              # (today - due).days > grace: due < cut
    lists: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    persons, notes = book.column("person"), book.column("notes")
    people, ats, whos, days, dues, org_keys = book.people, c.at, c.who, c.day, c.due, c.org_key
    still_open = list(compress(range(len(c)), map(is_, c.done, repeat(None))))     # not closed (C loops)
    wanted = [i for i, due, org_key in zip(still_open, map(dues.__getitem__, still_open),
                                           map(org_keys.__getitem__, still_open), strict=True)
              if due is not None and (due <= horizon or due < cut) and (organizers is None or org_key in organizers)]
    at_wanted = list(map(ats.__getitem__, wanted))
    refs = list(map(persons.__getitem__, at_wanted))
    said = _names_phones(people, refs)
    # the open follow-ups, a column at a time (followup.days_overdue inlined, done is None; each distinct due once)
    w_dues = list(map(dues.__getitem__, wanted))
    lateness = {due: (today - due).days for due in set(w_dues)}
    lates = [late if late > grace else None for late in map(lateness.__getitem__, w_dues)]
    shown = [late is not None or due <= horizon for due, late in zip(w_dues, lates, strict=True)]
    if not all(shown):                        # (never: `wanted` holds only those)
        at_wanted, refs, w_dues, lates, wanted = (list(compress(column, shown))
                                                  for column in (at_wanted, refs, w_dues, lates, wanted))
    try:
        named = list(map(said.__getitem__, refs))
    except TypeError:                         # a list cell (unhashable)
        named = [said[ref] if ref.__hash__ is not None else _name_phone(people, ref) for ref in refs]
    latest = list(map(last.__getitem__, map(whos.__getitem__, wanted)))
    notes_of = [str(note if note is not None else "") for note in map(notes.__getitem__, map(ats.__getitem__, latest))]
    lines = made(FollowUpLine, map(_FIRST, named), map(_SECOND, named), w_dues, [late or 0 for late in lates],
                 notes_of, map(days.__getitem__, latest), book.links_of(at_wanted))
    for line, org_key, late in zip(lines, map(org_keys.__getitem__, wanted), lates, strict=True):
        lists[org_key][0 if late is not None else 1].append(line)
    for overdue, soon in lists.values():
        overdue.sort(key=lambda line: (-line.days_overdue, line.person.casefold()))
        soon.sort(key=lambda line: (line.due or today, line.person.casefold()))
    return lists


def _name_phone(people, ref) -> tuple[str, str]:
    """The person a Conversations cell names: (name as the digest shows it, phone)."""
    person = people.find(ref)
    return people.name(person, ref), str(people.cell(person, "phone", "")) if person is not None else ""


def _names_phones(people: Index, refs: list) -> dict:
    """Each distinct hashable cell of `refs` -> _name_phone of it, read from the People columns."""
    names, phones, out = people.column("name"), people.column("phone"), {}
    distinct = list(dict.fromkeys(ref for ref in refs if ref.__hash__ is not None))
    found = people.find_all(distinct)
    for ref, person, at in zip(distinct, found, people.positions(found), strict=True):
        if at is None:                        # no person, or (never) not a row of the People columns
            out[ref] = _name_phone(people, ref)
        else:                                 # Index.name and Index.cell(person, "phone", ""), inlined
            name, phone = names[at], phones[at]
            out[ref] = str(name or person.label), "" if phone is None else str(phone)
    return out


def organizer_lists(book: Book, organizer: str, today: date,
                    soon_days: int = 7) -> tuple[list[FollowUpLine], list[FollowUpLine]]:
    """One organizer's open follow-ups: overdue (oldest first), and the rest due up to `soon_days` ahead."""
    return open_follow_ups(book, today, soon_days).get(key(organizer), ([], []))
