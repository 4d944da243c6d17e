"""Reading the date cells the overdue job depends on, whatever shape they arrive in.

The schema layer hands over parsed values (`datetime.date`), but a cell staff typed by hand may
still arrive as a serial number, an ISO or US-style string, a datetime, or junk. `as_date` never
raises: it answers (date, None), (None, None) for a blank cell, or (None, raw) for a cell that is
not a date, so the caller can report a Problem and carry on.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

SHEETS_EPOCH = dt.date(1899, 12, 30)        # Sheets serial number 0
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_date(value: Any, tz: ZoneInfo | None = None, raw: Any = None) -> tuple[dt.date | None, Any]:
    """(date, None) | (None, None) when blank | (None, offending value) when not a date."""
    if value.__class__ is dt.date:               # the usual case, first: 100k rows a run
        return value, None
    if value is None and raw is None:
        return None, None
    if is_blank(value):
        if is_blank(raw):
            return None, None
        value = raw                              # the schema layer could not parse it; try once more
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and tz is not None:
            value = value.astimezone(tz)
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, value
    if isinstance(value, int | float):
        if 1 <= value < 2958466:                 # up to 9999-12-31
            return SHEETS_EPOCH + dt.timedelta(days=int(value)), None
        return None, value
    if isinstance(value, str):
        parsed = _parse_text(value.strip())
        return (parsed, None) if parsed else (None, value)
    return None, value


def _parse_text(text: str) -> dt.date | None:
    try:
        if match := _ISO.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _US.match(text):
            year = int(match[3])
            return dt.date(year + 2000 if year < 100 else year, int(match[1]), int(match[2]))
    except ValueError:                           # 2026-02-31
        return None
    return None


def org_today(tz: ZoneInfo, now: dt.datetime) -> dt.date:
    """The date in the organization's timezone at an aware moment `now` (from the clock)."""
    if now.tzinfo is None:
        raise ValueError("org_today needs an aware datetime")
    return now.astimezone(tz).date()

