"""Rows that no longer match their IDs in an adopted workbook (issue 21, outside tester finding 7).

Sheets sorts "through a filter" (the filter menu's Sort, a filter view's sort) over the filter's range only.
A filter staff set over THEIR columns (A..K) after the adoption, ending where Turfbook's ID column begins,
sorts the team's cells and leaves every ID where it was: each row now sits next to another record's ID, and
every value Turfbook keeps by ID (status, flagged at, problems, the field page's row writes) would follow
the wrong record. Widening the filter (adopt_filters, every job: adopt_guard) stops the next sort, not one
that already happened; this module notices one that did.

For each ID Turfbook keeps a compact key of the row it belongs to (`row_key`: a short hash of the row's
required staff cells — People: the name; Conversations: the date and the person), stored per logical tab in
DATA_DIR/row-keys.json at every read that finds the tab in order (so a name staff correct is simply taken).
A row whose key is, uniquely, ANOTHER ID's key while that ID's row no longer holds it is displaced
(adopt_displaced: the rule, and what the repair does); one such row means the tab was sorted (or cut and
pasted) without the ID column. Rows the field job appends are keyed as appended (remember_appended).
Then every job writes NOTHING for that tab (overdue holds its flags, `sheets check` its IDs and row
problems, the field page's row writes are refused) and reports a problem (EN/ES) saying what happened and how to fix
it. `turfbook sheets adopt` puts the IDs back with their rows (adopt_putback; the ID column is Turfbook's, no
staff cell is written) when every row is told apart; otherwise the problem says to undo the sort, restore
the version history, or take the rows as they are (`sheets adopt --accept-rows`). A damaged or missing
row-keys.json is said once (keys_problem) and rebuilt from the rows as they are.
Chosen over a key in hidden tabs: no API call. A person who swaps two names by hand looks like a sort of them."""

from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from pathlib import Path

from turfbook.schema.adopt_displaced import Sorted, problem_text
from turfbook.schema.adopt_displaced import check as displaced
from turfbook.schema.adopt_kinds import MERGED, SORTED  # noqa: F401 - MERGED: its name here too
from turfbook.schema.adopt_pairs import richer, whole
from turfbook.schema.cells import cell_text
from turfbook.schema.held_refs import note as held_note
from turfbook.schema.id_typed import keys_to_store
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.model import Problem, Row, WorkbookSnapshot
from turfbook.schema.spanish_names import label
from turfbook.schema.text import fold

KEYS_FILE = "row-keys.json"
KIND = SORTED
DEAD = "!"          # before the key of an ID no row carries any more (_keys); never in a key (hex . ~)


def key_columns(tab: Tab) -> list[str]:
    """The columns a row's key is made of: the tab's required staff columns (else its first staff one)."""
    columns = [c for c in tab.columns if c.required and not c.service] or [c for c in tab.columns if not c.service][:1]
    return [c.key for c in columns]


def lost_key(sheets, tab: str) -> bool:
    """A key column of the logical tab the last read did not find (its header renamed, removed, twice:
    AdoptedSheets.lost): the rows' keys would be made without it, so none is stored, refreshed or compared
    (a21h d9: weaker keys stored overnight, then a sort, then the header back: the sort taken as the order)."""
    lost = getattr(sheets, "lost", None) or []
    if not lost:
        return False
    layout = getattr(sheets, "layout", None)
    tabs = {s.title: s.tab for s in layout.sheets} if layout is not None else {}
    columns = set(key_columns(sheets.schema.tab(tab)))
    return any(tabs.get(title, tab) == tab and key in columns for title, key, _h, _w in lost)


def row_key(tab: Tab, raw: dict) -> str:
    """A short hash of the row's required staff cells (folded); "" for a row with none of them filled. Then,
    after "~", a hash of all its staff cells (tells two rows of one key apart: i5), over the ones filled, as
    keys_of makes it for a tab of this row alone."""
    filled = {n: raw[k] for n, k in enumerate(_staff(tab)) if raw.get(k) not in ("", None)}
    return _hash([raw.get(key, "") for key in key_columns(tab)], list(filled.values()), sum(1 << n for n in filled))


