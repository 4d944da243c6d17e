"""Formula recalculation after every write, and Sheets' automatic format for formula results."""

from __future__ import annotations

from emulator.sheets import formats, formula
from emulator.sheets.model import Book, Err, Sheet
from emulator.sheets.numfmt import DATE_TYPES


def recalc(book: Book) -> None:
    """Recompute every formula in the book, in row order; a second pass settles formulas that
    read other formulas further down."""
    cells = [(sheet, key, text) for sheet in book.sheets for key, text in sorted(sheet.formulas.items())]
    if not cells:
        return
    chained = [False]

    def lookup_for(sheet: Sheet, first: list):
        def lookup(name, span):
            target = sheet if name is None else book.sheet_by_title(name)
            if target is None:
                raise formula.FormulaError(Err("#REF!", f"Unresolved sheet name '{name}'."))
            r0, c0, r1, c1 = span.clip(target.row_count, target.col_count)
            if not first:
                first.append((target, r0, c0))
            r1, c1 = min(r1, max(len(target.rows), r0 + 1)), min(c1, target.col_count)
            if target.formulas and not chained[0]:
                chained[0] = any(r0 <= r < r1 and c0 <= c < c1 for r, c in target.formulas) \
                    if (r1 - r0) * (c1 - c0) > len(target.formulas) else \
                    any((r, c) in target.formulas for r in range(r0, r1) for c in range(c0, c1))
            return [[target.value(r, c) for c in range(c0, c1)] for r in range(r0, r1)]
        return lookup

    for _ in range(3):
        changed = False
        for sheet, (r, c), text in cells:
            first: list = []
            value = formula.evaluate(text, lookup_for(sheet, first))
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            if first and isinstance(value, int | float) and not isinstance(value, bool) and "-" not in text:
                _infer_format(sheet, r, c, *first[0])
            old = sheet.value(r, c)
            if old != value or type(old) is not type(value):
                sheet.set_value(r, c, value)
                changed = True
        if not changed or not chained[0]:
            break


def _infer_format(sheet: Sheet, r: int, c: int, source: Sheet, sr: int, sc: int) -> None:
    """Like Sheets' automatic format: =A1+1 of a date shows a date."""
    fmt = formats.number_format(source, sr, sc)
    if fmt and fmt.get("type") in DATE_TYPES:
        formats.set_number_format_if_unset(sheet, r, c, fmt)
