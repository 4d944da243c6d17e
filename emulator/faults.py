"""Fault injection: answer N calls of a method with an error, drop connections, add latency.

POST /_emulator/faults with JSON, one rule or {"faults": [...]}:
  {"method": "sheets.spreadsheets.values.batchUpdate", "status": 429, "count": 3}
  {"method": "drive.files.update", "drop": "before" | "after", "count": 1, "after_calls": 5}
  {"method": "*", "latency_ms": 200, "count": 10}
  {"method": "sheets.spreadsheets.batchUpdate", "hold": true, "after_calls": 2}
`hold`: the call waits, counted but not yet served, until the faults are cleared (at most HOLD_SECONDS): a
test edits the book while a job's write is held, then lets it go on (no sleep that may end too soon). A reset
lets it go as a dropped connection: never served into the emptied store (the next test's); so does a call
still waiting out its `latency_ms`.
`method` is a discovery method id or a glob ("drive.*"); `after_calls` lets that many matching
calls through first (to crash a job after its Nth write). DELETE /_emulator/faults clears them.
"""

from __future__ import annotations

import fnmatch
import threading
import time
from dataclasses import dataclass

HOLD_SECONDS = 120.0       # a held call goes on by itself after this long (a test that never clears)


@dataclass
class Fault:
    method: str = "*"
    status: int | None = None
    drop: str | None = None
    latency_ms: int = 0
    count: int = 1
    after_calls: int = 0
    message: str | None = None
    hold: bool = False
    released: threading.Event | None = None      # set by `take`: set when the faults are cleared (or reset)

    def matches(self, method_id: str) -> bool:
        return fnmatch.fnmatchcase(method_id, self.method)


class Release(threading.Event):
    """Set when the faults are cleared; `dropped`: by a reset, so a held call is not served."""
    dropped = False


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._released = Release()

    def add(self, spec: dict) -> Fault:
        allowed = set(Fault.__dataclass_fields__) - {"released"}
        unknown = set(spec) - allowed
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        fault = Fault(**spec)
        if fault.drop not in (None, "before", "after"):
            raise ValueError("drop must be 'before' or 'after'")
        if not isinstance(fault.hold, bool):
            raise ValueError("hold must be true or false")
        if fault.status is None and fault.drop is None and not fault.latency_ms and not fault.hold:
            raise ValueError("a fault needs status, drop, latency_ms or hold")
        with self._lock:
            self._rules.append(fault)
        return fault

    def clear(self, dropping: bool = False) -> None:
        """Every rule gone; every held call goes on (`dropping`, a reset: ends as a dropped connection)."""
        with self._lock:
            self._rules.clear()
            self._released.dropped = dropping
            self._released.set()
            self._released = Release()

    def take(self, method_id: str) -> Fault | None:
        """The fault that applies to this call, if any, using up one of its count."""
        with self._lock:
            for fault in self._rules:
                if not fault.matches(method_id):
                    continue
                if fault.after_calls > 0:
                    fault.after_calls -= 1
                    continue
                fault.count -= 1
                fault.released = self._released
                if fault.count <= 0:
                    self._rules.remove(fault)
                return fault
        return None

    def pending(self) -> list[dict]:
        with self._lock:
            return [{k: v for k, v in vars(f).items() if k != "released"} for f in self._rules]


def delay(fault: Fault | None) -> bool:
    """What a fault makes a call wait before it is served: its latency, then its hold (until cleared).
    True: the call must not be served (a reset ended its wait: the store it was counted against is gone)."""
    if fault is None or fault.released is None:
        return False
    released = fault.released
    if fault.latency_ms:
        end = time.monotonic() + fault.latency_ms / 1000
        while (left := end - time.monotonic()) > 0:     # a clear_faults keeps the latency; a reset ends it
            if released.wait(left) and released.dropped:
                return True
            if released.is_set():
                time.sleep(max(0.0, end - time.monotonic()))
                break
    if fault.hold:
        released.wait(HOLD_SECONDS)
    return released.dropped
