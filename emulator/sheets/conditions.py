"""Conditional-format rules evaluated per cell, roughly as Sheets does, for the HTML view.

CUSTOM_FORMULA rules are evaluated with relative references shifted from the rule range's
top-left cell to the cell being drawn (`$` anchors stay put), the way Sheets applies them.
"""

from __future__ import annotations

import re

from turfbook_emulator.sheets import formula, values
from turfbook_emulator.sheets.model import Book, Err, Sheet

_REF = re.compile(r"(?<![A-Za-z0-9_$])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![\w(])")


def shift_refs(text: str, dr: int, dc: int) -> str:
    """Move relative references by (dr, dc), leaving string literals and $-anchored parts."""
    from turfbook_emulator.sheets.a1 import column_index, column_letters

    def move(m: re.Match) -> str:
        col_abs, letters, row_abs, digits = m.groups()
        col = letters if col_abs else column_letters(max(0, column_index(letters) + dc))
        row = digits if row_abs else str(max(1, int(digits) + dr))
        return f"{col_abs}{col}{row_abs}{row}"

    parts = re.split(r'("(?:[^"]|"")*")', text)
    return "".join(p if p.startswith('"') else _REF.sub(move, p) for p in parts)


_QUALIFIED = re.compile(r"((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?)([A-Za-z]{1,3})(\$?)(\d*)"
                        r"(?::(\$?)([A-Za-z]{1,3})(\$?)(\d*))?(?![\w(])")


def _move_open(a, b, rows: bool, point, rebuild, index_of) -> str:
    """An open-ended range (A:C, A2:C): columns move with column changes; its first row moves with
    row changes (to the next surviving row when deleted) while the open end stays open, as in Sheets."""
    if rows:
        if not a[3]:
            return f"{''.join(a)}:{''.join(b)}"
        start = int(a[3]) - 1
        new = point(start)
        probe = start
        while new is None and probe < start + 100_000:
            probe += 1
            new = point(probe)
        if new is None:
            return "#REF!"
        return f"{rebuild(*a, new)}:{''.join(b)}"
    lo, hi = index_of(a[1], "1"), index_of(b[1], "1")
    kept = [point(lo), point(hi)]
    if kept[0] is None or kept[1] is None:
        survivors = [p for p in (point(i) for i in range(min(lo, hi), max(lo, hi) + 1)) if p is not None]
        if not survivors:
            return "#REF!"
        kept = [survivors[0], survivors[-1]]
    return f"{rebuild(*a, kept[0])}:{rebuild(*b, kept[1])}"


def move_refs(text: str, title: str, dimension: str, point, own_sheet: bool = True) -> str:
    """Rewrite a formula's references to `title` after rows/columns moved: `point(old index)` is the
    new 0-based index or None when deleted (a lone deleted cell becomes #REF!, a range shrinks)."""
    from turfbook_emulator.sheets.a1 import column_index, column_letters, split_sheet

    rows = dimension == "ROWS"

    def index_of(letters: str, digits: str) -> int:
        return int(digits) - 1 if rows else column_index(letters)

    def rebuild(abs1, letters, abs2, digits, new: int) -> str:
        if rows:
            return f"{abs1}{letters}{abs2}{new + 1}"
        return f"{abs1}{column_letters(new)}{abs2}{digits}"

    def move(m: re.Match) -> str:
        prefix = m.group(1) or ""
        if not prefix and not own_sheet:
            return m.group(0)  # in another tab's formula a bare reference means that tab
        if prefix and (split_sheet(prefix + "A1")[0] or "").casefold() != title.casefold():
            return m.group(0)
        if m.start() > 0 and m.string[m.start() - 1].isalnum():
            return m.group(0)
        a = m.group(2, 3, 4, 5)
        b = m.group(6, 7, 8, 9) if m.group(7) else None
        if b is None and not a[3]:
            return m.group(0)  # a name such as TRUE, not a cell
        if b is not None and (not a[3] or not b[3]):
            return prefix + _move_open(a, b, rows, point, rebuild, index_of)
        first = index_of(a[1], a[3])
        if b is None:
            new = point(first)
            return "#REF!" if new is None else prefix + rebuild(*a, new)
        last = index_of(b[1], b[3])
        lo, hi = min(first, last), max(first, last)
        kept = [point(i) for i in (lo, hi)]
        if kept[0] is None or kept[1] is None:
            survivors = [p for p in (point(i) for i in range(lo, hi + 1)) if p is not None]
            if not survivors:
                return "#REF!"
            kept = [survivors[0], survivors[-1]]
        return f"{prefix}{rebuild(*a, kept[0])}:{rebuild(*b, kept[1])}"

    parts = re.split(r'("(?:[^"]|"")*")', text)
    return "".join(p if p.startswith('"') else _QUALIFIED.sub(move, p) for p in parts)


