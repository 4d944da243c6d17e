"""Which row keeps an ID staff copied (a21g c6): by content when Turfbook knows it, else by position.

Staff use a row as a template: insert a row ABOVE Ana's, paste her row (ID included), type a new person over
it. By position the first row keeps the ID, so the new row would take Ana's ID (and her history, status and
flagged-at) and Ana's real row a new ID. An adopted workbook keeps each ID's row key (adopt_sorted: a short
hash of the row's required staff cells, stored at every read in order): when exactly one of the rows holding
a copied ID has that ID's stored key, that row keeps the ID and every other one is the copy (ids.plan_ids).
Otherwise (no key stored, a plain Turfbook workbook, no row or two rows matching) the first row keeps it.
The key cells may be kept (a21k k4, k5: a second conversation the same day; k1: a namesake): of two or more rows
with the stored key, the one whose every staff cell is as stored (`as_stored`, the key's every-cell hash) keeps
the ID; none or several: they wait, and rows that wait while their cells differ are none of them written.

The stored keys are the ones from before this read: every read stores the keys of the rows as they are
(adopt_sorted.check_rows), and a copied ID's key would then be its last row's, the copy's when it is below.
`restore_copied` puts a copied ID's previous key back after the read stored its own (through RowKeys, the
module's public store), so the next read still tells the original from the copy.
"""

from __future__ import annotations

from collections import Counter

from turfbook.schema.loader import Tab
from turfbook.schema.model import TabSnapshot, WorkbookSnapshot


def keys_before(sheets) -> dict[str, dict[str, str]]:
    """The stored row keys before this read stores its own ({} when the workbook keeps none)."""
    keys = getattr(sheets, "row_keys", None)
    if keys is None:                 # Turfbook's own workbook: the adoption's modules are not imported
        return {}
    from turfbook.schema.adopt_sorted import lost_key

    stored = keys.load()
    return {tab: dict(ids) for tab, ids in stored.items() if not lost_key(sheets, tab)}   # no key column lost


def copied(snap: TabSnapshot) -> set[str]:
    """The IDs two or more rows of the tab hold."""
    ids = [i for i in snap.column("id") if i] if "id" in snap.columns else []
    if len(set(ids)) == len(ids):
        return set()
    return {i for i, n in Counter(ids).items() if n > 1}


def restore_copied(sheets, snapshot: WorkbookSnapshot, before: dict[str, dict[str, str]]) -> None:
    """After the read stored its keys: each copied ID's key as it was before (dropped when it had none)."""
    keys = getattr(sheets, "row_keys", None)
    if keys is None:
        return
    stored = keys.load()
    for name, snap in snapshot.tabs.items():
        ids = copied(snap) if name in stored else set()
        if not ids:
            continue
        mine, old = dict(stored[name]), before.get(name, {})
        for row_id in ids:
            mine.pop(row_id, None)
            if row_id in old:
                mine[row_id] = old[row_id]
        keys.save(name, mine, exact=ids)        # not the copy's every-cell hash kept as "richer" (fix21aa k5)


def owners(tab: Tab, snap: TabSnapshot, stored: dict[str, str], full_read: bool = True) -> dict[str, int]:
    """{copied ID: the index of the row keeping it} for the copied IDs whose row is told by its stored key;
    the other copied IDs are kept by their first row (ids.plan_ids). `full_read`: see _matching."""
    return {row_id: ats[0] for row_id, ats in _matching(tab, snap, stored, full_read).items() if len(ats) == 1}


def waiting(tab: Tab, snap: TabSnapshot, stored: dict[str, str], full_read: bool = True) -> dict[str, list[int]]:
    """{copied ID: the indexes of its rows that all have its stored key} when two or more do (a21j 1, 2): their
    content cannot tell the record from the copy (a row pasted above its original, a sheet duplicated and
    dragged first), so none of them gets a new ID until one is changed; then the row still matching keeps it
    (all its staff cells as stored: `_matching`, fix21aa)."""
    return {row_id: ats for row_id, ats in _matching(tab, snap, stored, full_read).items() if len(ats) > 1}


