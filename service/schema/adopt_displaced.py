"""Which rows of an adopted tab sit away from their IDs (issue 21; outside testers a21f: the rule, and what
`sheets adopt` does about it). Pure: the tab's rows, each row's key (adopt_sorted.row_key) and the stored keys.

A row R is DISPLACED when its key is the stored key of exactly one ID X, R does not carry X, and no row
carrying X (if any) still has X's key: X's record moved off X's row. One displaced row holds the tab (a row
pushed onto a blank row or a row with no ID counts: the rows pushed aside need not land on known IDs). A
person typed twice by hand is not displaced (X's own row still matches), nor a row with no ID whose record's
ID is on no row at all (its row deleted and the record typed again, or another workbook adopted with this
DATA_DIR), nor one whose key's IDs still on rows each sit on their own record's row (a21m m11: Ana twice on one
day, one row's ID cell lost): it is a new row, numbered as usual, or given its ID back (id_owners.given_back).
A row whose key is the stored key of two or more IDs (the same person on the same day twice) that carries none
of them, while one of them no longer sits on its row that still carries it, is displaced too, but cannot be
told apart: the rows of that key with none of its IDs get the IDs of that key no row of it holds, in order
(`alike`: both candidates are records of the same key, the report says to check which is which; a21h d8); only
more such rows than free IDs leave the tab held.

Putting back (`Sorted`): each displaced row gets its record's ID; a blank row (no staff cell at all: not a
record) that carries a claimed ID gets its ID cell cleared (the ID column is Turfbook's); a row holding a record
Turfbook has no key for (typed or edited since the last read) that carries a claimed ID is an ORPHAN: each
orphan gets a NEW ID and the IDs left unused are named in the report. Leftovers are never paired with an unused
ID by a guess: a shared first name, particle or date said "same record" for new people (outside tester a21i:
"María López" took "María García"'s ID and overdue follow-up); a record edited before the sort gets a new ID,
said in the report with the ID it left. A row holding a COPY of an ID whose record's row still has it (a21j 6:
a template row typed over, then a sort) is an orphan too (`copies`: said as a copy); two rows alike holding one
ID cannot be told apart (`twice`: the problem says that cause, not "the same key on two records")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from turfbook.schema.adopt_pairs import every, own_of, pair_edited, tell_alike, whole, words
from turfbook.schema.model import Row

DEAD = "!"          # adopt_sorted.DEAD: before the stored key of an ID no row carried at the last read


@dataclass
class Sorted:
    """`moved`: [(row, the ID whose record it holds)]; `orphans`: rows given a NEW ID by the repair; `paired`:
    always empty (a leftover is never paired by a guess, a21i); `cleared`: blank rows whose ID cell is emptied;
    `unused`: IDs no row carries once put back; `repairable`: every row told apart and no ID twice."""

    tab: str
    moved: list[tuple[Row, str]] = field(default_factory=list)
    orphans: list[Row] = field(default_factory=list)
    repairable: bool = False
    paired: list[tuple[Row, str]] = field(default_factory=list)
    cleared: list[Row] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    new_ids: list[tuple[Row, str]] = field(default_factory=list)     # (orphan, the new ID put_back gave it)
    alike: list[tuple[Row, str, list[str]]] = field(default_factory=list)  # (row, ID given, same-key IDs)
    changed: list[tuple[Row, str]] = field(default_factory=list)   # i4: an ID kept by a row whose content changed
    merged: list[tuple[Row, str]] = field(default_factory=list)    # d1: (row, the ID whose record it holds), a merge
    # by hand or a sort then a delete (a21k k9): also in `moved` (held; put back), --accept-rows keeps row.id
    copies: dict[int, str] = field(default_factory=dict)   # id(row) -> the ID it holds a copy of (an orphan, a21j 6)
    twice: list[str] = field(default_factory=list)         # IDs two rows would keep (not repairable, a21j 6)

    @property
    def held(self) -> bool:
        """Rows sit away from their IDs (a merge by hand, d1, too: it looks the same as a sort then a delete)."""
        return bool(self.moved or self.paired or self.alike or not self.repairable)


def check(tab_name: str, rows: list[Row], stored: dict[str, str], keys: list[str],
          blank=lambda row: False) -> Sorted | None:
    """The tab's rows against the stored keys (ID -> key); `keys`: each row's key ("" for none of its key
    cells filled); `blank(row)`: the row has no staff cell at all. None when no row is displaced (a merged
    row is displaced too: a21k). Keys are compared whole; their words and every-cell hash only as adopt_pairs says."""
    wholes = {row_id: whole(key) for row_id, key in stored.items()}
    now = [whole(key) for key in keys]
    fulls = {id(row): every(key) for row, key in zip(rows, keys, strict=True)}
    owners: dict[str, list[str]] = {}
    for row_id, key in wholes.items():
        owners.setdefault(key, []).append(row_id)

    def own(row: Row, key: str) -> str | None:         # of one key's IDs, the one its other cells say (i5)
        return own_of(fulls[id(row)], owners[key], stored) if len(owners.get(key, [])) > 1 else None

    in_place = {row.id for row, key in zip(rows, now, strict=True) if row.id and key and wholes.get(row.id) == key
                and own(row, key) in (None, row.id)}
    carried = {row.id for row in rows if row.id}
    advised = swapped(rows, now, fulls, owners, stored, carried)    # the id_split advice followed (a21p p3)
    in_place |= {row.id for row in rows if id(row) in advised}
    live = {row.id for row in rows if row.id and not blank(row)}
    unknown = [row for row, key in zip(rows, now, strict=True) if not owners.get(key) and not blank(row)]
    moved, merged, ambiguous = [], [], False
    alike: dict[str, list[Row]] = {}
    found_alike: list[tuple[Row, str, list[str]]] = []
    for row, key in zip(rows, now, strict=True):
        who = owners.get(key, []) if key else []
        if (id(row) in advised or not who or (row.id in who and own(row, key) in (None, row.id))
                or ((row.id is None or wholes.get(row.id, "").startswith(DEAD))
                    and not (carried & set(who)) - in_place)):
            continue                    # no ID, and no record of its key left a row still carrying its ID: a new
            # row, or a record whose row or ID cell was deleted (a sort never takes an ID off every row; a21m m11:
            # the key's other record still on its own row); or an ID on no row at the last read typed over: kept (l8)
        if row.id in in_place and len(who) == 1 and who[0] not in carried:
            continue                    # a live ID typed over its record's ID (a sort leaves no ID twice): id_typed
        if len(who) == 1 and who[0] not in in_place:
            if (row.id in wholes and who[0] not in live and wholes[row.id] not in set(now)
                    and (who[0] not in carried or not unknown)):
                merged.append((row, who[0]))    # d1/a21k: a merge by hand, or a sort then a delete: held
            moved.append((row, who[0]))
        elif len(who) > 1 and any(x not in in_place for x in who):
            alike.setdefault(key, []).append(row)
    for key, same in alike.items():     # rows of one key twice (two María García): told apart, else in order
        free = sorted(x for x in owners[key] if x not in in_place)
        pairs = tell_alike(same, free, fulls, stored)       # more rows than free IDs: held
        moved += [(row, x) for row, x, _told in pairs if row.id != x]
        found_alike += [(row, x, [y for y in owners[key] if y != x]) for row, x, told in pairs if not told]
        ambiguous = ambiguous or len(same) > len(free)
    if not moved and not ambiguous:
        return Sorted(tab_name, repairable=True, merged=merged, unused=sorted(y for _, y in merged)) if merged else None
    found = Sorted(tab_name, moved, alike=found_alike, merged=merged)
    claimed = {owner for _, owner in moved}
    final = {id(row): owner for row, owner in moved}
    leftovers, keepers = [], []
    for row, key in zip(rows, now, strict=True):
        if id(row) in final:
            continue
        known = bool(key) and bool(owners.get(key))
        if row.id in in_place and wholes.get(row.id) != key:   # a copy of an ID its record's row holds
            if blank(row):
                found.cleared.append(row)
                final[id(row)] = None
            else:
                found.copies[id(row)] = row.id
                leftovers.append(row)
        elif row.id in claimed:
            if not key and blank(row):
                found.cleared.append(row)
                final[id(row)] = None
            else:
                leftovers.append(row)
        elif row.id is None and not known and not blank(row):
            leftovers.append(row)
        else:
            final[id(row)] = row.id
            if row.id and not known and not blank(row) and wholes.get(row.id) not in (None, key):
                keepers.append(row)     # i4: an ID left on a row whose content changed
    kept = {row.id for row, _ in merged}
    gone = [x for x in wholes if x not in claimed and x not in kept and wholes[x] not in set(now) and x in carried]
    paired = pair_edited(gone, leftovers + keepers, {id(r): words(k) for r, k in zip(rows, keys, strict=True)},
                         stored)
    taken = {id(row) for row in paired.values()}
    for x, row in paired.items():
        final[id(row)] = x
        if row.id != x:
            found.paired.append((row, x))
    for row in rows:                    # the row an ID went away from: blank, its ID cell cleared; else a new ID
        if id(row) not in taken and row.id in paired and final.get(id(row)) == row.id:
            final[id(row)] = None
            (found.cleared if blank(row) else leftovers).append(row)
    found.changed = [(row, row.id) for row in keepers if id(row) not in taken and row.id not in paired]
    given = [f for f in final.values() if f]
    found.unused = sorted({r.id for r in rows if r.id} - set(given) - claimed)
    found.orphans = [r for r in leftovers if id(r) not in taken
                     and (r.id in claimed or r.id in paired or id(r) in found.copies)]     # never by a guess (a21i)
    found.copies = {k: x for k, x in found.copies.items() if k not in taken}
    found.twice = sorted({f for f in given if given.count(f) > 1})
    found.repairable = not ambiguous and not found.twice
    return found


def swapped(rows: list[Row], now: list[str], fulls: dict[int, str], owners: dict[str, list[str]],
            stored: dict[str, str], carried: set[str]) -> set[int]:
    """id(row) of each row holding X whose every staff cell is as stored for N, an ID of the same key that was on a
    row at the last read and is on none now, while a row with no ID is as stored for X: the id_split advice
    followed ("type X in row 3's ID cell and clear row 2's"). No sort: a sort moves no ID cell (N would still be
    on a row), so X is that row's, and the row with no ID a new record (a new ID, said as id_split)."""
    out = set()
    for row, key in zip(rows, now, strict=True):
        x, full = row.id, fulls[id(row)]
        if not x or not full or x not in owners.get(key, []) or every(stored[x]) == full:
            continue
        gone = [n for n in owners[key] if n not in carried and not stored[n].startswith(DEAD)
                and every(stored[n]) == full]
        if len(gone) == 1 and any(r.id is None and k == key and fulls[id(r)] == every(stored[x])
                                  for r, k in zip(rows, now, strict=True)):
            out.add(id(row))
    return out


