"""Conversations this period (by kind, by organizer, new people) and leadership (new leaders,
assessment moves, asks to join and their answers), each against the previous period.

Assessment is 1 leader ... 5 opposed, so moving *up* means the number went down. A person's move in a
period compares their last `assessment_after` in the period with their last one before it. A newly
identified leader is a person whose first conversation rated 1 falls in the period.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from datetime import date
from itertools import compress, repeat
from operator import attrgetter, eq, is_not

from turfbook.digest.book import Book, as_int, key
from turfbook.digest.made import made
from turfbook.digest.model import Conversations, Count, Leaders, Named, PersonLine
from turfbook.digest.period import Period

KINDS = ("one-on-one", "house visit", "canvass/door knock", "phone bank", "text", "event")
_INT_OR_NONE = {int, type(None)}
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


def _sort_day(day: date | None) -> date:
    return date.min if day is None else day


def conversations(book: Book, period: Period) -> Conversations:
    total = [0, 0]
    kinds: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
    organizers: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    spans = _spans(period)
    kind_of = book.column("kind")
    c = book.convs
    days, whos = c.day, c.who
    if None in days:
        dated = list(compress(range(len(days)), map(is_not, days, repeat(None))))      # C loops
        first_seen = dict(zip(map(whos.__getitem__, reversed(dated)), map(days.__getitem__, reversed(dated)),
                              strict=True))                         # in date order: the first one wins
    else:                                                           # every row dated: the columns as they are
        first_seen = dict(zip(reversed(whos), reversed(days), strict=True))
    s0, e0, s1, e1 = spans
    w0, w1 = bisect_left(days, s1, key=_sort_day), bisect_right(days, e0, key=_sort_day)
    for i in range(w0, w1):               # the previous period's rows, then this one's (adjacent)
        day = days[i]
        if day is None:
            continue
        p = 0 if day >= s0 else 1
        total[p] += 1
        kind = kind_of[c.at[i]]
        kind = str(kind or "").strip().lower() or "other"
        kinds.setdefault(kind, [0, 0])[p] += 1
        org_key = c.org_key[i]
        if org_key not in labels:
            labels[org_key] = c.organizer[i]
        organizers.setdefault(org_key, [0, 0])[p] += 1
    new = [0, 0]
    for day, n in Counter(first_seen.values()).items():            # each distinct first day once
        i = _which(day, spans)
        if i is not None:
            new[i] += n
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
        worksite=book.worksites.name(site, book.people.cell(person, "worksite") if person is not None else ""),
        organizer=str(book.people.cell(person, "organizer", "")) if person is not None else "",
        day=day, link=book.links.row(person), **extra)


def _person_liner(book: Book) -> Callable[..., tuple]:
    """_person_line(book, ...)'s fields as a function of (ref, day, before=None, after=None) reading the People
    columns once, each distinct worksite cell's name looked up once (thousands of moves at 100k rows); the
    lines are made together (`_lines`)."""
    people, worksites, links = book.people, book.worksites, book.links
    find, at_of, site_name = people.find, people.at, worksites.name
    names, site_cells, organizers = people.column("name"), people.column("worksite"), people.column("organizer")
    sites: dict = {}

    def line(ref, day, before=None, after=None) -> tuple:
        person = find(ref)
        if person is None:
            return str(ref or ""), "", "", day, None, before, after
        at = at_of(person)
        if at is None or people._tab is None:          # not a row of the People columns: as _person_line does
            return _FIELDS(_person_line(book, ref, day, before=before, after=after))
        cell = site_cells[at]
        typed = (cell.__class__, cell)                   # 1, 1.0 and True are equal keys, not equal cells
        try:
            worksite = sites[typed]
        except KeyError:
            worksite = sites[typed] = site_name(worksites.find(cell), cell)
        except TypeError:                               # a list cell (unhashable)
            worksite = site_name(worksites.find(cell), cell)
        organizer = organizers[at]
        return (str(names[at] or person.label), worksite, "" if organizer is None else str(organizer),
                day, links.at(person.tab, person.row_number), before, after)

    return line


def _lines(fields: list[tuple]) -> list[PersonLine]:
    """The PersonLines of `_person_liner` fields, made together (digest.made)."""
    return made(PersonLine, *map(list, zip(*fields, strict=True))) if fields else []


_FIELDS = attrgetter(*(f.name for f in dataclass_fields(PersonLine)))


def _last(whos: list[str], at: list[int], lo: int, hi: int) -> dict[str, int]:
    """Person key -> the last of positions `at[lo:hi]` (ascending) that is hers (`whos[k]`: the person of `at[k]`)."""
    return dict(zip(whos[lo:hi], at[lo:hi], strict=True))


def leaders(book: Book, period: Period) -> Leaders:
    """In date order, over the Convs columns: the first level-1 rating per person anywhere; asks and
    moves only in the two periods' rows (found by bisect), against each person's last rating before."""
    assessed, asked_col, person = book.column("assessment_after"), book.column("asked_to_join"), book.column("person")
    c = book.convs
    days, whos, ats = c.day, c.who, c.at
    picked = list(map(assessed.__getitem__, ats))
    if set(map(type, picked)) <= _INT_OR_NONE:             # the usual column: ints and blanks
        levels = picked
    else:
        levels = [level if level.__class__ is int or level is None else as_int(level)    # as_int(None) is None
                  for level in picked]
    if None in levels or None in days:
        rated = [i for i, level in enumerate(levels) if level is not None and days[i] is not None]
        rated_whos, rated_levels = list(map(whos.__getitem__, rated)), list(map(levels.__getitem__, rated))
    else:                                     # every row rated: its columns as they are
        rated, rated_whos, rated_levels = list(range(len(levels))), whos, levels
    ones = list(compress(rated, map(eq, rated_levels, repeat(1))))
    first_leader = sorted(dict(zip(map(whos.__getitem__, reversed(ones)), reversed(ones), strict=True)).values())
    prev = period.previous
    w0, w1 = bisect_left(days, prev.start, key=_sort_day), bisect_right(days, period.end, key=_sort_day)
    w_mid = bisect_left(days, period.start, key=_sort_day)       # rows w0..w_mid: the previous period's (adjacent)
    f0, f_mid, f1 = (bisect_left(first_leader, w) for w in (w0, w_mid, w1))    # first_leader: ascending, dated
    new_now, new_before = first_leader[f_mid:f1], f_mid - f0
    line = _person_liner(book)
    new_leaders = _lines([line(person[ats[i]], days[i]) for i in new_now])
    asked = [0, 0]
    answers = [Counter(), Counter()]
    keyed: dict[str, str] = {}                # key() of each distinct text answer, once
    for i in range(w0, w1):                   # rows of the previous period, then of this one
        answer = asked_col[ats[i]]
        if not answer or days[i] is None:
            continue
        if answer.__class__ is str:
            found = keyed.get(answer)
            if found is None:
                found = keyed[answer] = key(answer)
            answer = found
        else:
            answer = key(answer)
        if answer.startswith("yes"):
            p = 0 if i >= w_mid else 1
            asked[p] += 1
            answers[p][answer] += 1
    r0, r_mid, r1 = bisect_left(rated, w0), bisect_left(rated, w_mid), bisect_left(rated, w1)  # rated: ascending
    last_before = _last(rated_whos, rated, 0, r0)     # the last rating before each period
    last_prev = _last(rated_whos, rated, r0, r_mid)   # ... and in each (the last wins)
    last_now = _last(rated_whos, rated, r_mid, r1)
    up, down, moves = [0, 0], [0, 0], []
    rated_in = last_prev.keys() | last_now.keys()     # in the order of each one's first rating (C loops):
    for who in list(filter(rated_in.__contains__, dict.fromkeys(rated_whos))):
        for p, (during, earlier) in enumerate(((last_now, last_prev.get(who, last_before.get(who))),
                                               (last_prev, last_before.get(who)))):
            i = during.get(who)
            if i is None or earlier is None:
                continue                      # not rated during the period, or not before it
            before, after = levels[earlier], levels[i]
            if after == before:
                continue
            if after < before:
                up[p] += 1
            else:
                down[p] += 1
            if p == 0:
                moves.append(line(person[ats[i]], days[i], before, after))
    moves = _lines(moves)
    moves.sort(key=lambda m: (m.after - m.before, m.name.casefold()))
    return Leaders(
        new_leaders=new_leaders, new_count=Count(len(new_now), new_before),
        moved_up=Count(*up), moved_down=Count(*down), moves=moves, asked=Count(*asked),
        answers=[Named(label, Count(answers[0][value], answers[1][value])) for value, label in ANSWERS])
