"""The field queue: entries sent from phones, on disk until they are rows in the sheet.

One sqlite file in the data folder (`DATA_DIR/field-queue.sqlite`), WAL journal with synchronous=FULL,
so an entry the web app answered "received" for survives a restart or a kill -9 of any process. Each
entry carries the phone's idempotency key (the primary key): a key sent again is answered "already"
and never makes a second row. The coalescer (turfbook.jobs.field) assigns IDs to waiting entries and
records them here BEFORE it writes the sheet, so a crash between the write and `landed()` is
reconciled by ID on the next tick (rows found by ID are marked landed, never appended twice).

Entries belong to the organizer's stable ID (`organizer_id`, from the signed link), never to a name: a
rename in the Organizers tab changes nothing for the phone. `organizer` keeps the name at receipt (the
row's Organizer when the ID is no longer in the tab). A queue file from before IDs (rows with only a
name) is upgraded in place when opened (the column added, nothing rewritten or dropped), and its rows get
their organizer's ID from the Organizers tab by `adopt_ids()`; until then they are matched by name.
The queue also remembers the names each organizer ID has had (`organizer_names`), so People and
Worksites rows that still say an organizer's former name stay in that organizer's turf.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from turfbook.schema.text import fold

FILE = "field-queue.sqlite"
WAITING, LANDED = "waiting", "landed"

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    organizer TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_ts REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'waiting',
    conversation_id TEXT,
    person_id TEXT,
    landed_at TEXT,
    landed_ts REAL,
    organizer_id TEXT
);
CREATE INDEX IF NOT EXISTS entries_status ON entries(status, received_ts);
CREATE TABLE IF NOT EXISTS organizer_names (
    name TEXT PRIMARY KEY,          -- folded (turfbook.schema.text.fold)
    organizer_id TEXT NOT NULL,
    seen_ts REAL NOT NULL
);
"""
COLUMNS = ("key, organizer, payload, received_at, received_ts, status, conversation_id, person_id, landed_at, "
           "landed_ts, organizer_id")


@dataclass
class Queued:
    key: str
    organizer: str
    payload: dict[str, Any]
    received_at: str
    received_ts: float
    status: str
    conversation_id: str | None = None
    person_id: str | None = None
    landed_at: str | None = None
    landed_ts: float | None = None
    organizer_id: str | None = None     # None: a row from before IDs, not yet adopted (matched by name)

    def belongs_to(self, organizer_id: str, names: set[str]) -> bool:
        """Is this entry the organizer's? By ID; a row from before IDs by any name (folded) they have had."""
        if self.organizer_id is not None:
            return self.organizer_id == organizer_id
        return fold(self.organizer) in names


