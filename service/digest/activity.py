"""Conversations this period (by kind, by organizer, new people) and leadership (new leaders,
assessment moves, asks to join and their answers), each against the previous period.

Assessment is 1 leader ... 5 opposed, so moving *up* means the number went down. A person's move in a
period compares their last `assessment_after` in the period with their last one before it. A newly
identified leader is a person whose first conversation rated 1 falls in the period.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date

from turfbook.digest.book import Book, as_int, key
from turfbook.digest.model import Conversations, Count, Leaders, Named, PersonLine
from turfbook.digest.period import Period

KINDS = ("one-on-one", "house visit", "canvass/door knock", "phone bank", "text", "event")
ANSWERS = (("yes - joined", "joined"), ("yes - declined", "declined"), ("yes - thinking", "thinking"))


def _spans(period: Period) -> tuple[date, date, date, date]:
    return period.start, period.end, period.previous.start, period.previous.end


def _which(day: date | None, spans: tuple[date, date, date, date]) -> int | None:
    """0 for this period, 1 for the previous one, None otherwise (hot loop: plain comparisons)."""
    if day is None:
        return None
    if spans[0] <= day <= spans[1]:
        return 0
    if spans[2] <= day <= spans[3]:
        return 1
    return None


def conversations(book: Book, period: Period) -> Conversations:
    total = [0, 0]
    kinds: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
    organizers: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    first_seen: dict[str, date] = {}
    spans = _spans(period)
    kind_of = book.column("kind")
    c = book.convs
    s0, e0, s1, e1 = spans
    for day, who, at, org_key, organizer in zip(c.day, c.who, c.at, c.org_key, c.organizer, strict=True):
        if day is None:
            continue
        if who not in first_seen:
            first_seen[who] = day
        if s0 <= day <= e0:               # _which, inlined: 100k rows
            i = 0
        elif s1 <= day <= e1:
            i = 1
        else:
            continue
        total[i] += 1
        kind = kind_of[at]
        kind = str(kind or "").strip().lower() or "other"
        kinds.setdefault(kind, [0, 0])[i] += 1
        if org_key not in labels:
            labels[org_key] = organizer
        organizers.setdefault(org_key, [0, 0])[i] += 1
    new = [0, 0]
    for day in first_seen.values():
        i = _which(day, spans)
        if i is not None:
            new[i] += 1
    by_org = [Named(labels[k], Count(*v), book.links.row(book.organizers.find(labels[k])))
              for k, v in organizers.items()]
    by_org.sort(key=lambda n: (-n.count.now, -n.count.before, n.label.casefold()))
    by_kind = [Named(k, Count(*v)) for k, v in kinds.items() if k in KINDS or any(v)]
    return Conversations(Count(*total), by_kind, by_org, Count(*new))


def _person_line(book: Book, ref, day, **extra) -> PersonLine:
    person = book.people.find(ref)
    site = book.worksite_of(person)
    return PersonLine(
        name=book.people.name(person, ref),
        worksite=book.worksites.name(site, person.get("worksite") if person is not None else ""),
        organizer=str(person.get("organizer", "")) if person is not None else "",
        day=day, link=book.links.row(person), **extra)


def leaders(book: Book, period: Period) -> Leaders:
    first_leader: dict[str, tuple[date, int]] = {}                         # (day, Conv.at)
    ratings: dict[str, list[tuple[date, int, int]]] = defaultdict(list)    # (day, level, Conv.at)
    asked = [0, 0]
    answers = [Counter(), Counter()]
    spans = _spans(period)
    assessed, asked_col, person = book.column("assessment_after"), book.column("asked_to_join"), book.column("person")
    c = book.convs
    for day, who, at in zip(c.day, c.who, c.at, strict=True):
        if day is None:
            continue
        level = assessed[at]
        if level.__class__ is not int:        # as parsed, an int already
            level = as_int(level)
        if level is not None:
            ratings[who].append((day, level, at))
            if level == 1:
                first_leader.setdefault(who, (day, at))
        answer = asked_col[at]
        if answer and (i := _which(day, spans)) is not None and (answer := key(answer)).startswith("yes"):
            asked[i] += 1
            answers[i][answer] += 1
    new_now = [(day, at) for day, at in first_leader.values() if day in period]
    new_before = sum(1 for day, _ in first_leader.values() if day in period.previous)
    new_leaders = [_person_line(book, person[at], day) for day, at in sorted(new_now, key=lambda x: x[0])]
    up, down, moves = [0, 0], [0, 0], []
    earliest = period.previous.start
    for series in ratings.values():           # each in date order, as book.convs is
        if series[-1][0] < earliest:
            continue                          # no rating in either period: nothing moved
        days = [day for day, _, _ in series]
        for i, p in enumerate((period, period.previous)):
            lo, hi = bisect_left(days, p.start), bisect_right(days, p.end)
            if lo == 0 or hi == lo:
                continue                      # not rated before the period, or not during it
            before = series[lo - 1][1]
            day, after, at = series[hi - 1]
            if after == before:
                continue
            if after < before:
                up[i] += 1
            else:
                down[i] += 1
            if i == 0:
                moves.append(_person_line(book, person[at], day, before=before, after=after))
    moves.sort(key=lambda m: (m.after - m.before, m.name.casefold()))
    return Leaders(
        new_leaders=new_leaders, new_count=Count(len(new_now), new_before),
        moved_up=Count(*up), moved_down=Count(*down), moves=moves, asked=Count(*asked),
        answers=[Named(label, Count(answers[0][value], answers[1][value])) for value, label in ANSWERS])
