"""A deleted record's ID is given back only to a row whose EVERY staff cell is that record's (outside tester
a21k k2). Ana Ruiz (phone p1) leaves, her People row is deleted; weeks later staff add ANOTHER Ana Ruiz (p7).
People's key is the name alone, so by key she was "exactly" the departed Ana and got P-000002 back with its
status and follow-ups. Each stored key ends with a hash of all the row's staff cells (adopt_sorted.keys_of,
"~" and the columns it covers): `same_cells` compares the row with it over those very columns, and a cell the
record did not have filled is a difference too. A row whose key is a dead ID's but whose other cells differ
(a namesake; or the record edited while its ID was gone: no guess either way) gets a NEW ID, and `sheets check`
and the adopt report say so (EN/ES): `namesake_problems`, `namesake_notes`, with the advice that keeps the record
(a21n 1: a note or phone edited the same night): type the old ID into the row's ID cell (adopt_sorted._keys keeps
its DEAD key, so it is kept, not taken as a sort); never "delete the new ID's row", the record's only row."""

from __future__ import annotations

from turfbook.schema.loader import Tab
from turfbook.schema.model import Problem, TabSnapshot
from turfbook.schema.spanish_names import label

KIND = "id_not_returned"


def same_cells(tab: Tab, snap: TabSnapshot, at: int, key: str) -> bool:
    """The row at `at` holds exactly the staff cells `key` (a stored row key, dead or not) was made of: the same
    hash over the columns it covered, nothing filled in any other (one rule with a copy's: id_owners.as_stored).
    False for a key without that hash."""
    from turfbook.schema.adopt_sorted import DEAD
    from turfbook.schema.id_owners import as_stored

    return as_stored(tab, snap, at, key.lstrip(DEAD))


def namesakes(tab: Tab, snap: TabSnapshot, stored: dict[str, str]) -> dict[int, str]:
    """{index of a row with no ID: the dead ID whose key it has} for the rows NOT given that ID back because
    their other cells differ (id_owners.given_back)."""
    from turfbook.schema.id_owners import given_back

    by_key = given_back(tab, snap, stored, by_cells=False)       # {} at once when every row has an ID
    return {at: x for at, x in by_key.items() if not same_cells(tab, snap, at, stored[x])}


def namesake_rows(snapshot, schema) -> dict[int, str]:
    """{id(row): the dead ID whose key it has} of every tab's `namesakes`, found BEFORE the IDs are written
    (a written row carries its new ID, and then matches no dead key)."""
    out: dict[int, str] = {}
    for tab_name, snap in snapshot.tabs.items():
        stored = snapshot.row_keys.get(tab_name, {})
        found = namesakes(schema.tab(tab_name), snap, stored) if stored and tab_name in schema.names else {}
        out.update({id(snap.rows[at]): dead for at, dead in found.items()})
    return out


def namesake_problems(plan, found: dict[int, str], origins: dict | None, schema, job: str = "schema") -> list[Problem]:
    """Each row given a NEW ID although its key was a deleted record's (`found`: namesake_rows, read before the
    write), once written: said."""
    out = []
    for w in plan.writes:
        dead = found.get(id(w.row)) if w.row is not None else None
        if dead is None or w.row.id != w.new_id:
            continue                        # not a namesake, or not written this run: said when it is
        text = _text(schema, schema.tab(w.tab), _where(w.tab, origins, w.row), dead, w.new_id)
        out.append(Problem(job, w.tab, w.new_id, None, text, KIND, w.row.row_number))
    return out


def namesake_notes(plan, found: dict[int, str], origins: dict | None, schema,
                   held: set[str] = frozenset()) -> list[str]:
    """For `sheets adopt`'s report ("EN / ES" each): the rows `namesake_problems` names."""
    return [p.message for p in namesake_problems(plan, found, origins, schema) if p.tab not in held]


def _where(tab: str, origins: dict | None, row) -> tuple[str, int]:
    rows = (origins or {}).get(tab) or []
    if 0 <= row.row_number - 2 < len(rows):
        title, number = rows[row.row_number - 2]
        return f"'{title}'", number
    return tab, row.row_number


def _text(schema, tab: Tab, where: tuple[str, int], dead: str, new: str) -> str:
    from turfbook.schema.adopt_sorted import key_columns

    place, number = where
    en = " and ".join(label(schema, tab.name, k) for k in key_columns(tab))
    es = " y ".join(label(schema, tab.name, k, "es") for k in key_columns(tab))
    return (f"{place} row {number} has the {en} of {dead}, whose row was removed or ID cell cleared, but other cells "
            f"differ (the record edited, or someone else): given the new ID {new} ({dead}'s history stays with "
            f"{dead}). If row {number} is {dead}'s record, edited, type {dead} into its ID cell (Turfbook then keeps "
            f"it, with its status and dates, and {new} goes unused); if it is someone else, nothing to do / {place} "
            f"fila {number} tiene {es} de {dead}, cuya fila o celda ID se borró, pero otras celdas difieren (el "
            f"registro editado, u otra persona): recibió el ID nuevo {new} (el historial de {dead} queda con {dead}). "
            f"Si la fila {number} es el registro de {dead}, editado, escriba {dead} en su celda ID (Turfbook lo "
            f"conserva, con su estado y fechas, y {new} queda sin usar); si es otra persona, no hay nada que hacer")
