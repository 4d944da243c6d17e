"""id_owners (a21j): rows alike holding one copied ID wait; a row whose ID cell was deleted gets its ID back by
its exact key only; adopt_displaced: a copy of an ID in a sorted tab is an orphan, and the cause is said."""

from __future__ import annotations

from turfbook.schema.adopt_displaced import cause
from turfbook.schema.adopt_pairs import richer, whole
from turfbook.schema.adopt_sorted import DEAD, _keys, check, keys_of, row_key
from turfbook.schema.id_copies import alike_message
from turfbook.schema.id_namesakes import namesakes
from turfbook.schema.id_owners import as_stored, copy_rows, differ, given_back, owners, waiting
from turfbook.schema.ids import plan_ids
from turfbook.schema.loader import load_schema
from turfbook.schema.model import Row
from turfbook.schema.reader import parse_workbook

SCHEMA = load_schema()
TAB = SCHEMA.tab("People")


def _snapshot(rows: list[tuple[str, str]], stored: dict[str, str]):
    snapshot = parse_workbook(SCHEMA, {"People": [["Name", "ID"], *[[n, i] for n, i in rows]]}, tabs=["People"])
    snapshot.row_keys = {"People": stored}
    return snapshot


def _key(name: str) -> str:
    return row_key(TAB, {"name": name})


def test_rows_alike_wait_then_the_row_matching_the_key_keeps_the_id():
    stored = {"P-000001": _key("Ana"), "P-000002": _key("Bea")}
    snap = _snapshot([("Ana", "P-000001"), ("Ana", "P-000001"), ("Bea", "P-000002")], stored)
    people = snap.tabs["People"]
    assert waiting(TAB, people, stored) == {"P-000001": [0, 1]} and owners(TAB, people, stored) == {}
    plan = plan_ids(snap, SCHEMA)
    assert not plan.writes and [r.row_number for r in plan.waiting["People", "P-000001"]] == [2, 3]
    assert copy_rows(snap, SCHEMA) == {"People": {3}}            # overdue writes the first only
    snap = _snapshot([("Zed", "P-000001"), ("Ana", "P-000001"), ("Bea", "P-000002")], stored)
    plan = plan_ids(snap, SCHEMA)
    assert [(w.row_number, w.old_id, w.new_id) for w in plan.writes] == [(2, "P-000001", "P-000003")]
    assert copy_rows(snap, SCHEMA) == {"People": {2}}


def test_an_id_cell_deleted_is_given_back_by_the_exact_key_only():
    stored = {"P-000001": DEAD + _key("Ana Ruiz"), "P-000002": _key("Bea")}     # Ana's ID on no row (dead)
    snap = _snapshot([("Bea", "P-000002"), ("Ana Ruiz", "")], stored)
    assert given_back(TAB, snap.tabs["People"], stored) == {1: "P-000001"}
    plan = plan_ids(snap, SCHEMA)
    assert [(w.row_number, w.new_id) for w in plan.writes] == [(3, "P-000001")] and plan.returned == plan.writes
    for rows in ([("Bea", "P-000002"), ("Ana López", "")],                        # a shared word: never
                 [("Bea", "P-000002"), ("Ana Ruiz", ""), ("Ana Ruiz", "")],       # two rows of that key
                 [("Bea", "P-000002"), ("Ana Ruiz", ""), ("Ana Ruiz", "P-000001")]):  # the ID on a row
        assert given_back(TAB, _snapshot(rows, stored).tabs["People"], stored) == {}


def test_a_namesake_of_a_dead_id_gets_a_new_id_not_the_dead_ones():
    """a21k k2: People's key is the name: another cell (the phone) differing is another person, a new ID."""
    phone = parse_workbook(SCHEMA, {"People": [["Name", "Phone", "ID"], ["Ana Ruiz", "p1", "P-000001"]]},
                           tabs=["People"]).tabs["People"]
    stored = {"P-000001": DEAD + keys_of(TAB, phone)[0], "P-000002": _key("Bea")}
    for cells, back in ((["Ana Ruiz", "p1"], {1: "P-000001"}), (["Ana Ruiz", "p7"], {}),
                        (["Ana Ruiz", ""], {}), (["Ana Ruiz", "p1", "a@x.org"], {})):
        head = ["Name", "Phone", "Email"][:len(cells)]
        snap = parse_workbook(SCHEMA, {"People": [[*head, "ID"], ["Bea", *[""] * (len(cells) - 1), "P-000002"],
                                                  [*cells, ""]]}, tabs=["People"])
        snap.row_keys = {"People": stored}
        assert given_back(TAB, snap.tabs["People"], stored) == back, cells
        assert namesakes(TAB, snap.tabs["People"], stored) == ({} if back else {1: "P-000001"}), cells
        plan = plan_ids(snap, SCHEMA)
        assert [w.new_id for w in plan.writes] == ["P-000001" if back else "P-000003"], cells
    assert given_back(TAB, snap.tabs["People"], {**stored, "P-000001": DEAD + _key("Ana Ruiz").partition("~")[0]}) == {}


