"""Moves this Python process's wall clock for scripts/at-date; every Python process it starts imports
this file (the script puts this folder on PYTHONPATH), so pytest, the emulator, gunicorn and the CLI
all see one moved clock: now + TURFBOOK_CLOCK_OFFSET seconds, still running. The monotonic clock is
left alone, so sleeps, timeouts and timed waits behave as usual.

Under pytest the move waits for tests/conftest.py (importing time-machine this early would keep
pytest from loading it as a plugin). So does a pytest-xdist worker (execnet starts it as
`python -c "import sys;exec(eval(sys.stdin.readline()))"`, then it runs pytest): each worker loads
tests/conftest.py, which moves its clock, so the moved-clock rerun runs under xdist too."""

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


EXECNET_BOOTSTRAP = "import sys;exec(eval(sys.stdin.readline()))"   # execnet's popen_bootstrapline


def runs_pytest(argv: list[str]) -> bool:
    """This process is pytest itself or a pytest-xdist worker: tests/conftest.py moves its clock."""
    return any("pytest" in arg for arg in argv[:4]) or EXECNET_BOOTSTRAP in argv


if not runs_pytest(sys.orig_argv):
    move()