ACCEPT = "turfbook sheets adopt --accept-rows"
_ROW = re.compile(r"(^|' |, )row (\d)")


def problem_text(found: Sorted, where, tab_es: str, note: tuple[str, str] = ("", "")) -> str:
    """What happened and what to do (EN / ES); `where(row)` names a row ("'Convos' row 3"); `note`: (EN, ES) said
    after it (held_refs.note: rows of other tabs naming its IDs name no one meanwhile)."""
    both = {id(r) for r, _ in found.merged}
    rows = ", ".join(f"{where(r)} holds {o}'s record but shows {r.id or 'no ID'}" for r, o in found.moved[:3]
                     if id(r) not in both)
    en_m, _, es_m = merges(found, where).partition(" / ")
    rows = "; ".join(x for x in (rows, en_m) if x)
    more = f" (+{len(found.moved) - 3} more)" if len(found.moved) > 3 else ""
    then, _, then_es = changes(found, where).partition(" / ")
    if found.repairable:
        fix = (f"run `turfbook sheets adopt` to put the IDs back with their rows (nothing of yours is changed"
               f"{'; ' + then if then else ''}), or undo the sort (Ctrl+Z, or File > Version history)")
        fix_es = (f"ejecute `turfbook sheets adopt` para devolver los ID a sus filas (no cambia nada suyo"
                  f"{'; ' + then_es if then_es else ''}), o deshaga el orden (Ctrl+Z, o Archivo > Historial de "
                  "versiones)")
    else:
        why, why_es = cause(found)
        fix = ("undo the sort (Ctrl+Z), or restore the version from before it (File > Version history): Turfbook "
               f"cannot tell every row apart ({why}). Or keep the rows as they are now, each ID staying on the row "
               f"it is on: `{ACCEPT}`")
        fix_es = ("deshaga el orden (Ctrl+Z) o restaure la versión anterior (Archivo > Historial de versiones): "
                  f"Turfbook no puede distinguir cada fila ({why_es}). O acepte las filas como están, cada ID en la "
                  f"fila donde está: `{ACCEPT}`")
    after, after_es = (f". {note[0]}", f". {note[1]}") if note[0] else ("", "")
    return (f"{found.tab}: rows were sorted without Turfbook's ID column (a filter over your columns only) or "
            f"moved by cut and paste: {len(found.moved)} row(s) now sit away from their record's ID ({rows}"
            f"{more}). Turfbook writes nothing to {found.tab} until this is fixed: {fix}{after} / {tab_es}: las filas "
            f"se ordenaron sin la columna ID de Turfbook (un filtro solo sobre sus columnas) o se movieron cortando y "
            f"pegando: {len(found.moved)} fila(s) quedaron lejos del ID de su registro. Turfbook no escribe nada en "
            f"{tab_es} hasta que se corrija: {fix_es}{'. ' + es_m if es_m else ''}{after_es}")


