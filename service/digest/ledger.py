"""Which digests went out: SQLite in config.data_dir, keyed by (period, recipient, digest kind).

A digest is recorded only after the transport accepted it, so a failed send is retried next run;
a re-run for the same period skips everyone already recorded unless `--resend`.

Right before a send, the message is noted as pending. A send the transport refused clears the
note (it is retried next run); a send cut off mid-way (connection lost: it may have been
delivered) leaves it, and later runs do not send that digest again unless `--resend`: with only the
gmail.send scope Turfbook cannot look in Sent mail, and a lost reply must not become a second email.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from turfbook.clock import Clock

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
PENDING = """
CREATE TABLE IF NOT EXISTS pending (
    period TEXT NOT NULL,
    recipient TEXT NOT NULL,
    digest TEXT NOT NULL,
    message_id TEXT,
    started TEXT NOT NULL,
    PRIMARY KEY (period, recipient, digest)
)
"""


class Ledger:
    def __init__(self, path: Path, clock: Clock | None = None):
        self.path = Path(path)
        self.clock = clock or Clock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(SCHEMA)
            db.execute(PENDING)

    @classmethod
    def for_config(cls, config, clock: Clock | None = None) -> Ledger:
        return cls(Path(config.data_dir) / "digest_ledger.sqlite", clock)

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
                        self.clock.utcnow().isoformat(timespec="seconds")))
            db.execute("DELETE FROM pending WHERE period=? AND recipient=? AND digest=?",
                       (period, recipient.strip().lower(), digest))

    def begin(self, period: str, recipient: str, digest: str, message_id: str | None) -> None:
        """Note a send about to start (kept if it is cut off: see the module docstring)."""
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?)",
                       (period, recipient.strip().lower(), digest, message_id,
                        self.clock.utcnow().isoformat(timespec="seconds")))

    def abandon(self, period: str, recipient: str, digest: str) -> None:
        """The transport refused the message: it was not sent, the next run may send it."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM pending WHERE period=? AND recipient=? AND digest=?",
                       (period, recipient.strip().lower(), digest))

    def unconfirmed(self, period: str, recipient: str, digest: str) -> str | None:
        """The Message-ID of a send that was cut off (maybe delivered), if any."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT message_id FROM pending WHERE period=? AND recipient=? AND digest=?",
                             (period, recipient.strip().lower(), digest)).fetchone()
        return None if row is None else (row[0] or "")

    def entries(self) -> list[dict]:
        with closing(self._connect()) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM sent ORDER BY sent_at, recipient")]
