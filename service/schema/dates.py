"""Dates as staff really type them, in the organization's timezone and locale.

Accepted: serial numbers (what USER_ENTERED dates become: days since 1899-12-30), ISO
`2026-11-21`, slashed `11/21/2026` (month first for en_US, day first for other locales; when
one part is over 12 the order is unambiguous), `21 nov 2026`, `Nov 21, 2026`, `21-nov-2026`,
Spanish `21 de noviembre de 2026`, and two-digit years (20xx).

Day/month is a sheet's, not a cell's (`column_order`; `sheet_order` pools all the date columns of a sheet,
`row_orders` gives each row of a tab read from several sheets its own sheet's): the telling text dates (a day
over 12: `13/11/2026` day/month, `11/13/2026` month/day) are weighed, each cell one vote and the locale's order
one more. One order told: every cell reads that way, `05/12/2026` included. Both told (attack a21e 1): a 2-to-1
majority decides and each cell of the other order is a problem naming it; closer (EITHER), each date that could
be read both ways is a problem, never guessed. A sheet with no telling date takes its tab's other sheets'
evidence (a tab per organizer), else follows the locale. The order is
passed to `parse_date` as `order`. Datetimes also accept a time (`2026-11-21 14:30`, `11/21/2026 2:30 pm`,
ISO with offset) and are returned timezone-aware; a date cell with a time (`5/11/2026 10:00`) is that date,
read in the sheet's order like any other (a21e 2: one reading of a cell everywhere).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import chain
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
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_WORDS = re.compile(r"(?<=\d)(?:st|nd|rd|th|o)\b|[a-z]+|\d+")  # "1º" folds to "1o"
_AMPM = r"[ap]\.?\s?m\.?|h|hs|hrs"      # 10:00 am, a. m., p.m., 18:00 h (a 24-hour time, Spanish style)
_TIMED = re.compile(rf"[ t,]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:{_AMPM})?$", re.I)  # a time after
_TIME = re.compile(rf"^(.*?)[ t,]+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?\s*({_AMPM})?$")
_FILLER = {"de", "del", "the", "of", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
           "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "lunes", "martes", "miercoles",
           "jueves", "viernes", "sabado", "domingo", "st", "nd", "rd", "th", "o"}


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


DMY, MDY, EITHER = "dmy", "mdy", "either"


class Swapped(str):
    """DMY or MDY (equal to it): a sheet against its locale whose serials all have a day <= 12 (cell_dates)."""

    swapped = True


DMY_SWAPPED, MDY_SWAPPED = Swapped(DMY), Swapped(MDY)
MAJORITY = 2          # one order is the sheet's when its telling dates outnumber the other's at least 2 to 1


def column_order(values, locale: str = "en_US", others=()) -> tuple[str, str, str]:
    """(DMY, MDY or EITHER, why, example) for a date column's cells (see the module docstring). Telling dates are
    slashed text dates with a day over 12 (`13/11/2026` day/month, `11/13/2026` month/day), each cell one vote.
    why: "day_first"/"month_first" (only that order told), "mostly" (both told, one by a clear majority, the
    locale's order counting one vote more; `example` is a cell of the other order, a problem), "tie" (EITHER:
    no clear majority; `example` is "13/11/2026, 11/13/2026" and every date that could be read both ways is a
    problem, never guessed), "locale" (slashed dates, none telling), "" (no slashed text date). `others`: the
    cells of the tab's other sheets (a tab per organizer), weighed only when these cells tell nothing."""
    told = _told(values)
    if told[0] is None and others and (theirs := _told(others))[0] is not None:
        told = (*theirs[:2], *told[2:])
    (day_first, first_day), (month_first_, first_month), slashed = told[0] or (0, ""), told[1] or (0, ""), told[2]
    local = month_first(locale)
    suspect = told[3] is True              # every serial of the sheet could be a date typed the other way
    if day_first and not month_first_:
        return (DMY_SWAPPED if suspect and local else DMY), "day_first", first_day
    if month_first_ and not day_first:
        return (MDY_SWAPPED if suspect and not local else MDY), "month_first", first_month
    if day_first:
        dmy, mdy = day_first + (not local), month_first_ + local
        if dmy >= MAJORITY * mdy:
            return (DMY_SWAPPED if suspect and local else DMY), "mostly", first_month
        if mdy >= MAJORITY * dmy:
            return (MDY_SWAPPED if suspect and not local else MDY), "mostly", first_day
        return EITHER, "tie", f"{first_day}, {first_month}"
    return (MDY if local else DMY), "locale" if slashed else "", ""


