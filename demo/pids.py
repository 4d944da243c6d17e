"""PID files for what a demo started, so `turfbook demo stop` stops exactly that and nothing else.

Each process the demo starts (emulator, web app, scheduler) gets `<data_dir>/demo/<name>.pid`: JSON
with its PID, its start time (field 22 of /proc/<pid>/stat) and its command line. A process is only
signalled when all three still match, so another checkout's demo (its own data_dir, so its own PID
files and a different command line) and a recycled PID are never touched. `stop()` removes the PID
file of each process it stopped; a PID file whose process has exited is removed as stale.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path


def _proc(pid: int) -> tuple[str, list[str]] | None:
    """(start time, command line) of a live process, or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (OSError, ValueError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":      # exited, not yet reaped: gone for our purposes
        return None
    return fields[19], [part for part in cmdline.split("\0") if part]


def write(folder: Path, name: str, pid: int) -> Path:
    path = folder / f"{name}.pid"
    found = _proc(pid)
    if found is None:
        raise RuntimeError(f"{name} (pid {pid}) exited right after it started")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": pid, "started": found[0], "cmdline": found[1]}))
    return path


def alive(path: Path) -> int | None:
    """The PID recorded in `path` if that very process is still running, else None."""
    try:
        record = json.loads(path.read_text())
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    found = _proc(pid)
    if found is None or found != (record.get("started"), record.get("cmdline")):
        return None
    return pid


def stop(folder: Path, timeout: float = 10.0) -> dict[str, str]:
    """Stop every process with a PID file in `folder` (SIGTERM, then SIGKILL after `timeout`).
    Returns name → what happened: "stopped" or "not running"."""
    said = {}
    for path in sorted(folder.glob("*.pid")):
        pid = alive(path)
        if pid is None:
            said[path.stem] = "not running"
        else:
            os.kill(pid, signal.SIGTERM)
            if not _gone(path, timeout):
                os.kill(pid, signal.SIGKILL)
                _gone(path, timeout)
            said[path.stem] = f"stopped (pid {pid})"
        path.unlink(missing_ok=True)
    return said


def _gone(path: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while alive(path) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
