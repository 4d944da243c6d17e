"""A row staff copied with its ID, as the schema job reports it (a21 finding c9): the problem names the
COPY, the row that gets a new ID (ids.plan_ids: by content, else the later row), never the original.

At read time both rows hold the ID, so the reader's problem (reader.duplicate_id_problems) carries the
copy's row number; once apply_ids has given the copy its new ID, `copies_named` makes the problem that
new ID's (so the per-row Problems cell and the Problems tab point at the copy; so are the problems of the
copy's own cells, read under the copied ID) and, in an adopted workbook, names the copy's and the original's
rows on the team's own sheets (the read's origins). Rows ALIKE holding one ID (id_owners.waiting, a21j 1, 2)
have no copy yet: one problem names them all and says Turfbook waits until one is changed (`alike_message`).
With no write planned (a tab held by the sort guard) the copy is still told by content (the plan's `kept`,
a21j 6). `returned_problems` / `id_notes`: rows given their own ID back (a21j 3)."""

from __future__ import annotations

from dataclasses import replace

from turfbook.schema.id_owners import apart, differ
from turfbook.schema.model import Problem, Row, WorkbookSnapshot

FLAGGED = "Conversations"       # the tab whose IDs have a Status and Flagged at (the overdue job's)


def copied_id_message(copy: tuple[str, int], first: tuple[str, int], old_id: str, new_id: str | None = None) -> str:
    """`copy`, `first`: (where, row) of the copy and of the row it was copied from; `new_id`: the copy's
    new ID once written (None: not yet). EN / ES."""
    source = f"row {first[1]}" if first[0] == copy[0] else f"{first[0]} row {first[1]}"
    source_es = f"la fila {first[1]}" if first[0] == copy[0] else f"{first[0]} fila {first[1]}"
    now = f"this copy now has its own ID, {new_id}" if new_id else "Turfbook gives this copy a new ID"
    now_es = f"esta copia ya tiene su propio ID, {new_id}" if new_id else "Turfbook da un ID nuevo a esta copia"
    return (f"{copy[0]} row {copy[1]}: ID {old_id} is copied from {source}; {now} / {copy[0]} fila {copy[1]}: el "
            f"ID {old_id} está copiado de {source_es}; {now_es}")


def alike_message(rows: list[tuple[str, int]], old_id: str, unlike: bool = False, flags: bool = False,
                  cells: list[tuple[str, str, str]] = ()) -> str:
    """Rows holding one ID with the same key (id_owners.waiting): none is given a new ID yet (EN / ES). `unlike`:
    their other cells are not the same, and not exactly one is as the record was stored (fix21aa); the advice
    is one that loses nothing: clear the copy's ID cell (a21n n3). `flags`: a Conversations ID, whose Status
    overdue shows as waiting (followup.waits) and whose Flagged at it keeps."""
    same = all(where == rows[0][0] for where, _ in rows)
    if same:
        at = f"{rows[0][0]} rows {', '.join(str(n) for _, n in rows[:-1])} and {rows[-1][1]}"
        at_es = f"{rows[0][0]} filas {', '.join(str(n) for _, n in rows[:-1])} y {rows[-1][1]}"
    else:
        at = ", ".join(f"{w} row {n}" for w, n in rows[:-1]) + f" and {rows[-1][0]} row {rows[-1][1]}"
        at_es = ", ".join(f"{w} fila {n}" for w, n in rows[:-1]) + f" y {rows[-1][0]} fila {rows[-1][1]}"
    two = len(rows) == 2
    both, neither = ("both", "neither") if two else ("all", "none of them")
    ambas, ninguna = ("ambas", "ninguna") if two else ("todas", "ninguna de ellas")
    tells = _tells(rows, cells, same)
    if unlike:
        shown = (f", and {old_id}'s Status shows \"waits\" (its Flagged at kept)" if flags else "",
                 f", y el Estado de {old_id} muestra \"espera\" (conserva su Flagged at)" if flags else "")
        kept = ("its status and Flagged at" if flags else "what Turfbook keeps for it",
                "su estado y Flagged at" if flags else "lo que Turfbook guarda para él")
        return (f"{at} {both} hold {old_id}; their cells differ, but not exactly one of them is still as Turfbook "
                f"last stored {old_id}'s record (none is, or two alike are), so Turfbook cannot tell the record from "
                f"the copy: it gives {neither} a new ID{shown[0]} until you clear the ID cell of the row that is the "
                f"NEW record (the copy): that row then gets a new ID of its own, the other keeps "
                f"{old_id} with {kept[0]}, and no cell you typed changes{tells[0]} / {at_es} tienen {ambas} {old_id}; "
                f"sus celdas difieren, "
                f"pero no hay exactamente una que siga como Turfbook guardó por última vez el registro de {old_id} "
                f"(ninguna, o dos iguales), así que Turfbook no distingue el registro de la copia: no da un ID nuevo "
                f"a {ninguna}{shown[1]} hasta que borre la celda ID de la fila que es el registro NUEVO (la copia): "
                f"esa fila recibe un ID nuevo propio, la otra conserva {old_id} con {kept[1]}, y no cambia ninguna "
                f"celda que usted escribió{tells[1]}")
    return (f"{at} {both} hold {old_id} with the same content: Turfbook cannot tell the record from the copy, so it "
            f"gives {neither} a new ID and waits until one is changed (type the new record over the copy; the row "
            f"still holding the record keeps {old_id}) / {at_es} tienen {ambas} {old_id} con el mismo contenido: "
            f"Turfbook no distingue el registro de la copia, así que no da un ID nuevo a {ninguna} y espera a que "
            f"una cambie (escriba el registro nuevo sobre la copia; la fila que sigue con el registro conserva "
            f"{old_id})")


