"""Reading the date cells the overdue job depends on, whatever shape they arrive in.

The schema layer hands over parsed values (`datetime.date`), but a cell staff typed by hand may
still arrive as a serial number, an ISO or US-style string, a datetime, or junk. `as_date` never
raises: it answers (date, None), (None, None) for a blank cell, or (None, raw) for a cell that is
not a date, so the caller can report a Problem and carry on.

`business_date` is the one reading of a date column's cell (cells.make_parser, hence every job's rows,
the adoption report, and `as_date` here): the date parser (dates.parse_date, which keeps every serial's
round trip) plus one plausibility rule. Sheets stores "$40" typed under a team's "Due" as the number 40
with a CURRENCY format, and "40" as the number 40; Turfbook reads UNFORMATTED_VALUE with SERIAL_NUMBER
dates, so both arrive as 40, which as a serial is 1900-02-08. A NUMBER whose date falls outside the
years a campaign's dates can fall in (PLAUSIBLE) is therefore not a date but a problem naming the cell.
Why not read the cells' number format: that needs a `spreadsheets.get` with grid data for every date
column on every run (a value typed after the adoption has its own format), an extra read per job and
per night; the window costs nothing. What it cannot tell: an amount from $25,569 to $73,050 in a date
column reads as a date from 1970 to 2099 (docs/adoption.md). Text dates ("2/8/1900") are read as typed.

A text date with no year ("Jan 5", "5 ene") is a problem naming the cell (YearlessDate), never a date in
today's year: typed in December for next January it would be eleven months overdue, and the year cannot
be told from the cell (the conversation's date is another column: a guess there would still be a guess
shown as a fact). `order` is the column's day/month order (dates.column_order).
A date serial in a sheet whose order is not its spreadsheet locale's, when every serial there could be a date
typed in the sheet's order (dates.Swapped), is a problem naming the cell when its day is 12 or less: Sheets
stored "10/12/2026" typed under a day/month sheet of an en_US spreadsheet as 12 Oct (a21g c5).
`shown` is how a date column's cell is quoted in a message: a serial as the date it is ("2026-12-24",
never "46380").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.schema.dates import DMY, DateError, parse_date, parse_datetime
from turfbook.schema.text import short

# the first and last day a number in a date column can mean (serials 25569 to 73050)
PLAUSIBLE = (dt.date(1970, 1, 1), dt.date(2099, 12, 31))
_SERIAL_TEXT = re.compile(r"\d{5}(\.\d+)?")      # a serial typed or read as text (dates._parse_text)
_ANY_YEAR = dt.date(2001, 1, 1)                  # only to tell a date with no year from text that is no date


class YearlessDate(DateError):
    pass


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def business_date(value: Any, locale: str = "en_US", today: dt.date | None = None,
                  order: str | None = None) -> dt.date:
    """A date column's cell as a date, or DateError saying why not (see the module docstring)."""
    try:                                         # `today` is not used to give a date a year (see above)
        day = parse_date(value, locale, None, order)
    except DateError as exc:
        try:
            parse_date(value, locale, _ANY_YEAR, order)
        except DateError:
            raise exc from None
        raise YearlessDate("has no year: type the date with its year (e.g. 1/5/2027), so Turfbook does not "
                           "guess this year or next") from None
    if _is_number(value) and not PLAUSIBLE[0] <= day <= PLAUSIBLE[1]:
        raise DateError(f"is a number, not a date (an amount like $40 is stored as a number; read as a date "
                        f"it would be {day.isoformat()}): type the date")
    if getattr(order, "swapped", False) and _is_number(value) and day.day <= 12 and day.day != day.month:
        raise DateError(_swapped(day, order))
    return day


def near_date(value: Any, locale: str = "en_US", today: dt.date | None = None, order: str | None = None) -> dt.date:
    """business_date of a date typed beside a word, where a year is not asked for ("Done 11/25", "hecho 25/11":
    done_cells.read_done): with no year, the year that puts it nearest `today` (on a tie, the earlier), so "Done
    12/30" read on 1/3 is the past December's and "Done 11/25" read on 11/19 this year's. Without `today`:
    YearlessDate, as business_date."""
    try:
        return business_date(value, locale, today, order)
    except YearlessDate:
        if today is None:
            raise
    found = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            found.append(parse_date(value, locale, dt.date(year, 1, 1), order))
        except DateError:                        # 2/29 in a year that has none
            pass
    if not found:
        raise DateError("is not a date")
    return min(found, key=lambda day: (abs((day - today).days), day))


_MONTHS = (("Jan", "ene"), ("Feb", "feb"), ("Mar", "mar"), ("Apr", "abr"), ("May", "may"), ("Jun", "jun"),
           ("Jul", "jul"), ("Aug", "ago"), ("Sep", "sep"), ("Oct", "oct"), ("Nov", "nov"), ("Dec", "dic"))


def _swapped(day: dt.date, order: str) -> str:
    """A serial Sheets made of a date typed in the other order than this sheet's (a21g c5): the spreadsheet's
    locale reads month/day (or day/month), so "10/12/2026" typed under a day/month sheet became 12 Oct."""
    en, es = _MONTHS[day.month - 1]
    typed = f"{day.month}/{day.day}/{day.year}" if order == DMY else f"{day.day}/{day.month}/{day.year}"
    sheet_en, sheet_es = ("day/month", "día/mes") if order == DMY else ("month/day", "mes/día")
    locale_en, locale_es = ("month/day", "mes/día") if order == DMY else ("day/month", "día/mes")
    return (f"was stored by Sheets as {day.day} {en} {day.year} (the spreadsheet's locale reads {locale_en}) but "
            f"this sheet's dates read {sheet_en}: type it as '{typed} (the apostrophe keeps it as typed), or set "
            f"the spreadsheet's locale to one that reads {sheet_en} (File > Settings) / Sheets la guardó como "
            f"{day.day} {es} {day.year} (la configuración regional de la hoja de cálculo lee {locale_es}) pero "
            f"las fechas de esta hoja se leen {sheet_es}: escríbala '{typed} (el apóstrofo la guarda tal cual), o "
            f"ponga una configuración regional que lea {sheet_es} (Archivo > Configuración)")


def looks_like_date(value: Any, locale: str = "en_US") -> bool:
    """A cell a person would read as a date (a date with no year too): the evidence adopt weighs a
    column's values by (adopt_columns)."""
    try:
        business_date(value, locale)
    except YearlessDate:
        return True
    except DateError:
        return False
    return not isinstance(value, bool)


def shown(value: Any) -> str:
    """A date column's cell quoted in a message: a number that is a date as that date (ISO), else as typed."""
    if _is_number(value):
        try:
            return business_date(value).isoformat()
        except DateError:
            pass
    return short(value)


def _is_number(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and _SERIAL_TEXT.fullmatch(value.strip()) is not None


def as_date(value: Any, tz: ZoneInfo | None = None, raw: Any = None) -> tuple[dt.date | None, Any]:
    """(date, None) | (None, None) when blank | (None, offending value) when not a date."""
    if value.__class__ is dt.date:               # the usual case, first: 100k rows a run
        return value, None
    if value is None and raw is None:
        return None, None
    if is_blank(value):                          # the schema layer could not read the cell: it is not a date
        return None, None if is_blank(raw) else raw      # (one reading, a21e 2: never a second, other answer)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and tz is not None:
            value = value.astimezone(tz)
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    try:
        return business_date(value), None        # the one date-column reading: serials, ISO, US, words
    except DateError:
        pass
    if isinstance(value, str) and not _is_number(value):
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

