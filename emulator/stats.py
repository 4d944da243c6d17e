"""Call counters served at /_emulator/stats. Each part of an HTTP batch is one call."""

from __future__ import annotations

import threading
from collections import Counter


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.total = self.reads = self.writes = self.http_requests = 0
            self.by_method: Counter[str] = Counter()

    def http_request(self) -> None:
        with self._lock:
            self.http_requests += 1

    def call(self, method_id: str, http_method: str) -> None:
        with self._lock:
            self.total += 1
            if http_method == "GET":
                self.reads += 1
            else:
                self.writes += 1
            self.by_method[method_id] += 1

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "total": self.total,
                "reads": self.reads,
                "writes": self.writes,
                "http_requests": self.http_requests,
                "by_method": dict(sorted(self.by_method.items())),
            }