def test_a_dead_key_is_kept_until_a_row_with_an_id_it_had_has_it():
    rows = [Row("People", 2, "P-000002", {"id": "P-000002", "name": "Bea"}, {"id": "P-000002", "name": "Bea"}),
            Row("People", 3, None, {"name": "Ana"}, {"name": "Ana"})]
    old = {"P-000001": _key("Ana"), "P-000002": _key("Bea")}
    kept = _keys(rows, [_key("Bea"), _key("Ana")], old)
    assert kept == {"P-000001": DEAD + _key("Ana"), "P-000002": _key("Bea")}
    assert _keys(rows, [_key("Bea"), _key("Ana")], kept) == kept                 # not DEAD twice
    dead = kept["P-000001"]                 # fix21u's "whole.words~every" key: DEAD is none of its characters
    assert "~" in _key("Ana") and DEAD not in _key("Ana") and whole(dead) not in ("", whole(_key("Ana")))
    assert richer(_key("Ana"), dead) == dead and richer(dead, dead) == dead       # RowKeys.save keeps it dead
    rows[1] = Row("People", 3, "P-000003", {"id": "P-000003", "name": "Ana"}, {"id": "P-000003", "name": "Ana"})
    newer = _keys(rows, [_key("Bea"), _key("Ana")], kept)      # a21n 1: kept while a NEWER ID's row has it
    assert newer == {"P-000001": dead, "P-000002": _key("Bea"), "P-000003": _key("Ana")}
    rows[1] = Row("People", 3, None, {"name": "Ana"}, {"name": "Ana"})       # P-000003 leaves: the freshest
    assert _keys(rows, [_key("Bea"), _key("Ana")], newer) == {"P-000002": _key("Bea"), "P-000003": DEAD + _key("Ana")}


def _rows(pairs):
    return [Row("People", n + 2, i, {"id": i, "name": name}, {"id": i, "name": name})
            for n, (i, name) in enumerate(pairs)]


def test_a_copy_in_a_sorted_tab_is_an_orphan_and_an_alike_copy_says_its_cause():
    stored = {"P-000001": _key("Ana"), "P-000002": _key("Bea"), "P-000003": _key("Cris")}
    found = check(TAB, _rows([("P-000001", "Zed"), ("P-000002", "Cris"), ("P-000003", "Bea"), ("P-000001", "Ana")]),
                  stored)
    assert found is not None and found.repairable and [r.row_number for r in found.orphans] == [2]
    assert list(found.copies.values()) == ["P-000001"]
    found = check(TAB, _rows([("P-000001", "Ana"), ("P-000002", "Cris"), ("P-000003", "Bea"), ("P-000001", "Ana")]),
                  stored)
    assert found is not None and not found.repairable and found.twice == ["P-000001"]
    assert "P-000001 is on two rows with the same content" in cause(found)[0]


def _people(rows: list[tuple[str, str, str]]):
    """A People snapshot of (name, phone, ID) rows."""
    return parse_workbook(SCHEMA, {"People": [["Name", "Phone", "ID"], *map(list, rows)]}, tabs=["People"])