def split_from(tab: Tab, snap: TabSnapshot, stored: dict[str, str]) -> dict[int, int]:
    """{index of a row with no ID: index of the one row holding the ID whose stored key both rows have} (a21o o4):
    two rows held that ID and waited (or a copy was pasted), and staff cleared one's ID cell. The cleared row is
    taken as the NEW record (a new ID); which row was the record is staff's word, never Turfbook's guess, so it
    is said (id_copies.split_problems) with what tells them apart, never a silent move of the ID's flags."""
    from turfbook.schema.adopt_pairs import whole
    from turfbook.schema.adopt_sorted import key_columns, keys_of

    if not stored or "id" not in snap.columns or any(k not in snap.columns for k in key_columns(tab)):
        return {}
    keys, ids = [whole(k) if k else "" for k in keys_of(tab, snap)], snap.column("id")
    raw = snap.raw_column("id")
    holders = Counter(i for i in ids if i)
    of_key: dict[str, list[str]] = {}
    for row_id, key in stored.items():
        if key and holders.get(row_id) == 1:
            of_key.setdefault(whole(key), []).append(row_id)
    out = {}
    for at, key in enumerate(keys):
        if ids[at] or raw[at] not in ("", None) or not key or len(of_key.get(key, [])) != 1:
            continue
        other = ids.index(of_key[key][0])
        if keys[other] == key and keys.count(key) == 2:
            out[at] = other
    return out


def copy_rows(snapshot: WorkbookSnapshot, schema=None, waits: dict | None = None,
              read: dict[str, set[str]] | None = None) -> dict[str, set[int]]:
    """{tab: row numbers of rows holding a copied ID that are not the row keeping it} (a21j 2): jobs write
    nothing to them (overdue would set or clear the record's flags from a copy's dates) until the schema job
    gives them their own ID. The row keeping it: by content (owners), the first of rows alike (waiting), none
    of rows waiting whose cells differ (which is the record is a guess: a21k k4), else the first row.
    `waits`, when given, is filled with {tab: {ID: the row numbers holding it}} of those IDs kept by no row:
    overdue shows on them that the ID waits (followup.waits), not a flag one row's dates would set or clear.
    `read`: {tab: the column keys read} of a job that reads fewer than the sheet has (overdue reads no notes):
    its read never tells a record from its copy by their other cells (`_matching`, a21n n3)."""
    out: dict[str, set[int]] = {}
    for name, snap in snapshot.tabs.items():
        ids = copied(snap)
        if not ids:
            continue
        tab = (schema or _schema()).tab(name)
        stored = snapshot.row_keys.get(name, {})
        full_read = read is None or all(k in read.get(name, ()) for k in _staff_read(tab, snap))
        keep = {i: ats[0] if _alike(tab, snap, ats) else -1     # rows that differ: none written (a guess)
                for i, ats in waiting(tab, snap, stored, full_read).items()} | owners(tab, snap, stored, full_read)
        if waits is not None and -1 in keep.values():
            waits[name] = {i: [row.row_number for row_id, row in zip(snap.column("id"), snap.rows, strict=True)
                               if row_id == i] for i, at in keep.items() if at == -1}
        seen: set[str] = set()
        for at, (row_id, row) in enumerate(zip(snap.column("id"), snap.rows, strict=True)):
            if row_id not in ids:
                continue
            if keep.get(row_id, at) != at or (row_id not in keep and row_id in seen):
                out.setdefault(name, set()).add(row.row_number)
            seen.add(row_id)
    return out


def _schema():
    from turfbook.schema.loader import load_schema

    return load_schema()