def _staff(tab: Tab) -> list[str]:
    return [c.key for c in tab.columns if not c.service]


def _hash(cells, every=None, mask: int = 0) -> str:
    """The row's key: a hash of its key cells, then "." and a short hash of each word in them (the words tell
    a record edited before a sort: adopt_pairs, only when a row holds every word of it), then "~", the staff
    columns the read found filled (`mask`, 4 hex digits: a job reading fewer columns makes another hash, only
    compared with one of the same columns; RowKeys.save keeps the one of more) and a hash of `every` staff
    cell of the row (the tie-break between two records of one key)."""
    parts = [fold(cell_text(c)) if c not in ("", None) else "" for c in cells]
    if not any(parts):
        return ""
    words = sorted({hashlib.blake2b(w.encode(), digest_size=3).hexdigest() for p in parts for w in p.split()})
    key = ".".join([hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6).hexdigest(), *words])
    return key if every is None else f"{key}~{_every(every, mask)}"


def _every(cells, mask: int) -> str:
    text = "\x1f".join(fold(cell_text(c)) if c not in ("", None) else "" for c in cells)
    return f"{mask:04x}{hashlib.blake2b(text.encode(), digest_size=6).hexdigest()}"


def keys_of(tab: Tab, snap) -> list[str]:
    """row_key of every row of a TabSnapshot, a column at a time (the rows' dictionaries not built), each with
    its every-cell hash over the staff columns this read found filled: it tells two rows of one key apart (i5),
    a copied ID's record from a copy typed over with its key cells kept (fix21aa: id_owners.as_stored)
    and a deleted record from a namesake typed later (a21k k2: id_namesakes.same_cells, id_owners.given_back),
    so it is stored for every row, not only for keys two rows share."""
    keys = [_hash(cells) for cells in zip(*(snap.raw_column(k) for k in key_columns(tab)), strict=True)]
    filled = {n: snap.raw_column(k) for n, k in enumerate(_staff(tab)) if k in snap.columns
              and any(c not in ("", None) for c in snap.raw_column(k))}
    texts, mask = [_folded(column) for column in filled.values()], f"{sum(1 << n for n in filled):04x}"
    blake = hashlib.blake2b
    return [f"{key}~{mask}{blake(chr(31).join(row).encode(), digest_size=6).hexdigest()}" if key else key
            for key, row in zip(keys, zip(*texts, strict=True) if texts else ((),) * len(keys), strict=True)]


def _folded(column: list) -> list[str]:
    """Each cell as _every folds it, each distinct cell folded once (dates, organizers repeat)."""
    seen = {c: fold(cell_text(c)) if c not in ("", None) else "" for c in set(column)}
    return [seen[c] for c in column]


def check(tab: Tab, rows: list[Row], stored: dict[str, str], keys: list[str] | None = None,
          implied=lambda row: "") -> Sorted | None:
    """The tab's rows against the stored keys (ID -> key): adopt_displaced.check; `keys`: the rows' row_key
    (keys_of), else computed; `implied(row)`: the organizer its sheet's title gives it (not a staff cell: a
    row with only that is blank, a21h d5). None when the tab is in order."""
    staff = _staff(tab)

    def blank(row: Row) -> bool:
        return all(row.raw.get(k) in ("", None) or (k == "organizer" and row.raw.get(k) == implied(row))
                   for k in staff)

    keys = keys if keys is not None else [row_key(tab, row.raw) for row in rows]
    return displaced(tab.name, rows, stored, keys, blank=blank)


def problem(job: str, found: Sorted, where=None, tab_es: str | None = None, note=("", "")) -> Problem:
    """`where(row)`: how to name the row ("'Convos' row 3"); default its row number in the tab."""
    where = where or (lambda r: f"row {r.row_number}")
    return Problem(job, found.tab, None, None, problem_text(found, where, tab_es or found.tab, note), KIND)


