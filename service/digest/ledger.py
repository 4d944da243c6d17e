"""Which digests went out: SQLite in config.data_dir, keyed by (period, recipient, digest kind).

A digest is recorded only after the transport accepted it, so a failed send is retried next run;
a re-run for the same period skips everyone already recorded unless `--resend`.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    period TEXT NOT NULL,          -- Period.key, e.g. week:2026-11-16
    recipient TEXT NOT NULL,       -- lower-cased email address
    digest TEXT NOT NULL,          -- director | organizer
    subject TEXT NOT NULL,
    message_id TEXT,
    transport TEXT,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (period, recipient, digest)
)
"""


class Ledger:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(SCHEMA)

    @classmethod
    def for_config(cls, config) -> Ledger:
        return cls(Path(config.data_dir) / "digest_ledger.sqlite")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def was_sent(self, period: str, recipient: str, digest: str) -> bool:
        with closing(self._connect()) as db:
            row = db.execute("SELECT 1 FROM sent WHERE period=? AND recipient=? AND digest=?",
                             (period, recipient.strip().lower(), digest)).fetchone()
        return row is not None

    def record(self, period: str, recipient: str, digest: str, subject: str, message_id: str | None = None,
               transport: str | None = None) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO sent VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (period, recipient.strip().lower(), digest, subject, message_id, transport,
                        datetime.now(UTC).isoformat(timespec="seconds")))

    def entries(self) -> list[dict]:
        with closing(self._connect()) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM sent ORDER BY sent_at, recipient")]
