"""The digest's structure test (perf22x: the Participation cells read as columns, no Row made) equals the
row-by-row loop it replaced, kept here as it was: random Participation rows over the small workbook, with test
cells by ID, name, case variant, unknown, blank or a list; person cells by ID, name, unknown, blank or a list;
worksite cells by ID, name, unknown or blank; dates before, in and after the period, blank or text
(a list person cell raised TypeError, and still does). Checked to fail on a mutated end-of-period compare
and on the test looked up by the person cell."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY, TODAY, small_workbook, tab
from tests.support.examples import examples
from turfbook.digest.book import Book, as_int, key
from turfbook.digest.model import Count, SiteParticipation, StructureTest
from turfbook.digest.period import Period
from turfbook.digest.strength import structure_test

_DAY = st.integers(-25, 1).map(lambda n: TODAY + timedelta(days=n))
_ROW = st.fixed_dictionaries({
    "test": st.sampled_from(["T-0001", "T-0002", "t-0002 ", "Petition", "petition", "Nope", "", None, ["T-0002"]]),
    "person": st.sampled_from(["P-000001", "P-000003", "Ben Cole", "ben  cole", "Nobody", "", None, ["P-000004"]]),
    "worksite": st.sampled_from(["W-0001", "Sunny Days", "W-0003", "Nowhere", "", None]),
    "date": st.none() | _DAY | st.sampled_from(["2026-11-18", "soon"])})


def _row_by_row(book: Book, period: Period) -> StructureTest | None:
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


def _snapshot(rows: list[dict] | None):
    snapshot = small_workbook()
    if rows is None:
        del snapshot.tabs["Participation"]
    else:
        snapshot.tabs["Participation"] = tab("Participation", [{"id": f"X-{i:06d}", **r} for i, r in enumerate(rows)])
    return snapshot


@settings(max_examples=examples(200), deadline=None)
@given(st.none() | st.lists(_ROW, max_size=30), st.sampled_from(["week", "day"]),
       st.sampled_from([TODAY, TODAY - timedelta(days=12), date(2026, 12, 8)]))
@example([{"test": "T-0002", "person": f"Nobody {n}", "worksite": "W-0001", "date": TODAY - timedelta(days=n)}
          for n in (1, 7, 8)] + [{"test": "petition", "person": "P-000003", "worksite": None, "date": TODAY}],
         "week", TODAY)                          # the period's last and first day, the day before it, after it
@example([{"test": "T-0002", "person": "Ben Cole", "worksite": "Nowhere", "date": None},
          {"test": "T-0002", "person": "P-000001", "worksite": "", "date": "soon"}], "day", TODAY)
def test_structure_test_equals_the_row_by_row_loop(rows, kind, today):
    period = Period.ending_before(today, kind)
    assert _outcome(structure_test, rows, period) == _outcome(_row_by_row, rows, period)


def _outcome(plan, rows, period):
    """The plan's result, or the class of what it raised (a list person cell: unhashable, as before)."""
    try:
        return plan(Book(_snapshot(rows), NY, LINKS, period.today), period)
    except TypeError as exc:
        return TypeError, str(exc)