class RowKeys:
    """DATA_DIR/row-keys.json: {tab: {ID: key}}, read fresh each time (a scheduler and a `sheets check`
    share it); without a data dir, kept in memory only."""

    def __init__(self, data_dir: Path | str | None, read_only: bool = False):
        self.path = Path(data_dir) / KEYS_FILE if data_dir is not None else None
        self._data: dict[str, dict[str, str]] = {}
        self.read_only = read_only          # `sheets adopt --dry-run`: nothing saved
        self.state = "ok"                   # after load: "ok", "missing" (no file) or "damaged"

    def load(self) -> dict[str, dict[str, str]]:
        if self.path is None:
            return self._data
        if not self.path.is_file():
            self.state = "missing"
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise ValueError("not {tab: {ID: key}}")
            self.state = "ok"
            return data
        except (OSError, ValueError):
            self.state = "damaged"          # said once (check_rows), then rebuilt from the rows as they are
            return {}

    def save(self, tab: str, keys: dict[str, str], exact: set[str] = frozenset()) -> None:
        """`exact`: IDs whose key is stored as given (id_owners.restore_copied), not the richer of it and the old."""
        if self.read_only:
            return
        data = self.load()
        keys = {i: k if i in exact else richer(data.get(tab, {}).get(i), k) for i, k in keys.items()}
        if data.get(tab) == keys and self.state == "ok":
            return
        data = {**data, tab: keys}
        if self.path is None:
            self._data = data
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_suffix(".json.part")
        part.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(part, self.path)


def check_rows(sheets, snapshot: WorkbookSnapshot, job: str = "schema") -> list[Problem]:
    """Every adopted logical tab with IDs read into `snapshot`, checked against its stored keys: a sorted
    one goes in `sheets.sorted_tabs` (the jobs hold their writes for it) with a problem; one in order has
    its keys stored (IDs new since, names corrected). Not an adopted workbook: nothing."""
    keys: RowKeys | None = getattr(sheets, "row_keys", None)
    if keys is None:
        return []
    schema: Schema = sheets.schema
    stored = keys.load()
    state, out, with_ids = keys.state, [], []
    for name in sorted(sheets.adopted_tabs):
        snap = snapshot.tabs.get(name)
        tab = schema.tab(name)
        if snap is None or not tab.id_prefix or any(k not in snap.columns for k in ["id", *key_columns(tab)]):
            continue
        if lost_key(sheets, name):          # neither checked nor stored until the column is found again
            continue
        now = keys_of(tab, snap)
        if any(snap.raw_column("id")):
            with_ids.append(name)
        found = check(tab, snap.rows, stored.get(name, {}), now, lambda r, n=name: _implied(sheets, n, r))
        where = partial(_where, sheets, name)
        if found is not None and found.held:
            sheets.sorted_tabs[name] = found
            out.append(problem(job, found, where, label(schema, name, "", "es"),
                               held_note(schema, found, snapshot.tabs)))     # a21l l6: its IDs name no one
            continue
        sheets.sorted_tabs.pop(name, None)
        keys.save(name, *keys_to_store(tab, snap, now, stored.get(name)))   # a typed ID in doubt: kept (id_typed)
    if with_ids and (state == "damaged" or (state == "missing" and not stored)):
        out.insert(0, keys_problem(job, keys, state, with_ids[0]))
    return out


def keys_problem(job: str, keys: RowKeys, state: str, tab: str) -> Problem:
    """row-keys.json damaged, or missing while rows carry IDs: said once (the keys are rebuilt this run)."""
    what = ("could not be read (damaged)" if state == "damaged" else
            "is missing although your rows carry Turfbook IDs (a new DATA_DIR?)")
    que = "no se pudo leer (dañado)" if state == "damaged" else "falta aunque sus filas tienen ID de Turfbook"
    return Problem(job, tab, None, None, (
        f"{keys.path} {what}: the keys that notice rows sorted away from their IDs were rebuilt from the rows as "
        "they are now, so the sort guard starts again from this run (a sort made before it is not noticed: if "
        "you sorted without the ID column since the last run, undo it with File > Version history) / "
        f"{keys.path} {que}: las claves que detectan filas ordenadas lejos de sus ID se rehicieron con las filas "
        "tal como están, así que la protección empieza de nuevo en esta ejecución (un orden hecho antes no se "
        "detecta: si ordenó sin la columna ID desde la última ejecución, deshágalo en Archivo > Historial de "
        "versiones)"), "row_keys")


