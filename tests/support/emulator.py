"""Start a real emulator process on a free port, and talk to its control plane."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from turfbook.config import Config

DEMO_USER = "director@example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class EmulatorProcess:
    base_url: str
    data_dir: Path
    process: subprocess.Popen | None = None

    @classmethod
    def start(cls, data_dir: Path, quota_scale: float = 0, port: int | None = None) -> EmulatorProcess:
        port = port or free_port()
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "turfbook_emulator", "--port", str(port), "--data", str(data_dir),
             "--quota-scale", str(quota_scale)],
            stdout=subprocess.DEVNULL, env=env,
        )
        handle = cls(f"http://127.0.0.1:{port}", Path(data_dir), proc)
        handle.wait_ready()
        return handle

    def wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"emulator exited with {self.process.returncode}")
            try:
                self.stats()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("emulator did not start in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
        request = urllib.request.Request(self.base_url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def stats(self) -> dict:
        return self.control("GET", "/_emulator/stats")

    def reset_stats(self) -> None:
        self.control("POST", "/_emulator/stats/reset")

    def reset(self) -> None:
        self.control("POST", "/_emulator/reset")

    def fault(self, **spec) -> None:
        self.control("POST", "/_emulator/faults", spec)

    def clear_faults(self) -> None:
        self.control("DELETE", "/_emulator/faults")

    def quota_scale(self, scale: float) -> None:
        self.control("POST", "/_emulator/quotas", {"scale": scale})

    @property
    def credentials(self) -> Path:
        return self.data_dir / "credentials.json"

    @property
    def user_credentials(self) -> Path:
        return self.data_dir / "user-credentials.json"

    def delegation(self, rules: dict[str, list[str]]) -> None:
        """Replace the domain-wide delegation grants, {"client id": [scopes]} (reset restores the default)."""
        self.control("POST", "/_emulator/delegation", rules)

    def users(self, users: list[str]) -> None:
        """Replace the Workspace domain's users (reset restores the demo's)."""
        self.control("POST", "/_emulator/users", {"users": users})

    def admins(self, admins: list[str]) -> None:
        """Name the domain's administrators (what useDomainAdminAccess needs); reset restores none."""
        self.control("POST", "/_emulator/users", {"admins": admins})

    def config(self, data_dir: Path, *, shared_drive_made: bool = True, **google) -> Config:
        """A config acting as the demo's Workspace user through domain-wide delegation (pass
        delegated_user=None for the bare service account). As on Google, Turfbook never makes the shared
        drive: here the admin's step is done for it (the identity in use is its Manager), unless
        shared_drive_made=False. Stats are zeroed after that step."""
        google.setdefault("delegated_user", DEMO_USER)
        config = Config(
            google={"endpoint": self.base_url, "credentials_file": self.credentials, **google},
            mail={"transport": "outbox", "outbox_dir": data_dir / "outbox"},
            data_dir=data_dir,
        )
        if shared_drive_made and config.google.drive.shared_drive and not config.google.user_credentials_file:
            from turfbook.workspace import connect
            from turfbook.workspace.drive import Drive

            Drive(connect(config)).shared_drive(create=True)
            self.control("POST", "/_emulator/stats/reset")
        return config
