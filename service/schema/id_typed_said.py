"""IDs typed or cleared where the jobs cannot tell the record without a guess: SAID, with what to do (outside
tester a21p 3, 4, 5, 8). Nothing here changes which ID a row gets (ids.plan_ids decides that); it finds the rows
BEFORE the IDs are written (the stored keys are the ones from before this read) and says, EN/ES:

- `dead`: a deleted record's ID X typed into a row whose key cells are not X's record's (a NEW row, Eve; or Bo's
  row with his name corrected the same day): kept as typed (a record typed again looks just like a wrong ID), so
  the row shows X's status and Flagged at, but a Flagged at from before the row's own date is not taken
  (overdue_plan._stale: flagged afresh). Said, with the ways out; when the row looks like (adopt_pairs words)
  or has the key cells of ONE ID Y on no row (Bo's C-000002), naming Y and "type Y".
- `live`: a live ID X (still on its record's row) typed over a row whose key cells are exactly Turfbook's stored
  ones for ONE ID Y on no row (Bo's C-000002), other cells edited: the row gets a NEW ID as a copy of X would; the
  "copied from row 2" message is replaced by what happened: X typed over the ID cell of the row holding Y's key
  cells, so its new ID, and "type Y" to keep Y's status and Flagged at.
- `cleared`: two or more rows with no ID whose key cells are the stored ones of ONE ID X on no row (a waiting
  record and its copy, both ID cells cleared): each gets a new ID; which is X's record is staff's word."""

from __future__ import annotations

from collections import Counter

from turfbook.schema.model import Problem

KIND_DEAD, KIND_LIVE, KIND_CLEARED = "id_typed_unknown", "id_typed_live", "id_cleared_all"


def said_rows(snapshot, schema) -> dict[int, tuple[str, str, str | None, int]]:
    """{id(row): (kind, the ID typed or cleared, the ID on no row whose record it looks like or None, a number: how
    many rows (cleared), 1 when the row has that ID's very key cells (live))} of every tab, found before the IDs
    are written. A night with no ID typed or cleared: one pass over the tab's columns."""
    out: dict[int, tuple[str, str, str | None, int]] = {}
    for name, snap in snapshot.tabs.items():
        stored = snapshot.row_keys.get(name, {})
        if stored and name in schema.names and "id" in snap.columns:
            out.update({id(snap.rows[at]): found for at, found in _rows(schema.tab(name), snap, stored).items()})
    return out


def live_over(tab, snap, stored: dict[str, str]) -> dict[int, tuple[str, str]]:
    """{index of a row: (the live ID X typed there, the ID Y on no row whose very key cells it has)} (`live`,
    exact): the row gets a new ID; id_typed.frozen keeps Y's stored key meanwhile, so "type Y" ends right."""
    return {at: (x, y) for at, (kind, x, y, exact) in _rows(tab, snap, stored).items()
            if kind == KIND_LIVE and exact and y}


