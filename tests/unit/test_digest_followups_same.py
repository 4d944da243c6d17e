"""The digest's follow-up figures (perf22u: a few comprehensions and Counters over the Convs columns) and each
organizer's open follow-ups (names and phones read per distinct cell) equal the row-by-row loops they replaced,
kept here as they were: random workbooks with blank dues and dates, follow-ups done before, during and after the
periods, organizers typed with case and space variants, person cells by ID, name, variant, unknown, blank, a
list or a number, grace from -2 to 40 days (and one past the calendar's end)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY, conversation, tab
from tests.support.examples import examples
from turfbook.digest.book import Book
from turfbook.digest.followups import follow_ups, open_follow_ups
from turfbook.digest.model import Count, FollowUpLine, FollowUps, OverdueLine, Rate
from turfbook.digest.period import Period
from turfbook.schema import followup
from turfbook.schema.model import WorkbookSnapshot

START = date(2026, 10, 1)
_DAY = st.integers(0, 70).map(lambda n: START + timedelta(days=n))
_MAYBE = st.none() | _DAY
_PERSON = st.sampled_from(["P-000000", "p-000000 ", "P-000003", "Person 4", "person  4", "Nobody", "", None,
                           ["P-000003"], 7])
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



def _open_row_by_row(book: Book, today: date, soon_days: int = 7,
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
            name, phone = said[ref] = _old_name_phone(people, ref)
        except TypeError:                     # a list cell (unhashable)
            name, phone = _old_name_phone(people, ref)
        latest = last[whos[i]]
        note = notes[ats[latest]]
        line = FollowUpLine(name, phone, due, late or 0, str(note if note is not None else ""), days[latest],
                            row_link(ats[i]))
        lists[c.org_key[i]][0 if late is not None else 1].append(line)
    for overdue, soon in lists.values():
        overdue.sort(key=lambda line: (-line.days_overdue, line.person.casefold()))
        soon.sort(key=lambda line: (line.due or today, line.person.casefold()))
    return lists


def _old_name_phone(people, ref) -> tuple[str, str]:
    """The person a Conversations cell names: (name as the digest shows it, phone)."""
    person = people.find(ref)
    return people.name(person, ref), str(people.cell(person, "phone", "")) if person is not None else ""


@st.composite
def _workbooks(draw):
    people = [{"id": f"P-{i:06d}", "name": draw(st.sampled_from([f"Person {i}", None, ""])),
               "phone": draw(st.sampled_from([None, "", "860-555-0101", 8605550101]))} for i in range(6)]
    convs = [conversation(f"C-{i:06d}", draw(_MAYBE), draw(_PERSON),
                          draw(_ORGANIZER), "one-on-one", [], None, None, None, draw(_MAYBE), draw(_MAYBE),
                          draw(st.sampled_from([None, "", "call back", 5])))
             for i in range(draw(st.integers(0, 60)))]
    organizers = [{"id": "O-0001", "name": "Ana", "email": "ana@example.org", "gets_digest": True}]
    grace = draw(st.sampled_from([0, 0, 1, 3, -2, 40, 10_000_000]))
    return WorkbookSnapshot({t.name: t for t in [tab("People", people), tab("Conversations", convs),
                                                 tab("Organizers", organizers)]}, settings={"grace_days": grace})


@settings(max_examples=examples(200), deadline=None)   # all 200 under make test-slow
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


@settings(max_examples=examples(200), deadline=None)   # all 200 under make test-slow
@given(_workbooks(), _DAY, st.sampled_from([None, {"ana", "bo"}, {"ana ruiz"}, set()]))
def test_open_follow_ups_equal_the_row_by_row_loop(snapshot, today, organizers):
    book = Book(snapshot, NY, LINKS, today)
    assert dict(open_follow_ups(book, today, organizers=organizers)) == dict(
        _open_row_by_row(book, today, organizers=organizers))
