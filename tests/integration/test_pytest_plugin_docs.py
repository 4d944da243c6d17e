"""docs/pytest-plugin.md cannot rot (issue 18): every ```python file=NAME block in it is copied, exactly as
printed, into a fresh project and run by pytest there with the installed plugin (and the schema check on)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "pytest-plugin.md"
BLOCK = re.compile(r"^```python file=(\S+)\n(.*?)^```", re.S | re.M)


def examples() -> dict[str, str]:
    return dict(BLOCK.findall(DOC.read_text(encoding="utf-8")))


def test_the_doc_shows_gspread_and_googleapiclient_tests_using_every_part_of_the_fixture():
    found = examples()
    assert set(found) == {"test_with_gspread.py", "test_with_googleapiclient.py"}
    text = "".join(found.values())
    for part in ("endpoint", "credentials_path", "user_credentials_path", "session(", "discovery_document(",
                 "stats()", "reset_stats()", "fault(", "quota_scale("):
        assert part in text, part


def test_the_doc_examples_pass_as_printed(tmp_path):
    for name, body in examples().items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    env = {**os.environ, "TURFBOOK_EMULATOR_CHECK_SCHEMA": "strict"}
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "."],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-2000:]
    assert re.search(r"\b5 passed", ran.stdout), ran.stdout[-2000:]
