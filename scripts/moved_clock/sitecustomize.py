"""Moves this Python process's wall clock for scripts/at-date; every Python process it starts imports
this file (the script puts this folder on PYTHONPATH), so pytest, the emulator, gunicorn and the CLI
all see one moved clock: now + TURFBOOK_CLOCK_OFFSET seconds, still running. The monotonic clock is
left alone, so sleeps, timeouts and timed waits behave as usual.

Under pytest the move waits for tests/conftest.py (importing time-machine this early would keep
pytest from loading it as a plugin)."""

import os
import sys


def move() -> None:
    offset = os.environ.get("TURFBOOK_CLOCK_OFFSET")
    if not offset or getattr(move, "travel", None):
        return
    try:
        import time

        import time_machine
    except ImportError:       # a Python without the dev tools: it keeps the real clock
        return
    move.travel = time_machine.travel(time.time() + float(offset), tick=True)
    move.travel.start()
    time.time()           # time-machine starts ticking at the first read: anchor it now


if not any("pytest" in arg for arg in sys.orig_argv[:4]):
    move()
