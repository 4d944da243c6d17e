"""Arrays in formulas, as Google Sheets has them: ARRAYFORMULA's element-wise evaluation, array
literals `{a, b; c, d}`, and the lookup functions (VLOOKUP, MATCH, INDEX, ROW) that the service's
header formulas use.

An array is a list of row lists. `Range` is an array read from the grid that remembers where it
starts (for ROW). Inside ARRAYFORMULA, operators and scalar functions apply to each element
(`lift`); an error in one element stays in that element (IFERROR can catch it there).

Column-wise (issue 22, emu22e): a one-column array inside ARRAYFORMULA is a `Col`, its values in one
flat list (not a list of one-value rows), so each step of a 100k-row formula is one list comprehension
over plain values; `ColRange` is a one-column read. `rows()` gives the list-of-rows form to every
consumer that is not column-aware (formula.py converts at those calls; evaluate at the end).

The lookups themselves (VLOOKUP, MATCH, INDEX) are in lookups.py.
"""

from __future__ import annotations

from itertools import repeat

from turfbook_emulator.sheets.model import Err

NA_SIZE = Err("#N/A", "Array arguments are of different size.")


class FormulaError(Exception):
    def __init__(self, err: Err):
        self.err = err


class Range(list):
    """Rows read from the grid, with the 0-based position of their top-left cell."""

    __slots__ = ("r0", "c0")

    def __init__(self, rows, r0: int = 0, c0: int = 0):
        super().__init__(rows)
        self.r0, self.c0 = r0, c0


class Col(list):
    """A one-column array as its values, top to bottom (see the module's docstring)."""

    __slots__ = ()


class ColRange(Col):
    """A one-column read from the grid as its values, with the 0-based position of its top cell."""

    __slots__ = ("r0", "c0")

    def __init__(self, values, r0: int = 0, c0: int = 0):
        super().__init__(values)
        self.r0, self.c0 = r0, c0


def rows(value):
    """The list-of-rows form of an array (a `Col` wrapped, a `ColRange` as a `Range`); anything else as it is."""
    if isinstance(value, Col):
        out = [[v] for v in value]
        return Range(out, value.r0, value.c0) if isinstance(value, ColRange) else out
    return value


def shape(value) -> tuple[int, int]:
    """(rows, columns); arrays here are rectangular (grid reads and literals are padded)."""
    if not isinstance(value, list):
        return (1, 1)
    if isinstance(value, Col):
        return (len(value), 1)
    return (len(value), len(value[0]) if value else 0)


def column(value, height: int) -> list:
    """An argument as one flat column of `height` elements (scalars repeat; 1-row arrays repeat)."""
    if not isinstance(value, list):
        return repeat(value, height)  # type: ignore[return-value]
    if isinstance(value, Col):
        if len(value) == 1 and height > 1:
            return repeat(value[0], height)  # type: ignore[return-value]
        return value if len(value) >= height else value + [NA_SIZE] * (height - len(value))
    if len(value) == 1 and height > 1:
        first = value[0][0] if value[0] else None
        return repeat(first, height)  # type: ignore[return-value]
    out = [row[0] if row else None for row in value]
    return out + [NA_SIZE] * (height - len(out))


_ELEMENT_ERRORS = (FormulaError, ZeroDivisionError, ValueError, TypeError, OverflowError, IndexError)


def _as_error(exc: BaseException) -> Err:
    """What an element shows when computing it raised (as Sheets shows per cell)."""
    if isinstance(exc, FormulaError):
        return exc.err
    if isinstance(exc, ZeroDivisionError):
        return Err("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.")
    return Err("#VALUE!", "Formula could not be evaluated.")


def safe(fn):
    def call(*args):
        try:
            return fn(*args)
        except _ELEMENT_ERRORS as exc:
            return _as_error(exc)
    return call


def map_column(fn, *columns) -> Col:
    """Col(fn(a, b, ...) for each element of the columns), an error in one element that element's value
    (exactly `safe`), without a wrapper call per element: one try per run of elements that succeed."""
    out = Col()
    append = out.append
    elements = zip(*columns, strict=False)     # scalars repeat without end; arrays set the length
    while True:
        try:
            for args in elements:
                append(fn(*args))
            return out
        except _ELEMENT_ERRORS as exc:        # the element being computed: its error, then go on
            append(_as_error(exc))


