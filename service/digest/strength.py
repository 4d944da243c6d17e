"""Where we are strong: structure-test participation per worksite, and issues widely and deeply felt.

Structure test: the latest test dated on or before the period's end. A worksite's participation is
distinct people at that site in Participation rows for the test (site from the row, else the person's)
over its headcount; "before" counts only rows dated before the period began. Lowest sites first.

Issues are cumulative to the end of the period: people raising an issue over everyone contacted, the
worksites of those people over all worksites, and deeply felt = share of conversations that raised it
and rated depth 3 among those that rated depth at all. Top issues (most people) first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date
from itertools import compress, repeat
from operator import is_not
from typing import Any

from turfbook.digest.book import Book, as_int, as_list, key
from turfbook.digest.model import Count, IssueLine, SiteParticipation, StructureTest
from turfbook.digest.period import Period


def structure_test(book: Book, period: Period) -> StructureTest | None:
    dated = [(book.date(t, "date"), t) for t in book.tests.rows]
    dated = [(day, t) for day, t in dated if day is not None and day <= period.end]
    if not dated:
        return None
    day, test = max(dated, key=lambda item: (item[0], item[1].row_number))
    goal = as_int(test.values.get("goal_pct")) or book.setting_int("structure_test_goal_pct", 65)
    now: dict[str, set[str]] = defaultdict(set)
    before: dict[str, set[str]] = defaultdict(set)
    found = book.snapshot.tabs.get("Participation")          # its rows' cells read as columns (no Row made)
    columns = [found.column(name) for name in ("test", "person", "worksite", "date")] if found else [[]] * 4
    for test_cell, person_cell, site_cell, when_cell in zip(*columns, strict=True):
        if book.tests.find(test_cell) is not test:
            continue
        person = book.people.find(person_cell)
        site = book.worksites.find(site_cell) or book.worksite_of(person)
        if site is None:
            continue
        when = book.day(when_cell)
        if when is not None and when > period.end:
            continue
        who = book.person_key(person_cell)
        site_key = site.id or key(site.get("name"))
        now[site_key].add(who)
        if when is None or when < period.start:
            before[site_key].add(who)
    sites = []
    for site in book.worksites.rows:
        site_key = site.id or key(site.get("name"))
        headcount = as_int(site.values.get("headcount"))
        took_part = len(now.get(site_key, ()))
        pct = 100.0 * took_part / headcount if headcount else None
        sites.append(SiteParticipation(book.worksites.name(site), book.links.row(site), headcount, took_part,
                                       len(before.get(site_key, ())), pct, goal))
    sites.sort(key=lambda s: (s.pct is None, s.pct or 0.0, s.worksite.casefold()))
    return StructureTest(
        name=str(test.get("name", test.label)), kind=str(test.get("kind", "")), day=day, goal=goal,
        link=book.links.row(test), sites=sites,
        participants=Count(sum(len(v) for v in now.values()), sum(len(v) for v in before.values())))


def _sort_day(day: date | None) -> date:
    return date.min if day is None else day


def issues(book: Book, period: Period) -> list[IssueLine]:
    people: dict[str, set[str]] = {}
    people_before: dict[str, set[str]] = defaultdict(set)
    sites: dict[str, set[str]] = {}
    raised: dict[str, int] = defaultdict(int)
    rated: dict[str, int] = defaultdict(int)
    deep: dict[str, int] = defaultdict(int)
    site_at: dict[str, int] = {}             # person key -> the row its worksite is looked up by (the first)
    issue_names: dict[str, str] = {}
    named: dict[Any, list[str]] = {}         # a cell (a list as a tuple) -> its issues' names
    by_cell: dict[Any, tuple[list[str], list, bool]] = {}   # a cell -> (person keys, depths) of its rows, named
    by_object: dict[int, tuple[list[str], list, bool]] = {}  # id(a cell) -> its by_cell entry
    issue_lists, depths = book.column("issues"), book.column("depth")
    ints = set(map(type, depths)) <= {int, type(None)}
    c = book.convs
    days, whos, ats = c.day, c.who, c.at
    start = bisect_left(days, period.start, key=_sort_day)         # in date order: earlier rows first
    end = bisect_right(days, period.end, key=_sort_day)
    contacted = set(compress(whos[:end], map(is_not, days[:end], repeat(None))))     # C loops
    before: dict[Any, int] = {}
    for first, (lo, hi) in zip((True, False), ((0, start), (start, end)), strict=True):
        for day, who, at in zip(days[lo:hi], whos[lo:hi], ats[lo:hi], strict=True):
            listed = issue_lists[at]
            if listed is None or day is None:
                continue
            found = by_object.get(id(listed))       # the cells stay in issue_lists: their ids stay theirs
            if found is None:
                cell = tuple(listed) if listed.__class__ is list else listed
                found = by_cell.get(cell)
                if found is None:
                    named[cell] = [issue_names.get(issue) or issue_names.setdefault(issue, book.issue_name(issue))
                                   for issue in as_list(cell)]    # each distinct cell's issues named once
                    found = by_cell[cell] = ([], [], bool(named[cell]))
                by_object[id(listed)] = found        # a list cell shared by equal cells: one look-up, no tuple
            if found[2] and who not in site_at:
                site_at[who] = at
            found[0].append(who)
            found[1].append(depths[at])
        if first:           # (lo == 0 held for the second pass too when the period starts the rows)
            before = {cell: len(found[0]) for cell, found in by_cell.items()}
    persons, people_index = book.column("person"), book.people      # a person's worksite (Book.worksite_of), as
    places = people_index.positions(people_index.find_all(list(map(persons.__getitem__, site_at.values()))))
    site_of: dict[str, str | None] = dict(zip(site_at, map(dict(enumerate(book.site_keys())).get, places),
                                              strict=True))            # a People column (no person: None)
    for cell, (who_list, depth_list, _named) in by_cell.items():
        names = named[cell]
        if not names:
            continue
        if ints:                             # every depth an int or blank: counted by C loops
            n_rated, n_deep = len(depth_list) - depth_list.count(None), depth_list.count(3)
        else:
            counted = Counter(depth if depth.__class__ is int else as_int(depth) for depth in depth_list)
            n_rated, n_deep = len(depth_list) - counted[None], counted[3]
        earlier = who_list[:before.get(cell, 0)]
        for name in names:
            if name not in people:
                people[name], sites[name] = set(), set()
            people[name].update(who_list)
            if earlier:
                people_before[name].update(earlier)
            raised[name] += len(who_list)
            rated[name] += n_rated
            deep[name] += n_deep
    for name, who_set in people.items():
        found_sites = set(map(site_of.__getitem__, who_set))
        found_sites.discard(None)
        found_sites.discard("")
        sites[name] = found_sites
    n_sites = len(book.worksites.rows)
    lines = [IssueLine(
        name=name, people=Count(len(who), len(people_before.get(name, ()))),
        people_pct=100.0 * len(who) / len(contacted) if contacted else None,
        worksites=len(sites.get(name, ())),
        worksites_pct=100.0 * len(sites.get(name, ())) / n_sites if n_sites else None,
        conversations=raised[name],
        deep_share=deep[name] / rated[name] if rated[name] else None,
        link=book.links.row(book.issues.find(name))) for name, who in people.items()]
    lines.sort(key=lambda i: (-i.people.now, -(i.deep_share or 0.0), i.name.casefold()))
    return lines
