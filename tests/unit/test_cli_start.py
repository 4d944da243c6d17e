"""Starting the CLI imports no Google client library, Flask or pydantic (issue 22: `turfbook --help`
<= 0.3 s); commands import what they need when they run. A fresh interpreter each, as a user starts it."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("googleapiclient", "gspread", "flask", "google.auth", "pydantic", "gunicorn")
PROBE = """
import runpy, sys
sys.argv = ["turfbook", *sys.argv[1:]]
try:
    runpy.run_module("turfbook", run_name="__main__")
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m in {heavy})), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["--help"], ["run", "overdue", "--help"], ["sheets", "--help"]], ids=" ".join)
def test_help_imports_no_google_client_flask_or_pydantic(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), *argv], capture_output=True,
                          text=True, timeout=60)
    assert "Usage:" in done.stdout
    assert done.stderr.strip().rsplit("\n", 1)[-1] == ""


def test_the_jobs_google_path_imports_no_requests():
    """The jobs talk to Google through googleapiclient/httplib2: requests (and google-auth's requests
    transport) is imported only where a requests session is made (gspread, token checks)."""
    probe = ("import sys, turfbook.jobs.overdue, turfbook.jobs.digest, turfbook.workspace.transport; "
             "print(sorted(m for m in sys.modules if m == 'requests' or m == 'google.auth.transport.requests'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_program_leaves_its_heap_out_of_the_shutdown_collection():
    """`turfbook` (main() with sys.argv) freezes the collector's objects as it returns, so the interpreter's
    shutdown does not scan the whole heap (~0.1 s a run, issue 22); main(argv), as tests and embedders call
    it, leaves the collector as it was."""
    probe = ("import gc, sys; from turfbook.cli import main; sys.argv = ['turfbook', '--help']; main(['--help']); "
             "before = gc.get_freeze_count(); main(); print(before, gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().rsplit("\n", 1)[-1] == "0 True", done.stderr


def test_the_jobs_google_path_leaves_httplib2s_digest_auth_parser_unloaded():
    """httplib2.auth (pyparsing and unittest behind it, ~0.1 s of every job's CPU) is a stand-in until a name
    in it is used; then it is the real module, reached through the stand-in and through httplib2 alike."""
    probe = ("import sys, turfbook.jobs.overdue, turfbook.jobs.digest, turfbook.workspace.transport, httplib2; "
             "print(sorted(m for m in sys.modules if m.startswith(('pyparsing', 'unittest')))); "
             "stand_in = sys.modules['httplib2.auth']; parse = stand_in._parse_www_authenticate; "
             "real = sys.modules['httplib2.auth']; "
             "print(real is httplib2.auth is not stand_in, parse is real._parse_www_authenticate, "
             "stand_in._parse_authentication_info is real._parse_authentication_info, 'pyparsing' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:2] == ["[]", "True True True True"], done.stderr


def test_httplib2_still_parses_a_digest_challenge_through_the_stand_in():
    from turfbook.workspace import deferred  # noqa: F401, I001 - first: the stand-in, if httplib2 is not imported
    import httplib2

    challenge = httplib2.auth._parse_www_authenticate(
        {"www-authenticate": 'Digest realm="r", nonce="n", qop="auth"'}, "www-authenticate")
    assert challenge["digest"]["realm"] == "r"
