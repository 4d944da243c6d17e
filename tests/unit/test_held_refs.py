"""held_refs (a21l l6): while People is held, its unsure IDs name no one in the follow-up rule and the digest's index;
a name typed for a row showing one answers itself only; without a hold nothing changes."""

from __future__ import annotations

from turfbook.digest.index import Index
from turfbook.schema.adopt_displaced import Sorted
from turfbook.schema.followup_people import SAME, resolve_people
from turfbook.schema.held_refs import ATTR, unsure
from turfbook.schema.model import Row, TabSnapshot


def _tab(name: str, keys: list[str], rows: list[Row]) -> TabSnapshot:
    return TabSnapshot(name, keys, {k: i for i, k in enumerate(keys)}, rows)


def _book(held: bool):
    people = _tab("People", ["id", "name"], [Row("People", 2, "P-000001", {"id": "P-000001", "name": "Ana Ruiz"}),
                                             Row("People", 3, "P-000002", {"id": "P-000002", "name": "Bo Li"})])
    if held:           # Bo's row shows Zed's P-000002 and holds Bo's P-000003 (on no row)
        setattr(people, ATTR, frozenset(unsure(Sorted("People", [(people.rows[1], "P-000003")]))))
    cells = ["P-000002", "p-000003", "Bo Li", "P-000001", "Ana Ruiz"]
    convs = _tab("Conversations", ["id", "person"],
                 [Row("Conversations", n + 2, f"C-{n}", {"person": c}, {"person": c}) for n, c in enumerate(cells)])
    return people, convs


def test_unsure_ids_and_names_of_their_rows_resolve_to_no_one_while_held():
    people, convs = _book(True)
    found: list = []
    assert resolve_people(convs, people, found) == [SAME + "P-000002", SAME + "P-000003", SAME + "Bo Li",
                                                    "P-000001", "P-000001"]
    assert found == []                                   # the hold's problem says why: nothing per row
    index = Index.of(people)
    assert index.find("P-000002") is None and index.find("p-000002") is None
    assert index.find("Bo Li") is people.rows[1] and index.find("P-000001") is people.rows[0]


def test_without_a_hold_nothing_changes():
    people, convs = _book(False)
    found: list = []
    assert resolve_people(convs, people, found) == ["P-000002", None, "P-000002", "P-000001", "P-000001"]
    assert [f[3] for f in found] == ["person 'p-000003' is not a People ID or name"]
    assert Index.of(people).find("P-000002") is people.rows[1]
