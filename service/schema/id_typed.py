"""Another record's ID typed into a row's ID cell (outside tester a21o 1, 9): the row gets its OWN ID back.

Ana's row (C-000001) is deleted, or still on her own row; later staff type C-000001 into Bo's ID cell (over
C-000002), e.g. following a stale "type C-000001 into its ID cell" on the wrong row. Keeping the typed ID would
show Ana's Status and Flagged at on Bo's row (the sheet looks them up by the ID cell) and the overdue job would
take Bo as Ana: someone else's history. The row is told from the stored keys, never by a guess: its every staff
cell is EXACTLY as Turfbook last stored one ID Y (id_namesakes.same_cells) that no row carries, its key is no
other ID's, and the ID typed there is X != Y where X is either still on its own record's row (a copy of a live
ID) or on no row with a stored key that does not look like this row (adopt_pairs words: an old ID typed back on
its own edited record, as id_lost advises, is kept). Then the row gets Y back (the ID column is Turfbook's; no
staff cell is written) and it is said, EN/ES (`typed_problems`)."""

from __future__ import annotations

from turfbook.schema.loader import Tab
from turfbook.schema.model import Problem, TabSnapshot

KIND = "id_typed_over"
KIND_DOUBT = "id_typed_doubt"


def typed_over(tab: Tab, snap: TabSnapshot, stored: dict[str, str], doubt: dict[int, str] | None = None
               ) -> dict[int, str]:
    """{index of a row holding another record's ID X: the ID Y whose record its every staff cell is}. `doubt`
    (filled when given): the rows holding a DEAD X whose key is exactly Y's but other cells differ (edited):
    kept as typed, not told by a guess, said (`doubt_problems`)."""
    from turfbook.schema.adopt_pairs import MIN_WORDS, whole, words
    from turfbook.schema.adopt_sorted import DEAD, key_columns, keys_of
    from turfbook.schema.id_namesakes import same_cells

    ids = snap.column("id") if "id" in snap.columns else []
    if not stored or not any(ids) or any(k not in snap.columns for k in key_columns(tab)):
        return {}
    carried = set(filter(None, ids))
    keys = keys_of(tab, snap)
    wholes = [whole(k) if k else "" for k in keys]
    by_key: dict[str, list[str]] = {}
    for row_id, key in stored.items():
        if key:
            by_key.setdefault(whole(key.lstrip(DEAD)), []).append(row_id)
    at_home = {i for i, w in zip(ids, wholes, strict=True) if i and w and whole(stored.get(i, "").lstrip(DEAD)) == w}
    out = {}
    for at, (x, key, w) in enumerate(zip(ids, keys, wholes, strict=True)):
        who = by_key.get(w, []) if w and x else []
        if len(who) != 1 or who[0] == x or who[0] in carried or wholes.count(w) != 1 or x not in stored:
            continue
        mine = stored[x]
        if whole(mine.lstrip(DEAD)) == w:
            continue
        if mine.startswith(DEAD):
            need, have = words(mine.lstrip(DEAD)), words(key)
            if len(need & have) >= MIN_WORDS and len(need - have) <= 1:
                continue                # its own old ID typed back on its edited record (id_lost): kept
        elif x not in at_home or ids.count(x) < 2:
            continue                    # X's record is not on another row that still holds X: not a copy
        if same_cells(tab, snap, at, stored[who[0]]):
            out[at] = who[0]
        elif doubt is not None and mine.startswith(DEAD):
            doubt[at] = who[0]
    return out


def frozen(tab: Tab, snap: TabSnapshot, stored: dict[str, str]) -> dict[str, str]:
    """{ID: the key to store for it} while a row holds another record's ID X typed over (typed_over; in doubt, or
    until `sheets check` writes its own ID back): X keeps
    its stored DEAD key and Y (the ID whose key the row has) its own, DEAD, so neither the night after nor
    `sheets adopt` takes the typed ID as the record's (a21p p1b, p1f): the doubt is said until staff settle it,
    and typing Y back (the advice) is Y's own row again, not a sort. A LIVE X typed over a row with Y's very key
    cells, edited (id_typed_said.live_over: the row gets a new ID N): the same, so Y's key stays (DEAD) beside
    N's and "type Y" (the advice) is not taken as a sort either (a21p 5, fix21bb)."""
    from turfbook.schema.adopt_sorted import DEAD
    from turfbook.schema.id_typed_said import live_over

    doubt: dict[int, str] = {}
    over = typed_over(tab, snap, stored, doubt)     # a read of fewer columns (overdue) may tell it `over`: kept too
    live = {at: y for at, (_, y) in live_over(tab, snap, stored).items() if at not in over}   # a21p 5: a new ID
    out = {}
    for at, y in {**doubt, **live, **over}.items():
        out[snap.rows[at].id] = stored[snap.rows[at].id]
        out[y] = DEAD + stored[y].lstrip(DEAD)
    return out


def keys_to_store(tab: Tab, snap: TabSnapshot, now: list[str], old: dict[str, str] | None, accept: bool = False
                  ) -> tuple[dict[str, str], set[str]]:
    """(the keys to store for the tab, the IDs stored exactly): adopt_sorted._keys with the `frozen` ones kept as
    they are, unless `accept` (`sheets adopt --accept-rows`: the typed IDs taken as they are)."""
    from turfbook.schema.adopt_sorted import _keys

    keep = {} if accept else frozen(tab, snap, old or {})
    return {**_keys(snap.rows, now, old), **keep}, set(keep)


