"""perf23b's C-loop rewrites give what the loops they replaced gave, kept here as they were:

- digest.index.Index (keys by map over str methods, `_by` and `_exact` from zips): the same row found for every
  cell typed in the tab and for variants of them (case, spaces, a number, a list), with names and IDs colliding,
  repeated, blank, held (an adopted tab's unsure IDs);
- schema.followup.closing_days (the usual case, marked exactly when dated and nothing done after today, taken
  as the done column itself): the same day each follow-up closes, done dates before, on and after today, yes-words;
- schema.followup_people.resolve_people (IDs and refs by map over str.upper): the same People ID of each row.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import tab
from turfbook.digest.index import Index, key
from turfbook.schema.followup import closing_days
from turfbook.schema.followup_people import resolve_people
from turfbook.schema.held_refs import ATTR
from turfbook.schema.model import Row

_CELL = st.sampled_from(["Ana", "ana", " ANA ", "Ana  Ruiz", "P-000001", "p-000001", "P-000002", "", None, 7, 7.0,
                         True, ["Ana"], "Bo", "bo ", "W-1"])


class _OldIndex:
    """Index.__init__ as it was (main 4f8af6b): row-by-row comprehensions."""

    def __init__(self, rows, names, held):
        self.rows = list(rows)
        by = {}
        named = [(name, " ".join(name.split()).casefold() if name.__class__ is str else key(name), row)
                 for name, row in zip(names, self.rows, strict=True) if name]
        for _name, name_key_, row in named:
            by.setdefault(name_key_, row)
        ids = [(row.id, " ".join(row.id.split()).casefold() if row.id.__class__ is str else key(row.id), row)
               for row in self.rows if row.id and row.id not in held]
        for _id, id_key, row in ids:
            by[id_key] = row
        self._by = by
        self._exact = {cell: by[cell_key] for cell, cell_key, _row in (*named, *ids) if cell.__class__ is str}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_CELL, st.sampled_from(["P-000001", "P-000002", " p-000003", "P-000004", None, ""])),
                max_size=12),
       st.sets(st.sampled_from(["P-000001", "P-000002"])), st.lists(_CELL, max_size=6))
def test_index_finds_what_the_row_by_row_index_found(cells, held, probes):
    snapshot = tab("People", [{"id": row_id, "name": name} for name, row_id in cells])
    if held:
        setattr(snapshot, ATTR, frozenset(held))
    rows = snapshot.rows
    names = [row.values.get("name") for row in rows]
    new, old = Index(rows, "name", names, snapshot), _OldIndex(rows, names, frozenset(held))
    assert new._by == old._by and new._exact == old._exact
    assert all(new._by[k] is old._by[k] for k in old._by) and all(new._exact[k] is old._exact[k] for k in old._exact)
    for probe in [*names, *(row.id for row in rows), *probes]:
        if probe.__class__ is not list:
            assert new.find(probe) is (old._exact.get(probe) if probe.__class__ is str and probe in old._exact
                                       else old._by.get(key(probe)) if probe not in (None, "") else None)
    probes = [*names, *(row.id for row in rows), *probes]
    hashable = [probe for probe in probes if probe.__class__ is not list]
    for refs in (hashable, probes):          # find_all and positions (perf23c) as find and at one by one
        if refs is hashable or len(hashable) < len(probes):
            found = new.find_all(refs)
            assert len(found) == len(refs) and all(map(lambda a, b: a is b, found, map(new.find, refs)))
            assert new.positions([*found, None]) == [*(new.at(row) if row is not None else None for row in found),
                                                     None]


def _old_closing_days(days, dues, sets, marked, dones, persons, today):
    """closing_days as it was (main 4f8af6b)."""
    closed = [None] * len(days)
    for i in [i for i, m in enumerate(marked) if m]:
        done = dones[i]
        if done is None:
            closed[i] = min(days[i] or today, today)
        elif done <= today:
            closed[i] = done
    closers = {}
    for i in [i for i, sets_one in enumerate(sets) if not sets_one]:
        person, day = persons[i], days[i]
        if person is not None and day is not None and day <= today:
            closers.setdefault(person, []).append(day)
    if not closers:
        return closed
    for found in closers.values():
        found.sort()
    for i, (due, person, day, done) in enumerate(zip(dues, persons, days, closed, strict=True)):
        if due is not None and done is None and day is not None and day <= today:
            found = closers.get(person)
            if found is not None and found[-1] > day:
                closed[i] = found[bisect_right(found, day)]
    return closed


TODAY = date(2026, 11, 23)
_DAY = st.none() | st.integers(-10, 4).map(lambda n: TODAY + timedelta(days=n))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_DAY, _DAY, st.booleans(), _DAY, st.sampled_from(["P-1", "P-2", None]),
                          st.sampled_from(["dated", "yes", "no"])), max_size=15))
def test_closing_days_are_those_of_the_loops(rows):
    days, dues, sets, persons = ([r[k] for r in rows] for k in (0, 1, 2, 4))
    # done when dated (the usual), or a yes/no word on some rows (no date: marked True for yes, False for no)
    dones = [r[3] if r[5] == "dated" else None for r in rows]
    marked = [r[3] is not None if r[5] == "dated" else r[5] == "yes" for r in rows]
    assert closing_days(days, dues, sets, marked, dones, persons, TODAY) == \
        _old_closing_days(days, dues, sets, marked, dones, persons, TODAY)


def _old_ids_and_refs(conversations, people):
    held = set()
    ids = {row_id.upper(): row_id for row_id in people.row_ids() if row_id and row_id.upper() not in held}
    refs = conversations.refs_column("person")
    by_ref = {ref: ids.get(ref.upper()) if ref else None for ref in set(refs)}
    return list(map(by_ref.__getitem__, refs))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["P-000001", "p-000002", "P-000003", "", None]), max_size=10))
def test_resolve_people_gives_the_ids_the_refs_resolve_to(refs):
    people = tab("People", [{"id": f"P-{i:06d}", "name": f"Person {i}"} for i in range(1, 3)])
    conversations = tab("Conversations", [{"id": f"C-{i}", "person": None} for i in range(len(refs))])
    conversations.rows[:] = [Row("Conversations", i + 2, f"C-{i}", {"person": None}, {}, {"person": ref} if ref
                                 is not None else {}) for i, ref in enumerate(refs)]
    resolved = _old_ids_and_refs(conversations, people)
    assert resolve_people(conversations, people) == resolved    # no name to look up: blank person cells
