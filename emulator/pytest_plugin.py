"""pytest plugin (entry point `pytest11`, installed with turfbook): a real Google Workspace emulator for
another project's tests. Point your real Google client at `endpoint` with the key at `credentials_path`.

    def test_my_sheet(google_workspace_emulator):
        emu = google_workspace_emulator          # one emulator process per session, emptied for each test
        ...                                      # emu.endpoint, emu.credentials_path
        emu.fault(method="sheets.spreadsheets.values.get", status=503, count=1)
        assert emu.stats()["by_method"]["sheets.spreadsheets.values.get"] == 2

Quotas are Google's (60 reads and 60 writes a minute per user) unless a test calls `emu.quota_scale(0)`.
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
        fault(method="sheets.spreadsheets.values.append", drop="after"); after_calls=N lets N through first."""
        self.control("POST", "/_emulator/faults", spec)

    def clear_faults(self) -> None:
        self.control("DELETE", "/_emulator/faults")

    def quota_scale(self, scale: float) -> None:
        """Multiply Google's quotas by `scale` (0 turns them off)."""
        self.control("POST", "/_emulator/quotas", {"scale": scale})

    def users(self, users: list[str]) -> None:
        """Replace the Workspace domain's users (reset restores the default ones)."""
        self.control("POST", "/_emulator/users", {"users": users})

    def delegation(self, rules: dict[str, list[str]]) -> None:
        """Replace the domain-wide delegation grants, {"client id": [scopes]} (reset restores the default)."""
        self.control("POST", "/_emulator/delegation", rules)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
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
