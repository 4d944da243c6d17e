"""The Wall chart tab: the drive's strength per worksite, the way organizers chart it on paper.

One row per worksite (by organizer, then name) and a totals row: headcount; people charted at each
assessment level (1 leader ... 5 opposed, coloured green to red like a paper wall chart) and not yet
charted; members, asked, and not yet contacted (headcount minus people at the site anyone has talked
to; without a headcount, People rows with no conversation); the latest structure test's participation
against its goal (green at or above goal, red below); the site's top three issues.

`chart_plan` is pure. `apply_chart` writes it in exactly two calls: one spreadsheets.batchUpdate
(add the tab if missing, clear it, formats, frozen header) and one values.batchUpdate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from turfbook.digest.book import Book, as_int, as_list, key
from turfbook.digest.period import Period
from turfbook.digest.strength import structure_test

TAB = "Wall chart"
LEVELS = ("1 Leader", "2 Supporter", "3 Undecided", "4 Leaning against", "5 Opposed")
HEADER = ("Worksite", "City", "Organizer", "Headcount", *LEVELS, "Not charted", "Members", "Asked",
          "Not yet contacted", "Structure test", "Took part", "Participation %", "Goal %", "Top issues")
FIRST_LEVEL = HEADER.index(LEVELS[0])
PCT = HEADER.index("Participation %")
HEADER_ROW = 3                     # 1-based: title, updated line, header
LEVEL_COLORS = ("#1e7b4a", "#8cc68a", "#f2e394", "#f4b183", "#e06666")


@dataclass
class ChartPlan:
    rows: list[list] = field(default_factory=list)        # every row from A1, title first
    pct_ok: dict[int, bool] = field(default_factory=dict)  # 0-based row index -> participation meets goal

    @property
    def width(self) -> int:
        return len(HEADER)


def chart_plan(book: Book, today: date) -> ChartPlan:
    period = Period(kind="day", start=today, end=today, today=today)
    test = structure_test(book, period)
    pct_by_site = {s.worksite: s for s in test.sites} if test else {}
    levels: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, Counter] = defaultdict(Counter)
    people_at: dict[str, set[str]] = defaultdict(set)
    talked = set(book.convs.who)
    issues: dict[str, Counter] = defaultdict(Counter)
    site_key = {}
    for person in book.people.rows:
        site = book.worksite_of(person)
        if site is None:
            continue
        where = site.id or key(site.get("name"))
        site_key[person.id or f"row {person.row_number}"] = where
        people_at[where].add(person.id or f"row {person.row_number}")
        level = as_int(person.values.get("assessment"))
        levels[where][level if level in range(1, 6) else None] += 1
        members[where][key(person.get("membership"))] += 1
    names: dict[str, str] = {}
    listed = book.column("issues")
    for who, at in zip(book.convs.who, book.convs.at, strict=True):
        where = site_key.get(who)
        if where:
            for issue in as_list(listed[at]):
                issues[where][names.get(issue) or names.setdefault(issue, book.issue_name(issue))] += 1
    plan = ChartPlan()
    plan.rows.append(["Wall chart"] + [""] * (len(HEADER) - 1))
    plan.rows.append([f"Written by Turfbook on {today.isoformat()}; do not edit (rewritten nightly)."]
                     + [""] * (len(HEADER) - 1))
    plan.rows.append(list(HEADER))
    totals = [0] * len(HEADER)
    sites = sorted(book.worksites.rows, key=lambda s: (key(s.get("organizer")), key(s.get("name"))))
    for site in sites:
        where = site.id or key(site.get("name"))
        headcount = as_int(site.values.get("headcount"))
        contacted = len(people_at[where] & talked)
        not_contacted = max(headcount - contacted, 0) if headcount is not None else \
            len(people_at[where] - talked)
        part = pct_by_site.get(book.worksites.name(site))
        row = [book.worksites.name(site), str(site.get("city", "")), str(site.get("organizer", "")),
               "" if headcount is None else headcount,
               *[levels[where][n] for n in range(1, 6)], levels[where][None],
               members[where]["joined"], members[where]["asked"], not_contacted,
               test.name if test else "", part.participants if part else "",
               "" if part is None or part.pct is None else round(part.pct),
               test.goal if test else "",
               ", ".join(name for name, _ in issues[where].most_common(3))]
        if part is not None and part.pct is not None:
            plan.pct_ok[len(plan.rows)] = part.meets_goal
        for i in (3, *range(FIRST_LEVEL, FIRST_LEVEL + 9), HEADER.index("Took part")):
            totals[i] += row[i] if isinstance(row[i], int) else 0
        plan.rows.append(row)
    total_row = ["All worksites", "", ""] + [v if i >= 3 else "" for i, v in enumerate(totals)][3:]
    total_row[HEADER.index("Structure test")] = test.name if test else ""
    total_row[PCT] = round(100 * totals[HEADER.index("Took part")] / totals[3]) if test and totals[3] else ""
    total_row[HEADER.index("Goal %")] = test.goal if test else ""
    total_row[-1] = ""
    plan.rows.append(total_row)
    return plan