class FieldQueue:
    """Thread-safe; every process opens its own connection (sqlite's file locks do the rest)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._upgrade()

    def _upgrade(self) -> None:
        """A queue file from before organizer IDs: add the column in place (rows kept as they are). Under
        the write lock, so two processes opening it at once add it once."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            columns = [r[1] for r in self._db.execute("PRAGMA table_info(entries)")]
            if "organizer_id" not in columns:
                self._db.execute("ALTER TABLE entries ADD COLUMN organizer_id TEXT")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    @classmethod
    def for_config(cls, config) -> FieldQueue:
        return cls(Path(config.data_dir) / FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(self, key: str, organizer_id: str, organizer: str, payload: dict[str, Any], received_at: str,
            received_ts: float) -> tuple[bool, Queued]:
        """(True, entry) when stored now; (False, the entry stored before) for a key already received."""
        with self._lock:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO entries (key, organizer_id, organizer, payload, received_at, received_ts) "
                "VALUES (?,?,?,?,?,?)",
                (key, organizer_id, organizer, json.dumps(payload, ensure_ascii=False, sort_keys=True), received_at,
                 received_ts))
            new = cur.rowcount == 1
            return new, self._get(key)

    def get(self, key: str) -> Queued | None:
        with self._lock:
            return self._get(key)

    def _get(self, key: str) -> Queued | None:
        row = self._db.execute(f"SELECT {COLUMNS} FROM entries WHERE key = ?", (key,)).fetchone()  # noqa: S608
        return _queued(row) if row else None

    def statuses(self, organizer_id: str, keys: list[str], names: set[str] = frozenset()) -> dict[str, Queued]:
        """The organizer's entries among `keys` (another organizer's are left out, as unknown ones)."""
        with self._lock:
            out = {}
            for key in keys:
                q = self._get(key)
                if q is not None and q.belongs_to(organizer_id, names):
                    out[key] = q
            return out

    def has_unadopted(self) -> bool:
        """Are there rows from before organizer IDs without one yet?"""
        with self._lock:
            return self._db.execute("SELECT 1 FROM entries WHERE organizer_id IS NULL LIMIT 1").fetchone() is not None

    def adopt_ids(self, ids_by_name: dict[str, str]) -> int:
        """Give rows from before organizer IDs their organizer's ID ({folded name: ID}, current names
        first); rows whose name is nobody's stay as they are. How many rows were given one."""
        with self._lock:
            names = [n for (n,) in self._db.execute("SELECT DISTINCT organizer FROM entries "
                                                   "WHERE organizer_id IS NULL")]
            pairs = [(ids_by_name[fold(n)], n) for n in names if fold(n) in ids_by_name]
            if not pairs:
                return 0
            self._db.execute("BEGIN IMMEDIATE")
            try:
                changed = sum(self._db.execute("UPDATE entries SET organizer_id = ? WHERE organizer_id IS NULL "
                                               "AND organizer = ?", p).rowcount for p in pairs)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return changed

    def remember_names(self, current: dict[str, str], seen_ts: float) -> dict[str, str]:
        """Record the Organizers tab's names ({folded name: ID}) and answer every name remembered, current
        ones winning: {folded name: the ID that had it last}. Written only when something changed."""
        with self._lock:
            known = dict(self._db.execute("SELECT name, organizer_id FROM organizer_names"))
            changed = [(n, i, seen_ts) for n, i in current.items() if n and known.get(n) != i]
            if changed:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._db.executemany("INSERT INTO organizer_names (name, organizer_id, seen_ts) VALUES (?,?,?) "
                                         "ON CONFLICT(name) DO UPDATE SET organizer_id = excluded.organizer_id, "
                                         "seen_ts = excluded.seen_ts", changed)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            return {**known, **{n: i for n, i in current.items() if n}}

    def waiting(self, limit: int = 5000) -> list[Queued]:
        with self._lock:
            rows = self._db.execute(f"SELECT {COLUMNS} FROM entries WHERE status = ? "  # noqa: S608
                                    "ORDER BY received_ts, key LIMIT ?", (WAITING, limit)).fetchall()
            return [_queued(r) for r in rows]

    def assign(self, ids: dict[str, tuple[str, str | None]]) -> None:
        """Record the IDs given to waiting entries (key -> (conversation ID, new person ID or None)), in
        one transaction, before any of them is written to the sheet."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("UPDATE entries SET conversation_id = ?, person_id = ? WHERE key = ? "
                                     "AND status = ?", [(c, p, k, WAITING) for k, (c, p) in ids.items()])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def landed(self, keys: list[str], landed_at: str, landed_ts: float) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("UPDATE entries SET status = ?, landed_at = ?, landed_ts = ? WHERE key = ?",
                                     [(LANDED, landed_at, landed_ts, k) for k in keys])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def highest_assigned(self) -> dict[str, int]:
        """The highest number assigned per ID prefix ('C', 'P'), landed or not."""
        with self._lock:
            out: dict[str, int] = {}
            for column in ("conversation_id", "person_id"):
                for (value,) in self._db.execute(f"SELECT {column} FROM entries WHERE {column} IS NOT NULL"):  # noqa: S608
                    prefix, _, number = str(value).partition("-")
                    if number.isdigit():
                        out[prefix] = max(out.get(prefix, 0), int(number))
            return out

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {s: n for s, n in self._db.execute("SELECT status, COUNT(*) FROM entries GROUP BY status")}


def reserved_numbers(data_dir) -> dict[str, int]:
    """The highest ID number per prefix the field queue holds (landed or not), {} when there is no
    queue: whoever numbers rows (`turfbook sheets check`) counts on from above these, under the `ids` lock."""
    path = Path(data_dir) / FILE
    if not path.exists():
        return {}
    queue = FieldQueue(path)
    try:
        return queue.highest_assigned()
    finally:
        queue.close()


def _queued(row) -> Queued:
    key, organizer, payload, received_at, received_ts, status, cid, pid, landed_at, landed_ts, organizer_id = row
    return Queued(key, organizer, json.loads(payload), received_at, received_ts, status, cid, pid, landed_at,
                  landed_ts, organizer_id)
