"""The run ledger: one SQLite row per job run, shared by the scheduler, the web app and the CLI.

SQLite in WAL mode copes with the two processes (web, scheduler) writing now and then. A run
left `running` by a process that died is marked `interrupted` the next time that job's lock is
taken (see turfbook.jobs.registry), so the ledger never shows a ghost run forever.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from turfbook import data_dir
from turfbook.clock import Clock
from turfbook.config import Config
from turfbook.config_error import ConfigError

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    trigger TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}',
    error TEXT
);
CREATE INDEX IF NOT EXISTS runs_job ON runs (job, started);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (job TEXT PRIMARY KEY, first TEXT NOT NULL, due TEXT NOT NULL);
"""
RUNNING, OK, FAILED, ERROR, INTERRUPTED = "running", "ok", "failed", "error", "interrupted"
MAX_ERROR_CHARS = 4000
DRIVE_LOG = "drive"       # the shared drive's change log: page token and push mark (turfbook.jobs.filing_changes)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Run:
    id: int
    job: str
    trigger: str              # schedule | manual | webhook | cli | demo
    started: datetime
    finished: datetime | None
    status: str               # running | ok | failed | error | interrupted
    counts: dict[str, Any]
    error: str | None

    @property
    def seconds(self) -> float | None:
        return (self.finished - self.started).total_seconds() if self.finished else None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Run:
        return cls(row["id"], row["job"], row["trigger"], _parse(row["started"]), _parse(row["finished"]),
                   row["status"], json.loads(row["counts"] or "{}"), row["error"])


