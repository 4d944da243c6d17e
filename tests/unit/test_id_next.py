"""id_next (fix21ba): a new ID counts on from every number ever given (rows, stored row keys, the field queue, the
service tabs), and the service tabs are read only when a new number is wanted."""

from __future__ import annotations

from turfbook.schema.id_next import highest_given, numbers_of
from turfbook.schema.ids import plan_ids
from turfbook.schema.loader import load_schema
from turfbook.schema.reader import parse_workbook

SCHEMA = load_schema()


def _snapshot(rows: list[tuple[str, str]], stored: dict[str, str] | None = None):
    snapshot = parse_workbook(SCHEMA, {"People": [["Name", "ID"], *[[n, i] for n, i in rows]]}, tabs=["People"])
    snapshot.row_keys = {"People": stored or {}}
    return snapshot


def test_a_new_id_counts_on_from_the_service_tabs_the_row_keys_and_the_queue():
    snap = _snapshot([("Ana", "P-000001"), ("Eve", "")])
    assert [w.new_id for w in plan_ids(snap, SCHEMA)] == ["P-000002"]              # the rows alone: Bo's again
    assert [w.new_id for w in plan_ids(snap, SCHEMA, kept={"P": 2})] == ["P-000003"]
    assert [w.new_id for w in plan_ids(snap, SCHEMA, kept=lambda: {"P": 4}, reserved={"P": 3})] == ["P-000005"]
    keyed = _snapshot([("Ana", "P-000001"), ("Eve", "")], {"P-000001": "k1", "P-000007": "k7"})
    assert [w.new_id for w in plan_ids(keyed, SCHEMA, kept={"P": 2})] == ["P-000008"]
    assert highest_given(keyed, {"C": 9}, {"P": 2}) == {"P": 7, "C": 9}


def test_the_service_tabs_are_read_only_when_a_new_number_is_wanted():
    asked = []
    plan = plan_ids(_snapshot([("Ana", "P-000001")]), SCHEMA, kept=lambda: asked.append(1) or {"P": 2})
    assert not plan.writes and asked == []
    plan_ids(_snapshot([("Ana", "P-000001"), ("Eve", ""), ("Zoe", "")]), SCHEMA,
             kept=lambda: asked.append(1) or {"P": 2})
    assert asked == [1]                                          # once for both new rows


def test_numbers_of_takes_whole_ids_only():
    assert numbers_of(["C-000002", " C-000010 ", "c-000099", "x C-000500", "", "P-000003"]) == {"C": 10, "P": 3}