def en_fila(place: str) -> str:
    """A row's place as `where` says it in English ("'Convos' row 3", "row 3") said in Spanish (i8)."""
    return _ROW.sub(r"\1fila \2", place)


def cause(found: Sorted) -> tuple[str, str]:
    """Why the rows cannot all be told apart (EN, ES): an ID copied onto a row alike (a21j 6), else one key twice."""
    if found.twice:
        ids = ", ".join(found.twice[:3])
        return (f"{ids} is on two rows with the same content, copied with the row: change or delete the copy",
                f"{ids} está en dos filas con el mismo contenido, copiado con la fila: cambie o borre la copia")
    return ("the same key on two records, e.g. one person twice on one day",
            "dos registros iguales, p. ej. una persona dos veces el mismo día")


def changes(found: Sorted, where, written: bool = False) -> str:
    """What the repair does besides putting IDs back (EN / ES): same-key rows, new IDs, IDs left unused, blank
    rows' ID cells cleared; "" when nothing. `written`: said of a repair done (new IDs named)."""
    en, es = [], []
    for r, i, others in found.alike[:5]:
        en.append(f"{where(r)} {'got' if written else 'gets'} {i}: it and {', '.join(others)} are records whose "
                  "names read the same (capitals and accents aside, e.g. 'Ana Ruiz' and 'Ana Ruíz'; Conversations: "
                  "the same person on the same date), which Turfbook cannot tell apart: check which is which")
        es.append(f"{en_fila(where(r))}: {i}; este y {', '.join(others)} son registros cuyos nombres se leen igual "
                  "(sin contar mayúsculas ni acentos, p. ej. 'Ana Ruiz' y 'Ana Ruíz'; Conversaciones: la misma persona "
                  "la misma fecha) que Turfbook no distingue: compruebe cuál es cuál")
    for r, i in found.paired[:5]:
        en.append(f"{where(r)} {'got' if written else 'gets'} {i}: it holds every word of {i}'s record (edited "
                  "before the sort): check that row")
        es.append(f"{en_fila(where(r))}: {i}; tiene todas las palabras del registro de {i} (editado antes del orden): "
                  "compruebe esa fila")
    for r, i in found.changed[:5]:
        en.append(f"{where(r)} keeps {i} though its content changed since the last run (another record moved "
                  "onto it, or an edit): check that row")
        es.append(f"{en_fila(where(r))} conserva {i} aunque su contenido cambió desde la última ejecución (otro "
                  "registro movido a ella, o una edición): compruebe esa fila")
    news = [(r, i) for r, i in found.new_ids] if written else [(r, "") for r in found.orphans]
    for r, i in news[:5]:
        copied = found.copies.get(id(r))
        why = f"it held a copy of {copied}, which stays on its record's row" if copied else \
            "Turfbook does not know its record"
        why_es = f"tenía una copia de {copied}, que queda en la fila de su registro" if copied else \
            "Turfbook no conoce su registro"
        en.append(f"{where(r)} {'got a NEW ID ' + i if i else 'gets a NEW ID'} ({why})")
        es.append(f"{en_fila(where(r))}: ID NUEVO {i} ({why_es})".replace("  ", " "))
    if found.unused:
        en.append(f"ID(s) left unused: {', '.join(found.unused[:5])}")
        es.append(f"ID sin usar: {', '.join(found.unused[:5])}")
    if found.cleared:
        rows = ", ".join(where(r) for r in found.cleared[:3])
        en.append(f"the ID cell of blank {rows} {'was' if written else 'is'} cleared")
        es.append(f"celda ID {'vaciada' if written else 'se vacía'} en {en_fila(rows)} (fila sin datos)")
    return f"{'; '.join(en)} / {'; '.join(es)}" if en else ""


