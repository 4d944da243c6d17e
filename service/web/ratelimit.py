"""Sliding-window rate limits per key (a client address, an upload link), in bounded memory.

`RateLimit(limit, window)` allows `limit` events per `window` seconds per key. It remembers at
most `max_keys` keys, forgetting the one seen longest ago first, and at most `limit` timestamps per
key, so a flood of distinct keys cannot grow it. Per worker process (gunicorn workers each have one).
Ages use `time.monotonic()` (never the wall clock); `monotonic` can be handed in for tests.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class RateLimit:
    def __init__(self, limit: int, window: float, max_keys: int = 10_000,
                 monotonic: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._monotonic = monotonic
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            return deque(maxlen=self.limit)
        while events and now - events[0] >= self.window:
            events.popleft()
        return events

    def _wait(self, events: deque[float], now: float) -> int:
        if len(events) < self.limit:
            return 0
        return max(1, math.ceil(self.window - (now - events[0])))

    def _add(self, key: str, events: deque[float], now: float) -> None:
        events.append(now)
        self._events[key] = events
        self._events.move_to_end(key)
        while len(self._events) > self.max_keys:
            self._events.popitem(last=False)

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may act again (0: now), without counting an event."""
        with self._lock:
            now = self._monotonic()
            return self._wait(self._recent(key, now), now)

    def record(self, key: str) -> None:
        with self._lock:
            now = self._monotonic()
            self._add(key, self._recent(key, now), now)

    def take(self, key: str) -> int:
        """Count one event for `key` if allowed (0); else the seconds to wait (nothing counted)."""
        with self._lock:
            now = self._monotonic()
            events = self._recent(key, now)
            wait = self._wait(events, now)
            if not wait:
                self._add(key, events, now)
            return wait

    def __len__(self) -> int:
        return len(self._events)
