"""Filing under faults: crashes between steps, 5xx storms, overlapping runs, and a 300-file inbox."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from tests.integration.filing_support import fast, inbox, workbook
from turfbook.demo.media import seed_media
from turfbook.jobs import filing
from turfbook.jobs.filing_verify import media_rows, mismatches
from turfbook.workspace import connect


def calls_once(emulator, method: str, count: int, timeout: float = 30) -> dict:
    """The emulator's calls by method, once `method` has had `count` calls (held ones count)."""
    deadline = time.monotonic() + timeout
    while (by_method := emulator.stats()["by_method"]).get(method, 0) < count:
        assert time.monotonic() < deadline, f"{method} never had {count} calls: {by_method}"
        time.sleep(0.01)
    return by_method


@pytest.fixture
def book(config):
    return workbook(config)


def folder_tree(ws) -> tuple[list[str], Counter]:
    """(every file path, count of (parent, folder name) pairs) for the whole shared drive."""
    drive, _ = inbox(ws)
    paths, folders = [], Counter()

    def walk(folder_id, path):
        paths.extend(f"{path}/{f['name']}" for f in drive.files_in(folder_id)
                     if f["id"] != ws.config.google.spreadsheet_id)   # the workbook lives in the drive's root
        for sub in drive.subfolders(folder_id):
            folders[(folder_id, sub["name"])] += 1
            walk(sub["id"], f"{path}/{sub['name']}")
    walk(drive.drive_id, "")
    return paths, folders


def assert_filed_exactly_once(book, count: int) -> None:
    ws = connect(book)
    rows = media_rows(ws)
    assert len(rows) == count
    assert len({r["drive_file_id"] for r in rows}) == count
    assert {r["status"] for r in rows} <= {"filed", "needs review", "duplicate"}
    paths, folders = folder_tree(ws)
    assert len(paths) == count
    assert not [p for p in paths if p.count("/") == 2 and p.startswith("/Field uploads/")]  # inbox is empty
    assert max(folders.values()) == 1                                                      # no twin folders
    assert mismatches(ws) == []


@pytest.mark.parametrize("after", [0, 7, 23])
def test_crash_after_nth_files_update_then_rerun(book, emulator, after):
    ws = connect(book)
    seed_media(ws, book, count=30, seed=5, videos=2)
    emulator.fault(method="drive.files.update", drop="after", count=1000, after_calls=after)
    with pytest.raises(Exception):  # noqa: B017 - the connection drops; the run dies mid-way
        filing.run(fast(connect(book)))
    emulator.clear_faults()
    assert any(r["status"] == "planned" for r in media_rows(connect(book)))
    result = filing.run(connect(book))
    assert result.ok, result.summary
    assert result.counts["repaired"] + result.counts["planned"] == 30  # repaired, or planned again
    assert_filed_exactly_once(book, 30)
    assert filing.run(connect(book)).counts["moves"] == 0


def test_crash_before_the_final_media_write_is_repaired(book, emulator):
    ws = connect(book)
    seed_media(ws, book, count=12, seed=6, videos=1)
    # Media rows are written by guarded spreadsheets.batchUpdate calls (row_writes): the first two
    # (tags, guarded append of the new rows) pass, every later one (the final write) fails
    emulator.fault(method="sheets.spreadsheets.batchUpdate", status=500, count=1000, after_calls=2)
    with pytest.raises(Exception):  # noqa: B017
        filing.run(fast(connect(book)))
    emulator.clear_faults()
    result = filing.run(connect(book))
    assert result.counts["repaired"] + result.counts["planned"] == 12 and result.counts["moved"] == 0
    assert_filed_exactly_once(book, 12)


