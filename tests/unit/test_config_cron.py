"""The config's cron check (issue 22): APScheduler's parser once per set of strings and APScheduler
install; refused strings are never recorded and get APScheduler's message every time."""

from __future__ import annotations

import subprocess
import sys
import tempfile

import pytest

from turfbook import config_cron, usercache

GOOD = {"filing": "0 2 * * *", "overdue": "0 6 * * *", "digest": "0 7 * * MON", "field": "off"}


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _recorded() -> list:
    return sorted(usercache._folder().glob(config_cron.CACHE_KIND + "-*"))


def test_accepted_strings_are_recorded_once_and_not_parsed_again(tmp_path):
    assert config_cron.cron_problems(GOOD) == [] and len(_recorded()) == 1
    probe = ("import sys, tempfile; tempfile.tempdir = sys.argv[1]; from turfbook.config_cron import cron_problems; "
             f"print(cron_problems({GOOD!r}), 'apscheduler' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[] False", done.stderr
    assert config_cron.cron_problems(GOOD | {"digest": "0 8 * * MON"}) == [] and len(_recorded()) == 2


def test_a_refused_string_is_never_recorded():
    for _ in range(2):
        (line,) = config_cron.cron_problems(GOOD | {"overdue": "61 6 * * *"})
        assert line.startswith("  schedule.overdue: '61 6 * * *' is not a cron expression like '0 7 * * MON' (")
    assert _recorded() == []


def test_another_apscheduler_install_is_checked_afresh(monkeypatch):
    config_cron.cron_problems(GOOD)
    files = config_cron._checker_files()
    assert files and any(path.endswith("fields.py") for path, _, _ in files)
    monkeypatch.setattr(config_cron, "_checker_files", lambda: [[*files[0][:2], files[0][2] + 1], *files[1:]])
    config_cron.cron_problems(GOOD)
    assert len(_recorded()) == 2
