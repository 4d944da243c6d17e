"""The one source of "now" and "today" for business code, in the organization's timezone.

Business code never reads the wall clock itself (tests/unit/test_clock.py scans `service/` and fails
on a new `datetime.now()`, `date.today()` or `time.time()`): it is handed a `Clock`. The job runner,
the web app and the scheduler build one from the config; `--today` and tests pin it to a day.
Durations (timeouts, seconds a run took) use `time.monotonic()`, which is not a business date.

A pinned clock keeps the time of day running (a run on a pinned day still stamps distinct times),
so "today" is the pinned day and "now" is that day at the wall clock's time in the org timezone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["Clock", "UTC"]


@dataclass(frozen=True)
class Clock:
    tz: tzinfo = UTC
    day: date | None = None       # pinned day (`--today`, tests); None: the real date

    @classmethod
    def for_config(cls, config, day: date | None = None) -> Clock:
        return cls(config.tz, day)

    @classmethod
    def in_zone(cls, name: str, day: date | None = None) -> Clock:
        return cls(ZoneInfo(name), day)

    def now(self) -> datetime:
        """An aware datetime in the org timezone."""
        wall = datetime.now(self.tz)
        if self.day is None:
            return wall
        return datetime.combine(self.day, wall.time(), self.tz)

    def today(self) -> date:
        return self.day if self.day is not None else datetime.now(self.tz).date()

    def utcnow(self) -> datetime:
        return self.now().astimezone(UTC)

    def timestamp(self) -> float:
        """Seconds since the epoch (for leases and expiry stamps stored outside this process)."""
        return self.now().timestamp()

    def on(self, day: date | None) -> Clock:
        """The same clock pinned to `day` (None: unchanged)."""
        return self if day is None else replace(self, day=day)

    def in_tz(self, tz: tzinfo) -> Clock:
        """The same instant seen in another timezone (the workbook's Settings may name one)."""
        return replace(self, tz=tz)