def matching_format(book: Book, sheet: Sheet, r: int, c: int) -> dict | None:
    """The format of the first conditional-format rule that holds for (r, c), if any."""
    for rule in sheet.conditional_formats:
        boolean = rule.get("booleanRule")
        if not boolean:
            continue
        for grid in rule.get("ranges", []):
            if grid.get("sheetId", 0) != sheet.sheet_id:
                continue
            r0, c0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
            r1, c1 = grid.get("endRowIndex", sheet.row_count), grid.get("endColumnIndex", sheet.col_count)
            if r0 <= r < r1 and c0 <= c < c1:
                if _holds(book, sheet, boolean.get("condition") or {}, r, c, r - r0, c - c0):
                    return boolean.get("format") or {}
                break
    return None


def _args(condition: dict) -> list[str]:
    return [str(v.get("userEnteredValue", "")) for v in condition.get("values") or []]


def _holds(book: Book, sheet: Sheet, condition: dict, r: int, c: int, dr: int, dc: int) -> bool:
    kind = condition.get("type", "")
    value = sheet.value(r, c)
    args = _args(condition)
    text = "" if value is None else str(value)
    if kind == "BLANK":
        return value in (None, "")
    if kind == "NOT_BLANK":
        return value not in (None, "")
    if kind == "CUSTOM_FORMULA" and args:
        result = formula.evaluate(shift_refs(args[0], dr, dc), _lookup(book, sheet))
        return bool(result) and not isinstance(result, Err) and result != "FALSE"
    if kind.startswith("TEXT_"):
        needle = (args[0] if args else "").lower()
        hay = text.lower()
        return {"TEXT_CONTAINS": needle in hay, "TEXT_NOT_CONTAINS": needle not in hay,
                "TEXT_STARTS_WITH": hay.startswith(needle), "TEXT_ENDS_WITH": hay.endswith(needle),
                "TEXT_EQ": hay == needle}.get(kind, False)
    if kind.startswith("NUMBER_") and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            nums = [float(a) for a in args]
        except ValueError:
            return False
        first = nums[0] if nums else 0.0
        return {"NUMBER_GREATER": value > first, "NUMBER_GREATER_THAN_EQ": value >= first,
                "NUMBER_LESS": value < first, "NUMBER_LESS_THAN_EQ": value <= first,
                "NUMBER_EQ": value == first, "NUMBER_NOT_EQ": value != first,
                "NUMBER_BETWEEN": len(nums) > 1 and nums[0] <= value <= nums[1],
                "NUMBER_NOT_BETWEEN": len(nums) > 1 and not nums[0] <= value <= nums[1]}.get(kind, False)
    return False


def _lookup(book: Book, sheet: Sheet):
    def lookup(name, span):
        target = sheet if name is None else book.sheet_by_title(name)
        if target is None:
            raise formula.FormulaError(Err("#REF!"))
        r0, c0, r1, c1 = values.bounded(target, span)
        r1 = min(r1, max(len(target.rows), r0 + 1))
        return [[target.value(r, c) for c in range(c0, c1)] for r in range(r0, r1)]
    return lookup
