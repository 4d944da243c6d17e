"""PID files for what a demo started, so `turfbook demo stop` stops exactly that and nothing else.

Each process the demo starts (emulator, web app, scheduler) gets `<data_dir>/demo/<name>.pid`: JSON
with its PID, its start time (field 22 of /proc/<pid>/stat) and the command line we launched it with
(Popen's args, never read back from /proc: right after Popen the child may not have exec'd yet, and
/proc/<pid>/cmdline can read empty then, as it does for a process that is shutting down).

A process is ours when its PID and start time match; its command line must match too whenever
/proc shows one (an empty one is "unknown", not "different"). So another checkout's demo (its own
data_dir, so its own PID files) and a recycled PID are never touched. `stop()` signals the process
group (the demo starts each process in its own session), waits for it to exit (SIGTERM, then SIGKILL
after a grace period) and only then removes the PID file; it never reports a live process of ours
as "not running".
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path


def _proc(pid: int) -> tuple[str, list[str]] | None:
    """(start time, command line as /proc shows it, maybe []) of a live process, or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in ("Z", "X"):      # exited, not yet reaped: gone for our purposes
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        cmdline = ""
    return fields[19], [part for part in cmdline.split("\0") if part]


def write(folder: Path, name: str, pid: int, cmdline: list[str] | None = None) -> Path:
    """Record `pid` under `name`; `cmdline` is what we launched (Popen's args). Without it, the
    command line /proc shows once the process has exec'd (waits briefly for a non-empty one)."""
    path = folder / f"{name}.pid"
    found = _proc(pid)
    if found is None:
        raise RuntimeError(f"{name} (pid {pid}) exited right after it started")
    if cmdline is None:
        deadline = time.monotonic() + 2
        while not found[1] and time.monotonic() < deadline:
            time.sleep(0.02)
            found = _proc(pid) or found
        cmdline = found[1]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": pid, "started": found[0], "cmdline": [str(part) for part in cmdline]}))
    return path


def _matches(record: dict, found: tuple[str, list[str]]) -> bool:
    started, cmdline = found
    if started != record.get("started"):
        return False
    recorded = record.get("cmdline") or []
    return not cmdline or not recorded or cmdline == recorded


def alive(path: Path) -> int | None:
    """The PID recorded in `path` if that very process is still running, else None."""
    try:
        record = json.loads(path.read_text())
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    found = _proc(pid)
    if found is None or not _matches(record, found):
        return None
    return pid


def _signal(pid: int, sig: int) -> None:
    try:
        if os.getpgid(pid) == pid:     # its own session/group (as the demo starts it): children too
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def stop(folder: Path, timeout: float = 10.0) -> dict[str, str]:
    """Stop every process with a PID file in `folder` (SIGTERM, then SIGKILL after `timeout`) and
    wait for it to exit. Returns name → what happened: "stopped (pid N)", "not running", or
    "still running (pid N)" (PID file kept) if even SIGKILL did not end it in time."""
    said = {}
    for path in sorted(folder.glob("*.pid")):
        pid = alive(path)
        if pid is None:
            said[path.stem] = "not running"
            path.unlink(missing_ok=True)
            continue
        _signal(pid, signal.SIGTERM)
        if not _gone(path, timeout):
            _signal(pid, signal.SIGKILL)
            if not _gone(path, timeout):
                said[path.stem] = f"still running (pid {pid})"
                continue
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
