"""A row given a NEW ID that looks like a record whose ID is on no row any more is SAID (outside tester a21l l8).

The same night staff clear Zed's ID cell (a stray Delete) and correct his name ("Zed Amse" -> "Zed Ames") or
his date. His key changed, so his ID is not given back (id_owners.given_back gives a deleted record's ID only
to a row whose every staff cell is that record's: a namesake never inherits someone's history, fix21ab) and
the row gets a new ID. That stays so — no guess — but it is said, EN/ES, naming both IDs and how to keep the
old one: type it into the row's ID cell. Turfbook keeps an ID typed there (a row's ID is what its cell holds),
with what it keeps for it (status, flagged-at); the new ID is then on no row and silently unused: it never
had a history of its own, and its stored key is the row's, which the old ID now carries (adopt_sorted._keys).

"Looks like" is told from the stored key's word hashes (adopt_pairs): the row holds every word of the
record's key cells but at most one (a name's spelling, a retyped date: one cell of one word), at least
MIN_WORDS of them shared; and only one such row and one such ID, each the other's alone."""

from __future__ import annotations

from turfbook.schema.loader import Tab
from turfbook.schema.model import Problem, TabSnapshot

KIND = "id_maybe_lost"


def resembling(tab: Tab, snap: TabSnapshot, stored: dict[str, str]) -> dict[int, str]:
    """{index of a row with no ID whose key is no stored ID's: the ID, on no row, whose record it looks like}."""
    from turfbook.schema.adopt_pairs import MIN_WORDS, whole, words
    from turfbook.schema.adopt_sorted import DEAD, key_columns, keys_of

    ids = snap.raw_column("id") if "id" in snap.columns else []
    if not stored or all(ids) or any(k not in snap.columns for k in key_columns(tab)):
        return {}
    carried = {i for i in snap.column("id") if i}
    if not carried:
        return {}                               # the whole ID column deleted: new IDs, said by `sheets adopt`
    gone = {x: words(k.lstrip(DEAD)) for x, k in stored.items() if k and x not in carried}
    known = {whole(k.lstrip(DEAD)) for k in stored.values() if k}
    fits: dict[int, list[str]] = {}
    for at, (key, old) in enumerate(zip(keys_of(tab, snap), ids, strict=True)):
        if not key or old not in ("", None) or whole(key) in known:
            continue                            # an ID, or a key Turfbook knows (given back, or a namesake)
        have = words(key)
        for x, need in gone.items():
            if len(need & have) >= MIN_WORDS and len(need - have) <= 1:
                fits.setdefault(at, []).append(x)
    taken: dict[str, int] = {}
    for xs in fits.values():
        for x in xs:
            taken[x] = taken.get(x, 0) + 1
    return {at: xs[0] for at, xs in fits.items() if len(xs) == 1 and taken[xs[0]] == 1}


def lost_rows(snapshot, schema) -> dict[int, str]:
    """{id(row): the ID it looks like} of every tab's `resembling`, found BEFORE the IDs are written."""
    out: dict[int, str] = {}
    for tab_name, snap in snapshot.tabs.items():
        stored = snapshot.row_keys.get(tab_name, {})
        found = resembling(schema.tab(tab_name), snap, stored) if stored and tab_name in schema.names else {}
        out.update({id(snap.rows[at]): x for at, x in found.items()})
    return out


def lost_problems(plan, found: dict[int, str], origins: dict | None, job: str = "schema") -> list[Problem]:
    """Each row of `found` (lost_rows) given a new ID this run: said, once written."""
    from turfbook.schema.id_namesakes import _where

    out = []
    for w in plan.writes:
        old = found.get(id(w.row)) if w.row is not None else None
        if old is None or w.row.id != w.new_id or w.new_id == old:
            continue
        place, number = _where(w.tab, origins, w.row)
        out.append(Problem(job, w.tab, w.new_id, None, (
            f"{place} row {number} got the new ID {w.new_id}; {old}'s record (its row removed or ID cell cleared) is "
            f"on no row any more and looks like this row, edited: if row {number} is that record, type {old} into its "
            f"ID cell (Turfbook then keeps it, with its status and dates, and {w.new_id} goes unused) / {place} fila "
            f"{number} recibió el ID nuevo {w.new_id}; el registro de {old} (se borró su fila o su celda ID) ya no "
            f"está en ninguna fila y se parece a esta fila, editada: si la fila {number} es ese registro, escriba "
            f"{old} en su celda ID (Turfbook lo conserva, con su estado y fechas, y {w.new_id} queda sin usar)"),
            KIND, w.row.row_number))
    return out


def lost_notes(plan, found: dict[int, str], origins: dict | None, held: set[str] = frozenset()) -> list[str]:
    """For `sheets adopt`'s report ("EN / ES" each): the rows `lost_problems` names."""
    return [p.message for p in lost_problems(plan, found, origins) if p.tab not in held]
