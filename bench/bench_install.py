"""Install figures (issue 23): what tests/integration/test_wheel_install.py does, timed — build the wheel,
make a fresh virtualenv, pip install the wheel (pip's cache and the configured index, as `make venv` left
them), then `turfbook init` and `turfbook check` in an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.env import timed

ROOT = Path(__file__).resolve().parents[1]


def _run(argv: list, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TURFBOOK_", "PYTHON", "VIRTUAL_ENV"))}
    subprocess.run([str(a) for a in argv], cwd=cwd, env=env, check=True, capture_output=True, timeout=900)


def run(report, env) -> None:
    with tempfile.TemporaryDirectory(prefix="turfbook-install-") as tmp:
        tmp = Path(tmp)
        with timed() as t:
            _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "wheels", ROOT], tmp)
        [wheel] = (tmp / "wheels").glob("turfbook-*.whl")
        report("pip wheel . (no deps)", seconds=t.seconds, wheel_kb=wheel.stat().st_size // 1024)
        with timed() as t:
            _run([sys.executable, "-m", "venv", tmp / "venv"], tmp)
        report("fresh virtualenv", seconds=t.seconds)
        with timed() as t:
            _run([tmp / "venv" / "bin" / "python", "-m", "pip", "install", "-q", f"{wheel}[demo]"], tmp)
        report("pip install turfbook[demo] from the wheel (cached)", seconds=t.seconds)
        team = tmp / "team"
        team.mkdir()
        with timed() as t:
            _run([tmp / "venv" / "bin" / "turfbook", "init"], team)
        report("turfbook init in an empty folder", seconds=t.seconds)
        with timed() as t:
            _run([tmp / "venv" / "bin" / "turfbook", "check"], team)
        report("turfbook check there", seconds=t.seconds)
