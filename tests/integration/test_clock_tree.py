"""The suite passes on any date: under `scripts/at-date` (libfaketime) the emulator process and the
tests share one moved clock, so Drive's createdTime, tokens and run history agree with "now" here."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from tests.integration.filing_support import inbox, upload
from turfbook.clock import Clock
from turfbook.jobs.filing_drive import FilingDrive
from turfbook.media.capture import parse_rfc3339
from turfbook.workspace import connect


def test_the_emulator_and_the_tests_share_one_clock(config):
    ws = connect(config)
    _, inbox_id = inbox(ws)
    file_id = upload(ws, inbox_id, "IMG_0001.png", b"\x89PNG\r\n\x1a\n", "image/png")
    created = parse_rfc3339(FilingDrive.open(ws).get_many([file_id])[file_id]["createdTime"], config.tz)
    here = Clock.for_config(config).now()
    assert abs((here - created).total_seconds()) < 120, (created, here)


def test_a_moved_clock_really_moved():
    """Under scripts/at-date (TURFBOOK_AT_DATE="YYYY-MM-DD HH:MM ZONE"), this process is on that date."""
    moved_to = os.environ.get("TURFBOOK_AT_DATE")
    if not moved_to:
        pytest.skip("the clock is not moved (scripts/at-date moves it)")
    day, _, zone = moved_to.split(" ")
    start = dt.date.fromisoformat(day)
    assert Clock(ZoneInfo(zone)).today() in (start, start + dt.timedelta(days=1))  # a long run may pass midnight


def test_a_pytest_started_in_another_folder_is_on_the_moved_clock_too(tmp_path):
    """A pytest with none of our conftest (the plugin docs' test runs one in a fresh folder) moves its clock
    as the emulator it starts does: else the emulator refuses its tokens as expired."""
    moved_to = os.environ.get("TURFBOOK_AT_DATE")
    if not moved_to:
        pytest.skip("the clock is not moved (scripts/at-date moves it)")
    (tmp_path / "test_day.py").write_text(
        "import datetime as dt\n"
        f"def test_day():\n    start = dt.date.fromisoformat({moved_to.split(' ')[0]!r})\n"
        "    assert dt.date.today() - start in (dt.timedelta(0), dt.timedelta(days=1)), dt.date.today()\n",
        encoding="utf-8")
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "."], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]


def test_a_pytest_started_with_a_path_of_its_own_still_starts(tmp_path):
    """(a24) A test starting pytest with its own PYTHONPATH (the wheel test's other project): the moved clock's
    plugin is not named to it, so it starts, on the real clock, as it did before the plugin."""
    if not os.environ.get("TURFBOOK_AT_DATE"):
        pytest.skip("the clock is not moved (scripts/at-date moves it)")
    (tmp_path / "test_one.py").write_text("def test_one():\n    pass\n", encoding="utf-8")
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "."], cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
