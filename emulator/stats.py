"""Call counters served at /_emulator/stats. Each part of an HTTP batch is one call.

`seconds_by_method` is the server's own time per method (wall and this thread's CPU, from the request's
first byte read to the answer's last byte written): what a client's wait on the emulator is made of."""

from __future__ import annotations

import threading
import time
from collections import Counter


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self._local = threading.local()      # the method this thread's HTTP request is serving
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.total = self.reads = self.writes = self.http_requests = 0
            self.by_method: Counter[str] = Counter()
            self.wall: Counter[str] = Counter()
            self.cpu: Counter[str] = Counter()
            self._generation = getattr(self, "_generation", 0) + 1   # a call begun before a reset is not counted

    def http_request(self) -> None:
        with self._lock:
            self.http_requests += 1
        self._local.method = None
        self._local.started = (time.perf_counter(), time.thread_time())

    def call(self, method_id: str, http_method: str) -> None:
        with self._lock:
            self.total += 1
            if http_method == "GET":
                self.reads += 1
            else:
                self.writes += 1
            self.by_method[method_id] += 1
            if getattr(self._local, "method", 0) is None:     # a batch's parts all count as the batch's first
                self._local.method = method_id
                self._local.generation = self._generation   # its time is counted where its call is

    def answering(self) -> None:
        """The answer is about to be written: its time so far goes to the method now, so that a client that
        has read the answer and asks for the stats at once finds the method there (answered() adds the
        writing's time after)."""
        self._attribute(keep=True)

    def answered(self) -> None:
        """The HTTP request's answer is written: its time goes to the method it served."""
        self._attribute(keep=False)

    def _attribute(self, keep: bool) -> None:
        method = getattr(self._local, "method", None)
        if method is None:
            return
        now = (time.perf_counter(), time.thread_time())
        wall, cpu = self._local.started
        wall, cpu = now[0] - wall, now[1] - cpu
        if keep:
            self._local.started = now
        else:
            self._local.method = None
        with self._lock:
            if self._local.generation == self._generation:
                self.wall[method] += wall
                self.cpu[method] += cpu

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "total": self.total,
                "reads": self.reads,
                "writes": self.writes,
                "http_requests": self.http_requests,
                "by_method": dict(sorted(self.by_method.items())),
                "seconds_by_method": {m: {"wall": round(self.wall[m], 4), "cpu": round(self.cpu[m], 4)}
                                      for m in sorted(self.wall)},
            }
