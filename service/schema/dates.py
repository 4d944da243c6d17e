"""Dates as staff really type them, in the organization's timezone and locale.

Accepted: serial numbers (what USER_ENTERED dates become: days since 1899-12-30), ISO
`2026-11-21`, slashed `11/21/2026` (month first for en_US, day first for other locales; when
one part is over 12 the order is unambiguous), `21 nov 2026`, `Nov 21, 2026`, `21-nov-2026`,
Spanish `21 de noviembre de 2026`, and two-digit years (20xx).

Day/month is a sheet's, not a cell's (`column_order`; `sheet_order` pools all the date columns of a tab,
the step every date column is read with): a tab whose text dates include one with a day over 12 first
(`13/11/2026`) is day/month for every cell, `05/12/2026` included; one with a day over 12 second
(`11/13/2026`) is month/day; a tab with no such evidence follows the locale. The order is
passed to `parse_date` as `order`. Datetimes also accept a time (`2026-11-21 14:30`, `11/21/2026 2:30 pm`,
ISO with offset) and are returned timezone-aware.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

EPOCH = date(1899, 12, 30)
_EPOCH_DT = datetime(1899, 12, 30)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "set": 9, "dic": 12,
}

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_WORDS = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|[a-z]+|\d+")
_TIME = re.compile(r"^(.*?)[ t,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a m|p m)?$")
_FILLER = {"de", "del", "the", "of", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
           "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "lunes", "martes", "miercoles",
           "jueves", "viernes", "sabado", "domingo", "st", "nd", "rd", "th"}


class DateError(ValueError):
    pass


def from_serial(serial: float) -> date:
    return EPOCH + timedelta(days=int(serial))


def to_serial(day: date | datetime) -> float | int:
    if isinstance(day, datetime):
        naive = day.replace(tzinfo=None)
        delta = naive - _EPOCH_DT
        return round(delta.days + delta.seconds / 86400, 8)
    return (day - EPOCH).days


def month_first(locale: str) -> bool:
    """US-style 11/21/2026 for en_US (and a few others); day first everywhere else."""
    return locale.replace("-", "_") in {"en_US", "en_PH", "es_US", "en_CA", "fil_PH"}


DMY, MDY = "dmy", "mdy"


def column_order(values, locale: str = "en_US") -> tuple[str, str, str]:
    """(DMY or MDY, why, the telling cell) for a date column's cells: why is "day_first" (a text date with a
    day over 12 first is there), "month_first" (one with a day over 12 second), "locale" (slashed text
    dates, none telling), or "" (no slashed text date at all: nothing to decide). See the module docstring."""
    day_first = month_first_seen = slashed = False
    example = ""
    for value in dict.fromkeys(values):     # each distinct value once (first seen first); numbers skipped
        if not isinstance(value, str) or not value or not value[0].isdigit():
            continue
        m = _NUMERIC.match(value.replace(" ", ""))
        if m is None:
            continue
        slashed = True
        first, second = int(m[1]), int(m[2])
        if first > 12 >= second:
            day_first, example = True, value
            break
        if second > 12 >= first and not month_first_seen:
            month_first_seen, example = True, value
    if day_first:
        return DMY, "day_first", example
    if month_first_seen:
        return MDY, "month_first", example
    return (MDY if month_first(locale) else DMY), "locale" if slashed else "", ""


def sheet_order(columns, locale: str = "en_US") -> tuple[str, str, str]:
    """column_order over every date column of a sheet (and of a tab per organizer, all its sheets) pooled:
    day/month is the sheet's, so evidence in any of its date columns decides for all of them. Each column's
    distinct values are taken at C speed (dict.fromkeys), pooled first seen first, as one pass over the cells."""
    pooled: dict = {}
    for cells in columns:
        pooled.update(dict.fromkeys(cells))
    return column_order(pooled, locale)


def parse_date(value: object, locale: str = "en_US", today: date | None = None, order: str | None = None) -> date:
    """A date from a cell value, or DateError saying why not. `order` (column_order): the column's
    day/month order, over the locale's."""
    if isinstance(value, bool):
        raise DateError("is not a date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            raise DateError("is not a date")
        return from_serial(value)
    text = str(value).strip()
    if not text:
        raise DateError("is empty")
    try:
        return _parse_text(fold_date(text), month_first(locale) if order is None else order == MDY, today)
    except (ValueError, OverflowError):
        raise DateError("is not a date") from None


def fold_date(text: str) -> str:
    """Lower case, no accents, commas as spaces, single spaces; keeps / - . : as typed."""
    text = unicodedata.normalize("NFKD", text.replace(",", " "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _parse_text(text: str, us_order: bool, today: date | None) -> date:
    if re.fullmatch(r"\d{5}(\.\d+)?", text):            # a serial number typed or read as text
        return from_serial(float(text))
    if m := _ISO.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(text.replace(" ", "")):
        first, second = int(m[1]), int(m[2])
        year = _year(m[3], today)
        if us_order and first <= 12:
            month, day = first, second
        elif first > 12 or not us_order:
            day, month = first, second
        else:
            month, day = first, second
        if month > 12 and day <= 12:                     # typed the other way round, unambiguously
            month, day = day, month
        return date(year, month, day)
    return _parse_words(text, today)


def _parse_words(text: str, today: date | None) -> date:
    tokens = [t for t in _WORDS.findall(text) if t not in _FILLER]
    months = [t for t in tokens if not t.isdigit()]
    numbers = [t for t in tokens if t.isdigit()]
    if len(months) != 1 or months[0] not in MONTHS or not 1 <= len(numbers) <= 2 or len(tokens) > 3:
        raise ValueError(text)
    month = MONTHS[months[0]]
    if len(numbers) == 1:
        return date(_year(None, today), month, int(numbers[0]))
    a, b = numbers
    if len(a) == 4:                                      # 2026 nov 21
        return date(int(a), month, int(b))
    return date(_year(b, today), month, int(a))


def _year(text: str | None, today: date | None) -> int:
    if text is None:
        if today is None:
            raise ValueError("no year")
        return today.year
    year = int(text)
    return 2000 + year if year < 100 else year


def parse_datetime(value: object, tz: tzinfo | str = "America/New_York", locale: str = "en_US",
                   today: date | None = None) -> datetime:
    """A timezone-aware datetime; naive values are taken to be in `tz`."""
    tz = ZoneInfo(tz) if isinstance(tz, str) else tz
    if isinstance(value, bool):
        raise DateError("is not a date and time")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(), tz)
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            raise DateError("is not a date and time")
        return (_EPOCH_DT + timedelta(days=float(value))).replace(microsecond=0, tzinfo=tz)
    text = str(value).strip()
    if not text:
        raise DateError("is empty")
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.astimezone(tz) if parsed.tzinfo else parsed.replace(tzinfo=tz)
    except ValueError:
        pass
    m = _TIME.match(fold_date(text))
    if not m:
        return datetime.combine(parse_date(text, locale, today), time(), tz)
    day = parse_date(m[1], locale, today)
    hour, minute, second = int(m[2]), int(m[3]), int(m[4] or 0)
    if m[5]:
        if not 1 <= hour <= 12:
            raise DateError("is not a date and time")
        hour = hour % 12 + (12 if m[5].startswith("p") else 0)
    try:
        return datetime.combine(day, time(hour, minute, second), tz)
    except ValueError:
        raise DateError("is not a date and time") from None
