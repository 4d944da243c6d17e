"""The write half of the values engine (values.py): write (RAW or USER_ENTERED), put, clear."""

from __future__ import annotations

from functools import partial
from itertools import chain
from operator import countOf

from turfbook_emulator.errors import ApiError
from turfbook_emulator.plain_rows import PlainRows
from turfbook_emulator.sheets import a1, formats, strict
from turfbook_emulator.sheets.inputs import parse_user_entered, read_en_us
from turfbook_emulator.sheets.model import Book, Err, Sheet
from turfbook_emulator.sheets.values import bounded, unable  # noqa: F401


def write(book: Book, sheet: Sheet, span: a1.Span, values: list, input_option: str,
          major: str = "ROWS", range_text: str = "", dry: bool = False, checked: bool = False,
          kinds: frozenset | None = None, size: tuple[int, int] | None = None) -> dict:
    """Write a 2-D array at the span's top-left; returns an UpdateValuesResponse (sans id). `checked`: a
    dry run of this very write passed on this grid (its size unchanged since): the span and grid checks
    are not made again (the data validation check is). A dry run answers {"kinds": the cells' types,
    "size": (height, width) of the block written (rows as written: COLUMNS transposed)}, for the checked
    write to take as `kinds` and `size` (the cells and rows are not looked over again)."""
    plain = values.__class__ is PlainRows           # a body's rows, their types and lengths known (plain_rows.py)
    if plain and values.marked and (major == "COLUMNS" or sheet.validation_layers):
        values = values.as_sent()                   # (None there: a null, "leave the cell")
    if major == "COLUMNS":
        values = _transpose(values)
        plain = False
    if size is not None:
        height, width = size
    else:
        height = len(values)
        width = values.width if plain else max(map(len, values), default=0)
    r0, c0 = span.r0, span.c0
    if not checked:
        if not (span.r1 == r0 + 1 and span.c1 == c0 + 1):      # a single cell takes any array
            if span.r1 is not None and r0 + height > span.r1:
                raise ApiError(400, f"Requested writing within range [{range_text}], but tried writing to row "
                                    f"[{span.r1 + 1}]")
            if span.c1 is not None and c0 + width > span.c1:
                raise ApiError(400, f"Requested writing within range [{range_text}], but tried writing to "
                                    f"column [{a1.column_letters(span.c1)}]")
        sheet.check_grid(r0, c0, max(r0 + height, r0 + 1), max(c0 + width, c0 + 1))
    if kinds is None and not checked and not plain:      # (PlainRows: str, int and bool only, from the decode)
        kinds = _cell_kinds(values)      # one C pass (a 400 for an object or a list), handed to put: no second
    if sheet.validation_layers:
        strict.check(book, sheet, r0, c0, values, input_option)
    if dry:
        return {"kinds": kinds, "size": (height, width)}
    put(sheet, r0, c0, values, input_option, book.locale, kinds)
    if not height or not width:
        return {"updatedRange": a1.format_range(sheet.title, r0, c0, r0 + 1, c0 + 1)}
    rows_touched = values.touched if plain else sum(map(bool, values))
    return {"updatedRange": a1.format_range(sheet.title, r0, c0, r0 + height, c0 + width),
            "updatedRows": rows_touched, "updatedColumns": width,
            "updatedCells": height * width if plain and values.even else sum(map(len, values))}


def _transpose(values: list) -> list:
    width = max((len(col) for col in values), default=0)
    return [[col[i] if i < len(col) else None for col in values] for i in range(width)]


_CELL_KINDS = frozenset({str, int, float, bool, type(None)})


def _cell_kinds(values: list) -> frozenset:
    """The cells' types (one C pass); 400 like Google for a cell that is an object or a list."""
    kinds = frozenset(map(type, chain.from_iterable(values)))
    if not _CELL_KINDS.issuperset(kinds):
        i, j, v = next((i, j, v) for i, row in enumerate(values) for j, v in enumerate(row)
                       if v.__class__ not in _CELL_KINDS)
        raise ApiError(400, f"Invalid values[{i}][{j}]: {'struct_value' if isinstance(v, dict) else 'list_value'}")
    return kinds


