"""The spreadsheet functions the formula evaluator knows (formula.py), and the value rules they share:
numbers, text and comparisons as Sheets coerces them."""

from __future__ import annotations

import datetime as dt
import math
import re

from turfbook_emulator.sheets.arrays import FormulaError
from turfbook_emulator.sheets.model import Err
from turfbook_emulator.sheets.numfmt import to_serial


def _scalar(value):
    if value.__class__ in _PLAIN:
        return value
    if isinstance(value, list):
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
    "AND": lambda *a: all(_truthy(v) for v, _ in _flat(a) if v is not None),
    "OR": lambda *a: any(_truthy(v) for v, _ in _flat(a) if v is not None),
    "NOT": lambda v: not _truthy(_scalar(v)),
    "CONCATENATE": lambda *a: "".join(_text(v) for v, _ in _flat(a)),
    "CONCAT": lambda a, b: _text(_scalar(a)) + _text(_scalar(b)),
    "LEN": lambda v: len(_text(_scalar(v))),
    "UPPER": lambda v: _text(_scalar(v)).upper(),
    "LOWER": lambda v: _text(_scalar(v)).lower(),
    "TRIM": lambda v: " ".join(_text(_scalar(v)).split()),
    "ROUND": lambda v, d=0: round(_num(_scalar(v)), int(_num(_scalar(d)))),
    "ABS": lambda v: abs(_num(_scalar(v))),
    "ISBLANK": lambda v: _scalar(v) in (None, ""),
    "TODAY": lambda: to_serial(dt.date.today()),
    "NOW": lambda: to_serial(dt.datetime.now()),
    "DATE": lambda y, m, d: to_serial(dt.date(int(_num(_scalar(y))), int(_num(_scalar(m))),
                                              int(_num(_scalar(d))))),
    "SQRT": lambda v: math.sqrt(_num(_scalar(v))),
    "LEFT": lambda v, n=1: _text(_scalar(v))[:int(_num(_scalar(n)))],
    "RIGHT": lambda v, n=1: _text(_scalar(v))[-int(_num(_scalar(n))):] if int(_num(_scalar(n))) else "",
    "MID": lambda v, s, n: _mid(_text(_scalar(v)), int(_num(_scalar(s))), int(_num(_scalar(n)))),
    "ISNUMBER": lambda v: isinstance(_scalar(v), int | float) and not isinstance(_scalar(v), bool),
    "ISTEXT": lambda v: isinstance(_scalar(v), str),
    "REGEXMATCH": lambda v, p: re.search(_text(_scalar(p)), _text(_scalar(v))) is not None,
    "EXACT": lambda a, b: _text(_scalar(a)) == _text(_scalar(b)),
    "HYPERLINK": lambda url, label=None: _text(_scalar(url if label is None else label)),
}

# Functions applied to each element of their array arguments inside ARRAYFORMULA (the others,
# SUM and friends, take whole arrays).
_ELEMENTWISE = {"IF", "IFERROR", "NOT", "LEN", "UPPER", "LOWER", "TRIM", "ROUND", "ABS", "ISBLANK", "DATE",
                "SQRT", "LEFT", "RIGHT", "MID", "ISNUMBER", "ISTEXT", "REGEXMATCH", "EXACT", "CONCAT", "HYPERLINK"}
