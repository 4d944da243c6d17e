"""Book's Convs order (perf22x: a sheet already in date order, in sheet row order, is taken as it is, with no
sort and no takes) is the order the stable sort by (day, sheet row) gives, and each Convs column is its row-order
column taken in that order: sheets in date order (blank dates first or not), shuffled, with ties, and with rows
whose sheet numbers are not ascending (an adopted workbook's rows from several sheets)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY, conversation, tab
from tests.support.examples import examples
from turfbook.digest.book import Book
from turfbook.schema import followup
from turfbook.schema.model import Row, WorkbookSnapshot

START = date(2026, 10, 1)
TODAY = date(2026, 11, 23)
_MAYBE = st.none() | st.integers(0, 20).map(lambda n: START + timedelta(days=n))


@st.composite
def _workbooks(draw):
    people = [{"id": f"P-{i:06d}", "name": f"Person {i}"} for i in range(4)]
    convs = [conversation(f"C-{i:06d}", draw(_MAYBE), draw(st.sampled_from(["P-000001", "Person 2", "Nobody", None])),
                          draw(st.sampled_from(["Ana", " ana", "Bo", None])), "one-on-one", [], None, None, None,
                          draw(_MAYBE), draw(_MAYBE)) for i in range(draw(st.integers(0, 40)))]
    if draw(st.booleans()):                      # the usual sheet: in date order (blank dates sort first)
        convs.sort(key=lambda row: row["date"] or date.min)
    conversations = tab("Conversations", convs)
    if draw(st.booleans()):                      # sheet row numbers not ascending in row order
        numbers = draw(st.permutations(range(2, 2 + len(convs))))
        conversations.rows[:] = [Row("Conversations", n, r.id, r.values) for n, r in zip(numbers, conversations.rows,
                                                                                          strict=True)]
    return WorkbookSnapshot({t.name: t for t in [tab("People", people), conversations]}, settings={})


@settings(max_examples=examples(200), deadline=None)
@given(_workbooks())
def test_convs_are_the_rows_stably_sorted_by_day_then_sheet_row(snapshot):
    book = Book(snapshot, NY, LINKS, TODAY)
    tab = snapshot.tabs["Conversations"]
    fu = followup.read_columns(tab, snapshot.tabs["People"], NY)
    numbers = [row.row_number for row in tab.rows]
    order = sorted(range(len(numbers)), key=lambda at: (fu.days[at] or date.min, numbers[at]))
    c = book.convs
    assert c.at == order
    assert c.day == [fu.days[at] for at in order]
    assert c.due == [fu.dues[at] for at in order]
    assert c.done == [fu.closed_on(TODAY)[at] for at in order]
    organizers = [str(row.values.get("organizer") or "").strip() or "—" for row in tab.rows]
    assert c.organizer == [organizers[at] for at in order]
    assert c.org_key == [" ".join(organizers[at].split()).casefold() for at in order]
    assert [book.row(at).id for at in c.at] == [row.id for row in book.conversations]
    for column in (c.day, c.who, c.organizer, c.org_key, c.due, c.done, c.known):
        assert isinstance(column, list) and len(column) == len(order)