def _tells(rows: list[tuple[str, int]], cells: list[tuple[str, str, str]], same: bool) -> tuple[str, str]:
    """". What tells them apart: row 2 has Follow-up due 2026-12-30, row 3 has ..." (EN, ES), for the advice."""
    if len(cells) != len(rows):
        return "", ""
    pairs = list(zip(rows, cells, strict=True))
    en = ", ".join(f"{_at(w, n, 'row', same)} has {c[0]} {c[2] or '(blank)'}" for (w, n), c in pairs)
    es = ", ".join(f"{_at(w, n, 'fila', same)} tiene {c[1]} {c[2] or '(vacía)'}" for (w, n), c in pairs)
    return f". What tells them apart: {en}", f". Lo que las distingue: {es}"


def _at(where: str, number: int, word: str, same: bool) -> str:
    return f"{word} {number}" if same else f"{where} {word} {number}"


def copies_named(problems: list[Problem], snapshot: WorkbookSnapshot,
                 origins: dict[str, list[tuple[str, int]]] | None = None, plan=None) -> list[Problem]:
    """`problems` with each duplicate_id problem naming the copy (see the module's doc); the rest as they
    are. `origins`: an adopted workbook's read's (tab -> (sheet title, row) of each row), else None.
    `plan`: ids.plan_ids's, whose writes are the copies (the row keeping an ID is told by its content when
    Turfbook knows it, id_owners: the copy may be the row above); without it, the reader's later row."""
    if not any(p.kind == "duplicate_id" for p in problems):
        return problems
    origins = origins or {}
    rows: dict[str, dict[int, Row]] = {}
    planned: dict[tuple[str, str], list[Row]] = {}
    retyped = {id(w) for w, _typed in getattr(plan, "retyped", None) or ()}      # 'c-000001' written C-000001
    for w in getattr(plan, "writes", None) or ():
        if w.old_id and w.row is not None and id(w) not in retyped:     # a copy's 'c-000001' is C-000001 (a21o 8)
            planned.setdefault((w.tab, w.old_id.strip().upper()), []).append(w.row)
    copies = {id(r) for found in planned.values() for r in found}
    moved = {(tab, r.row_number): (old, r.id) for (tab, old), found in planned.items() for r in found if r.id != old}
    out = []
    for p in problems:
        snap = snapshot.tabs.get(p.tab)
        if p.kind != "duplicate_id" and (p.tab, p.row_number) in moved and moved[p.tab, p.row_number][0] == p.row_id:
            old, new = moved[p.tab, p.row_number]        # the copy's own cells: its new ID's problem
            p = replace(p, row_id=new, message=p.message.replace(f" row {old}:", f" row {new}:", 1))
        if p.kind != "duplicate_id" or snap is None or p.row_number is None or not p.row_id:
            out.append(p)
            continue
        by_number = rows.setdefault(p.tab, {r.row_number: r for r in snap.rows})
        queue, place = planned.get((p.tab, p.row_id)), _place(p.tab, origins.get(p.tab))
        alike = (getattr(plan, "waiting", None) or {}).get((p.tab, p.row_id))
        if alike and not queue:     # rows with the same content: none is the copy yet (said once, for all)
            if (p.tab, p.row_id) not in {(q.tab, q.row_id) for q in out if q.kind == "duplicate_id"}:
                out.append(replace(p, row_number=alike[0].row_number,
                                   message=alike_message([place(r) for r in alike], p.row_id, differ(alike),
                                                         p.tab == FLAGGED, apart(alike))))
            continue
        kept = (getattr(plan, "kept", None) or {}).get((p.tab, p.row_id))
        copy = queue.pop(0) if queue else by_number.get(p.row_number)
        if not queue and kept is not None and copy is kept:     # no write planned (a held tab): by content
            copy = next((r for r in snap.rows if r.id == p.row_id and r is not kept and id(r) not in copies), copy)
        first = kept or next((r for r in snap.rows if r.id == p.row_id and r is not copy and id(r) not in copies),
                             None)
        if copy is None or first is None:
            out.append(p)
            continue
        new_id = copy.id if copy.id != p.row_id else None
        out.append(replace(p, row_id=new_id or p.row_id, row_number=copy.row_number,
                           message=copied_id_message(place(copy), place(first), p.row_id, new_id)))
    return out