def _rows(tab, snap, stored: dict[str, str]) -> dict[int, tuple[str, str, str | None, int]]:
    from turfbook.schema.adopt_pairs import MIN_WORDS, whole, words
    from turfbook.schema.adopt_sorted import DEAD, key_columns, keys_of

    if any(k not in snap.columns for k in key_columns(tab)):
        return {}
    ids, raw = snap.column("id"), snap.raw_column("id")
    holders = Counter(ids)
    carried = {i for i in holders if i}
    if not carried or not (len(carried) < len(ids) or any(stored.get(i, "")[:1] == DEAD for i in carried)):
        return {}                           # every row its own ID, none back from no row: nothing to say
    keys = keys_of(tab, snap)
    wholes = [whole(k) if k else "" for k in keys]
    gone = {x: k.lstrip(DEAD) for x, k in stored.items() if k and x not in carried}
    of_key: dict[str, list[str]] = {}
    for x, k in gone.items():
        of_key.setdefault(whole(k), []).append(x)
    bare = Counter(w for w, x, r in zip(wholes, ids, raw, strict=True) if w and not x and r in ("", None))
    of_whole = Counter(wholes)          # counted once, as `holders`: a tab has 100,000s of rows

    def like(at: int, but: str) -> str | None:
        """The one ID on no row (not `but`) with this row's key cells, else the one whose record it looks like."""
        exact = [y for y in of_key.get(wholes[at], []) if y != but]
        if exact:
            return exact[0] if len(exact) == 1 else None
        have = words(keys[at])
        fits = [y for y, k in gone.items() if y != but and len(words(k) & have) >= MIN_WORDS
                and len(words(k) - have) <= 1]
        return fits[0] if len(fits) == 1 else None

    out: dict[int, tuple[str, str, str | None, int]] = {}
    for at, x in enumerate(ids):
        if not wholes[at]:
            continue
        if not x:
            xs = of_key.get(wholes[at], [])
            if raw[at] in ("", None) and len(xs) == 1 and bare[wholes[at]] > 1:
                out[at] = (KIND_CLEARED, xs[0], None, bare[wholes[at]])
            continue
        mine = stored.get(x, "")
        if holders[x] == 1 and mine.startswith(DEAD) and whole(mine.lstrip(DEAD)) != wholes[at]:
            need, have = words(mine.lstrip(DEAD)), words(keys[at])
            if len(need & have) >= MIN_WORDS and len(need - have) <= 1:
                continue                    # its own old ID typed back on its edited record (id_lost): kept
            if wholes[at] in of_key and len(of_key[wholes[at]]) == 1:
                continue                    # the key of an ID on no row: id_typed (given back, or doubted)
            out[at] = (KIND_DEAD, x, like(at, x), 1)
        elif holders[x] > 1 and mine and whole(mine.lstrip(DEAD)) != wholes[at] and of_whole[wholes[at]] == 1:
            y = like(at, x)
            if y:
                out[at] = (KIND_LIVE, x, y, int(whole(gone[y]) == wholes[at]))
    return out


def said_problems(problems: list[Problem], plan, snapshot, found: dict, origins: dict | None,
                  job: str = "schema", held: set[str] = frozenset()) -> list[Problem]:
    """`problems` with the rows of `found` (said_rows) said: a live ID's copy message replaced (KIND_LIVE), each
    row's 'c-000001' retyped message dropped (KIND_DEAD says more), the others added."""
    from turfbook.schema.id_namesakes import _where

    typed = {id(w.row) for w, _ in getattr(plan, "typed", None) or ()}
    new = {id(w.row): w.new_id for w in plan.writes if w.row is not None and w.row.id == w.new_id}
    out, extra, by_place = [], [], {}
    groups: dict[tuple[str, str], list] = {}
    for name, snap in snapshot.tabs.items():
        for row in snap.rows:
            kind, x, y, n = found.get(id(row), (None, None, None, 0))
            if kind is None or name in held or id(row) in typed:
                continue
            place, number = _where(name, origins, row)
            if kind == KIND_DEAD and row.id == x:
                by_place[(name, row.row_number, "id_retyped")] = None
                extra.append(Problem(job, name, x, None, _dead(place, number, x, y), kind, row.row_number))
            elif kind == KIND_LIVE and id(row) in new and row.id != y:     # y: the next number, y's own again
                by_place[(name, row.row_number, "duplicate_id")] = Problem(
                    job, name, row.id, None, _live(place, number, x, y, row.id, n), kind, row.row_number)
            elif kind == KIND_CLEARED and id(row) in new:
                groups.setdefault((name, x), []).append((place, number, row.id, row.row_number))
    for p in problems:
        if (p.tab, p.row_number, p.kind) in by_place:
            if by_place[(p.tab, p.row_number, p.kind)] is not None:
                out.append(by_place.pop((p.tab, p.row_number, p.kind)))
            continue
        out.append(p)
    for (name, x), rows in groups.items():
        if len(rows) > 1:
            extra.append(Problem(job, name, rows[0][2], None, _cleared(rows, x), KIND_CLEARED, rows[0][3]))
    return out + extra


