"""The spreadsheet functions the formula evaluator knows (formula.py), and the value rules they share:
numbers, text and comparisons as Sheets coerces them."""

from __future__ import annotations

import datetime as dt
import math
import operator
from itertools import repeat

from turfbook_emulator.sheets import info
from turfbook_emulator.sheets.arrays import COLUMNS, WITH_SCALAR, Col, FormulaError, safe
from turfbook_emulator.sheets.model import Err
from turfbook_emulator.sheets.numfmt import to_serial


def _scalar(value):
    if value.__class__ in _PLAIN:
        return value
    if isinstance(value, Col):
        value = value[0] if value else None
    elif isinstance(value, list):
        value = value[0][0] if value and value[0] else None
    if isinstance(value, Err):
        raise FormulaError(value)
    return value


_PLAIN = (str, float, int, bool, type(None))


def _num(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        raise FormulaError(Err("#VALUE!", f"Function expects number values. But '{value}' is a text.")) from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(op, a, b):
    if a.__class__ is str and b.__class__ is str:
        a, b = a.casefold(), b.casefold()
        return a == b if op == "=" else a != b if op == "<>" else {"<": a < b, ">": a > b, "<=": a <= b,
                                                                   ">=": a >= b}[op]
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.lower(), b.lower()
    elif isinstance(a, str) != isinstance(b, str):
        a, b = _text(a), _text(b)
    a = 0 if a is None else a
    b = 0 if b is None else b
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _comparison(op):
    def compare(a, b):
        return _compare(op, _scalar(a), _scalar(b))
    return compare


COMPARE = {op: _comparison(op) for op in ("=", "<>", "<", ">", "<=", ">=")}


def _flat(args):
    for arg in args:
        if isinstance(arg, list):
            for row in arg:
                for v in row:
                    if isinstance(v, Err):
                        raise FormulaError(v)
                    yield v, True
        else:
            yield _scalar(arg), False


def _numbers(args):
    return [float(v) if not isinstance(v, bool) else float(v) for v, from_range in _flat(args)
            if isinstance(v, int | float) and not (from_range and isinstance(v, bool)) or
            (not from_range and isinstance(v, str) and _is_number(v))]


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _ADD(a, b):
    return _num(_scalar(a)) + _num(_scalar(b))


def _SUB(a, b):
    return _num(_scalar(a)) - _num(_scalar(b))


def _MUL(a, b):
    return _num(_scalar(a)) * _num(_scalar(b))


def _DIV(a, b):
    return _num(_scalar(a)) / _num(_scalar(b))


def _POW(a, b):
    base, power = _num(_scalar(a)), _num(_scalar(b))
    value = base ** power
    if value.__class__ is complex:           # a negative number to a fractional power: Sheets' #NUM!, not a
        raise FormulaError(Err("#NUM!", f"Function POW parameter 1 value is {base:g}. It should be greater than "
                                        f"or equal to 0."))       # complex number no answer can carry
    return value


def _if(cond, then=True, otherwise=False):
    if cond.__class__ is bool:
        return then if cond else otherwise
    return then if _truthy(_scalar(cond)) else otherwise


def _truthy(value) -> bool:
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        raise FormulaError(Err("#VALUE!", f"Function IF parameter 1 expects boolean values. But '{value}' is a text."))
    return bool(value)


def _iferror(value, fallback=None):
    try:
        return _scalar(value)
    except FormulaError:
        return fallback


def _decided(args) -> list:
    """AND/OR's values (blanks left out), all read first: an error among them is theirs (_flat raises it), whatever
    value would decide first."""
    return [v for v, _ in _flat(args) if v is not None]


def _regexmatch(text: str, pattern: str) -> bool:
    return info.regex(pattern).search(text) is not None


def _average(*args):
    nums = _numbers(args)
    if not nums:
        raise FormulaError(Err("#DIV/0!", "Evaluation of function AVERAGE caused a divide by zero error."))
    return sum(nums) / len(nums)


def _mid(text: str, start: int, count: int) -> str:
    return text[start - 1:start - 1 + count]


FUNCTIONS = {
    "SUM": lambda *a: sum(_numbers(a)),
    "AVERAGE": _average,
    "MIN": lambda *a: min(_numbers(a), default=0),
    "MAX": lambda *a: max(_numbers(a), default=0),
    "COUNT": lambda *a: len(_numbers(a)),
    "COUNTA": lambda *a: sum(1 for v, _ in _flat(a) if v not in (None, "")),
    "IF": _if,
    "IFERROR": _iferror,
    "IFNA": info.ifna,
    "ISERROR": info.is_error,
    "ISERR": info.is_err,
    "ISNA": info.is_na,
    "AND": lambda *a: all(map(_truthy, _decided(a))),
    "OR": lambda *a: any(map(_truthy, _decided(a))),
    "NOT": lambda v: not _truthy(_scalar(v)),
    "CONCATENATE": lambda *a: "".join(_text(v) for v, _ in _flat(a)),
    "CONCAT": lambda a, b: _text(_scalar(a)) + _text(_scalar(b)),
    "LEN": lambda v: len(_text(_scalar(v))),
    "UPPER": lambda v: _text(_scalar(v)).upper(),
    "LOWER": lambda v: _text(_scalar(v)).lower(),
    "TRIM": lambda v: " ".join(_text(_scalar(v)).split()),
    "ROUND": lambda v, d=0: round(_num(_scalar(v)), int(_num(_scalar(d)))),
    "ABS": lambda v: abs(_num(_scalar(v))),
    "ISBLANK": info.is_blank,
    "TODAY": lambda: to_serial(dt.date.today()),
    "NOW": lambda: to_serial(dt.datetime.now()),
    "DATE": lambda y, m, d: to_serial(dt.date(int(_num(_scalar(y))), int(_num(_scalar(m))),
                                              int(_num(_scalar(d))))),
    "SQRT": lambda v: math.sqrt(_num(_scalar(v))),
    "LEFT": lambda v, n=1: _text(_scalar(v))[:int(_num(_scalar(n)))],
    "RIGHT": lambda v, n=1: _text(_scalar(v))[-int(_num(_scalar(n))):] if int(_num(_scalar(n))) else "",
    "MID": lambda v, s, n: _mid(_text(_scalar(v)), int(_num(_scalar(s))), int(_num(_scalar(n)))),
    "ISNUMBER": info.is_number,
    "ISTEXT": info.is_text,
    "REGEXMATCH": lambda v, p: _regexmatch(_text(_scalar(v)), _text(_scalar(p))),     # the text's error first
    "EXACT": lambda a, b: _text(_scalar(a)) == _text(_scalar(b)),
    "HYPERLINK": lambda url, label=None: _text(_scalar(url) if label is None else (_scalar(url), _scalar(label))[1]),
}

# Functions applied to each element of their array arguments inside ARRAYFORMULA (the others,
# SUM and friends, take whole arrays).
_ELEMENTWISE = {"IF", "IFERROR", "IFNA", "ISERROR", "ISERR", "ISNA", "NOT", "LEN", "UPPER", "LOWER", "TRIM", "ROUND",
                "ABS", "ISBLANK", "DATE", "SQRT", "LEFT", "RIGHT", "MID", "ISNUMBER", "ISTEXT", "REGEXMATCH", "EXACT",
                "CONCAT", "HYPERLINK"}


# ----- column forms (arrays.COLUMNS): the same values as the element functions, without a call per
# element for the common types; anything else (an error value, a blank, mixed types) goes through
# the element function itself.
_PLAIN_SET = frozenset(_PLAIN)
_NUMBERS = frozenset({int, float, bool})
_OPS = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, ">": operator.gt, "<=": operator.le,
        ">=": operator.ge}