def _stored_of(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    """The keys a read of these rows stores (adopt_sorted.keys_of: every row's every-cell hash too)."""
    snap = _people(rows).tabs["People"]
    return {i: k for (_, _, i), k in zip(rows, keys_of(TAB, snap), strict=True)}


def test_fix21aa_a_copy_typed_over_with_the_key_unchanged_is_told_by_its_other_cells():
    """a21k k1: 'Ana Ruíz' (the same key as 'Ana Ruiz': accents folded), another phone, typed over a copy of
    P-000001 ABOVE it: the row as stored keeps P-000001, the copy gets a new ID; overdue writes the record."""
    stored = _stored_of([("Ana Ruiz", "p1", "P-000001"), ("Bea", "p2", "P-000002")])
    assert all("~" in k for k in stored.values())                  # stored for keys no other row shares too
    snap = _people([("Ana Ruíz", "p9", "P-000001"), ("Ana Ruiz", "p1", "P-000001"), ("Bea", "p2", "P-000002")])
    snap.row_keys = {"People": stored}
    people = snap.tabs["People"]
    assert [as_stored(TAB, people, at, stored["P-000001"]) for at in (0, 1)] == [False, True]
    assert owners(TAB, people, stored) == {"P-000001": 1} and waiting(TAB, people, stored) == {}
    plan = plan_ids(snap, SCHEMA)
    assert [(w.row_number, w.old_id, w.new_id) for w in plan.writes] == [(2, "P-000001", "P-000003")]
    assert copy_rows(snap, SCHEMA) == {"People": {2}}


def test_fix21aa_neither_or_both_as_stored_wait_and_rows_that_differ_are_not_written():
    """Both rows changed since (neither as stored): they wait (no new ID), said "their cells differ", and
    overdue writes neither (never the record's flags from a guess). Both as stored (identical): they wait,
    "the same content", overdue writes the first (as before). A key stored without the every-cell hash (an
    older Turfbook, a field append) is never "as stored"."""
    stored = _stored_of([("Ana Ruiz", "p1", "P-000001"), ("Bea", "p2", "P-000002")])
    snap = _people([("Ana Ruiz", "p8", "P-000001"), ("Ana Ruiz", "p9", "P-000001"), ("Bea", "p2", "P-000002")])
    snap.row_keys = {"People": stored}
    assert waiting(TAB, snap.tabs["People"], stored) == {"P-000001": [0, 1]}
    plan = plan_ids(snap, SCHEMA)
    rows = plan.waiting["People", "P-000001"]
    assert not plan.writes and differ(rows, SCHEMA) and copy_rows(snap, SCHEMA) == {"People": {2, 3}}
    said = alike_message([("'Contacts'", 2), ("'Contacts'", 3)], "P-000001", differ(rows, SCHEMA))
    assert "their cells differ" in said and "sus celdas difieren" in said and "same content" not in said
    snap = _people([("Ana Ruiz", "p1", "P-000001"), ("Ana Ruiz", "p1", "P-000001"), ("Bea", "p2", "P-000002")])
    snap.row_keys = {"People": stored}
    plan = plan_ids(snap, SCHEMA)
    assert not plan.writes and not differ(plan.waiting["People", "P-000001"], SCHEMA)
    assert copy_rows(snap, SCHEMA) == {"People": {3}}
    old = {"P-000001": whole(stored["P-000001"])}                   # no every-cell hash
    assert not as_stored(TAB, snap.tabs["People"], 0, old["P-000001"])


def test_a21n_n3_rows_that_differ_are_named_as_waiting_and_a_read_of_fewer_columns_tells_none():
    """copy_rows' `waits`: the IDs whose rows wait while their cells differ, with every row holding them
    (overdue shows "waits" on them). `read`: a job reading fewer columns than the sheet has (overdue: no notes,
    no phone) sees the unread cells blank, so it never tells the record from its copy by them: they wait."""
    stored = _stored_of([("Ana Ruiz", "p1", "P-000001"), ("Bea", "p2", "P-000002")])
    snap = _people([("Ana Ruiz", "p8", "P-000001"), ("Ana Ruiz", "p9", "P-000001"), ("Bea", "p2", "P-000002")])
    snap.row_keys = {"People": stored}
    waits: dict = {}
    assert copy_rows(snap, SCHEMA, waits) == {"People": {2, 3}} and waits == {"People": {"P-000001": [2, 3]}}
    snap = _people([("Ana Ruíz", "p9", "P-000001"), ("Ana Ruiz", "p1", "P-000001"), ("Bea", "p2", "P-000002")])
    snap.row_keys = {"People": stored}
    waits = {}
    assert copy_rows(snap, SCHEMA, waits) == {"People": {2}} and waits == {}      # every column read: told
    assert copy_rows(snap, SCHEMA, waits, read={"People": {"name", "phone"}}) == {"People": {2}}
    assert copy_rows(snap, SCHEMA, waits, read={"People": {"name"}}) == {"People": {2, 3}}
    assert waits == {"People": {"P-000001": [2, 3]}}
