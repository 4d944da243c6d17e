"""A small formula evaluator: arithmetic, comparisons, & and a handful of common functions.

Enough for formulas a service or a demo writes (`=A2*2`, `=SUM(B2:B9)`, `=IF(C2>3,"hi","lo")`),
plus arrays (see arrays.py): ARRAYFORMULA, array literals `{"Status"; ...}`, omitted arguments
(`IF(A:A="",,x)` gives blanks), VLOOKUP/MATCH/INDEX/ROW. Anything else evaluates to an error value
like Sheets' own: an unknown function is #NAME?, a malformed formula #ERROR!. Formulas are
recalculated when a reader needs them after a write (see recalc.py, which also expands array results,
and sheets/__init__.py `fresh`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from turfbook_emulator.sheets import a1, arrays, lookups
from turfbook_emulator.sheets.arrays import _ELEMENT_ERRORS, Col, ColRange, FormulaError, Range, _as_error, lift, rows
from turfbook_emulator.sheets.formula_tokens import ParseError, UnknownFunction, _tokenize, spans
from turfbook_emulator.sheets.functions import (
    _ADD,
    _DIV,
    _ELEMENTWISE,
    _MUL,
    _POW,
    _SUB,
    COMPARE,
    FUNCTIONS,
    _num,
    _scalar,
    _text,
    _truthy,
)
from turfbook_emulator.sheets.model import Err

Lookup = Callable[[str | None, a1.Span], list[list]]


def evaluate(formula: str, lookup: Lookup, spill: bool = False):
    """The value of `=...`; `lookup(sheet name or None, span)` returns the cells of a range. With
    `spill`, an array result larger than one cell comes back whole (rows of values) to expand."""
    try:
        tokens = _parsed(formula[1:])
        parser = _Parser(tokens, lookup)
        value = parser.expr()
        if spill and isinstance(value, Col) and len(value) > 1:
            return value if value.__class__ is Col else Col(value)  # a column: recalc expands it as it is
        value = rows(value)
        if spill and isinstance(value, list) and arrays.shape(value) != (1, 1) and value:
            return value
        if isinstance(value, list):
            value = value[0][0] if value and value[0] else None
        return None if value is None and parser.blank else 0 if value is None else value
    except FormulaError as exc:
        return exc.err
    except ZeroDivisionError:
        return Err("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.")
    except (ValueError, TypeError, OverflowError, IndexError, a1.A1Error):
        return Err("#VALUE!", "Formula could not be evaluated.")
    except RecursionError:            # nested past what the evaluator can follow: an error value, never a failed read
        return Err("#ERROR!", "Formula parse error.")


@lru_cache(maxsize=100_000)
def _parsed(text: str) -> tuple:
    """The tokens of a formula that parses (else ParseError) and names only functions the emulator has (else
    UnknownFunction, #NAME? for the whole formula as in Sheets), checked once per text without values: #ERROR!
    or #NAME? whatever evaluating it would meet first, and `spans` holds for `_Parser.captured`."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, None)
    parser.dry = 1
    parser.expr()
    if parser.pos != len(tokens):
        raise ParseError(Err("#ERROR!", "Formula parse error."))
    for kind, name in tokens:
        if kind == "func" and name.upper() not in FUNCTIONS and name.upper() not in lookups.BY_NAME | {"ARRAYFORMULA"}:
            raise UnknownFunction(Err("#NAME?", f"Unknown function: '{name}'."))
    return tokens


_VOLATILE = frozenset({"TODAY", "NOW", "RAND", "RANDBETWEEN", "RANDARRAY"})


class _Parser:
    def __init__(self, tokens, lookup):
        self.tokens, self.pos, self.lookup = tokens, 0, lookup
        self.arrays = 0  # > 0 inside ARRAYFORMULA(...)
        self.blank = False  # an IFERROR without a fallback gave its blank (Google: the cell shows nothing)
        self.spans = None   # formula_tokens.spans, once an error is captured
        self.dry = 0        # > 0: parsing only (`_parsed`'s check)

    def op(self, fn, *args):
        """An operator: element-wise inside ARRAYFORMULA (an error of scalars there is a value, as each element's
        would be: `1/0 + A1:A3` is three errors), else on the top-left values."""
        if self.dry:
            return None
        if self.arrays:
            if any(isinstance(a, list) for a in args):
                return lift(fn, *args)
            return arrays.safe(lambda: fn(*(_scalar(a) for a in args)))()
        return fn(*(_scalar(a) for a in args))

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, op=None):
        tok = self.peek()
        if op is not None and tok != ("op", op):
            raise ParseError(Err("#ERROR!", "Formula parse error."))
        self.pos += 1
        return tok

    def expr(self):
        left = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">=") and self.peek()[0] == "op":
            op = self.take()[1]
            left = self.op(COMPARE[op], left, self.concat())
        return left

    def concat(self):
        left = self.additive()
        while self.peek() == ("op", "&"):
            self.take()
            left = self.op(lambda a, b: _text(_scalar(a)) + _text(_scalar(b)), left, self.additive())
        return left

    def additive(self):
        left = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            left = self.op(_ADD if op == "+" else _SUB, left, self.term())
        return left

    def term(self):
        left = self.power()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            left = self.op(_MUL if op == "*" else _DIV, left, self.power())
        return left

    def power(self):
        left = self.unary()
        while self.peek() == ("op", "^"):
            self.take()
            left = self.op(_POW, left, self.unary())
        return left

    def unary(self):
        if self.peek() in (("op", "-"), ("op", "+")):
            op = self.take()[1]
            return self.op(lambda v: -_num(_scalar(v)) if op == "-" else _num(_scalar(v)), self.unary())
        # inside ARRAYFORMULA an error a value raises (an error literal, a function's, a sheet not there) is that
        # value, so an operator applies it to every element (`#N/A + A1:A3` is three errors)
        value = self.captured(self.primary, True) if self.arrays and not self.dry else self.primary()
        if self.peek() == ("op", "%"):
            self.take()
            value = self.op(lambda v: _num(_scalar(v)) / 100, value)
        return value

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if self.dry and kind in ("err", "ref", "name"):
            return None
        if kind == "err":
            raise FormulaError(Err(text, f"Formula contains {text}."))
        if kind == "ref":
            sheet, _, cells = text.rpartition("!")
            name = a1.split_sheet(sheet + "!A1")[0] if sheet else None
            span = a1.parse_cells(cells)
            full = getattr(self.lookup, "full", None)
            # Inside ARRAYFORMULA an open-ended range (A:A, A2:A) reaches the sheet's last row.
            cells = full(name, span) if self.arrays and full and span.r1 is None else self.lookup(name, span)
            if isinstance(cells, Col):     # a one-column read given as its values (recalc.py)
                return ColRange(cells, span.r0, span.c0)
            return Range(cells, span.r0, span.c0)
        if kind == "name":
            if text.upper() in ("TRUE", "FALSE"):
                return text.upper() == "TRUE"
            raise FormulaError(Err("#NAME?", f"Unknown range name: '{text}'."))
        if kind == "func":
            if self.arrays and not self.dry and getattr(self.lookup, "memo", None) is not None:
                return self.shared(text)
            return self.function(text)
        if (kind, text) == ("op", "{"):
            lines, row = [], [self.captured(self.expr)]      # an element's error is that element's value
            while self.peek() in (("op", ","), ("op", ";")):
                if self.take()[1] == ";":
                    lines.append(row)
                    row = []
                row.append(self.captured(self.expr))
            self.take("}")
            return None if self.dry else arrays.literal(lines + [row])
        if (kind, text) == ("op", "("):
            value = self.expr()
            self.take(")")
            return value
        raise ParseError(Err("#ERROR!", "Formula parse error."))

    def function(self, text: str):
        name = text.upper()
        self.arrays += name == "ARRAYFORMULA"
        try:
            args = self.arguments()
        finally:
            self.arrays -= name == "ARRAYFORMULA"
        return None if self.dry else self.call(name, text, args)

    def shared(self, text: str):
        """A function call inside ARRAYFORMULA whose value another formula of the sheet computed in this
        recalculation (recalc.py's `lookup.memo`): the two header formulas of a tab share all but their
        last VLOOKUP. Reused only for the same text on the same row when each range it read is still the
        very same read (recalc drops a read once a formula writes there); never with a volatile function."""
        start = self.pos - 1
        end = spans(self.tokens)[1].get(start)
        if end is None:
            return self.function(text)
        memo, lookup = self.lookup.memo, self.lookup
        key = (self.tokens[start:end], getattr(lookup, "row", None))
        hit = memo.get(key)
        if hit is not None and all(lookup.read(name, span, full) is got for name, span, full, got in hit[1]):
            self.pos = end
            self.blank |= hit[2]
            return hit[0]
        trace: list = []
        lookup.traces.append(trace)
        blank, self.blank = self.blank, False
        try:
            value = self.function(text)
        finally:
            lookup.traces.pop()
            blank, self.blank = self.blank, blank or self.blank     # (what this call set, kept with its value)
        if not any(got is None or got.__class__ is object for *_, got in trace) and not any(
                kind == "func" and name.upper() in _VOLATILE for kind, name in key[0]):
            if len(memo) >= 64:
                memo.clear()
            memo[key] = (value, trace, blank)
        return value

    def arguments(self) -> list:
        """Arguments up to `)`; an omitted one (`IF(x,,y)`) is None, a blank as in Sheets."""
        args, sep, end = [], (("op", ","), ("op", ";")), (("op", ","), ("op", ";"), ("op", ")"))
        if self.peek() != ("op", ")"):
            args.append(None if self.peek() in sep else self.captured(self.expr))
            while self.peek() in sep:
                self.take()
                args.append(None if self.peek() in end else self.captured(self.expr))
        self.take(")")
        return args

    def captured(self, parse, primary: bool = False):
        """`parse()`'s value (an argument's, a literal's element, or a value inside ARRAYFORMULA), or the error it
        raised as that value, as in Sheets: IFERROR(1/0, 5) is 5, ISNA(VLOOKUP(...)) sees the #N/A, IF(TRUE, 1,
        1/0) is 1; a function that uses an error value gives that error. Parsing goes on after its tokens."""
        start = self.pos
        try:
            return parse()
        except (ParseError, UnknownFunction):
            raise
        except (*_ELEMENT_ERRORS, a1.A1Error) as exc:
            ends, close = self.spans = self.spans or spans(self.tokens)   # (`_parsed`: the formula parses)
            self.pos = close.get(start, start + 1) if primary else ends[start]
            return _as_error(exc) if not isinstance(exc, a1.A1Error) else Err("#VALUE!", "Formula could not be "
                                                                               "evaluated.")

    def call(self, name: str, text: str, args: list):
        if name in lookups.BY_NAME:
            return lookups.call(name, args, row=getattr(self.lookup, "row", None), array_mode=bool(self.arrays),
                                scalar=_scalar, num=_num, truthy=_truthy)
        if name == "ARRAYFORMULA":
            if len(args) != 1:
                raise FormulaError(Err("#N/A", f"Wrong number of arguments to ARRAYFORMULA. Expected 1 "
                                               f"arguments, but got {len(args)} arguments."))
            return args[0]
        if name == "IFERROR" and (len(args) == 1 or (len(args) == 2 and args[1] is None)) \
                and not (self.arrays and isinstance(args[0], list)):
            try:                       # no fallback: on an error, a blank (what a cell of it shows: nothing)
                return _scalar(args[0])
            except FormulaError:
                self.blank = True
                return None
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise UnknownFunction(Err("#NAME?", f"Unknown function: '{text}'."))
        if self.arrays and name in _ELEMENTWISE and any(isinstance(a, list) for a in args):
            return lift(fn, *args)
        return fn(*map(rows, args))
