"""Find the emulator serving the config's data folder, or start one at config.google.endpoint and wait for it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from turfbook.config import Config
from turfbook_demo import pids
from turfbook_emulator import datalock


def _opener():
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(base_url: str, method: str, path: str, body: dict | None = None, timeout: float = 10) -> dict:
    data = json.dumps(body or {}).encode() if method != "GET" else None
    request = urllib.request.Request(base_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with _opener().open(request, timeout=timeout) as response:
        return json.loads(response.read() or b"{}")


def is_up(base_url: str) -> bool:
    try:
        control(base_url, "GET", "/_emulator/stats")
        return True
    except OSError:
        return False


def _ours(base_url: str, credentials: Path) -> bool:
    """Whether the emulator at base_url is the one whose key is at `credentials` (an emulator from before
    /_emulator/info)."""
    try:
        return json.loads(credentials.read_text())["token_uri"] == base_url + "/token"
    except (OSError, ValueError, KeyError):
        return False


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def port_owner(port: int) -> str:
    """Who listens on 127.0.0.1:port, as "pid N (command line)", from /proc (Linux; processes of this user)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                return f"pid {proc.name} ({cmdline[:200]})"
        except OSError:
            continue
    return "a process this user cannot see"


def _info(base_url: str) -> dict | None:
    try:
        return control(base_url, "GET", "/_emulator/info", timeout=3)
    except (OSError, ValueError):
        return None


def ensure_running(config: Config, log=print) -> str:
    """The base URL of the emulator serving our data folder: the one already running (its lock file in the data
    folder says where), or a new one on the configured port. Never a second emulator on one data folder, and
    never silently another folder's emulator: a port taken by anything else is a setup error naming its owner."""
    base_url = (config.google.endpoint or "").rstrip("/")
    if not base_url:
        raise SystemExit("google.endpoint is not set in the config: the demo runs on the bundled emulator only "
                         "(`turfbook init` writes a config that points at it)")
    data_dir = Path(config.google.credentials_file).parent
    port = urlsplit(base_url).port or 8765
    held = datalock.holder(data_dir)
    if held is not None:
        url = (held.get("base_url") or "").rstrip("/")
        if url and is_up(url):
            log(f"Using the emulator already serving {data_dir.resolve()} at {url} (pid {held.get('pid', '?')})")
            return url
        raise SystemExit(f"the emulator serving {data_dir.resolve()} (pid {held.get('pid', '?')}, "
                         f"{url or 'address unknown'}) does not answer; stop it (`turfbook demo stop`) and run again "
                         f"/ el emulador que sirve {data_dir.resolve()} no responde; deténgalo y vuelva a intentarlo")
    if _listening(port):
        info = _info(base_url)
        if info is None and _ours(base_url, Path(config.google.credentials_file)) and is_up(base_url):
            log(f"Using the emulator already running at {base_url}")
            return base_url
        if info is not None:
            owner = f"the emulator serving {info.get('data')} (pid {info.get('pid')})"
        else:
            owner = port_owner(port)
        raise SystemExit(f"port {port} (google.endpoint {base_url}) is in use by {owner}, not by an emulator of "
                         f"{data_dir.resolve()}: stop it, or set google.endpoint to a free port / el puerto {port} "
                         f"está ocupado por {owner}: deténgalo o ponga otro puerto en google.endpoint")
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
