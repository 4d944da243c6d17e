"""A filing run killed outright (SIGKILL) leaves its lock file in the inbox; its lease lapses within
one TTL (not the old hour), so the next run goes ahead and files everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.integration.filing_support import inbox, workbook
from turfbook.demo.media import seed_media
from turfbook.jobs import filing
from turfbook.jobs.filing_drive import RunLock
from turfbook.jobs.filing_verify import media_rows
from turfbook.workspace import connect

ROOT = Path(__file__).resolve().parents[2]
TTL = 3


def lock_files(drive, inbox_id: str) -> list[dict]:
    return drive.api.list_folder(inbox_id, "id,appProperties", named=RunLock.NAME)


def test_a_killed_runs_lock_lapses_and_the_next_run_files_everything(config, emulator, tmp_path):
    book = workbook(config)
    book = book.model_copy(update={"google": book.google.model_copy(update={
        "drive": book.google.drive.model_copy(update={"lock_ttl_seconds": TTL})})})
    ws = connect(book)
    seed_media(ws, book, count=6, seed=3, videos=0)
    drive, inbox_id = inbox(ws)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({
        "google": {"endpoint": book.google.endpoint, "credentials_file": str(book.google.credentials_file),
                   "delegated_user": book.google.delegated_user,
                   "spreadsheet_id": book.google.spreadsheet_id, "drive": {"lock_ttl_seconds": TTL}},
        "mail": {"transport": "outbox", "outbox_dir": str(tmp_path / "outbox")},
        "data_dir": str(tmp_path / "child")}))
    emulator.fault(method="sheets.spreadsheets.values.batchGet", latency_ms=60_000, count=1)  # holds the run
    child = subprocess.Popen([sys.executable, "-m", "turfbook", "--config", str(path), "run", "filing"], cwd=ROOT,
                             env={**os.environ, "NO_PROXY": "127.0.0.1,localhost"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (locks := lock_files(drive, inbox_id)):
            assert child.poll() is None and time.monotonic() < deadline, "the run never took its lock"
            time.sleep(0.1)
        # held in the workbook read, the run renews its lease every third of the TTL: until that renewal lands
        renewed, deadline = locks[0], time.monotonic() + 2 * TTL
        while renewed["appProperties"] == locks[0]["appProperties"] and time.monotonic() < deadline:
            time.sleep(0.1)
            [renewed] = lock_files(drive, inbox_id)
        assert child.poll() is None
        assert int(renewed["appProperties"]["expires"]) > int(locks[0]["appProperties"]["expires"])
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    emulator.clear_faults()
    assert len(lock_files(drive, inbox_id)) == 1                     # left behind by the killed run

    started = time.monotonic()
    result = filing.run(connect(book))
    took = time.monotonic() - started
    assert result.ok, result.summary
    assert result.counts["moved"] == 6
    assert took < TTL + 30, f"the re-run waited {took:.1f} s"
    assert [f["name"] for f in drive.files_in(inbox_id)] == []       # its own lock is gone, the stale one too
    assert {r["status"] for r in media_rows(connect(book))} <= {"filed", "needs review", "duplicate"}