def doubted_rows(snapshot, schema) -> dict[int, tuple[str, str]]:
    """{id(row): (the dead ID typed there, the ID whose key it has)} of every tab, found BEFORE IDs are written."""
    out: dict[int, tuple[str, str]] = {}
    for name, snap in snapshot.tabs.items():
        stored = snapshot.row_keys.get(name, {})
        if not stored or name not in schema.names or "id" not in snap.columns:
            continue
        doubt: dict[int, str] = {}
        typed_over(schema.tab(name), snap, stored, doubt)
        out.update({id(snap.rows[at]): (snap.rows[at].id, y) for at, y in doubt.items()})
    return out


def doubt_problems(snapshot, found: dict[int, tuple[str, str]], origins: dict | None, job: str = "schema"
                   ) -> list[Problem]:
    """Each row of `found` (doubted_rows) still holding the typed ID: said, EN/ES, with what to do."""
    from turfbook.schema.id_namesakes import _where

    out = []
    for name, snap in snapshot.tabs.items():
        for row in snap.rows:
            x, y = found.get(id(row), (None, None))
            if x is None or row.id != x:
                continue
            place, number = _where(name, origins, row)
            out.append(Problem(job, name, x, None, (
                f"{place} row {number} has the key cells (e.g. date and person) Turfbook stored for {y} (on no row "
                f"now; other cells edited since) but {x} was typed into its ID cell, and {x}'s record (deleted) did "
                f"not look like this row: the row shows {x}'s status and dates. If row {number} is {y}'s record, type "
                f"{y} into its ID cell; if it is {x}'s, run `turfbook sheets adopt --accept-rows` (until then this is "
                f"said again at each run) / {place} fila {number} tiene las celdas clave "
                f"(p. ej. fecha y persona) que Turfbook guardó para {y} (ya en ninguna fila; otras celdas editadas) "
                f"pero se escribió {x} en su celda ID, y el registro de {x} (borrado) no se parecía a esta fila: la "
                f"fila muestra el estado y las fechas de {x}. Si la fila {number} es el registro de {y}, escriba {y} "
                f"en su celda ID; si es el de {x}, ejecute `turfbook sheets adopt --accept-rows` (hasta entonces se "
                f"dice de nuevo en cada ejecución)"), KIND_DOUBT, row.row_number))
    return out


def typed_problems(problems: list[Problem], plan, origins: dict | None, job: str = "schema",
                   held: set[str] = frozenset()) -> list[Problem]:
    """`problems` without the duplicate-ID problem of an ID typed over (`plan.typed`: the row gets its own ID,
    so no copy is given a new ID), and each such row said: "gives" (check), "gave" (written)."""
    from turfbook.schema.id_namesakes import _where

    said = [(w, typed) for w, typed in getattr(plan, "typed", None) or () if w.tab not in held and w.row is not None]
    rows = {(w.tab, w.row.row_number) for w, _ in said}     # the typed ID's copy problem names this row (id_copies)
    out = [p for p in problems if p.kind != "duplicate_id" or (p.tab, p.row_number) not in rows]
    for w, typed in said:
        gave, dio = ("gave", "devolvió") if w.row.id == w.new_id else ("gives", "devuelve")
        place, number = _where(w.tab, origins, w.row)
        y = w.new_id
        out.append(Problem(job, w.tab, y, None, (
            f"{place} row {number} holds {y}'s record (its cells are exactly as Turfbook stored them for {y}) but "
            f"{typed} was typed into its ID cell; {typed} is another record's ID, so Turfbook {gave} the row {y} "
            f"back, with its own status and dates ({typed}'s stay with {typed}) / {place} fila {number} tiene el "
            f"registro de {y} (sus celdas son exactamente las que Turfbook guardó para {y}) pero se escribió "
            f"{typed} en su celda ID; {typed} es el ID de otro registro, así que Turfbook {dio} {y} a la fila, con "
            f"su propio estado y fechas (los de {typed} siguen con {typed})"), KIND, w.row.row_number))
    return out


def adopt_notes(adopted, schema, snapshot, accept: bool = False) -> list[str]:
    """`sheets adopt` (and its --dry-run) on rows holding a typed ID in doubt: the same problem as the jobs say
    ("EN / ES"), the keys left as they are (`frozen`: adopt never cements the typed ID unsaid, a21p p1f); with
    `accept` (--accept-rows, staff's word that the row is the typed ID's record) the typed ID is taken: its key
    stored and it is said."""
    from turfbook.schema.adopt_sorted import keys_of
    from turfbook.schema.id_namesakes import _where

    found = doubted_rows(snapshot, schema)
    if not accept or not found:
        return [p.message for p in doubt_problems(snapshot, found, getattr(adopted, "origins", None))]
    keys, out = getattr(adopted, "row_keys", None), []
    for name, snap in snapshot.tabs.items():
        rows = [(row, *found[id(row)]) for row in snap.rows if id(row) in found]
        if not rows or keys is None:
            continue
        tab = schema.tab(name)
        keys.save(name, *keys_to_store(tab, snap, keys_of(tab, snap), keys.load().get(name), accept=True))
        for row, x, y in rows:
            place, number = _where(name, getattr(adopted, "origins", None), row)
            out.append(f"{place} row {number} keeps {x} as typed (--accept-rows): taken as {x}'s record, with its "
                       f"status and dates; {y} is left unused / {place} fila {number} conserva {x} tal como se "
                       f"escribió (--accept-rows): se toma como el registro de {x}, con su estado y fechas; {y} "
                       "queda sin usar")
    return out
