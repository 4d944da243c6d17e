"""The digest's issues (perf23b: the people contacted taken by compress) equal the row-by-row loop as it was:
random Conversations over the small workbook's People and Issues, issue cells as lists (some the very same list
object in several rows, as the parser shares equal cells), text, blank or empty, depths 1-3, blank, text or a
float, dates blank, before, in and after the period, person cells by ID, name, unknown or blank. (A rewrite
grouping the cells by a stable sort, perf23b, was slower on a real read and dropped; this found its one
difference: with no dated row before the period, the loop counted every row as "before" — fixed in both.)"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY, TODAY, conversation, small_workbook, tab
from tests.support.examples import examples
from turfbook.digest.book import Book, as_int, as_list
from turfbook.digest.model import Count, IssueLine
from turfbook.digest.period import Period
from turfbook.digest.strength import _sort_day, issues

_SHARED = [["Broken heat"], ["Low pay", "Broken heat"], ["low  pay"]]     # list objects put in several rows
_ISSUES = st.sampled_from([*range(len(_SHARED)), "Low pay", "Broken heat, Low pay", "Nope", "", None, ["Nope"],
                           ["Broken heat"]])
_ROW = st.tuples(st.none() | st.integers(-30, 3).map(lambda n: TODAY + timedelta(days=n)),
                 st.sampled_from(["P-000001", "P-000003", "Ben Cole", "ben  cole", "Nobody", "", None]), _ISSUES,
                 st.sampled_from([1, 2, 3, None, "3", 3.0, "deep"]))


def _old_issues(book: Book, period: Period) -> list[IssueLine]:
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
    contacted = {who for day, who in zip(days[:end], whos[:end], strict=True) if day is not None}
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
    persons, find, at_of, site_keys = book.column("person"), book.people.find, book.people.at, book.site_keys()
    site_of: dict[str, str | None] = {}
    for who, at in site_at.items():          # a person's worksite (Book.worksite_of), as a People column
        person = find(persons[at])
        site_of[who] = None if person is None else site_keys[at_of(person)]
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


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_ROW, max_size=30), st.sampled_from(["week", "day"]))
def test_issues_are_those_of_the_row_by_row_loop(rows, kind):
    base = small_workbook()
    convs = [conversation(f"C-{i:06d}", day, person, "Maria", "one-on-one",
                          _SHARED[cell] if cell.__class__ is int else cell, depth, None, None, None, None)
             for i, (day, person, cell, depth) in enumerate(rows)]
    base.tabs["Conversations"] = tab("Conversations", convs)
    for row, (_day, _person, cell, _depth) in zip(base.tabs["Conversations"].rows, rows, strict=True):
        if cell.__class__ is int:
            row.values["issues"] = _SHARED[cell]        # the very same list object (tab() copies the dicts only)
    period = Period.ending_before(TODAY, kind)
    book = Book(base, NY, LINKS, period.today)
    assert issues(book, period) == _old_issues(Book(base, NY, LINKS, period.today), period)


def test_an_issue_first_raised_in_the_first_period_has_no_people_before():
    """perf23b found it: with no dated conversation before the period (a team's first week), every person was
    counted as "before" too, so the issue's change showed 0 instead of all of them."""
    base = small_workbook()
    base.tabs["Conversations"] = tab("Conversations", [
        conversation("C-000001", TODAY - timedelta(days=2), "P-000001", "Maria", "one-on-one", ["Broken heat"], 3,
                     None, None, None, None)])
    period = Period.ending_before(TODAY, "week")
    (line,) = [i for i in issues(Book(base, NY, LINKS, period.today), period) if i.name == "Broken heat"]
    assert line.people == Count(1, 0)
