"""Find the emulator at config.google.endpoint, or start one in the background and wait for it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from turfbook.config import Config
from turfbook_demo import pids


def _opener():
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(base_url: str, method: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body or {}).encode() if method != "GET" else None
    request = urllib.request.Request(base_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with _opener().open(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def is_up(base_url: str) -> bool:
    try:
        control(base_url, "GET", "/_emulator/stats")
        return True
    except OSError:
        return False


def _ours(base_url: str, credentials: Path) -> bool:
    """Whether the emulator at base_url is the one whose key is at `credentials`."""
    try:
        return json.loads(credentials.read_text())["token_uri"] == base_url + "/token"
    except (OSError, ValueError, KeyError):
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_running(config: Config, log=print) -> str:
    """The base URL of our emulator: the configured one, or a new one on a free port if that
    port already serves an emulator with other data (another checkout's demo, say)."""
    base_url = (config.google.endpoint or "").rstrip("/")
    if not base_url:
        raise SystemExit("google.endpoint is not set in the config: the demo runs on the bundled emulator only "
                         "(`turfbook init` writes a config that points at it)")
    data_dir = Path(config.google.credentials_file).parent
    port = urlsplit(base_url).port or 8765
    if is_up(base_url):
        if _ours(base_url, Path(config.google.credentials_file)):
            log(f"Using the emulator already running at {base_url}")
            return base_url
        port = _free_port()
        log(f"Another emulator (with other data) answers at {base_url}; starting ours on port {port}")
        base_url = f"http://127.0.0.1:{port}"
    data_dir.mkdir(parents=True, exist_ok=True)
    logfile = (data_dir / "emulator.log").open("ab")
    args = [sys.executable, "-m", "turfbook_emulator", "--port", str(port), "--data", str(data_dir.resolve())]
    process = subprocess.Popen(  # detached on purpose: it keeps serving the views after the demo ends
        args, stdout=logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    pids.write(data_dir, "emulator", process.pid, args)   # `turfbook demo stop` stops it, and only it
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if is_up(base_url):
            log(f"Started the Google Workspace emulator at {base_url} "
                f"(data in {data_dir}, log {data_dir}/emulator.log)")
            return base_url
        if process.poll() is not None:
            break
        time.sleep(0.1)
    why = "it exited" if process.poll() is not None else "it did not answer within 30 s"
    raise SystemExit(f"the emulator did not start on {base_url} ({why}: {last_line(data_dir / 'emulator.log')}); "
                     f"see {data_dir}/emulator.log")


def last_line(path: Path) -> str:
    """The log's last non-blank line: usually the reason (an exception, a port already in use)."""
    try:
        lines = [line.strip() for line in path.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no log"
    return lines[-1] if lines else "nothing logged"
