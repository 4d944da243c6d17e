"""Which Drive changes need a filing run: push → change log → (debounced) run request.

A Drive push (changes.watch) says only "something changed in the shared drive". Filing changes the
drive itself on every run (its lock file, the moves, new folders), so a push must not simply ask
for a run: that run's own changes would ask for the next one, forever. Instead the webhook only
notes that a push came (History.note_push: no Google call, so Google gets its answer at once), and
the scheduler's poll reads the change log from the saved page token (changes.list) and asks for a
run only when it shows a file waiting in the inbox that filing has not handled: not a folder, not
a removal or a trashed file, not filing's lock file, not a file tagged with filing's media ID.
Each change shows the file as it is *now*, so an upload already filed by a run shows as handled.
The page token is saved in run history's SQLite, so a restart neither misses nor repeats changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from turfbook.config import Config
from turfbook.history import DRIVE_LOG, History
from turfbook.jobs.filing_drive import FOLDER, FilingDrive, RunLock
from turfbook.jobs.filing_plan import TAG
from turfbook.workspace.errors import GoogleError

log = logging.getLogger("turfbook.jobs.filing")

DEBOUNCE = timedelta(seconds=90)   # uploads come in bursts: one run files the burst
MAX_DELAY = timedelta(minutes=10)  # ...but a steady trickle still gets filed


def waiting_upload(change: dict, inbox_id: str) -> bool:
    """Whether a change (as changes.list returns it) is a file in the inbox that filing has yet to handle."""
    if change.get("removed") or change.get("changeType", "file") != "file":
        return False
    file = change.get("file") or {}
    props = file.get("appProperties") or {}
    return (inbox_id in (file.get("parents") or []) and not file.get("trashed")
            and file.get("mimeType") != FOLDER
            and file.get("name") != RunLock.NAME and "turfbook_lock" not in props
            and TAG not in props)


def _connect(config: Config):
    from turfbook.workspace import connect

    return connect(config)


class InboxChanges:
    """The scheduler's look at the change log after a push (one instance per scheduler process)."""

    def __init__(self, config: Config, history: History, connect: Callable = _connect):
        self.config, self.history, self.connect = config, history, connect
        self.inbox_id: str | None = None

    def check(self) -> bool:
        """If a push came since the last look, read the change log and request a filing run when a
        new upload waits in the inbox. Returns whether a run was requested."""
        if not self.history.take_push(DRIVE_LOG):
            return False
        try:
            return self._look()
        except LookupError as exc:          # no shared drive (yet): nothing can be waiting in it
            log.info("Drive change log not read: %s", exc)
            return False
        except Exception as exc:
            self.history.note_push(DRIVE_LOG)   # look again at the next poll
            log.error("Drive change log not read (will retry): %s: %s", type(exc).__name__, exc)
            return False

    def _look(self) -> bool:
        drive = FilingDrive.open(self.connect(self.config))
        if drive.drive_id is None:
            raise LookupError(f"no shared drive {self.config.google.drive.shared_drive!r}")
        token = self.history.page_token(DRIVE_LOG)
        if token is None:              # never saved (the watch saves one when it opens): start here, and
            self.history.save_page_token(DRIVE_LOG, drive.api.start_page_token())
            return self._request("the Drive change log had no saved position")   # file to be safe
        try:
            changes, new_token = drive.api.changes_since(token)
        except GoogleError as exc:
            if exc.status not in (400, 404, 410):
                raise
            self.history.save_page_token(DRIVE_LOG, drive.api.start_page_token())
            return self._request(f"the saved Drive change log position was refused (HTTP {exc.status})")
        inbox_id = self._inbox(drive)
        waiting = [c for c in changes if inbox_id and waiting_upload(c, inbox_id)]
        self.history.save_page_token(DRIVE_LOG, new_token)
        log.info("Drive change log: %d change(s), %d new upload(s) in the inbox", len(changes), len(waiting))
        return bool(waiting) and self._request(f"{len(waiting)} new upload(s)")

    def _inbox(self, drive: FilingDrive) -> str | None:
        if self.inbox_id is None:
            path = tuple(p for p in self.config.google.drive.inbox.split("/") if p)
            self.inbox_id = drive.folder(path, create=False)
        return self.inbox_id

    def _request(self, why: str) -> bool:
        due = self.history.request("filing", DEBOUNCE, MAX_DELAY)
        log.info("filing run requested for %s: %s", due.isoformat(), why)
        return True