def _compare_column(op):
    cmp, slow = _OPS[op], safe(COMPARE[op])
    nums = _NUMBERS

    def column(a: list, b: list) -> Col:
        return Col([cmp(x.casefold(), y.casefold()) if x.__class__ is str and y.__class__ is str else
                    cmp(x, y) if x.__class__ in nums and y.__class__ in nums else slow(x, y)
                    for x, y in zip(a, b, strict=True)])

    def equal(a: list, b: list) -> Col:  # equal text needs no casefold; only "" folds to ""
        return Col([(x == y or (x != "" != y and x.casefold() == y.casefold())) is not negate
                    if x.__class__ is str and y.__class__ is str else
                    cmp(x, y) if x.__class__ in nums and y.__class__ in nums else slow(x, y)
                    for x, y in zip(a, b, strict=True)])
    negate = op == "<>"
    return equal if op in ("=", "<>") else column


def _if_column(cond: list, then: list | None = None, otherwise: list | None = None) -> Col:
    if then is None:  # IF(c) and IF(c, t): the defaults TRUE and FALSE
        then = repeat(True)
    if otherwise is None:
        otherwise = repeat(False)
    slow, err = safe(_if), Err      # an error value as the condition is the element's value (what _if raises)
    return Col([t if c is True else o if c is False else c if c.__class__ is err else slow(c, t, o)
                for c, t, o in zip(cond, then, otherwise, strict=False)])  # a default repeats


def _iferror_column(values: list, fallback: list | None = None) -> Col:
    plain, slow, err = _PLAIN_SET, safe(_iferror), Err     # an error value: the fallback (what _iferror gives)
    if fallback is None:
        return Col([v if v.__class__ in plain else None if v.__class__ is err else slow(v) for v in values])
    return Col([v if v.__class__ in plain else f if v.__class__ is err else slow(v, f)
                for v, f in zip(values, fallback, strict=True)])


def _isblank_column(values: list) -> Col:
    plain, slow = _PLAIN_SET, safe(FUNCTIONS["ISBLANK"])
    return Col([v is None or v == "" if v.__class__ in plain else slow(v) for v in values])


def _exact_column(a: list, b: list) -> Col:   # the service's header formulas: EXACT(VLOOKUP(...), ids)
    slow, err = safe(FUNCTIONS["EXACT"]), Err    # an error value first: that error (EXACT reads `a` first)
    return Col([x == y if x.__class__ is str and y.__class__ is str else x if x.__class__ is err else slow(x, y)
                for x, y in zip(a, b, strict=True)])


def _equal_scalar(a: list, v) -> Col | None:
    """`_compare_column("=")` of a column and one text or number (A:A="", ROW(A:A)=1): the same values."""
    slow = safe(COMPARE["="])
    if v.__class__ is str:
        nonblank, blank, fold = v != "", v == "", v.casefold()
        return Col([(x == v or (nonblank and x != "" and x.casefold() == fold)) if x.__class__ is str else
                    blank if x is None else slow(x, v) for x in a])
    if v.__class__ in _NUMBERS:
        nums = _NUMBERS
        return Col([x == v if x.__class__ in nums else slow(x, v) for x in a])
    return None


COLUMNS.update({COMPARE[op]: _compare_column(op) for op in COMPARE})
WITH_SCALAR[COMPARE["="]] = _equal_scalar
COLUMNS[FUNCTIONS["EXACT"]] = _exact_column
COLUMNS.update({_if: _if_column, _iferror: _iferror_column, FUNCTIONS["ISBLANK"]: _isblank_column})
