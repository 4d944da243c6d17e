"""The run ledger and the cross-process job lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

from turfbook.history import ERROR, INTERRUPTED, OK, RUNNING, History
from turfbook.locks import JobLock, JobRunning


def test_runs_are_recorded_and_listed(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    first = history.start("overdue", "schedule")
    assert history.get(first).status == RUNNING
    history.finish(first, OK, {"flagged": 3})
    second = history.start("overdue", "manual")
    history.finish(second, ERROR, error="HttpError 500: boom")
    third = history.start("filing", "webhook")
    runs = history.recent()
    assert [r.id for r in runs] == [third, second, first]
    assert runs[2].counts == {"flagged": 3} and runs[2].seconds >= 0
    assert history.last_runs()["overdue"].status == ERROR
    assert history.last_success("overdue").id == first
    assert history.last_success("filing") is None
    assert [r.id for r in history.recent(job="filing")] == [third]


def test_history_survives_reopening(tmp_path):
    path = tmp_path / "h.sqlite3"
    run_id = History(path).start("digest", "schedule")
    again = History(path)
    assert again.get(run_id).job == "digest"
    assert again.created <= datetime.now(UTC)


def test_stale_running_rows_are_marked_interrupted(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    run_id = history.start("filing", "schedule")
    assert history.interrupt_stale("filing") == 1
    assert history.get(run_id).status == INTERRUPTED
    assert history.get(run_id).finished is not None


def test_long_errors_are_cut(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    run_id = history.start("filing", "schedule")
    history.finish(run_id, ERROR, error="x" * 10_000)
    assert len(history.get(run_id).error) == 4000


def test_requests_are_debounced_and_capped(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    t0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    delay, cap = timedelta(seconds=90), timedelta(minutes=10)
    assert history.request("filing", delay, cap, at=t0) == t0 + delay
    # a notification a minute later pushes the run back ...
    assert history.request("filing", delay, cap, at=t0 + timedelta(minutes=1)) == t0 + timedelta(seconds=150)
    # ... but never past the cap counted from the first request
    assert history.request("filing", delay, cap, at=t0 + timedelta(minutes=9, seconds=59)) == t0 + cap
    assert not history.take_request("filing", at=t0 + timedelta(minutes=5))
    assert history.take_request("filing", at=t0 + cap)
    assert history.pending_request("filing") is None
    assert not history.take_request("filing", at=t0 + cap)


def test_lock_conflicts_inside_one_process(tmp_path):
    first, second = JobLock(tmp_path, "overdue"), JobLock(tmp_path, "overdue")
    assert first.acquire()
    assert not second.acquire()
    assert second.is_locked()
    assert JobLock(tmp_path, "filing").acquire()   # other jobs are independent
    first.release()
    assert not second.is_locked()
    with second:
        try:
            with JobLock(tmp_path, "overdue"):
                raise AssertionError("should not get here")
        except JobRunning as exc:
            assert exc.job == "overdue"


def test_lock_conflicts_across_processes_and_dies_with_its_holder(tmp_path):
    code = textwrap.dedent(f"""
        import sys, time
        from turfbook.locks import JobLock
        lock = JobLock({str(tmp_path)!r}, "digest")
        assert lock.acquire()
        print("held", flush=True)
        sys.stdin.readline()
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert not JobLock(tmp_path, "digest").acquire()
    finally:
        holder.kill()
        holder.wait()
    assert JobLock(tmp_path, "digest").acquire()   # the kernel dropped the dead holder's lock
