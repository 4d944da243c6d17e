"""Moves this Python process's wall clock for scripts/at-date; every Python process it starts imports
this file (the script puts this folder on PYTHONPATH), so pytest, the emulator, gunicorn and the CLI
all see one moved clock: now + TURFBOOK_CLOCK_OFFSET seconds, still running. The monotonic clock is
left alone, so sleeps, timeouts and timed waits behave as usual.

Under pytest the move waits for pytest's plugins (importing time-machine this early would keep pytest
from loading it as a plugin): this file names moved_clock_plugin (next to it) in PYTEST_PLUGINS, which
pytest imports after its entry-point plugins, and that moves the clock. Any pytest does, ours or not (a
pytest run in a fresh folder, as the plugin docs' test starts: no tests/conftest.py there), and so does a
pytest-xdist worker (execnet starts it as `python -c "import sys;exec(eval(sys.stdin.readline()))"`,
then it runs pytest), so the moved-clock rerun runs under xdist too."""

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
    """This process is pytest itself or a pytest-xdist worker: moved_clock_plugin moves its clock."""
    return any("pytest" in arg for arg in argv[:4]) or EXECNET_BOOTSTRAP in argv


PLUGIN = "moved_clock_plugin"


def name_the_plugin() -> None:
    """PYTEST_PLUGINS names moved_clock_plugin, for this process's pytest only: the plugin takes the name out
    again when imported (unname_the_plugin), so a process started later (with a PYTHONPATH of its own, where
    the plugin cannot be imported) does not inherit it; a pytest started with this folder on its path names
    it again through its own sitecustomize."""
    named = [name for name in os.environ.get("PYTEST_PLUGINS", "").split(",") if name]
    if PLUGIN not in named:
        os.environ["PYTEST_PLUGINS"] = ",".join([*named, PLUGIN])


def unname_the_plugin() -> None:
    """PYTEST_PLUGINS as it was before name_the_plugin (unset when it named nothing else)."""
    named = [name for name in os.environ.get("PYTEST_PLUGINS", "").split(",") if name and name != PLUGIN]
    if named:
        os.environ["PYTEST_PLUGINS"] = ",".join(named)
    else:
        os.environ.pop("PYTEST_PLUGINS", None)


if os.environ.get("TURFBOOK_CLOCK_OFFSET"):
    if runs_pytest(sys.orig_argv):
        name_the_plugin()
    else:
        move()