def test_a_refused_media_append_leaves_the_files_for_the_next_run(book, emulator):
    """The guarded append (row_appends.append_rows) refused every time (as when columns keep moving):
    no Media row, no file moved, the run goes on; the next run files everything exactly once."""
    ws = connect(book)
    seed_media(ws, book, count=5, seed=4, videos=1)
    emulator.fault(method="sheets.spreadsheets.batchUpdate", status=400, count=1000)
    result = filing.run(fast(connect(book)))
    emulator.clear_faults()
    assert result.counts["moved"] == 0 and media_rows(connect(book)) == []
    assert not result.ok and "not added" in result.summary, result.summary
    again = filing.run(connect(book))
    assert again.ok and again.counts["moved"] == 5
    assert_filed_exactly_once(book, 5)


def test_server_errors_and_rate_limits_are_retried(book, emulator):
    ws = connect(book)
    seed_media(ws, book, count=20, seed=8, videos=1)
    emulator.fault(method="drive.files.update", status=503, count=5)
    emulator.fault(method="drive.files.list", status=429, count=2)
    result = filing.run(fast(connect(book)))
    assert result.ok and result.counts["moved"] == 20
    assert_filed_exactly_once(book, 20)


def test_two_overlapping_runs_no_twins_no_double_moves(book, emulator):
    ws = connect(book)
    seed_media(ws, book, count=40, seed=9, videos=2)
    emulator.reset_stats()
    emulator.fault(method="drive.files.update", hold=True, count=1)   # the lock holder's first move waits
    results, errors = [], []

    def one():
        try:
            results.append(filing.run(connect(book)))
        except Exception as exc:  # reported below
            errors.append(exc)
    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    try:    # a Drive list made while the holder's move is held is the other run's: it meets the live lock
        lists = calls_once(emulator, "drive.files.update", 1)["drive.files.list"]
        calls_once(emulator, "drive.files.list", lists + 1)
    finally:
        emulator.clear_faults()
    for t in threads:
        t.join(120)
    assert not errors and len(results) == 2
    assert sorted(r.counts["moved"] for r in results) == [0, 40]
    updates = emulator.stats()["by_method"]["drive.files.update"]
    assert updates == 40
    assert_filed_exactly_once(book, 40)


def test_300_files_filed_then_rerun_moves_nothing(book, emulator):
    ws = connect(book)
    seed_media(ws, book, count=300, seed=11, videos=6)
    result = filing.run(connect(book))
    assert result.ok, result.summary
    assert result.counts["moved"] == 300
    assert_filed_exactly_once(book, 300)
    emulator.reset_stats()
    again = filing.run(connect(book))
    assert again.counts["moves"] == 0
    assert emulator.stats()["by_method"].get("drive.files.update", 0) == 0


def test_existing_twin_folders_the_oldest_is_used_and_reported(book):
    ws = connect(book)
    drive, inbox_id = inbox(ws)
    files = ws.drive_api.files()
    made = [ws.execute(files.create(body={"name": "Media", "mimeType": "application/vnd.google-apps.folder",
                                          "parents": [drive.drive_id]}, fields="id", supportsAllDrives=True))["id"]
            for _ in range(2)]
    from tests.integration.filing_support import upload
    from turfbook.demo import media_files

    upload(ws, inbox_id, "a.jpg", media_files.jpeg("a"), worksite="W-0001")
    result = filing.run(connect(book))
    assert result.counts["twin_folders"] == 1
    info = [ws.execute(files.get(fileId=i, fields="id,createdTime", supportsAllDrives=True)) for i in made]
    first, second = sorted(info, key=lambda f: (f["createdTime"], f["id"]))
    assert [f["name"] for f in drive.subfolders(first["id"])] == ["Hartford"]
    assert drive.subfolders(second["id"]) == []


def test_a_refused_move_is_an_error_row_and_the_next_run_files_it(book, emulator):
    ws = connect(book)
    seed_media(ws, book, count=6, seed=4, videos=0)
    emulator.fault(method="drive.files.update", status=403, count=1, message="The user does not have access.")
    first = filing.run(connect(book))
    assert not first.ok and first.counts["errors"] == 1
    rows = media_rows(connect(book))
    (error,) = [r for r in rows if r["status"] == "error"]
    assert "move failed" in error["reason"]
    second = filing.run(connect(book))
    assert second.ok and second.counts["moved"] == 1
    assert_filed_exactly_once(book, 6)
