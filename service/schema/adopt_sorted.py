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
A row whose key is not its ID's but is, uniquely, ANOTHER ID's key holds that other record: two or more
such rows in a tab (a sort moves at least two) mean the tab was sorted without the ID column (`moved`).
Then every job writes NOTHING for that tab (overdue holds its flags, `sheets check` its IDs and row problems,
the field page's row writes are refused) and reports a problem (EN/ES) saying what happened and how to fix
it. `turfbook sheets adopt` puts the IDs back with their rows (the ID column is Turfbook's; no staff cell is
written) when every moved row is told apart (each key one record's, and the moved rows' IDs a permutation
of the IDs their records had); otherwise the problem says to undo the sort or restore the version history.
Chosen over a key in the hidden tabs: no API call at all, and the mapping the jobs read (adoption.yaml)
already lives in DATA_DIR. A person who swaps two names by hand looks like a sort of those two rows.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from turfbook.schema.cells import cell_text
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.model import Problem, Row, WorkbookSnapshot
from turfbook.schema.text import fold

KEYS_FILE = "row-keys.json"
KIND = "rows_moved"


def key_columns(tab: Tab) -> list[str]:
    """The columns a row's key is made of: the tab's required staff columns (else its first staff one)."""
    columns = [c for c in tab.columns if c.required and not c.service] or [c for c in tab.columns if not c.service][:1]
    return [c.key for c in columns]


def row_key(tab: Tab, raw: dict) -> str:
    """A short hash of the row's required staff cells (folded); "" for a row with none of them filled."""
    return _hash([raw.get(key, "") for key in key_columns(tab)])


def _hash(cells) -> str:
    parts = [fold(cell_text(c)) if c not in ("", None) else "" for c in cells]
    if not any(parts):
        return ""
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6).hexdigest()


def keys_of(tab: Tab, snap) -> list[str]:
    """row_key of every row of a TabSnapshot, a column at a time (the rows' dictionaries not built)."""
    return [_hash(cells) for cells in zip(*(snap.raw_column(k) for k in key_columns(tab)), strict=True)]


@dataclass
class Sorted:
    """A tab whose rows no longer match their IDs: `moved` = [(row, the ID whose record it holds)] (a row
    without an ID holding a known record too); `orphans`: rows holding a record Turfbook has no key for
    (typed since, or edited) on an ID another row's record claims (they get a new ID when put back);
    `repairable`: every row told apart and no ID twice once put back."""

    tab: str
    moved: list[tuple[Row, str]] = field(default_factory=list)
    orphans: list[Row] = field(default_factory=list)
    repairable: bool = False


def check(tab: Tab, rows: list[Row], stored: dict[str, str], keys: list[str] | None = None) -> Sorted | None:
    """Pure: the tab's rows against the stored keys (ID -> key); `keys`: the rows' row_key (keys_of), else
    computed. None when the tab is in order."""
    owners: dict[str, list[str]] = {}
    for row_id, key in stored.items():
        owners.setdefault(key, []).append(row_id)
    moved, unknown, final, ambiguous = [], [], {}, False
    for at, row in enumerate(rows):
        key = keys[at] if keys is not None else row_key(tab, row.raw)
        final[at] = row.id
        if not key or (row.id is not None and stored.get(row.id) == key):
            continue
        who = owners.get(key, [])
        if len(who) == 1:
            moved.append((row, who[0]))
            final[at] = who[0]
        elif len(who) > 1:
            ambiguous = ambiguous or row.id in stored       # a record Turfbook cannot tell from another
        elif row.id in stored:
            unknown.append(at)
    if sum(1 for r, _ in moved if r.id in stored) < 2:    # a sort moves at least two records
        return None
    claimed = {o for _, o in moved}
    orphans = [rows[at] for at in unknown if rows[at].id in claimed]
    for at in unknown:
        if rows[at].id in claimed:
            final[at] = None
    given = [f for f in final.values() if f]
    return Sorted(tab.name, moved, orphans, repairable=not ambiguous and len(given) == len(set(given)))


def problem(job: str, found: Sorted, where=None) -> Problem:
    """`where(row)`: how to name the row ("'Convos' row 3"); default its row number in the tab."""
    where = where or (lambda r: f"row {r.row_number}")
    rows = ", ".join(f"{where(r)} holds {o}'s record but shows {r.id}" for r, o in found.moved[:3])
    more = f" (+{len(found.moved) - 3} more)" if len(found.moved) > 3 else ""
    fix = ("run `turfbook sheets adopt` to put the IDs back with their rows (nothing of yours is changed), or undo "
           "the sort (Ctrl+Z, or File > Version history)" if found.repairable else
           "undo the sort (Ctrl+Z), or restore the version from before it (File > Version history): Turfbook "
           "cannot tell every row apart")
    fix_es = ("ejecute `turfbook sheets adopt` para devolver los ID a sus filas (no cambia nada suyo), o deshaga el "
              "orden (Ctrl+Z, o Archivo > Historial de versiones)" if found.repairable else
              "deshaga el orden (Ctrl+Z) o restaure la versión anterior (Archivo > Historial de versiones): "
              "Turfbook no puede distinguir cada fila")
    return Problem(job, found.tab, None, None, (
        f"{found.tab}: rows were sorted without Turfbook's ID column (a filter over your columns only): "
        f"{len(found.moved)} row(s) now sit next to another record's ID ({rows}{more}). Turfbook writes nothing "
        f"to {found.tab} until this is fixed: {fix} / {found.tab}: las filas se ordenaron sin la columna ID de "
        f"Turfbook (un filtro solo sobre sus columnas): {len(found.moved)} fila(s) quedaron junto al ID de otro "
        f"registro. Turfbook no escribe nada en {found.tab} hasta que se corrija: {fix_es}"), KIND)


