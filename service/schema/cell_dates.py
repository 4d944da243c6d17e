"""Reading the date cells the overdue job depends on, whatever shape they arrive in.

The schema layer hands over parsed values (`datetime.date`), but a cell staff typed by hand may
still arrive as a serial number, an ISO or US-style string, a datetime, or junk. `as_date` never
raises: it answers (date, None), (None, None) for a blank cell, or (None, raw) for a cell that is
not a date, so the caller can report a Problem and carry on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.schema.dates import DateError, parse_date, parse_datetime


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
    try:
        return parse_date(value), None           # the schema's one date parser: serials, ISO, US, words
    except DateError:
        pass
    if isinstance(value, str):
        try:                                     # an ISO date and time ("2026-11-21T10:00-05:00")
            moment = parse_datetime(value, tz or dt.UTC)
        except DateError:
            return None, value
        return (moment.astimezone(tz) if tz else moment).date(), None
    return None, value


def org_today(tz: ZoneInfo, now: dt.datetime) -> dt.date:
    """The date in the organization's timezone at an aware moment `now` (from the clock)."""
    if now.tzinfo is None:
        raise ValueError("org_today needs an aware datetime")
    return now.astimezone(tz).date()