def merges(found: Sorted, where) -> str:
    """d1 / a21k k9: rows holding the record of an ID on no row while their own ID's record is on no row either:
    a sort then a delete, or two rows merged by hand; the same end state, so both readings said (EN / ES)."""
    en = [f"{where(r)} holds {y}'s record but shows {r.id}, and {r.id}'s record is on no row: either the rows "
          f"were sorted and {r.id}'s row deleted (`turfbook sheets adopt` puts {y} back on it) or two rows were "
          f"merged by hand (`{ACCEPT}` keeps {r.id} there)"
          for r, y in found.merged[:5]]
    es = [f"{en_fila(where(r))} tiene el registro de {y} pero muestra {r.id}, y el registro de {r.id} no está en "
          f"ninguna fila: o se ordenaron las filas y se borró la fila de {r.id} (`turfbook sheets adopt` le "
          f"devuelve {y}) o se unieron dos filas a mano (`{ACCEPT}` deja {r.id} ahí)"
          for r, y in found.merged[:5]]
    return f"{'; '.join(en)} / {'; '.join(es)}" if en else ""


def kept_merges(found: Sorted, where) -> str:
    """--accept-rows on merged rows (the merge reading): each keeps its ID (EN / ES); "" none."""
    en = [f"{where(r)} keeps {r.id} (taken as two rows merged by hand); {y} is left unused (its follow-ups stay "
          "with it)" for r, y in found.merged[:5]]
    es = [f"{en_fila(where(r))} conserva {r.id} (tomado como dos filas unidas a mano); {y} queda sin usar (su "
          "seguimiento sigue con él)" for r, y in found.merged[:5]]
    return f"{'; '.join(en)} / {'; '.join(es)}" if en else ""
