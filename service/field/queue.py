"""The field queue: entries sent from phones, on disk until they are rows in the sheet.

One sqlite file in the data folder (`DATA_DIR/field-queue.sqlite`), WAL journal with synchronous=FULL,
so an entry the web app answered "received" for survives a restart or a kill -9 of any process. Each
entry carries the phone's idempotency key (the primary key): a key sent again is answered "already"
and never makes a second row. The coalescer (turfbook.jobs.field) assigns IDs to waiting entries and
records them here BEFORE it writes the sheet, so a crash between the write and `landed()` is
reconciled by ID on the next tick (rows found by ID are marked landed, never appended twice).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    landed_ts REAL
);
CREATE INDEX IF NOT EXISTS entries_status ON entries(status, received_ts);
"""


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

    @classmethod
    def for_config(cls, config) -> FieldQueue:
        return cls(Path(config.data_dir) / FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(self, key: str, organizer: str, payload: dict[str, Any], received_at: str, received_ts: float
            ) -> tuple[bool, Queued]:
        """(True, entry) when stored now; (False, the entry stored before) for a key already received."""
        with self._lock:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO entries (key, organizer, payload, received_at, received_ts) VALUES (?,?,?,?,?)",
                (key, organizer, json.dumps(payload, ensure_ascii=False, sort_keys=True), received_at, received_ts))
            new = cur.rowcount == 1
            return new, self._get(key)

    def get(self, key: str) -> Queued | None:
        with self._lock:
            return self._get(key)

    def _get(self, key: str) -> Queued | None:
        row = self._db.execute("SELECT * FROM entries WHERE key = ?", (key,)).fetchone()
        return _queued(row) if row else None

    def statuses(self, organizer: str, keys: list[str]) -> dict[str, Queued]:
        with self._lock:
            out = {}
            for key in keys:
                q = self._get(key)
                if q is not None and q.organizer == organizer:
                    out[key] = q
            return out

    def waiting(self, limit: int = 5000) -> list[Queued]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM entries WHERE status = ? ORDER BY received_ts, key LIMIT ?",
                                    (WAITING, limit)).fetchall()
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
    key, organizer, payload, received_at, received_ts, status, cid, pid, landed_at, landed_ts = row
    return Queued(key, organizer, json.loads(payload), received_at, received_ts, status, cid, pid, landed_at,
                  landed_ts)
