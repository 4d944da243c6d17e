"""`turfbook demo stop` stops exactly what this checkout's demo started (issue 19, item 10): processes
named by PID files that still match (PID, start time, command line); another checkout's demo, a
look-alike process and a recycled PID are left alone; the PID files are removed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from turfbook.cli import main
from turfbook_demo import pids

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def spawn():
    started = []

    def start() -> subprocess.Popen:
        process = subprocess.Popen(SLEEPER, stdin=subprocess.DEVNULL, start_new_session=True)
        started.append(process)
        return process
    yield start
    for process in started:
        process.kill()
        process.wait()


def running(process: subprocess.Popen) -> bool:
    return process.poll() is None


def test_stop_touches_only_this_demos_processes(tmp_path, spawn):
    ours, theirs, lookalike = spawn(), spawn(), spawn()
    here, there = tmp_path / "here" / "demo", tmp_path / "there" / "demo"
    pids.write(here, "web", ours.pid)
    pids.write(there, "web", theirs.pid)                  # another checkout's demo
    recycled = pids.write(here, "scheduler", lookalike.pid)
    record = json.loads(recycled.read_text())
    recycled.write_text(json.dumps({**record, "started": "1"}))   # same PID, another process by now

    said = pids.stop(here)

    assert said == {"web": f"stopped (pid {ours.pid})", "scheduler": "not running"}
    assert ours.wait(timeout=10) is not None
    assert running(theirs) and running(lookalike)
    assert list(here.glob("*.pid")) == [] and (there / "web.pid").exists()
    assert pids.stop(here) == {}                          # twice is harmless


def test_demo_stop_command_stops_web_scheduler_and_emulator(tmp_path, spawn, capsys):
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"data_dir": str(data),
                                      "google": {"credentials_file": str(data / "emulator" / "credentials.json")}}))
    web, scheduler, emulator, other = spawn(), spawn(), spawn(), spawn()
    pids.write(data / "demo", "web", web.pid)
    pids.write(data / "demo", "scheduler", scheduler.pid)
    pids.write(data / "emulator", "emulator", emulator.pid)

    assert main(["--config", str(config), "demo", "stop"]) == 0

    out = capsys.readouterr().out
    for name, process in (("web", web), ("scheduler", scheduler), ("emulator", emulator)):
        assert f"{name}: stopped (pid {process.pid})" in out
        assert process.wait(timeout=10) is not None
    assert running(other)
    assert not list(Path(data).rglob("*.pid"))
    assert main(["--config", str(config), "demo", "stop"]) == 0
    assert "nothing to stop" in capsys.readouterr().out


# A process that ignores SIGTERM and has a child of its own (as the scheduler runs jobs): stop must
# SIGKILL it after the grace period and take the child with it (the demo starts each in its own session).
STUBBORN = [sys.executable, "-c", "import signal, subprocess, sys, time; "
            "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); time.sleep(120)"]


def _group_gone(pgid: int) -> bool:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                return False
    return True


def test_start_then_stop_at_once_many_times_leaves_nothing_running(tmp_path):
    """The attack: `make demo; make demo-stop` at once. /proc/<pid>/cmdline may still be empty right
    after Popen (not exec'd yet), so the PID file records the command line we launched."""
    folder = tmp_path / "demo"
    for round_ in range(25):
        args = STUBBORN if round_ % 5 == 0 else SLEEPER
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            pids.write(folder, "scheduler", process.pid, args)
            assert json.loads((folder / "scheduler.pid").read_text())["cmdline"] == args
            said = pids.stop(folder, timeout=0.5)
            assert said == {"scheduler": f"stopped (pid {process.pid})"}, round_
            assert process.wait(timeout=5) is not None
            deadline = time.monotonic() + 5
            while not _group_gone(process.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _group_gone(process.pid), f"round {round_}: a child of the stopped process is still running"
            assert list(folder.glob("*.pid")) == []
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_a_record_with_an_empty_command_line_still_stops_its_live_process(tmp_path, spawn):
    """PID files written before this fix could hold "cmdline": []; PID + start time still identify it."""
    process = spawn()
    path = pids.write(tmp_path, "web", process.pid)
    path.write_text(json.dumps({**json.loads(path.read_text()), "cmdline": []}))
    assert pids.stop(tmp_path) == {"web": f"stopped (pid {process.pid})"}
    assert process.wait(timeout=10) is not None
