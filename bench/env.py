"""What a benchmark gets: a running emulator process and configs pointing at it."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.emulator import EmulatorProcess
from turfbook.config import Config


@dataclass
class BenchEnv:
    root: Path
    emulator: EmulatorProcess | None = None

    def __enter__(self) -> BenchEnv:
        self.emulator = EmulatorProcess.start(self.root / "emulator", quota_scale=0)
        return self

    def __exit__(self, *exc) -> None:
        if self.emulator:
            self.emulator.stop()

    def config(self, **google) -> Config:
        data = self.root / "data"
        data.mkdir(exist_ok=True)
        return self.emulator.config(data, **google)

    def calls(self) -> dict:
        return self.emulator.stats()

    def settle(self) -> None:
        """The emulator's deferred housekeeping done now (`POST /_emulator/settle`): its unsaved state written
        to disk, and its collector's full collection. It saves in the background (a forked child pickling the
        workbook, store.py) after a quiet moment or at most 10 s after a change, and collects in full when its
        heap has doubled (heap.py, 0.3-0.8 s of its CPU by then in a whole `make bench`); a step timed right
        after a long setup would otherwise pay for either."""
        self.emulator.control("POST", "/_emulator/settle")


@contextmanager
def timed():
    """with timed() as t: ...; t.seconds"""
    class T:
        seconds = 0.0
    t = T()
    start = time.perf_counter()
    yield t
    t.seconds = time.perf_counter() - start