def _place(tab: str, origins: list[tuple[str, int]] | None):
    """Row -> (where, row number) as staff see it: their sheet and row (adopted), else the tab's."""
    if not origins:
        return lambda row: (tab, row.row_number)
    return lambda row: (f"'{origins[row.row_number - 2][0]}'", origins[row.row_number - 2][1])


def returned_problems(plan, origins: dict[str, list[tuple[str, int]]] | None, job: str = "schema") -> list[Problem]:
    """Each row given back its own ID (ids.plan_ids, id_owners.given_back) once written: said (EN / ES)."""
    out = []
    for w in getattr(plan, "returned", None) or ():
        if w.row is None or w.row.id != w.new_id:
            continue                                    # not written this run: said when it is
        where, number = _place(w.tab, (origins or {}).get(w.tab))(w.row)
        out.append(Problem(job, w.tab, w.new_id, None, (
            f"{where} row {number} had no ID; its content is exactly that of {w.new_id}, whose row or ID cell was "
            f"deleted, so it got {w.new_id} back (with what Turfbook keeps for it) / {where} fila {number} no tenía "
            f"ID; su contenido es exactamente el de {w.new_id}, cuya fila o celda ID se borró, así que recuperó "
            f"{w.new_id} (con lo que Turfbook guarda para él)"), "id_returned", w.row.row_number))
    return out


def split_problems(plan, origins: dict[str, list[tuple[str, int]]] | None, job: str = "schema") -> list[Problem]:
    """Each row whose ID cell staff cleared while another row keeps that ID with the same key cells (ids.plan_ids'
    `split`, id_owners.split_from), once its new ID is written: which row got which, what tells them apart, and
    how to swap them if the record's ID was cleared instead of the copy's (a21o o4) (EN / ES)."""
    out = []
    for w, kept in getattr(plan, "split", None) or ():
        if w.row is None or w.row.id != w.new_id:
            continue                                    # not written this run: said when it is
        place = _place(w.tab, (origins or {}).get(w.tab))
        (where, new), (there, old) = place(w.row), place(kept)
        other, otra = (f"row {old}", f"fila {old}") if there == where else (f"{there} row {old}", f"{there} fila {old}")
        keeps = kept.id
        flags = (" with its status and Flagged at", " con su estado y Flagged at") if w.tab == FLAGGED else ("", "")
        tells = _tells([(where, new), (there, old)], apart([w.row, kept]), there == where)
        out.append(Problem(job, w.tab, w.new_id, None, (
            f"{where} row {new}: its ID cell was cleared while {other} holds {keeps} with the same key cells: "
            f"Turfbook took row {new} as the NEW record (the copy) and gave it {w.new_id}; {other} keeps {keeps}"
            f"{flags[0]}{tells[0]}. If row {new} is {keeps}'s record (the wrong ID cell cleared), type {keeps} "
            f"in row {new}'s ID cell and clear {other}'s: row {new} then has {keeps}{flags[0]} again and "
            f"{other} a new ID / {where} fila {new}: su celda ID se vació mientras la {otra} tiene {keeps} con "
            f"las mismas celdas clave: Turfbook tomó la fila {new} como el registro NUEVO (la copia) y le dio "
            f"{w.new_id}; la {otra} conserva {keeps}{flags[1]}{tells[1]}. Si la fila {new} es el registro de "
            f"{keeps} (se vació la celda ID equivocada), escriba {keeps} en la celda ID de la fila {new} y vacíe la "
            f"de la {otra}: la fila {new} vuelve a tener {keeps}{flags[1]} y la {otra} un ID nuevo"),
            "id_split", w.row.row_number))
    return out


def id_notes(plan, origins: dict[str, list[tuple[str, int]]] | None, held: set[str] = frozenset()) -> list[str]:
    """For `sheets adopt`'s report ("EN / ES" each): copied IDs whose rows wait (alike_message), rows given
    their own ID back (returned_problems); a tab held by the sort guard (`held`) says neither."""
    out = [alike_message([_place(tab, (origins or {}).get(tab))(r) for r in rows], row_id, differ(rows), tab == FLAGGED,
                         apart(rows))
           for (tab, row_id), rows in (getattr(plan, "waiting", None) or {}).items() if tab not in held]
    return out + [p.message for p in returned_problems(plan, origins) + split_problems(plan, origins)
                  if p.tab not in held]

