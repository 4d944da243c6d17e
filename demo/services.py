"""Start the web app and the scheduler for the demo, with demo-only secrets in files."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from turfbook_demo import pids

SECRET_NAMES = ("ADMIN_TOKEN", "LINK_KEY", "DRIVE_CHANNEL_TOKEN")


def demo_secrets(folder: Path) -> dict[str, str]:
    """TURFBOOK_*_FILE variables pointing at demo secrets (made once, mode 600, never committed)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {}
    for name in SECRET_NAMES:
        path = folder / name.lower()
        if not path.exists():
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        env[f"TURFBOOK_{name}_FILE"] = str(path.resolve())
    return env


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def pick_port(preferred: int) -> int:
    """The preferred port if free, else any free one (an earlier demo may still be serving)."""
    if port_free(preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_previous(folder: Path) -> dict[str, str]:
    """Stop the web app and scheduler an earlier demo from this checkout left running (by PID file)."""
    from turfbook_demo import pids

    return pids.stop(folder)


def start(config_path: Path, data_dir: Path, port: int = 8000) -> dict[str, str]:
    """Start `serve` and `scheduler` in the background; returns what to print."""
    env = {**os.environ, **demo_secrets(data_dir / "demo" / "secrets"), "NO_PROXY": "127.0.0.1,localhost"}
    base = [sys.executable, "-m", "turfbook", "--config", str(config_path)]
    logs = data_dir / "demo"
    shown: dict[str, str] = {}
    web_args = base + ["serve", "--port", str(port)]
    with (logs / "web.log").open("ab") as log:
        web = subprocess.Popen(web_args, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    pids.write(logs, "web", web.pid, web_args)
    _wait(f"http://127.0.0.1:{port}/healthz")
    shown["web"] = f"http://127.0.0.1:{port}/runs (admin token in {env['TURFBOOK_ADMIN_TOKEN_FILE']})"
    scheduler_args = base + ["scheduler"]
    with (logs / "scheduler.log").open("ab") as log:
        scheduler = subprocess.Popen(scheduler_args, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    pids.write(logs, "scheduler", scheduler.pid, scheduler_args)
    shown["scheduler"] = f"running (log {logs / 'scheduler.log'})"
    links = subprocess.run(base + ["links"], env=env, capture_output=True, text=True, timeout=60)
    shown["links"] = links.stdout.strip() or links.stderr.strip()
    return shown


def _wait(url: str, timeout: float = 20) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            opener.open(url, timeout=2).close()
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP error still means the app is up
                return
            time.sleep(0.2)
