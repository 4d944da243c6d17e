"""Where we are strong: structure-test participation per worksite, and issues widely and deeply felt.

Structure test: the latest test dated on or before the period's end. A worksite's participation is
distinct people at that site in Participation rows for the test (site from the row, else the person's)
over its headcount; "before" counts only rows dated before the period began. Lowest sites first.

Issues are cumulative to the end of the period: people raising an issue over everyone contacted, the
worksites of those people over all worksites, and deeply felt = share of conversations that raised it
and rated depth 3 among those that rated depth at all. Top issues (most people) first.
"""

from __future__ import annotations

from collections import defaultdict
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
    for row in book.rows("Participation"):
        if book.tests.find(row.get("test")) is not test:
            continue
        person = book.people.find(row.get("person"))
        site = book.worksites.find(row.get("worksite")) or book.worksite_of(person)
        if site is None:
            continue
        when = book.date(row, "date")
        if when is not None and when > period.end:
            continue
        who = book.person_key(row.get("person"))
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


def issues(book: Book, period: Period) -> list[IssueLine]:
    contacted: set[str] = set()
    contacted_before: set[str] = set()
    people: dict[str, set[str]] = defaultdict(set)
    people_before: dict[str, set[str]] = defaultdict(set)
    sites: dict[str, set[str]] = defaultdict(set)
    raised: dict[str, int] = defaultdict(int)
    rated: dict[str, int] = defaultdict(int)
    deep: dict[str, int] = defaultdict(int)
    site_of: dict[str, str | None] = {}
    issue_names: dict[str, str] = {}
    named: dict[Any, list[str]] = {}         # a cell (a list as a tuple) -> its issues' names
    start, end = period.start, period.end
    issue_lists, depths, persons = book.column("issues"), book.column("depth"), book.column("person")
    c = book.convs
    for day, who, at in zip(c.day, c.who, c.at, strict=True):
        if day is None or day > end:
            continue
        contacted.add(who)
        earlier = day < start
        if earlier:
            contacted_before.add(who)
        listed = issue_lists[at]
        if listed is None:
            continue
        depth = depths[at]
        depth = depth if depth.__class__ is int else as_int(depth)
        names = named.get(listed) if listed.__class__ is not list else named.get(tuple(listed))
        if names is None:                     # each distinct cell's issues named once
            names = [issue_names.get(issue) or issue_names.setdefault(issue, book.issue_name(issue))
                     for issue in as_list(listed)]
            named[tuple(listed) if listed.__class__ is list else listed] = names
        if not names:
            continue
        site = site_of.get(who, site_of)          # site_of itself: not looked up yet
        if site is site_of:
            found = book.worksite_of(book.people.find(persons[at]))
            site = site_of[who] = (found.id or key(found.get("name"))) if found is not None else None
        for name in names:
            people[name].add(who)
            if earlier:
                people_before[name].add(who)
            if site:
                sites[name].add(site)
            raised[name] += 1
            if depth is not None:
                rated[name] += 1
                deep[name] += depth == 3
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
