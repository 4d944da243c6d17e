"""The digest's follow-up figures (perf22u: a few comprehensions and Counters over the Convs columns) equal the
row-by-row loop they replaced, kept here as it was: random workbooks with blank dues and dates, follow-ups done
before, during and after the periods, organizers typed with case and space variants, grace from -2 to 40 days
(and one past the calendar's end)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY, conversation, tab
from turfbook.digest.book import Book
from turfbook.digest.followups import follow_ups
from turfbook.digest.model import Count, FollowUps, OverdueLine, Rate
from turfbook.digest.period import Period
from turfbook.schema import followup
from turfbook.schema.model import WorkbookSnapshot

START = date(2026, 10, 1)
_DAY = st.integers(0, 70).map(lambda n: START + timedelta(days=n))
_MAYBE = st.none() | _DAY
_ORGANIZER = st.sampled_from(["Ana", "ana", " ANA ", "Ana  Ruiz", "ana ruiz", "Bo", "", None])


def _rate(done: int, due: int) -> float | None:
    return done / due if due else None


def _row_by_row(book: Book, period: Period) -> FollowUps:
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


@st.composite
def _workbooks(draw):
    people = [{"id": f"P-{i:06d}", "name": f"Person {i}"} for i in range(6)]
    convs = [conversation(f"C-{i:06d}", draw(_MAYBE), draw(st.sampled_from(["P-000000", "P-000003", "Person 4",
                                                                             "Nobody", None])),
                          draw(_ORGANIZER), "one-on-one", [], None, None, None, draw(_MAYBE), draw(_MAYBE))
             for i in range(draw(st.integers(0, 60)))]
    organizers = [{"id": "O-0001", "name": "Ana", "email": "ana@example.org", "gets_digest": True}]
    grace = draw(st.sampled_from([0, 0, 1, 3, -2, 40, 10_000_000]))
    return WorkbookSnapshot({t.name: t for t in [tab("People", people), tab("Conversations", convs),
                                                 tab("Organizers", organizers)]}, settings={"grace_days": grace})


@settings(max_examples=200, deadline=None)
@given(_workbooks(), _DAY, st.sampled_from(["week", "day"]))
def test_follow_ups_equal_the_row_by_row_loop(snapshot, today, kind):
    period = Period.ending_before(today, kind)
    book = Book(snapshot, NY, LINKS, period.today)
    try:
        expected = _row_by_row(book, period)
    except OverflowError:                    # due + grace past year 9999: the loop failed; now nothing is overdue
        assert follow_ups(book, period).overdue == Count(0, 0)
        return
    assert follow_ups(book, period) == expected
