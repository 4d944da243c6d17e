"""pytest plugin (entry point `pytest11`, installed with turfbook): a real Google Workspace emulator for
another project's tests. Point your real Google client at `endpoint` with the key at `credentials_path`.

    def test_my_sheet(google_workspace_emulator):
        emu = google_workspace_emulator          # one emulator process per session, emptied for each test
        ...                                      # emu.endpoint, emu.credentials_path
        emu.fault(method="sheets.spreadsheets.values.get", status=503, count=1)
        assert emu.stats()["by_method"]["sheets.spreadsheets.values.get"] == 2

Quotas are Google's (60 reads and 60 writes a minute per user) unless a test calls `emu.quota_scale(0)`.
With TURFBOOK_EMULATOR_CHECK_SCHEMA=1 or strict in the environment, a test whose emulator answered anything
its discovery schema forbids fails at teardown, naming the method and the key.
See docs/pytest-plugin.md.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com", "https://gmail.googleapis.com",
                "https://oauth2.googleapis.com")


@dataclass
class EmulatorHandle:
    """A running emulator: where it is, the service-account key it issued, stats and fault control."""

    endpoint: str
    credentials_path: Path
    data_dir: Path
    process: subprocess.Popen = field(repr=False)

    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
        request = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    @property
    def user_credentials_path(self) -> Path:
        """An OAuth user's authorized-user file (a consumer account, as `gcloud auth application-default login`
        writes): load it with google.oauth2.credentials.Credentials.from_authorized_user_file."""
        return self.data_dir / "user-credentials.json"

    def session(self, credentials):
        """A google-auth AuthorizedSession that sends every https://*.googleapis.com URL here (what gspread,
        or plain requests code written for Google, needs: gspread.Client(credentials, session=...))."""
        import requests
        from google.auth.transport.requests import AuthorizedSession, Request
        from requests.adapters import HTTPAdapter

        endpoint = self.endpoint

        class ToEmulator(HTTPAdapter):
            def send(self, request, **kwargs):
                for host in GOOGLE_HOSTS:
                    if request.url.startswith(host):
                        request.url = endpoint + request.url[len(host):]
                        break
                return super().send(request, **kwargs)

        def routed(session):
            session.trust_env = False                   # loopback: never through a proxy
            for host in GOOGLE_HOSTS:
                session.mount(host, ToEmulator())
            return session

        # google-auth refreshes through its own session (a user's token goes to oauth2.googleapis.com/token)
        return routed(AuthorizedSession(credentials, auth_request=Request(routed(requests.Session()))))

    def discovery_document(self, api: str, version: str) -> dict:
        """googleapiclient's bundled discovery document for the API with its root URL this emulator's: give it
        to googleapiclient.discovery.build_from_document and ordinary calls, media uploads and batches come
        here."""
        import googleapiclient

        folder = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
        doc = json.loads((folder / f"{api}.{version}.json").read_text(encoding="utf-8"))
        doc["rootUrl"] = doc["mtlsRootUrl"] = self.endpoint + "/"
        doc["baseUrl"] = doc["rootUrl"] + doc["servicePath"]
        return doc

    def stats(self) -> dict:
        """Calls by discovery method id (`by_method`), `total`, `reads`, `writes`, since the last reset."""
        return self.control("GET", "/_emulator/stats")

    def reset_stats(self) -> None:
        self.control("POST", "/_emulator/stats/reset")

    def reset(self) -> None:
        """Empty every spreadsheet, Drive file and mail; the credentials stay valid."""
        self.control("POST", "/_emulator/reset")

    def fault(self, **spec) -> None:
        """e.g. fault(method="drive.files.update", status=503, count=3), fault(method="*", latency_ms=200),
        fault(method="sheets.spreadsheets.values.append", drop="after"); after_calls=N lets N through first;
        hold=True: the call waits, counted but not served, until clear_faults()."""
        self.control("POST", "/_emulator/faults", spec)

    def clear_faults(self) -> None:
        self.control("DELETE", "/_emulator/faults")

    def quota_scale(self, scale: float) -> None:
        """Multiply Google's quotas by `scale` (0 turns them off)."""
        self.control("POST", "/_emulator/quotas", {"scale": scale})

    def users(self, users: list[str]) -> None:
        """Replace the Workspace domain's users (reset restores the default ones)."""
        self.control("POST", "/_emulator/users", {"users": users})

    def admins(self, admins: list[str]) -> None:
        """Name the domain's administrators (what useDomainAdminAccess needs); reset restores none."""
        self.control("POST", "/_emulator/users", {"admins": admins})

    def delegation(self, rules: dict[str, list[str]]) -> None:
        """Replace the domain-wide delegation grants, {"client id": [scopes]} (reset restores the default)."""
        self.control("POST", "/_emulator/delegation", rules)

    def stop(self, timeout: float = 30) -> None:
        """Ask the emulator to end (it saves its state first); past `timeout` (a 100k-row workbook saved on a
        loaded machine took over 10 s: `make bench` failed at its very end) it is killed."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    @classmethod
    def launch(cls, data_dir: Path, timeout: float = 30, *, port: int | None = None,
               quota_scale: float | None = None):
        """Start `python -m turfbook_emulator` on `port` (a free one if None) over `data_dir`, stopping when
        this process ends; its output goes to data_dir/emulator.log. Returns once it answers."""
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        port = port or free_port()
        scale = [] if quota_scale is None else ["--quota-scale", str(quota_scale)]
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
        log = (data_dir / "emulator.log").open("ab")
        process = subprocess.Popen([sys.executable, "-m", "turfbook_emulator", "--port", str(port), "--data",
                                    str(data_dir), *scale, "--exit-with-parent", str(os.getpid())],
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        log.close()
        handle = cls(f"http://127.0.0.1:{port}", data_dir / "credentials.json", data_dir, process)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the emulator exited ({process.returncode}); see {data_dir / 'emulator.log'}")
            try:
                handle.stats()
                return handle
            except OSError:
                time.sleep(0.05)
        process.terminate()
        raise RuntimeError(f"the emulator did not answer within {timeout:.0f} s; see {data_dir / 'emulator.log'}")


def fail_on_schema_violations(data_dir: Path) -> None:
    """With TURFBOOK_EMULATOR_CHECK_SCHEMA on, the emulator records every answer that breaks its discovery
    schema in DATA/schema-violations.jsonl (and, when strict, answers 500): fail the test naming them, and
    empty the file so the next test starts clean."""
    path = Path(data_dir) / "schema-violations.jsonl"
    if not path.exists() or not path.stat().st_size:
        return
    found = path.read_text(encoding="utf-8").splitlines()
    path.write_text("", encoding="utf-8")
    pytest.fail("The emulator answered outside its discovery schema:\n" + "\n".join(found[:20]), pytrace=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(data_dir: Path, timeout: float = 30) -> EmulatorHandle:
    return EmulatorHandle.launch(data_dir, timeout)


@pytest.fixture(scope="session")
def google_workspace_emulator_process(tmp_path_factory):
    """One emulator process for the test session (started only if a test asks for it)."""
    handle = start(tmp_path_factory.mktemp("google-workspace-emulator"))
    yield handle
    handle.stop()


@pytest.fixture
def google_workspace_emulator(google_workspace_emulator_process):
    """The session's emulator, emptied, with Google's quotas, no faults and zeroed stats."""
    emu = google_workspace_emulator_process
    emu.reset()
    emu.quota_scale(1)
    emu.clear_faults()
    emu.reset_stats()
    yield emu
    emu.clear_faults()
    fail_on_schema_violations(emu.data_dir)