def _dead(place: str, n: int, x: str, y: str | None) -> str:
    en_y = (f"; it looks like {y}'s record (on no row now), edited: if row {n} is {y}'s record, type {y} into its "
            f"ID cell (it gets {y}'s status and Flagged at back)") if y else ""
    es_y = (f"; se parece al registro de {y} (ya en ninguna fila), editado: si la fila {n} es el registro de {y}, "
            f"escriba {y} en su celda ID (recupera el estado y el Flagged at de {y})") if y else ""
    return (f"{place} row {n}: {x} was typed into its ID cell; {x} is a deleted record's ID, and that record's key "
            f"cells (e.g. date and person) were not this row's, so Turfbook cannot tell that record typed again "
            f"from a wrong ID: the row keeps {x} with {x}'s status and Flagged at, except a Flagged at from before "
            f"the row's own date, which is not its own (the row is then flagged afresh from its own dates, \"newly "
            f"overdue\" if it is overdue). If row {n} is {x}'s record, nothing to do{en_y}; if it is a new record, "
            f"{x} is its ID from now on (that record is deleted): nothing to do either / {place} fila {n}: se "
            f"escribió {x} en su celda ID; {x} es el ID de un registro borrado, cuyas celdas clave (p. ej. fecha y "
            f"persona) no eran las de esta fila, así que Turfbook no distingue ese registro escrito de nuevo de un "
            f"ID equivocado: la fila conserva {x} con el estado y el Flagged at de {x}, salvo un Flagged at anterior "
            f"a la fecha de la propia fila, que no es suyo (entonces la fila se marca de nuevo según sus propias "
            f"fechas, \"recién vencido\" si está vencido). Si la fila {n} es el registro de {x}, no hay nada que "
            f"hacer{es_y}; si es un registro nuevo, {x} es su ID desde ahora (ese registro está borrado): tampoco hay "
            f"nada que hacer")


def _live(place: str, n: int, x: str, y: str, new: str, exact: int) -> str:
    held, tenia = ((f", which held {y} (the row still has the key cells, e.g. date and person, Turfbook stored for "
                    f"{y}; other cells edited since)", f", que tenía {y} (la fila sigue con las celdas clave, p. ej. "
                    f"fecha y persona, que Turfbook guardó para {y}; otras celdas editadas)") if exact else
                   (f"; the row looks like {y}'s record (on no row now), edited", f"; la fila se parece al registro "
                    f"de {y} (ya en ninguna fila), editado"))
    return (f"{place} row {n}: {x} was typed into its ID cell{held}; {x} stays with its own "
            f"record's row, so Turfbook gave row {n} a new ID, {new}, and {y}'s status and Flagged at are on no row "
            f"now ({new} is flagged afresh). If row {n} is {y}'s record, type {y} into its ID cell: it gets them "
            f"back and {new} goes unused; if it is a new record, nothing to do / {place} fila {n}: se escribió {x} "
            f"en su celda ID{tenia}; {x} sigue en la fila de su propio registro, así que "
            f"Turfbook dio a la fila {n} un ID nuevo, {new}, y el estado y el Flagged at de {y} ya no están en "
            f"ninguna fila ({new} se marca de nuevo). Si la fila {n} es el registro de {y}, escriba {y} en su celda "
            f"ID: los recupera y {new} queda sin usar; si es un registro nuevo, no hay nada que hacer")


def _cleared(rows: list[tuple[str, int, str, int]], x: str) -> str:
    where = rows[0][0]
    en = ", ".join(f"row {n} got {new}" for _, n, new, _ in rows)
    es = ", ".join(f"la fila {n} recibió {new}" for _, n, new, _ in rows)
    return (f"{where}: the ID cells of {len(rows)} rows with {x}'s key cells (e.g. date and person) were cleared "
            f"and {x} is on no row now, so Turfbook cannot tell which is {x}'s record: {en}, and {x}'s status and "
            f"Flagged at are on no row (the new IDs are flagged afresh). Type {x} into the ID cell of the row that "
            f"is its record: it gets them back and that row's new ID goes unused / {where}: se vaciaron las celdas "
            f"ID de {len(rows)} filas con las celdas clave de {x} (p. ej. fecha y persona) y {x} ya no está en "
            f"ninguna fila, así que Turfbook no sabe cuál es el registro de {x}: {es}, y el estado y el Flagged at "
            f"de {x} no están en ninguna fila (los ID nuevos se marcan de nuevo). Escriba {x} en la celda ID de la "
            f"fila que es su registro: los recupera y el ID nuevo de esa fila queda sin usar")