def put(sheet: Sheet, r0: int, c0: int, values: list, input_option: str, locale: str | None = None,
        kinds: frozenset | None = None) -> None:
    """USER_ENTERED strings are read as typed in `locale` (the spreadsheet's; en_US when None). The row
    lists of `values` are handed over: a RAW whole row may be stored as that very list (a request body's
    rows, parsed for it alone), so a caller must not reuse or change them afterwards."""
    src = sheet.own_rows()
    user = input_option == "USER_ENTERED"
    need = r0 + len(values)
    if len(src) < need:
        src.extend([] for _ in range(need - len(src)))
    formulas = sheet.formulas
    # USER_ENTERED text: each distinct text read once, looked up by a plain dict (a C call, no key tuple);
    # en_US's dict is kept between calls (bounded), another locale's lives for this call only
    if locale is None or locale == "en_US":
        known, parse = EN_US_TEXT, read_en_us
    else:
        known, parse = {}, partial(parse_user_entered, locale=locale)
    known_text = known.get
    if not user and not formulas and not c0:
        # whole rows (the common values.update): the cells' types known from the decode (PlainRows) or
        # checked over one flat list (C loops)
        if values.__class__ is PlainRows:
            if values.gaps:                         # no "" left to find (plain_rows.py)
                _replace_rows(src, r0, need, values)
            else:
                _whole_rows(src, r0, need, values, list(chain.from_iterable(values)) if values.even else None)
            return
        cells = list(chain.from_iterable(values))
        plain = _PLAIN.issuperset(map(type, cells) if kinds is None else kinds)
        if plain:
            width = len(values[0]) if values else 0
            _whole_rows(src, r0, need, values, cells if width and set(map(len, values)) == {width} else None)
            return
    else:
        if values.__class__ is PlainRows and values.marked:
            values = values.as_sent()               # (None below: a null, "leave the cell")
        plain = not user and not formulas and (values.__class__ is PlainRows or _PLAIN.issuperset(
            map(type, chain.from_iterable(values)) if kinds is None else kinds))
    if user and not formulas:
        _user_cells(sheet, src, r0, c0, values, known, parse)
        return
    for i, row_values in enumerate(values):
        if not row_values:
            continue
        row = src[r0 + i]
        end = c0 + len(row_values)
        if len(row) < end:
            row.extend([None] * (end - len(row)))
        r = r0 + i
        if plain or (not user and not formulas and _PLAIN.issuperset(map(type, row_values))):
            # RAW text, whole numbers and booleans over no formula: the cells as sent, "" as an empty
            # cell, in C loops (the same result as the step per cell below)
            row[c0:end] = map(_EMPTY_AS_GAP, row_values, row_values)
            continue
        for j, v in enumerate(row_values):
            if v is None:
                continue  # null: leave the cell as it is
            c = c0 + j
            if formulas and (r, c) in formulas:
                del formulas[(r, c)]
            if user:
                if v.__class__ is str:
                    got = known_text(v)
                    if got is None:
                        got = _learn(known, v, parse)
                    row[c] = got if got.__class__ is str else _parsed(sheet, r, c, got)   # str: stored as it is
                else:
                    row[c] = _whole(v) if v.__class__ is float else v
            elif v.__class__ is str:
                row[c] = v if v != "" else None
            else:
                row[c] = _whole(v) if v.__class__ is float else v


def _user_cells(sheet: Sheet, src: list, r0: int, c0: int, values: list, known: dict, parse) -> None:
    """put's step per cell for USER_ENTERED over a sheet with no formula (the service's nightly writes:
    thousands of short ranges): the same steps with none for a formula in the way (each cell is written
    once, so a formula set here is never in the way of another)."""
    known_text = known.get
    for r, row_values in enumerate(values, r0):
        if not row_values:
            continue
        row = src[r]
        end = c0 + len(row_values)
        if len(row) < end:
            row.extend([None] * (end - len(row)))
        for c, v in enumerate(row_values, c0):
            if v.__class__ is str:
                got = known_text(v)
                if got is None:
                    got = _learn(known, v, parse)
                row[c] = got if got.__class__ is str else _parsed(sheet, r, c, got)   # str: stored as it is
            elif v is not None:             # (null: leave the cell as it is)
                row[c] = _whole(v) if v.__class__ is float else v