def _matching(tab: Tab, snap: TabSnapshot, stored: dict[str, str], full_read: bool = True) -> dict[str, list[int]]:
    """{copied ID: the indexes of its rows with its stored key}; of two or more, the one row whose staff cells
    are all as stored (as_stored) alone when exactly one is (fix21aa: a copy typed over, key cells unchanged).
    `full_read=False`: a read of fewer columns than the sheet has (overdue: no notes), whose unread cells look blank
    (a note typed since on a row stored without one would pass as_stored): none told so, the rows wait (a21n n3:
    the schema job, reading every column, said they wait while overdue flagged one row's dates)."""
    from turfbook.schema.adopt_pairs import whole
    from turfbook.schema.adopt_sorted import key_columns, keys_of

    ids = copied(snap) & set(stored)
    if not ids or any(k not in snap.columns for k in key_columns(tab)):
        return {}
    keys = keys_of(tab, snap)
    found: dict[str, list[int]] = {}
    for at, row_id in enumerate(snap.column("id")):
        if row_id in ids and whole(keys[at]) == whole(stored[row_id]):
            found.setdefault(row_id, []).append(at)
    for row_id, ats in found.items():
        told = [at for at in ats if full_read and as_stored(tab, snap, at, stored[row_id])] if len(ats) > 1 else ats
        if len(told) == 1 and all(not _alike(tab, snap, [told[0], at]) for at in ats if at != told[0]):
            found[row_id] = told
    return found


def as_stored(tab: Tab, snap: TabSnapshot, at: int, key: str) -> bool:
    """The row at `at` has every staff cell the stored `key` was made of (its every-cell hash, over the columns
    filled when stored) and none filled outside them. False when the key has no such hash (stored by an older
    Turfbook, or by the field job's append) or the read lacks one of its columns (a job reading fewer columns
    sees the others blank, so never a match there: overdue and a People phone)."""
    from turfbook.schema.adopt_pairs import every
    from turfbook.schema.adopt_sorted import _every, _staff

    full = every(key)
    if len(full) < 5:
        return False
    mask, staff = int(full[:4], 16), _staff(tab)
    used = [k for n, k in enumerate(staff) if mask >> n & 1]
    if any(k not in snap.columns for k in used):
        return False
    others = [k for n, k in enumerate(staff) if not mask >> n & 1 and k in snap.columns]
    return (all(snap.raw_column(k)[at] in ("", None) for k in others)
            and _every([snap.raw_column(k)[at] for k in used], mask) == full)


def _alike(tab: Tab, snap: TabSnapshot, ats: list[int]) -> bool:
    """The rows at `ats` hold the same staff cells (of the columns read) but maybe the organizer: a sheet's
    title names it for rows with none (a21j 1: "Convos - Rosa" duplicated as "Convos - Mia" is Rosa's rows
    twice until Mia types over them), so an organizer alone never tells a record from its copy."""
    staff = [snap.raw_column(k) for k in _staff_read(tab, snap)]
    return len({tuple(_text(column[at]) for column in staff) for at in ats}) == 1


def differ(rows: list, schema=None) -> bool:
    """Rows (Row) waiting on one ID whose staff cells are not the same (id_copies.alike_message says so)."""
    if len(rows) < 2:
        return False
    staff = _compared((schema or _schema()).tab(rows[0].tab))
    return len({tuple(_text(r.raw.get(k)) for k in staff) for r in rows}) > 1


def apart(rows: list, schema=None) -> list[tuple[str, str, str]]:
    """What tells waiting rows apart (a21o o4: which row to clear): the first staff column whose cells differ,
    as (English header, Spanish name, each row's cell as shown) ... one per row; [] when none differs."""
    from turfbook.schema.cell_dates import shown
    from turfbook.schema.spanish_names import label
    from turfbook.schema.text import short

    schema = schema or _schema()
    tab = schema.tab(rows[0].tab) if rows else None
    for key in _compared(tab) if tab is not None else ():
        cells = [r.raw.get(key) for r in rows]
        if len({_text(c) for c in cells}) > 1:
            dated = tab.column(key).type in {"date", "datetime"}
            return [(tab.column(key).header, label(schema, tab.name, key, "es"),
                     (shown(c) if dated else short(c)) if c not in ("", None) else "") for c in cells]
    return []