# Column forms of the hot element-wise functions (IF, IFERROR, ISBLANK, comparisons): fn -> a function
# of flat columns (lists of one length) giving the result column (a Col), one list comprehension with the
# common element types inline and `safe(fn)` for any other element, so each element's value is exactly
# fn's (functions.py registers them; tests/unit/test_emulator_arrays.py checks them against fn).
COLUMNS: dict = {}
# fn -> a function of (a column, a scalar) for fn(column, scalar) such as A:A="" or ROW(A:A)=1; None when it
# has no faster form for that scalar (the column form above is used then)
WITH_SCALAR: dict = {}


def flat(value, height: int) -> list:
    """`column` as a list (a scalar repeated `height` times, in C)."""
    col = column(value, height)
    return col if isinstance(col, list) else list(col)


def lift(fn, *args):
    """fn applied to each element of the array arguments (scalars broadcast); a result array as
    large as the largest argument, #N/A where a smaller array has no element (as Sheets pads)."""
    arrays = [a for a in args if isinstance(a, list)]
    if not arrays:
        return fn(*args)
    height = max(shape(a)[0] for a in arrays)
    width = max(shape(a)[1] for a in arrays)
    if width == 1:
        one = WITH_SCALAR.get(fn)
        if one is not None and len(args) == 2 and isinstance(args[0], list) and not isinstance(args[1], list):
            out = one(flat(args[0], height), args[1])
            if out is not None:
                return out
        fast = COLUMNS.get(fn)
        if fast is not None:
            try:
                return fast(*(flat(a, height) for a in args))
            except TypeError:    # a wrong number of arguments: each element's own error, as below
                pass
        return map_column(fn, *(column(a, height) for a in args))
    args = tuple(rows(a) for a in args)
    call = safe(fn)
    out = []
    for r in range(height):
        row = []
        for c in range(width):
            row.append(call(*(_at(a, r, c) for a in args)))
        out.append(row)
    return out


def _at(value, r: int, c: int):
    if not isinstance(value, list):
        return value
    h, w = shape(value)
    r, c = (0 if h == 1 else r), (0 if w == 1 else c)
    if r >= h or c >= len(value[r]):
        return NA_SIZE if r >= h or c >= w else None
    return value[r][c]


def literal(rows: list[list]) -> list[list]:
    """{a, b; c, d}: elements side by side make a row, rows stack; sizes must agree as in Sheets."""
    stacked: list[list] = []
    width = None
    for elements in rows:
        parts = [rows(v) if isinstance(v, list) else [[v]] for v in elements]
        heights = {len(p) for p in parts}
        if len(heights) > 1:
            raise FormulaError(Err("#VALUE!", f"Function ARRAY_ROW parameter 2 has mismatched row size. "
                                              f"Expected: {len(parts[0])}. Actual: {len(parts[1])}."))
        height = heights.pop()
        block = [[v for p in parts for v in (list(p[i]) + [None] * (shape(p)[1] - len(p[i])))]
                 for i in range(height)]
        if width is not None and block and len(block[0]) != width:
            raise FormulaError(Err("#VALUE!", "In ARRAY_LITERAL, an Array Literal was missing values for one "
                                              "or more rows."))
        width = len(block[0]) if block else width
        stacked += block
    return stacked


def row_numbers(ref, current_row: int | None, *, array_mode: bool):
    """ROW(range): its first row number, or each row's number inside ARRAYFORMULA."""
    if ref is None:
        if current_row is None:
            raise FormulaError(Err("#VALUE!", "ROW needs a cell."))
        return current_row + 1
    if not isinstance(ref, Range | ColRange):
        raise FormulaError(Err("#VALUE!", "Function ROW parameter 1 expects a cell reference."))
    if array_mode and len(ref) > 1:
        return Col(range(ref.r0 + 1, ref.r0 + 1 + len(ref)))
    return ref.r0 + 1
