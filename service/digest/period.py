"""Digest periods in the organization's timezone.

A weekly digest covers the last *complete* Monday-Sunday week before `today`; a daily digest covers
yesterday. So a digest run on Monday 07:00 or re-run on Wednesday names the same week, and the
ledger (keyed by `Period.key`) stops it going out twice. `today` is the date in the org timezone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

KINDS = ("week", "day")


@dataclass(frozen=True)
class Period:
    kind: str           # week | day
    start: date         # first day, inclusive
    end: date           # last day, inclusive
    today: date         # the day the digest is made; "overdue now" is as of this day

    @classmethod
    def ending_before(cls, today: date, kind: str = "week") -> Period:
        if kind not in KINDS:
            raise ValueError(f"period must be one of {', '.join(KINDS)}, not {kind!r}")
        if kind == "day":
            day = today - timedelta(days=1)
            return cls(kind, day, day, today)
        this_monday = today - timedelta(days=today.weekday())
        start = this_monday - timedelta(days=7)
        return cls(kind, start, start + timedelta(days=6), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @cached_property
    def previous(self) -> Period:
        """The period of the same length just before; its "today" is this period's first day."""
        length = timedelta(days=self.days)
        return Period(self.kind, self.start - length, self.end - length, self.start)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start.isoformat()}"

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def today_in(tz: ZoneInfo, now: datetime) -> date:
    return now.astimezone(tz).date()
