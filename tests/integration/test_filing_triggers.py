"""What makes filing run: over a simulated day (a stepped clock, the scheduler's 10 s poll, real
pushes from the emulator to the real webhook, real filing runs), one upload gives exactly one
run, an idle drive none, and filing's own lock file, moves and folders never ask for another."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.serving import make_server

from tests.integration.filing_support import inbox, upload, workbook
from tests.support.web import CHANNEL, make_app
from turfbook.clock import Clock
from turfbook.demo import media_files
from turfbook.history import DRIVE_LOG, History
from turfbook.jobs.filing_changes import InboxChanges
from turfbook.jobs.filing_drive import FOLDER, RunLock
from turfbook.jobs.registry import Runner
from turfbook.scheduler import REQUEST_POLL_SECONDS, DriveWatch, poll
from turfbook.workspace import connect

DAY = 24 * 3600


@dataclass(frozen=True)
class SteppedClock(Clock):
    """A clock that moves only when told (copies made by in_tz/on share the offset)."""

    start: datetime = datetime(2026, 11, 18, 13, 0, tzinfo=UTC)
    offset: list = field(default_factory=lambda: [0.0])

    def now(self) -> datetime:
        return (self.start + timedelta(seconds=self.offset[0])).astimezone(self.tz)

    def today(self):
        return self.now().date()

    def advance(self, seconds: float) -> None:
        self.offset[0] += seconds


@dataclass
class World:
    config: object
    clock: SteppedClock
    history: History
    runner: Runner
    changes: InboxChanges
    inbox_id: str
    emulator: object

    def filing_runs(self) -> list:
        return self.runner.history.recent(job="filing")

    def wait_for_push(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while self.history.push_noted(DRIVE_LOG) is None:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def live(self, seconds: int = DAY, upload_at: int | None = None) -> int:
        """Poll as the scheduler does, every 10 s of clock time for `seconds` (every 5 minutes once
        nothing has happened for an hour: quiet stretches cost SQLite time, not meaning); returns
        how many filing runs happened."""
        before = runs = len(self.filing_runs())     # only poll() below starts a run: count once a step
        step, last_event = 0, 0
        while step < seconds:
            if upload_at is not None and upload_at <= step and last_event < upload_at:
                upload(connect(self.config), self.inbox_id, "IMG_0001.jpg", media_files.jpeg("a"),
                       worksite="W-0001")
                assert self.wait_for_push(), "the upload's push never reached the webhook"
                last_event = step
            poll(self.runner, self.changes)
            if (now := len(self.filing_runs())) > runs:   # the run's own changes push asynchronously
                runs = now
                assert self.wait_for_push(), "filing's own changes made no push"
                time.sleep(0.5)                        # the rest of that burst
                last_event = step
            quiet = step - last_event > 3600 and self.history.pending_request("filing") is None
            delta = 300 if quiet and (upload_at is None or step > upload_at) else REQUEST_POLL_SECONDS
            self.clock.advance(delta)
            step += delta
        return len(self.filing_runs()) - before


@pytest.fixture
def world(config, emulator):
    server = make_server("127.0.0.1", 0, None, threaded=True)     # bound first: no other process takes the
    port = server.server_port                                      # port meanwhile (a free_port() race)
    book = workbook(config)
    book = book.model_copy(update={"web": book.web.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})})
    _, inbox_id = inbox(connect(book))
    clock = SteppedClock(start=datetime.now(UTC))   # near the emulator's clock: the channel's expiry is real
    history = History.for_config(book, clock)
    server.app = make_app(book)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert DriveWatch(book, CHANNEL, clock, history).renew() is not None   # saves the page token
        runner = Runner(book, history=history, clock=clock)
        yield World(book, clock, history, runner, InboxChanges(book, history), inbox_id, emulator)
    finally:
        server.shutdown()


def test_one_upload_gives_exactly_one_filing_run_in_a_day(world):
    assert world.live(upload_at=600) == 1      # the idle polls before it are the idle test's
    [run] = world.filing_runs()
    assert (run.trigger, run.status, run.counts["moved"]) == ("webhook", "ok", 1)
    assert world.emulator.stats()["by_method"]["drive.changes.list"] >= 2   # the upload, and filing's own


def test_an_idle_drive_gives_no_filing_runs(world):
    assert world.live() == 0
    assert world.emulator.stats()["by_method"].get("drive.changes.list", 0) == 0


def test_filing_own_lock_moves_and_folders_ask_for_no_run(world):
    upload(connect(world.config), world.inbox_id, "IMG_0002.jpg", media_files.jpeg("b"), worksite="W-0002")
    world.wait_for_push()
    assert world.changes.check()                       # the upload asks for a run...
    world.runner.run("filing", "manual")               # ...which someone starts by hand first
    assert world.filing_runs()[0].counts["moved"] == 1
    assert world.wait_for_push()
    lists = world.emulator.stats()["by_method"].get("drive.changes.list", 0)
    world.history.take_request("filing", datetime.max.replace(tzinfo=UTC))   # the hand run filed it
    assert world.live() == 0
    assert world.emulator.stats()["by_method"]["drive.changes.list"] > lists   # the run's changes were read


def test_only_new_unhandled_inbox_files_ask_for_a_run(world):
    ws = connect(world.config)
    files = ws.drive_api.files()

    def create(body):
        return ws.execute(files.create(body={"parents": [world.inbox_id], **body}, fields="id",
                                       supportsAllDrives=True))["id"]

    create({"name": "Sub", "mimeType": FOLDER})
    create({"name": RunLock.NAME, "mimeType": "text/plain", "appProperties": {"turfbook_lock": "filing"}})
    upload(ws, world.inbox_id, "done.jpg", media_files.jpeg("c"), turfbook_media_id="M-0001")
    gone = upload(ws, world.inbox_id, "gone.jpg", media_files.jpeg("d"))
    ws.execute(files.update(fileId=gone, body={"trashed": True}, supportsAllDrives=True))
    removed = upload(ws, world.inbox_id, "removed.jpg", media_files.jpeg("e"))
    ws.execute(files.delete(fileId=removed, supportsAllDrives=True))
    assert world.wait_for_push()
    assert not world.changes.check()
    assert world.history.pending_request("filing") is None
    upload(ws, world.inbox_id, "new.jpg", media_files.jpeg("f"))
    assert world.wait_for_push() and world.changes.check()
    assert world.history.pending_request("filing") is not None
