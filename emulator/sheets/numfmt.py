"""Number formats: serial dates and the pattern language of NumberFormat.pattern (en_US).

Dates are serial numbers: days since 1899-12-30, the fraction is the time of day. `render`
turns a number and a NumberFormat into the string Sheets shows (FORMATTED_VALUE).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

EPOCH = dt.datetime(1899, 12, 30)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DEFAULT_PATTERNS = {"DATE": "M/d/yyyy", "TIME": "h:mm:ss am/pm", "DATE_TIME": "M/d/yyyy H:mm:ss",
                    "PERCENT": "0.00%", "CURRENCY": '"$"#,##0.00', "SCIENTIFIC": "0.00E+00",
                    "NUMBER": "#,##0.00"}
DATE_TYPES = ("DATE", "TIME", "DATE_TIME")


def to_serial(moment: dt.datetime | dt.date) -> float | int:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    delta = moment - EPOCH
    if delta.seconds == 0 and delta.microseconds == 0:
        return delta.days
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def from_serial(serial: float) -> dt.datetime:
    seconds = round(serial * 86400)
    return EPOCH + dt.timedelta(seconds=seconds)


def render(value: float | int, number_format: dict | None) -> str:
    """The displayed string of a number under a NumberFormat ({type, pattern})."""
    if not number_format:
        return general(value)
    kind = number_format.get("type", "NUMBER")
    pattern = number_format.get("pattern") or DEFAULT_PATTERNS.get(kind, "")
    if kind == "TEXT":
        return general(value)
    if kind in DATE_TYPES:
        try:
            return render_date(value, pattern)
        except (OverflowError, ValueError):
            return general(value)
    if not pattern or pattern.lower() == "general":
        return general(value)
    return render_number(value, pattern)


@lru_cache(maxsize=65536)
def render_cached(value: float | int, kind: str | None, pattern: str | None) -> str:
    return render(value, {"type": kind or "NUMBER", "pattern": pattern or ""})


def general(value: float | int) -> str:
    """Sheets' automatic format: integers in full, otherwise up to 10 significant digits."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "#NUM!"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".10g")
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    return text


_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|am/pm|AM/PM|a/p|A/P|yyyy|yy|y|mmmmm|mmmm|mmm|mm|m|MMMM|MMM|MM|M|'
                         r"dddd|ddd|dd|d|hh|h|HH|H|ss|s|\.0+|.", re.S)


def render_date(serial: float, pattern: str) -> str:
    moment = from_serial(serial)
    return "".join(part if part.__class__ is str else part(moment) for part in _compile_date(pattern))


@lru_cache(maxsize=256)
def _compile_date(pattern: str) -> tuple:
    """The pattern as literal strings and functions of a datetime (compiled once per pattern)."""
    tokens = _DATE_TOKEN.findall(pattern)
    twelve = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    parts: list = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        width = len(tok)
        if tok.startswith('"'):
            parts.append(tok[1:-1])
        elif tok.startswith("\\"):
            parts.append(tok[1:])
        elif low in ("yyyy", "y") and tok[0] in "yY":
            parts.append(lambda m: f"{m.year:04d}")
        elif low == "yy":
            parts.append(lambda m: f"{m.year % 100:02d}")
        elif low in ("m", "mm") and _is_minute(tokens, i):
            parts.append(lambda m, w=width: f"{m.minute:0{w}d}")
        elif low in ("m", "mm", "mmm", "mmmm", "mmmmm"):
            parts.append(lambda m, w=width: _month(m.month, w))
        elif low in ("d", "dd"):
            parts.append(lambda m, w=width: f"{m.day:0{w}d}")
        elif low == "ddd":
            parts.append(lambda m: DAYS[m.weekday()][:3])
        elif low == "dddd":
            parts.append(lambda m: DAYS[m.weekday()])
        elif low in ("h", "hh"):
            parts.append(lambda m, w=width: f"{(m.hour % 12 or 12) if twelve else m.hour:0{w}d}")
        elif low in ("s", "ss"):
            parts.append(lambda m, w=width: f"{m.second:0{w}d}")
        elif low in ("am/pm", "a/p"):
            def ampm(m, tok=tok, low=low):
                text = "AM" if m.hour < 12 else "PM"
                return text if tok[0].isupper() else text.lower() if low == "am/pm" else text[0].lower()
            parts.append(ampm)
        elif tok.startswith(".0"):
            parts.append("." + "0" * (len(tok) - 1))
        else:
            parts.append(tok)
    merged: list = []
    for part in parts:  # join neighbouring literals
        if merged and part.__class__ is str and merged[-1].__class__ is str:
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


def _month(month: int, width: int) -> str:
    name = MONTHS[month - 1]
    return {1: str(month), 2: f"{month:02d}", 3: name[:3], 4: name, 5: name[0]}[width]


def _is_minute(tokens: list[str], i: int) -> bool:
    for j in range(i - 1, -1, -1):
        low = tokens[j].lower()
        if low in ("h", "hh"):
            return True
        if low.strip() and low not in (":",):
            break
    for j in range(i + 1, len(tokens)):
        low = tokens[j].lower()
        if low in ("s", "ss"):
            return True
        if low.strip() and low not in (":",):
            break
    return False


def render_number(value: float, pattern: str) -> str:
    sections = _split_sections(pattern)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    prefix, body, suffix = _parse_number_section(section)
    if "E" in body.upper():
        decimals = len(body.upper().split("E")[0].partition(".")[2])
        mantissa, exp = f"{value:.{decimals}E}".split("E")
        return f"{prefix}{mantissa}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}{suffix}"
    scaled = value * (100 ** (prefix + suffix).count("%"))
    integer_part, _, decimal_part = body.partition(".")
    decimals = sum(1 for ch in decimal_part if ch in "0#?")
    min_decimals = sum(1 for ch in decimal_part if ch == "0")
    min_int = integer_part.count("0")
    text = f"{abs(scaled):.{decimals}f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(min_decimals, "0") if decimals > min_decimals else frac
    whole = whole.lstrip("0").rjust(min_int, "0") if whole.strip("0") or min_int else ""
    if "," in integer_part and whole:
        whole = f"{int(whole):,}".rjust(min_int, "0")
    sign = "-" if scaled < 0 and len(sections) == 1 and (whole.strip("0") or frac.strip("0")) else ""
    return f"{sign}{prefix}{whole}{'.' + frac if frac else ''}{suffix}"


@lru_cache(maxsize=256)
def _split_sections(pattern: str) -> tuple[str, ...]:
    parts, current, quoted = [], [], False
    for ch in pattern:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return tuple(parts)


@lru_cache(maxsize=256)
def _parse_number_section(section: str) -> tuple[str, str, str]:
    """(literal prefix, digit placeholders, literal suffix)."""
    tokens = re.findall(r'"[^"]*"|\\.|\[[^\]]*\]|[0#?,.Ee+\-]+|.', section)
    prefix, body, suffix = [], [], []
    for tok in tokens:
        if tok and tok[0] in "0#?" or (body and tok and tok[0] in ",.Ee+-" and not suffix):
            body.append(tok)
            continue
        text = tok[1:-1] if tok.startswith('"') else tok[1:] if tok.startswith("\\") else tok
        if tok.startswith("[$"):
            text = tok[2:-1].split("-")[0]
        elif tok.startswith("["):
            text = ""
        (suffix if body else prefix).append(text)
    return "".join(prefix), "".join(body), "".join(suffix)