def _told(values) -> tuple:
    """((day/month cells, the first), (month/day cells, the first), any slashed text date) of `values`, the two
    None when no cell tells; each distinct value parsed once (Counter), numbers skipped."""
    counts = Counter(values)                             # counted in C; the distinct values looked at below
    day_first = month_first_ = 0
    first_day = first_month = ""
    slashed = False
    serials = None                                       # None: no date serial; True: each could be swapped
    for value, n in counts.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and 25569 <= value <= 73050:
            serials = (serials is not False) and from_serial(value).day <= 12
            continue
        if not isinstance(value, str) or not value or not value[0].isdigit():
            continue
        m = _NUMERIC.match(value.replace(" ", "")) or _NUMERIC.match(_TIMED.sub("", value))
        if m is None:
            continue
        slashed = True
        first, second = int(m[1]), int(m[2])
        if first > 12 >= second:
            day_first += n
            first_day = first_day or value
        elif second > 12 >= first:
            month_first_ += n
            first_month = first_month or value
    if not day_first and not month_first_:
        return None, None, slashed, serials
    return (day_first, first_day), (month_first_, first_month), slashed, serials


def sheet_order(columns, locale: str = "en_US", others=()) -> tuple[str, str, str]:
    """column_order over every date column of a sheet pooled (day/month is the sheet's: evidence in any of its
    date columns decides for all of them); `others`: the date columns of the tab's other sheets (a tab per
    organizer), whose evidence decides for a sheet with none of its own."""
    return column_order(chain.from_iterable(columns), locale, list(chain.from_iterable(others)))


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
    folded = fold_date(text)
    folded = _TIMED.sub("", folded) if _TIMED.search(folded) and not _TIMED.fullmatch(folded) else folded
    try:                                                 # a date with a time ("5/11/2026 10:00") is that date
        return _parse_text(folded, (MDY if month_first(locale) else DMY) if order is None else order, today,
                           order is not None)
    except DateError:
        raise
    except (ValueError, OverflowError):
        raise DateError("is not a date") from None


def fold_date(text: str) -> str:
    """Lower case, no accents, commas as spaces, single spaces; keeps / - . : as typed."""
    text = unicodedata.normalize("NFKD", text.replace(",", " "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


_CONTRARY = {
    MDY: "reads day/month, but most dates of this sheet read month/day: type it {swapped} or as 2026-11-13 / "
         "se lee día/mes, pero la mayoría de las fechas de esta hoja se leen mes/día: escríbala "
         "{swapped} o como 2026-11-13",
    DMY: "reads month/day, but most dates of this sheet read day/month: type it {swapped} or as 2026-11-13 / "
         "se lee mes/día, pero la mayoría de las fechas de esta hoja se leen día/mes: escríbala "
         "{swapped} o como 2026-11-13",
}
_EITHER = ("could be day/month or month/day: this sheet has dates typed both ways, about as many each, so Turfbook "
           "does not guess; type it as 2026-11-05 or Nov 5 2026 / puede ser día/mes o mes/día: esta hoja tiene "
           "fechas escritas de las dos maneras, casi tantas de cada una, y Turfbook no adivina; escríbala como "
           "2026-11-05 o 5 nov 2026")


def _parse_text(text: str, order: str, today: date | None, strict: bool = False) -> date:
    """`strict` (the order was decided from the sheet's dates): a date told the other way is a problem."""
    if re.fullmatch(r"\d{5}(\.\d+)?", text):            # a serial number typed or read as text
        return from_serial(float(text))
    if _ISO_TIME.match(text):                            # an ISO date and time: the date as written
        return datetime.fromisoformat(text.upper().replace("Z", "+00:00")).date()
    if m := _ISO.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(text.replace(" ", "")):
        first, second = int(m[1]), int(m[2])
        year = _year(m[3], today)
        told = DMY if first > 12 >= second else MDY if second > 12 >= first else None
        if told is not None and strict and order != EITHER and told != order:
            raise DateError(_CONTRARY[order].format(swapped=f"{m[2]}/{m[1]}" + (f"/{m[3]}" if m[3] else "")))
        if told is None and order == EITHER and first != second:
            raise DateError(_EITHER)
        if told == DMY or told is None and order == DMY:
            day, month = first, second
        else:
            month, day = first, second
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
    if m[5] and m[5][0] in "ap":
        if not 1 <= hour <= 12:
            raise DateError("is not a date and time")
        hour = hour % 12 + (12 if m[5].startswith("p") else 0)
    try:
        return datetime.combine(day, time(hour, minute, second), tz)
    except ValueError:
        raise DateError("is not a date and time") from None


def row_orders(columns, sheets, locale: str = "en_US") -> str | tuple[str, ...]:
    """The day/month order of a tab's rows (`columns`: its date columns' cells; `sheets`: each row's sheet
    title, a tab per organizer read as one): one sheet, its sheet_order; several, each row its own sheet's,
    the other sheets' dates weighed only for a sheet whose dates tell nothing (Rosa types 13/11, Luis 11/13:
    each is read as typed)."""
    titles = dict.fromkeys(sheets)
    if len(titles) < 2:
        return sheet_order(columns, locale)[0]
    decided = {}
    for title in titles:
        mine = [n for n, s in enumerate(sheets) if s == title]
        theirs = [n for n, s in enumerate(sheets) if s != title]
        decided[title] = sheet_order([[c[n] for n in mine] for c in columns], locale,
                                     [[c[n] for n in theirs] for c in columns])[0]
    return tuple(decided[s] for s in sheets)
