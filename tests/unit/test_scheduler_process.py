"""`turfbook scheduler` as a process: logs what it scheduled, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import yaml

CLI = "import sys; from turfbook.cli import main; sys.exit(main(sys.argv[1:]))"


def test_scheduler_process_stops_on_sigterm(tmp_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "schedule": {"overdue": "0 6 * * *", "filing": "off", "digest": "0 7 * * MON"},
        "data_dir": str(tmp_path / "data")}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TURFBOOK_")}
    process = subprocess.Popen([sys.executable, "-c", CLI, "--config", str(config_file), "scheduler"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + 60  # generous: CI machines can be loaded
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if "digest scheduled" in line:
            break
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=60)
    log = "".join(lines) + out
    assert process.returncode == 0, log
    assert "overdue scheduled '0 6 * * *' (America/New_York)" in log
    assert "filing scheduled" not in log
    assert "received SIGTERM" in log and "scheduler stopped" in log