def _whole_rows(src: list, r0: int, need: int, values: list, cells: list | None) -> None:
    """RAW text, whole numbers and booleans written from column A over no formula: each stored row no
    longer than its new one is replaced by the body's own list (parsed for this request, used by nothing
    else), the others as in put's loop. "" is an empty cell: when every row has the same width (`cells`:
    the rows' cells as one flat list), each "" is found by a C search of `cells` and set to None in its
    row (no call per row); otherwise (`cells` None) per row (`in` is a C loop; `_gaps` changes those
    cells only)."""
    if cells is not None:                               # a rectangle: every row `width` long
        width = len(values[0])
        i = -1
        try:
            while True:
                i = cells.index("", i + 1)
                values[i // width][i % width] = None
        except ValueError:
            pass
        olds = src[r0:need]
        if max(map(len, olds), default=0) <= width:         # every stored row replaced, in one C step
            src[r0:need] = values
        else:
            src[r0:need] = [new if len(old) <= width else _overlay(old, new)
                            for old, new in zip(olds, values, strict=True)]
        return
    src[r0:need] = [(new if "" not in new else _gaps(new))
                    if new and len(old) <= len(new) else _overlay(old, new)
                    for old, new in zip(src[r0:need], values, strict=True)]


def _replace_rows(src: list, r0: int, need: int, values: PlainRows) -> None:
    """_whole_rows for rows with no "" (`gaps`: an empty text is None already, or there was none)."""
    olds = src[r0:need]
    if values.even and max(map(len, olds), default=0) <= values.width:
        src[r0:need] = values                       # every stored row replaced, in one C step
    else:
        src[r0:need] = [new if new and len(old) <= len(new) else _overlay(old, new)
                        for old, new in zip(olds, values, strict=True)]


def _overlay(row: list, new: list) -> list:
    """RAW plain cells over the start of a longer stored row (or none: an empty row leaves it)."""
    if new:
        row[:len(new)] = map(_EMPTY_AS_GAP, new, new)
    return row


# text -> parse_user_entered(text) in en_US (its format dicts shared: read only), or, for a text stored as it is,
# that text (the first one read: the cells written since share it, so the memo keeps no second copy). The
# limit holds a night's texts of the service tabs at 100k rows (~140k IDs and statuses; ~10 MB of dict):
# the next night finds them all.
EN_US_TEXT: dict[str, tuple | str] = {}
TEXT_LIMIT = 1 << 18                 # entries kept (emptied when full)


def _learn(known: dict, v: str, parse) -> tuple | str:
    """parse(v), kept in `known` (v itself when it is a text stored as it is)."""
    if len(known) >= TEXT_LIMIT:
        known.clear()
    got = parse(v)
    if got[0] is v and got[1] is None and got[2] is None:
        got = v
    known[v] = got
    return got
_PLAIN = frozenset({str, int, bool})
_EMPTY_AS_GAP = {"": None}.get       # get(v, v): None for "", any other value as it is


def _gaps(row: list) -> list:
    """The row with each "" as an empty cell (None), changed in place: a C search per "" when a row has a
    few (no call and no hash per cell), a pass over the row when it has many."""
    n = countOf(row, "")
    if n > 4:
        return list(map(_EMPTY_AS_GAP, row, row))
    i = 0
    for _ in range(n):
        i = row.index("", i)
        row[i] = None
    return row


def _whole(number: float) -> float | int:
    """Sheets keeps doubles but answers 5, not 5.0, for a whole number."""
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def clear(sheet: Sheet, span: a1.Span) -> None:
    sheet.check_grid(*span.clip(sheet.row_count, sheet.col_count))
    r0, c0, r1, c1 = bounded(sheet, span)
    rows = sheet.own_rows()
    whole_rows = c0 == 0 and c1 >= sheet.col_count
    if whole_rows:  # drop the row lists wholesale
        rows[r0:min(r1, len(rows))] = [[] for _ in range(r0, min(r1, len(rows)))]
        while rows and not rows[-1]:
            rows.pop()
    for r in range(r0, r0 if whole_rows else min(r1, len(rows))):
        row = sheet.rows[r]
        if c0 < len(row):
            for c in range(c0, min(c1, len(row))):
                row[c] = None
            while row and row[-1] is None:
                row.pop()
    if sheet.formulas:
        for key in [k for k in sheet.formulas if r0 <= k[0] < r1 and c0 <= k[1] < c1]:
            del sheet.formulas[key]


# ----- appending -------------------------------------------------------------------------


def _parsed(sheet: Sheet, r: int, c: int, got: tuple):
    """A USER_ENTERED text parsed (_learn: value, number format, formula): the formula and the format kept
    where the cell is, the value to store returned (a formula's: #N/A until recalculated)."""
    value, fmt, text = got
    if text is not None:
        sheet.formulas[(r, c)] = text
        return Err("#N/A", "pending")
    if fmt is not None:
        formats.set_number_format_if_unset(sheet, r, c, fmt)
    return value
