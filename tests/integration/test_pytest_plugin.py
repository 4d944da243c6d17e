"""The emulator's pytest plugin (issue 23; the minimal part of issue 18): installed with the wheel through the
`pytest11` entry point, it gives any project's tests a real emulator — endpoint, service-account key, stats
and fault control — used here exactly as docs/pytest-plugin.md shows, with the real google-auth."""

from __future__ import annotations

from importlib.metadata import entry_points

from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]


def session_for(emu) -> AuthorizedSession:
    # a bare service account owns nothing in My Drive (spreadsheets.create is 403, as on Google): act as a user
    creds = service_account.Credentials.from_service_account_file(str(emu.credentials_path), scopes=SCOPES,
                                                                  subject="director@example.org")
    session = AuthorizedSession(creds)
    session.trust_env = False          # straight to the loopback endpoint, never through a proxy
    return session


def test_the_plugin_is_registered_for_pytest():
    [plugin] = [e for e in entry_points(group="pytest11") if e.name == "turfbook_emulator"]
    assert plugin.value == "turfbook_emulator.pytest_plugin"


def test_a_spreadsheet_stats_and_a_fault(google_workspace_emulator):
    emu = google_workspace_emulator
    session = session_for(emu)
    made = session.post(f"{emu.endpoint}/v4/spreadsheets", json={"properties": {"title": "Plugin test"}},
                        timeout=30)
    assert made.status_code == 200, made.text
    sheet_id = made.json()["spreadsheetId"]
    assert emu.stats()["by_method"] == {"sheets.spreadsheets.create": 1}

    emu.fault(method="sheets.spreadsheets.get", status=503, count=1)
    url = f"{emu.endpoint}/v4/spreadsheets/{sheet_id}"
    assert session.get(url, timeout=30).status_code == 503
    assert session.get(url, timeout=30).json()["properties"]["title"] == "Plugin test"


def test_each_test_starts_empty(google_workspace_emulator):
    emu = google_workspace_emulator
    assert emu.stats()["total"] == 0
    listed = session_for(emu).get(f"{emu.endpoint}/drive/v3/files", timeout=30)
    assert listed.status_code in (200, 403) and not listed.json().get("files")


def test_the_emulator_ends_when_its_pytest_is_killed(tmp_path):
    """kill -9 of a test run (a CI timeout) must not leave its emulator running: it watches its parent."""
    import os
    import signal
    import subprocess
    import sys
    import time

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_slow.py").write_text(
        "import time\n\n\ndef test_slow(google_workspace_emulator):\n"
        "    print('EMULATOR', google_workspace_emulator.process.pid, flush=True)\n    time.sleep(120)\n")
    out = (tmp_path / "out.log").open("wb")
    child = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests"],
                             cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    emulator = None
    try:
        deadline = time.monotonic() + 90
        while emulator is None and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.2)
            said = [line for line in (tmp_path / "out.log").read_text().splitlines() if line.startswith("EMULATOR ")]
            emulator = int(said[0].split()[1]) if said else None
        assert emulator is not None, (tmp_path / "out.log").read_text()
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + 15
        while running(emulator) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not running(emulator), "the emulator outlived its killed pytest"
    finally:
        out.close()
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        if emulator is not None and running(emulator):
            os.kill(emulator, signal.SIGKILL)


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for whoever adopted it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