class RowKeys:
    """DATA_DIR/row-keys.json: {tab: {ID: key}}, read fresh each time (a scheduler and a `sheets check`
    share it); without a data dir, kept in memory only."""

    def __init__(self, data_dir: Path | str | None):
        self.path = Path(data_dir) / KEYS_FILE if data_dir is not None else None
        self._data: dict[str, dict[str, str]] = {}

    def load(self) -> dict[str, dict[str, str]]:
        if self.path is None or not self.path.is_file():
            return self._data
        try:
            return json.loads(self.path.read_text(encoding="utf-8")) or {}
        except (OSError, ValueError):
            return {}                         # a damaged file: the next read in order starts the keys again

    def save(self, tab: str, keys: dict[str, str]) -> None:
        data = self.load()
        if data.get(tab) == keys:
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
    out = []
    for name in sorted(sheets.adopted_tabs):
        snap = snapshot.tabs.get(name)
        tab = schema.tab(name)
        if snap is None or not tab.id_prefix or any(k not in snap.columns for k in ["id", *key_columns(tab)]):
            continue
        now = keys_of(tab, snap)
        found = check(tab, snap.rows, stored.get(name, {}), now)
        if found is not None:
            sheets.sorted_tabs[name] = found
            out.append(problem(job, found, lambda r, n=name: _where(sheets, n, r)))
            continue
        sheets.sorted_tabs.pop(name, None)
        keys.save(name, _keys(snap.rows, now))
    return out


def remember(sheets, snapshot: WorkbookSnapshot) -> None:
    """After IDs were written (ids.apply_ids sets each written row's `id`): the keys of the rows as they are
    now, for every adopted tab in order, so a sort right after the IDs are given is noticed too."""
    keys: RowKeys | None = getattr(sheets, "row_keys", None)
    if keys is None:
        return
    for name in sorted(set(sheets.adopted_tabs) - held(sheets)):
        snap, tab = snapshot.tabs.get(name), sheets.schema.tab(name)
        if snap is not None and tab.id_prefix and all(k in snap.columns for k in ["id", *key_columns(tab)]):
            keys.save(name, _keys(snap.rows, keys_of(tab, snap)))


def _keys(rows: list[Row], keys: list[str]) -> dict[str, str]:
    return {r.id: k for r, k in zip(rows, keys, strict=True) if r.id and k}


def held(sheets) -> set[str]:
    """The logical tabs whose rows no longer match their IDs (check_rows), for which jobs write nothing."""
    return set(getattr(sheets, "sorted_tabs", None) or {})


def _where(sheets, tab: str, row: Row) -> str:
    origins = (getattr(sheets, "origins", None) or {}).get(tab) or []
    if 0 <= row.row_number - 2 < len(origins):
        title, number = origins[row.row_number - 2]
        return f"'{title}' row {number}"
    return f"row {row.row_number}"


def put_back(adopted, schema: Schema, snapshot: WorkbookSnapshot, reserved: dict[str, int] | None = None,
             journal=None) -> tuple[dict[str, int], list[str]]:
    """`sheets adopt`: for each tab check_rows found sorted and `repairable`, every moved row's ID cell set to
    the ID its record had, and each orphan given a new ID (numbered above every ID seen, kept in the hidden
    tabs or `reserved`), through the one guarded ID path (ids.apply_ids: tags, read-back, guards, verify), so
    a row moved again meanwhile gets nothing this run. Only the ID column (Turfbook's) is written. Returns
    ({tab: IDs put back}, [tabs left as they are: not every row told apart])."""
    from turfbook.schema.adopt_fixes import service_numbers
    from turfbook.schema.ids import IdPlan, IdWrite, apply_ids, highest_numbers

    done, left = {}, []
    found_tabs = sorted(getattr(adopted, "sorted_tabs", {}).items())
    highest = highest_numbers(snapshot) if found_tabs else {}
    for numbers in ([service_numbers(adopted), reserved or {}] if found_tabs else []):
        for prefix, number in numbers.items():
            highest[prefix] = max(highest.get(prefix, 0), number)
    for name, found in found_tabs:
        if not found.repairable:
            left.append(name)
            continue
        tab = schema.tab(name)
        writes = [IdWrite(name, row.row_number, 0, owner, row.id, (), row) for row, owner in found.moved]
        for row in found.orphans:
            highest[tab.id_prefix] = highest.get(tab.id_prefix, 0) + 1
            writes.append(IdWrite(name, row.row_number, 0, tab.format_id(highest[tab.id_prefix]), row.id, (), row))
        done[name] = apply_ids(adopted, schema, IdPlan(writes), journal=journal)
    return done, left