class History:
    def __init__(self, path: Path, clock: Clock | None = None):
        self.path = Path(path)
        self.clock = clock or Clock()
        self._ready = False
        try:                     # made now (its `created` time counts); a folder that cannot be written is
            self._ensure()       # said on first use, so a --dry-run that never uses history still runs
        except ConfigError:
            pass

    def _ensure(self) -> None:
        if self._ready:
            return
        data_dir.make(self.path.parent)
        try:
            with closing(self._open()) as db, db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('created', ?)", (_iso(self.now()),))
        except sqlite3.OperationalError as exc:
            raise data_dir.unwritable(self.path, exc) from None
        self._ready = True

    @classmethod
    def for_config(cls, config: Config, clock: Clock | None = None) -> History:
        return cls(Path(config.data_dir) / "history.sqlite3", clock)

    def now(self) -> datetime:
        return self.clock.utcnow()

    def _connect(self) -> sqlite3.Connection:
        self._ensure()
        return self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA busy_timeout=30000")
        return db

    def _write(self, sql: str, params: tuple = ()) -> int:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(sql, params)
            db.execute("COMMIT")
            return cursor.lastrowid

    def _read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with closing(self._connect()) as db:
            return db.execute(sql, params).fetchall()

    @property
    def created(self) -> datetime:
        return _parse(self._read("SELECT value FROM meta WHERE key = 'created'")[0]["value"])

    # -- runs ------------------------------------------------------------------------------
    def start(self, job: str, trigger: str, at: datetime | None = None) -> int:
        return self._write("INSERT INTO runs (job, trigger, started, status) VALUES (?, ?, ?, ?)",
                           (job, trigger, _iso(at or self.now()), RUNNING))

    def finish(self, run_id: int, status: str, counts: dict[str, Any] | None = None,
               error: str | None = None, at: datetime | None = None) -> None:
        self._write("UPDATE runs SET finished = ?, status = ?, counts = ?, error = ? WHERE id = ?",
                    (_iso(at or self.now()), status, json.dumps(counts or {}, default=str),
                     error[:MAX_ERROR_CHARS] if error else None, run_id))

    def interrupt_stale(self, job: str) -> int:
        """Mark `running` rows of a job as interrupted; call only while holding the job's lock."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute("UPDATE runs SET status = ?, finished = ?, error = ? WHERE job = ? AND status = ?",
                                (INTERRUPTED, _iso(self.now()), "the process running it stopped", job, RUNNING))
            db.execute("COMMIT")
            return cursor.rowcount

    def get(self, run_id: int) -> Run | None:
        rows = self._read("SELECT * FROM runs WHERE id = ?", (run_id,))
        return Run.from_row(rows[0]) if rows else None

    def recent(self, limit: int = 100, job: str | None = None) -> list[Run]:
        if job:
            rows = self._read("SELECT * FROM runs WHERE job = ? ORDER BY id DESC LIMIT ?", (job, limit))
        else:
            rows = self._read("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [Run.from_row(r) for r in rows]

    def last_runs(self) -> dict[str, Run]:
        rows = self._read("SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY job)")
        return {r["job"]: Run.from_row(r) for r in rows}

    def last_success(self, job: str) -> Run | None:
        rows = self._read("SELECT * FROM runs WHERE job = ? AND status = ? ORDER BY id DESC LIMIT 1", (job, OK))
        return Run.from_row(rows[0]) if rows else None

    # -- requested runs (debounced Drive webhook → scheduler) -------------------------------
    def request(self, job: str, delay: timedelta, max_delay: timedelta, at: datetime | None = None) -> datetime:
        """Ask for a run `delay` from now (debounce): each new request pushes it back, but never
        more than `max_delay` after the first pending one, so a steady trickle of uploads still
        gets filed. Returns when the run is due."""
        at = at or self.now()
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT first FROM requests WHERE job = ?", (job,)).fetchone()
            if row is None:
                when = at + delay
                db.execute("INSERT INTO requests VALUES (?, ?, ?)", (job, _iso(at), _iso(when)))
            else:
                when = min(at + delay, _parse(row["first"]) + max_delay)
                db.execute("UPDATE requests SET due = ? WHERE job = ?", (_iso(when), job))
            db.execute("COMMIT")
            return _parse(_iso(when))

    def pending_request(self, job: str) -> datetime | None:
        rows = self._read("SELECT due FROM requests WHERE job = ?", (job,))
        return _parse(rows[0]["due"]) if rows else None

    def take_request(self, job: str, at: datetime | None = None) -> bool:
        """Remove the job's request if it is due; True when the caller should run the job."""
        at = at or self.now()
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT due FROM requests WHERE job = ?", (job,)).fetchone()
            due = row is not None and _parse(row["due"]) <= at
            if due:
                db.execute("DELETE FROM requests WHERE job = ?", (job,))
            db.execute("COMMIT")
            return due

    # -- Drive change log (push → scheduler) -------------------------------------------------
    # -- admin sessions revoked by logging out ---------------------------------------------------
    def revoke_session(self, sid: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"revoked_session:{sid}", _iso(self.now())))

    def session_revoked(self, sid: str) -> bool:
        return bool(self._read("SELECT 1 FROM meta WHERE key = ?", (f"revoked_session:{sid}",)))

    def page_token(self, name: str) -> str | None:
        """A saved Drive changes page token (where the last look at the change log ended)."""
        rows = self._read("SELECT value FROM meta WHERE key = ?", (f"page_token:{name}",))
        return rows[0]["value"] if rows else None

    def save_page_token(self, name: str, token: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"page_token:{name}", token))

    def note_push(self, name: str, at: datetime | None = None) -> None:
        """A push said "something changed": the scheduler looks at the change log soon (take_push)."""
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"pushed:{name}", _iso(at or self.now())))

    def push_noted(self, name: str) -> datetime | None:
        """When the pending push mark was set (None: no push since the last look)."""
        rows = self._read("SELECT value FROM meta WHERE key = ?", (f"pushed:{name}",))
        return _parse(rows[0]["value"]) if rows else None

    def take_push(self, name: str) -> bool:
        """Clear the push mark; True when there was one."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute("DELETE FROM meta WHERE key = ?", (f"pushed:{name}",))
            db.execute("COMMIT")
            return cursor.rowcount > 0
