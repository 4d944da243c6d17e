"""How typed (USER_ENTERED) input reads in a spreadsheet's locale (properties.locale).

Sheets parses typed numbers and dates the way a person in that locale types them: in es_ES or
de_DE `3,5` is three and a half and `1.234,5` has a thousands dot; in every locale but the
US-style ones `21/11/2026` (de_DE: `21.11.2026`) is 21 November. Separators and day/month
order follow CLDR, which Google uses: es_US and es_MX write a decimal point and day-first
dates; the Spanish of Spain and South America, German, French, Italian, Portuguese and Dutch
write a decimal comma. ISO dates (2026-11-21) read the same everywhere. Booleans may be typed
in the locale's words (VERDADERO/FALSO, WAHR/FALSCH, VRAI/FAUX…).

`to_en_us(value, locale)` rewrites a typed string into the en_US form inputs.py parses, or
returns it unchanged when nothing locale-specific applies; `date_order(locale)` is "MDY" or "DMY".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    decimal: str  # "." or ","
    day_first: bool
    true: str = "TRUE"
    false: str = "FALSE"
    date_separator: str = "/"


US = Rules(".", False)
_BY_LANGUAGE = {
    "en": Rules(".", True),  # en_GB, en_AU, en_IN…: day first
    "es": Rules(",", True, "VERDADERO", "FALSO"),
    "de": Rules(",", True, "WAHR", "FALSCH", "."),
    "fr": Rules(",", True, "VRAI", "FAUX"),
    "it": Rules(",", True, "VERO", "FALSO"),
    "pt": Rules(",", True, "VERDADEIRO", "FALSO"),
    "nl": Rules(",", True, "WAAR", "ONWAAR", "-"),
}
_BY_LOCALE = {
    "en_US": US, "en": US, "en_PH": US, "es_US": Rules(".", True, "VERDADERO", "FALSO"),
    "es_MX": Rules(".", True, "VERDADERO", "FALSO"), "es_419": Rules(".", True, "VERDADERO", "FALSO"),
    "en_CA": Rules(".", False),
}


def rules(locale: str | None) -> Rules:
    locale = (locale or "en_US").replace("-", "_")
    if locale in _BY_LOCALE:
        return _BY_LOCALE[locale]
    return _BY_LANGUAGE.get(locale.split("_")[0].lower(), US)


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?(\s+.*)?$")
_COMMA_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*)(?:,\d*)?(?:[eE][+-]?\d+)?%?$")


def to_en_us(value: str, locale: str | None) -> str:
    """The same input as a person in en_US would type it (unchanged for en_US)."""
    r = rules(locale)
    if r is US:
        return value
    stripped = value.strip()
    upper = stripped.upper()
    if upper == r.true:
        return "TRUE"
    if upper == r.false:
        return "FALSE"
    if r.day_first:
        m = _DMY.match(stripped)
        if m and (m.group(3) or r.date_separator == "." or "/" in stripped):
            day, month, year, rest = m.groups()
            return f"{month}/{day}" + (f"/{year}" if year else "") + (rest or "")
    if r.decimal == "," and stripped and _COMMA_NUMBER.match(stripped.lstrip("$€")) and any(
            ch.isdigit() for ch in stripped):
        return value.translate(str.maketrans({",": ".", ".": ","}))
    return value


def date_pattern(locale: str | None, en_pattern: str) -> str:
    """The number-format pattern a typed date gets, for an en_US pattern such as M/d/yyyy."""
    r = rules(locale)
    if r is US or not en_pattern.startswith("M/d/yyyy"):
        return en_pattern
    sep = r.date_separator if r.date_separator != "-" else "-"
    return f"d{sep}M{sep}yyyy" + en_pattern[len("M/d/yyyy"):]
