"""The information functions (ISERROR, ISERR, ISNA, ISBLANK, ISNUMBER, ISTEXT), IFNA, and REGEXMATCH's pattern:
each takes an error value as a value, as Sheets does (ISNUMBER(1/0) is FALSE, ISNA(#N/A) TRUE)."""

from __future__ import annotations

import re2

from turfbook_emulator.sheets.arrays import Col, FormulaError
from turfbook_emulator.sheets.model import Err


def top(value):
    """A value's top-left cell (a range's, a column's), an error value as it is."""
    if isinstance(value, Col):
        return value[0] if value else None
    if isinstance(value, list):
        return value[0][0] if value and value[0] else None
    return value


def error_in(value) -> Err | None:
    """The error value `value` is (its top-left cell for a range), or None."""
    found = top(value)
    return found if found.__class__ is Err else None


def is_error(value) -> bool:
    return error_in(value) is not None


def is_err(value) -> bool:
    err = error_in(value)
    return err is not None and err.code != "#N/A"


def is_na(value) -> bool:
    err = error_in(value)
    return err is not None and err.code == "#N/A"


def is_blank(value) -> bool:
    return top(value) in (None, "")


def is_number(value) -> bool:
    return top(value).__class__ in (int, float)


def is_text(value) -> bool:
    return top(value).__class__ is str


def ifna(*args):
    """IFNA(value, value_if_na): the fallback for #N/A only; any other error stays."""
    if len(args) != 2:
        raise FormulaError(Err("#N/A", f"Wrong number of arguments to IFNA. Expected 2 arguments, but got "
                                       f"{len(args)} arguments."))
    value, fallback = args
    err = error_in(value)
    if err is None:
        return top(value)
    if err.code != "#N/A":
        raise FormulaError(err)
    return fallback


def regex(pattern: str):
    """REGEXMATCH's pattern, compiled as Sheets does: by RE2 (its syntax: `\\p{Lu}` yes, back-references no; its
    linear time, so no pattern can hold the emulator)."""
    try:
        return re2.compile(pattern, options=_QUIET)
    except (re2.error, TypeError, ValueError):
        raise FormulaError(Err("#REF!", f'Function REGEXMATCH parameter 2 value "{pattern}" is not a valid '
                                        f'regular expression.')) from None


_QUIET = re2.Options()
_QUIET.log_errors = False       # a bad pattern is the formula's #REF!, not a line on the emulator's stderr
