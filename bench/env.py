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

    def settle(self) -> float:
        """The work the emulator defers, done now (`POST /_emulator/settle`); its seconds. The formulas a values
        write left stale are recalculated (it leaves them to the next reader; Google recalculates after the
        write), its unsaved state is written to disk (else a forked child pickles the workbook in the
        background after a quiet moment, or 10 s after a change at most) and its collector collects in full
        (else when its heap has doubled: 0.3-0.8 s of its CPU by then in a whole `make bench`). A step timed
        next would otherwise pay for the step before it."""
        start = time.perf_counter()
        self.emulator.control("POST", "/_emulator/settle")
        return round(time.perf_counter() - start, 2)


@contextmanager
def timed():
    """with timed() as t: ...; t.seconds"""
    class T:
        seconds = 0.0
    t = T()
    start = time.perf_counter()
    yield t
    t.seconds = time.perf_counter() - start

