"""The digest's conversations and leaders (perf24b: the columns taken as they are when every row is dated and
rated, each mover ordered by her first rating through dict.fromkeys, each distinct first day judged once, the
person lines made together) equal the code they replaced, kept in tests/support/digest_activity_old.py; and
Book's person keys and `known` (perf24b: each distinct person checked once) equal the per-row reading. Random
Conversations over the small workbook: dates blank, long before, in and between the two periods (ties too),
people by ID, name, variant, unknown or blank (two
namesakes by case: the movers' order shows), ratings 1-5, blank, text or a float, asks yes/no/blank."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.support import digest_activity_old as old
from tests.support.digest_workbook import LINKS, NY, TODAY, conversation, small_workbook, tab
from tests.support.examples import examples
from turfbook.digest.activity import conversations, leaders
from turfbook.digest.book import Book
from turfbook.digest.made import made
from turfbook.digest.model import FollowUpLine, PersonLine
from turfbook.digest.period import Period
from turfbook.schema import followup
from turfbook.schema.followup_people import SAME

_DAY = st.none() | st.integers(-40, 3).map(lambda n: TODAY + timedelta(days=n))
_PERSON = st.sampled_from(["P-000001", "P-000003", "p-000004 ", "P-000006", "Ben Cole", "ben  cole", "Nobody", "nobody",
                          "NOBODY ", "", None, ["P-000002"], 7])
_ROW = st.tuples(_DAY, _PERSON,
                 st.sampled_from(["Maria", " maria", "Luis", "", None]),
                 st.sampled_from(["one-on-one", "House visit ", "", None, "odd"]),
                 st.sampled_from([1, 2, 3, 4, 5, None, "2", 1.0, "leader"]),
                 st.sampled_from(["yes - joined", "Yes - Declined", "yes - thinking", "no", "", None]))


def _book(rows, all_rated: bool, today):
    base = small_workbook()
    people = [dict(row.values) for row in base.tabs["People"].rows]    # a namesake of Dee Park (P-000004), by case:
    base.tabs["People"] = tab("People", [*people, {"id": "P-000006", "name": "dee park", "worksite": "W-0002"}])
    convs = [conversation(f"C-{i:06d}", day, person, organizer, kind, [], None,
                          (after if after.__class__ is int else 2) if all_rated else after, asked, None, None)
             for i, (day, person, organizer, kind, after, asked) in enumerate(rows)]
    if all_rated:                        # every row dated and rated: the columns-as-they-are paths
        convs = [{**row, "date": row["date"] or TODAY - timedelta(days=60)} for row in convs]
        convs.sort(key=lambda row: row["date"])
    base.tabs["Conversations"] = tab("Conversations", convs)
    return base, Book(base, NY, LINKS, today)


_NAMESAKES_MOVE = [(TODAY - timedelta(days=days), person, "Maria", "one-on-one", rating, None)
                   for days, rating in ((10, 3), (3, 2)) for person in ("P-000004", "P-000006")]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_ROW, max_size=40), st.booleans(), st.sampled_from(["week", "day"]))
@example(_NAMESAKES_MOVE, True, "week")            # two movers whose lines sort equal: their order is the code's
@example(_NAMESAKES_MOVE[::-1], False, "week")
def test_conversations_and_leaders_are_those_of_the_old_code(rows, all_rated, kind):
    period = Period.ending_before(TODAY, kind)
    base, book = _book(rows, all_rated, period.today)
    _, reference = _book(rows, all_rated, period.today)
    assert conversations(book, period) == old.conversations(reference, period)
    assert leaders(book, period) == old.leaders(reference, period)
    persons = followup.read_columns(base.tabs["Conversations"], base.tabs["People"], NY).persons
    known = [person is not None and person[0] != SAME for person in persons]
    whos = [person if ok else book._conversation_person(at, book.numbers[at])[0]
            for at, (person, ok) in enumerate(zip(persons, known, strict=True))]
    assert book.convs.known == [known[at] for at in book.convs.at]
    assert book.convs.who == [whos[at] for at in book.convs.at]


_TEXT = st.text(max_size=3)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.none(), st.integers(0, 9), _TEXT, st.none(), st.none() | _TEXT),
                max_size=8))
def test_made_lines_equal_those_the_classes_make(fields):
    columns = [list(column) for column in zip(*fields, strict=True)] if fields else [[] for _ in range(7)]
    assert made(FollowUpLine, *columns) == list(map(FollowUpLine, *columns))
    lines = made(PersonLine, *columns)
    assert lines == list(map(PersonLine, *columns))
    assert [repr(line) for line in lines] == [repr(line) for line in map(PersonLine, *columns)]