def _staff_read(tab: Tab, snap: TabSnapshot) -> list[str]:
    return [k for k in _compared(tab) if k in snap.columns]


def _compared(tab: Tab) -> list[str]:
    """The staff columns two rows of one ID are compared on (_alike, differ): all but the organizer."""
    return [c.key for c in tab.columns if not c.service and c.key != "organizer"]


def _text(cell) -> str:
    from turfbook.schema.cells import cell_text

    return cell_text(cell) if cell not in ("", None) else ""


def given_back(tab: Tab, snap: TabSnapshot, stored: dict[str, str], by_cells: bool = True) -> dict[int, str]:
    """{index of a row with no ID: the ID it gets back} (a21j 3: a row cut below the last one, then the emptied
    row deleted with its ID cell): the row's key is EXACTLY the stored key of one ID that no row carries any
    more, and no other row has that key nor any other ID that key. Never by shared words (a21i). Not when no row
    of the tab carries an ID (its ID column deleted: added again with new IDs, said by `sheets adopt`). And only
    when EVERY staff cell of the row is that record's (a21k k2: a namesake with another phone is someone else:
    id_namesakes.same_cells); `by_cells=False`: by the key alone (the namesakes, id_namesakes).
    A key two records share (a21m m11: Ana twice on one day, the second row a template copy given its own ID,
    then the first row's ID cell lost): the row's cells tell it, when they are all the record's of exactly one
    ID of that key no row carries, no other row's are, and no other ID of that key had the same cells (the
    others stay on their rows: adopt_displaced holds the tab otherwise). `by_cells=False`: the one row with no
    ID of that key, when exactly one ID of it is on no row."""
    from turfbook.schema.adopt_pairs import every, whole
    from turfbook.schema.adopt_sorted import DEAD, key_columns, keys_of
    from turfbook.schema.id_namesakes import same_cells

    ids = snap.column("id") if "id" in snap.columns else []
    if not stored or all(ids) or any(k not in snap.columns for k in key_columns(tab)):
        return {}
    carried = set(filter(None, ids))
    if not carried:         # the whole ID column deleted and added again: NEW IDs, as the re-adopt says (a21c 16)
        return {}
    by_key: dict[str, list[str]] = {}
    for row_id, key in stored.items():
        if key:
            by_key.setdefault(whole(key.lstrip(DEAD)), []).append(row_id)     # a dead key too (adopt_sorted._keys)
    keys = [whole(k) for k in keys_of(tab, snap)]
    rows_of = Counter(k for k in keys if k)
    bare = Counter(k for k, row_id in zip(keys, ids, strict=True) if k and not row_id)
    out = {}
    for at, (key, row_id) in enumerate(zip(keys, ids, strict=True)):
        who = by_key.get(key, []) if key and not row_id else []
        gone = [x for x in who if x not in carried]
        if len(who) == 1 and rows_of[key] == 1:
            if gone and (not by_cells or same_cells(tab, snap, at, stored[gone[0]])):
                out[at] = gone[0]
        elif len(who) > 1 and not by_cells:
            if len(gone) == 1 and bare[key] == 1:
                out[at] = gone[0]
        elif len(who) > 1:
            fits = [x for x in gone if same_cells(tab, snap, at, stored[x])]
            cells = every(stored[fits[0]].lstrip(DEAD)) if len(fits) == 1 else ""
            if (cells and not any(every(stored[y].lstrip(DEAD)) == cells for y in who if y != fits[0])
                    and not any(same_cells(tab, snap, j, stored[fits[0]])
                                for j, k in enumerate(keys) if k == key and j != at)):
                out[at] = fits[0]
    return out