def remember(sheets, snapshot: WorkbookSnapshot) -> None:
    """After IDs were written (ids.apply_ids sets each written row's `id`): the keys of the rows as they are
    now, for every adopted tab in order, so a sort right after the IDs are given is noticed too."""
    keys: RowKeys | None = getattr(sheets, "row_keys", None)
    if keys is None:
        return
    for name in sorted(set(sheets.adopted_tabs) - held(sheets)):
        snap, tab = snapshot.tabs.get(name), sheets.schema.tab(name)
        if (snap is not None and tab.id_prefix and all(k in snap.columns for k in ["id", *key_columns(tab)])
                and not lost_key(sheets, name)):
            keys.save(name, *keys_to_store(tab, snap, keys_of(tab, snap), keys.load().get(name)))


def remember_appended(sheets, tab_name: str, rows: dict[str, dict]) -> None:
    """Rows a job appended ({ID: {column key: the value written}}; a date as the serial it is read back as):
    keyed now, so a sort before the next read is noticed for them too (outside tester a21f finding 5)."""
    from datetime import date

    from turfbook.schema.dates import to_serial

    keys: RowKeys | None = getattr(sheets, "row_keys", None)
    if keys is None or not rows or tab_name in held(sheets) or lost_key(sheets, tab_name):
        return
    tab = sheets.schema.tab(tab_name)
    new = {}
    for row_id, cells in rows.items():
        values = [cells.get(k, "") for k in key_columns(tab)]
        key = _hash([to_serial(v) if isinstance(v, date) else v for v in values])
        if key:
            new[row_id] = key
    if new:
        keys.save(tab_name, {**keys.load().get(tab_name, {}), **new})


def _keys(rows: list[Row], keys: list[str], old: dict[str, str] | None = None) -> dict[str, str]:
    """The rows' keys by ID, and each `old` key of an ID no row carries kept as DEAD ("!" first; a21j 3): one that
    just left its row unless an ID took its key this run (new, back or changed to it; not the other record of a
    key two share, a21m m11); a DEAD one until an ID of that key leaves its row (a21n 1). docs/adoption.md."""
    mine, old = {r.id: k for r, k in zip(rows, keys, strict=True) if r.id and k}, old or {}
    carried = {r.id for r in rows if r.id}
    took = {whole(k) for i, k in mine.items() if old.get(i, DEAD)[:1] == DEAD or whole(old[i]) != whole(k)}
    fresh = {whole(k) for i, k in old.items() if i not in carried and not k.startswith(DEAD)}   # left a row now
    return {**{i: DEAD + k.lstrip(DEAD) for i, k in old.items() if i not in carried and (
        whole(k.lstrip(DEAD)) not in fresh if k.startswith(DEAD) else whole(k) not in took)}, **mine}


def held(sheets) -> set[str]:
    """The logical tabs whose rows no longer match their IDs (check_rows), for which jobs write nothing."""
    return set(getattr(sheets, "sorted_tabs", None) or {})


def _implied(sheets, tab: str, row: Row) -> str:
    """The organizer the row's sheet implies by its title ("" when none, or not an adopted workbook)."""
    origins = (getattr(sheets, "origins", None) or {}).get(tab) or []
    if not 0 <= row.row_number - 2 < len(origins):
        return ""
    layout = getattr(sheets, "layout", None)
    sheet = next((s for s in layout.sheets if s.title == origins[row.row_number - 2][0]), None) if layout else None
    return sheet.organizer if sheet is not None else ""


def _where(sheets, tab: str, row: Row) -> str:
    origins = (getattr(sheets, "origins", None) or {}).get(tab) or []
    if 0 <= row.row_number - 2 < len(origins):
        title, number = origins[row.row_number - 2]
        return f"'{title}' row {number}"
    return f"row {row.row_number}"
