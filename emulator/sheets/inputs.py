"""valueInputOption: what a written value becomes, as if typed into Sheets or RAW.

`parse_user_entered(value)` returns (stored value, number format or None, formula or None):
numbers, thousands separators, percentages, currency, TRUE/FALSE, dates and times in en_US
forms (11/21/2026, 2026-11-21, Nov 21, 2026, 14:30, 11/21/2026 2:30 PM) become serial
numbers with a matching format; `=…` is a formula; a leading apostrophe forces text. Other
locales' typing (decimal commas, day-first dates, VERDADERO) is rewritten to these forms first
(locales.py).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from turfbook_emulator.sheets import locales
from turfbook_emulator.sheets.numfmt import MONTHS, to_serial

_NUMBER = re.compile(r"^([+-]?)(\$?)([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?(?:[eE]([+-]?\d+))?(%?)$")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*([AaPp][Mm])?"
_MDY = re.compile(r"^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?(?:\s+" + _TIME + r")?$")
_YMD = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+" + _TIME + r")?$")
_MON_D_Y = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s+" + _TIME + r")?$")
_D_MON_Y = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:\s+" + _TIME + r")?$")
_TIME_ONLY = re.compile(r"^" + _TIME + r"$")
_MONTH_NUMBERS = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NUMBERS.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)})
_MONTH_NUMBERS["sept"] = 9
_NUMERIC_START = set("0123456789+-.$")

PLAIN_NUMBER = None


def parse_user_entered(value, locale: str | None = None):
    """(value, numberFormat | None, formula | None) for one USER_ENTERED input value, read as a
    person in the spreadsheet's `locale` types it (locales.py; en_US when None).

    Cached: columns repeat values. The returned format dict is shared and must not be changed.
    """
    if locale is None or locale == "en_US" or not isinstance(value, str):
        return _parse_en_us(value)
    return _parse_in_locale(value, locale)


@lru_cache(maxsize=16384)
def _parse_in_locale(value: str, locale: str):
    if value[:1] in ("=", "'"):
        return _parse_en_us(value)
    parsed = _parse_en_us(locales.to_en_us(value, locale))
    if isinstance(parsed[0], str) or parsed[0] is None:
        return _parse_en_us(value) if not locales.rules(locale).day_first else (value or None, None, None)
    fmt = parsed[1]
    if fmt and fmt.get("type") in ("DATE", "DATE_TIME"):
        fmt = {**fmt, "pattern": locales.date_pattern(locale, fmt["pattern"])}
    return parsed[0], fmt, None


@lru_cache(maxsize=65536, typed=True)
def _parse_en_us(value):
    if not isinstance(value, str):
        return value, None, None
    if not value:
        return None, None, None
    first = value[0]
    if first == "=" and len(value) > 1:
        return None, None, value
    if first == "'":
        return value[1:], None, None
    if first in _NUMERIC_START:
        return _numeric(value)
    if first in "tTfF":
        upper = value.upper()
        if upper == "TRUE":
            return True, None, None
        if upper == "FALSE":
            return False, None, None
    if first.isalpha():
        if value[:3].lower() not in _MONTH_NUMBERS:
            return value, None, None        # text (as _month_name_date finds first, without the call)
        return _month_name_date(value)
    if first == " " or value[-1] == " ":
        stripped = value.strip()
        if stripped and stripped != value:
            parsed = _parse_en_us(stripped)
            if parsed[0] is not None and not isinstance(parsed[0], str):
                return parsed
    return value, None, None


# parse_user_entered for en_US (the locale None) with no cache of its own: for a caller keeping its own
read_en_us = _parse_en_us.__wrapped__


def _numeric(value: str):
    m = _NUMBER.match(value)
    if m and (m.group(4) or (m.group(5) and len(m.group(5)) > 1)):
        sign1, dollar, sign2, whole, frac, exp, pct = m.groups()
        if sign1 and sign2:
            return value, None, None
        number = float((whole or "0").replace(",", "") + (frac or "") + (f"e{exp}" if exp else ""))
        if sign1 == "-" or sign2 == "-":
            number = -number
        decimals = len(frac or ".") - 1
        if pct:
            number /= 100
            fmt = {"type": "PERCENT", "pattern": "0.00%" if decimals else "0%"}
        elif dollar:
            fmt = {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
        elif exp:
            fmt = {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
        elif "," in (whole or ""):
            fmt = {"type": "NUMBER", "pattern": "#,##0.00" if decimals else "#,##0"}
        else:
            fmt = PLAIN_NUMBER
        if number.is_integer() and abs(number) < 2**53:
            number = int(number)
        return number, fmt, None
    return _date_or_time(value)


def _date_or_time(value: str):
    m = _MDY.match(value)
    if m:
        month, day, year = int(m.group(1)), int(m.group(2)), m.group(3)
        year_n = dt.date.today().year if year is None else _year(year)
        return _build(value, year_n, month, day, m.groups()[3:], "M/d/yyyy")
    m = _YMD.match(value)
    if m:
        return _build(value, int(m.group(1)), int(m.group(2)), int(m.group(3)), m.groups()[3:], "yyyy-mm-dd")
    m = _TIME_ONLY.match(value)
    if m:
        seconds = _seconds(m.groups())
        if seconds is None:
            return value, None, None
        pattern = "h:mm:ss am/pm" if m.group(5) else ("H:mm:ss" if m.group(3) else "H:mm")
        return _number(seconds / 86400), {"type": "TIME", "pattern": pattern}, None
    return _month_name_date(value)


def _month_name_date(value: str):
    if value[0].isalpha() and value[:3].lower() not in _MONTH_NUMBERS:
        return value, None, None
    m = _MON_D_Y.match(value)
    if m and m.group(1).lower() in _MONTH_NUMBERS:
        month = _MONTH_NUMBERS[m.group(1).lower()]
        return _build(value, int(m.group(3)), month, int(m.group(2)), m.groups()[3:], "mmm d, yyyy")
    m = _D_MON_Y.match(value) if value[0].isdigit() else None
    if m and m.group(2).lower() in _MONTH_NUMBERS:
        month = _MONTH_NUMBERS[m.group(2).lower()]
        return _build(value, int(m.group(3)), month, int(m.group(1)), m.groups()[3:], "d mmm yyyy")
    return value, None, None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def _build(value, year, month, day, time_groups, date_pattern):
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return value, None, None
    serial = to_serial(date)
    if time_groups and time_groups[0] is not None:
        seconds = _seconds(time_groups)
        if seconds is None:
            return value, None, None
        pattern = date_pattern + (" h:mm:ss am/pm" if time_groups[4] else " H:mm:ss")
        return _number(serial + seconds / 86400), {"type": "DATE_TIME", "pattern": pattern}, None
    return serial, {"type": "DATE", "pattern": date_pattern}, None


def _seconds(groups) -> float | None:
    hour, minute, second, fraction, ampm = groups[:5]
    hour, minute, second = int(hour), int(minute), int(second or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour * 3600 + minute * 60 + second + (float(fraction) if fraction else 0)


def _number(x: float):
    return int(x) if float(x).is_integer() else x


def parse_raw(value):
    """RAW: strings stay strings (a leading = or ' included), numbers and booleans as given."""
    if value == "":
        return None
    return value
