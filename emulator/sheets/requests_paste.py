"""batchUpdate kinds copyPaste and cutPaste: cells (value or formula, format, note, validation) go
from a source GridRange to a destination as Sheets pastes them.

copyPaste tiles the source over the destination when the destination is a multiple of its size,
and pastes it once (reaching past the destination) otherwise; relative formula references move
with the paste. cutPaste moves the cells to a GridCoordinate and clears the source; a cut formula
keeps its references, and references in the same tab to cut cells follow them, as in
Sheets. pasteType picks what is pasted (PASTE_NORMAL, PASTE_VALUES,
PASTE_FORMAT, PASTE_NO_BORDERS, PASTE_FORMULA, PASTE_DATA_VALIDATION, PASTE_CONDITIONAL_FORMATTING);
pasteOrientation TRANSPOSE swaps rows and columns.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from turfbook_emulator.sheets import formats
from turfbook_emulator.sheets.conditions import shift_refs
from turfbook_emulator.sheets.model import Err, Sheet
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind

PASTE_TYPES = ("PASTE_NORMAL", "PASTE_VALUES", "PASTE_FORMAT", "PASTE_NO_BORDERS", "PASTE_FORMULA",
               "PASTE_DATA_VALIDATION", "PASTE_CONDITIONAL_FORMATTING")


@dataclass
class Cell:
    r: int  # offset in the source
    c: int
    value: Any
    formula: str | None
    fmt: dict
    note: str | None
    rule: dict | None


def _take(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> list[Cell]:
    return [Cell(r - r0, c - c0, sheet.value(r, c), sheet.formulas.get((r, c)),
                 copy.deepcopy(formats.cell_format(sheet, r, c)), sheet.notes.get((r, c)),
                 copy.deepcopy(formats.validation(sheet, r, c)))
            for r in range(r0, r1) for c in range(c0, c1)]


def _put(sheet: Sheet, r: int, c: int, cell: Cell, paste_type: str, dr: int, dc: int, shift: bool) -> None:
    everything = paste_type in ("PASTE_NORMAL", "PASTE_NO_BORDERS")
    if everything or paste_type in ("PASTE_VALUES", "PASTE_FORMULA"):
        sheet.formulas.pop((r, c), None)
        if cell.formula and paste_type != "PASTE_VALUES":
            sheet.formulas[(r, c)] = shift_refs(cell.formula, dr, dc) if shift else cell.formula
            sheet.set_value(r, c, Err("#N/A", "pending"))
        else:
            sheet.set_value(r, c, cell.value)
    if everything:
        if cell.note:
            sheet.notes[(r, c)] = cell.note
        else:
            sheet.notes.pop((r, c), None)
    if everything or paste_type == "PASTE_FORMAT":
        fmt = copy.deepcopy(cell.fmt)
        if paste_type == "PASTE_NO_BORDERS":  # the destination keeps its own borders
            fmt.pop("borders", None)
            borders = formats.cell_format(sheet, r, c).get("borders")
            if borders:
                fmt["borders"] = copy.deepcopy(borders)
        sheet.formats[(r, c)] = fmt
    wants_rule = everything or paste_type == "PASTE_DATA_VALIDATION"
    if wants_rule and (cell.rule is not None or formats.validation(sheet, r, c) is not None):
        formats.set_validation(sheet, r, r + 1, c, c + 1, cell.rule)


def _paste_type(body: dict) -> str:
    paste_type = body.get("pasteType") or "PASTE_NORMAL"
    if paste_type not in PASTE_TYPES:
        raise RequestError(f"Invalid value for pasteType: {paste_type}")
    return paste_type


def _conditional(ctx: Ctx, src: Sheet, dest: Sheet, box: tuple[int, int, int, int], at: tuple[int, int]):
    """PASTE_NORMAL / PASTE_CONDITIONAL_FORMATTING: rules on the source cells cover the pasted cells too."""
    r0, r1, c0, c1 = box
    for rule in list(src.conditional_formats):
        for g in list(rule.get("ranges") or []):
            if g.get("sheetId", 0) != src.sheet_id:
                continue
            gr0, gc0 = g.get("startRowIndex", 0), g.get("startColumnIndex", 0)
            gr1, gc1 = g.get("endRowIndex", src.row_count), g.get("endColumnIndex", src.col_count)
            ir0, ir1, ic0, ic1 = max(r0, gr0), min(r1, gr1), max(c0, gc0), min(c1, gc1)
            if ir0 >= ir1 or ic0 >= ic1:
                continue
            new = copy.deepcopy(rule)
            new["ranges"] = [{"sheetId": dest.sheet_id, "startRowIndex": at[0] + ir0 - r0,
                              "endRowIndex": at[0] + ir1 - r0, "startColumnIndex": at[1] + ic0 - c0,
                              "endColumnIndex": at[1] + ic1 - c0}]
            dest.conditional_formats.append(new)
            break


def _fits(sheet: Sheet, r1: int, c1: int) -> None:
    if r1 > sheet.row_count or c1 > sheet.col_count:
        raise RequestError(f"Paste would write past the grid: it needs {r1} rows and {c1} columns, the sheet "
                           f"'{sheet.title}' has {sheet.row_count} rows and {sheet.col_count} columns.")


@kind("copyPaste")
def copy_paste(ctx: Ctx, body: dict) -> None:
    paste_type = _paste_type(body)
    transpose = (body.get("pasteOrientation") or "NORMAL") == "TRANSPOSE"
    src, r0, r1, c0, c1 = ctx.grid(body.get("source"))
    cells = _take(src, r0, r1, c0, c1)
    height, width = (c1 - c0, r1 - r0) if transpose else (r1 - r0, c1 - c0)
    dest, d0, d1, e0, e1 = ctx.grid(body.get("destination"))
    if not height or not width:
        return
    reps_r = (d1 - d0) // height if (d1 - d0) % height == 0 and d1 - d0 >= height else 1
    reps_c = (e1 - e0) // width if (e1 - e0) % width == 0 and e1 - e0 >= width else 1
    _fits(dest, d0 + reps_r * height, e0 + reps_c * width)
    for i in range(reps_r):
        for j in range(reps_c):
            top, left = d0 + i * height, e0 + j * width
            for cell in cells:
                dr, dc = (cell.c, cell.r) if transpose else (cell.r, cell.c)
                r, c = top + dr, left + dc
                _put(dest, r, c, cell, paste_type, r - (r0 + cell.r), c - (c0 + cell.c), shift=True)
            if paste_type in ("PASTE_NORMAL", "PASTE_CONDITIONAL_FORMATTING") and not transpose:
                _conditional(ctx, src, dest, (r0, r1, c0, c1), (top, left))


@kind("cutPaste")
def cut_paste(ctx: Ctx, body: dict) -> None:
    paste_type = _paste_type(body)
    src, r0, r1, c0, c1 = ctx.grid(body.get("source"))
    at = body.get("destination") or {}
    dest = ctx.sheet(at.get("sheetId"))
    top, left = int(at.get("rowIndex") or 0), int(at.get("columnIndex") or 0)
    _fits(dest, top + r1 - r0, left + c1 - c0)
    cells = _take(src, r0, r1, c0, c1)
    blank = Cell(0, 0, None, None, {}, None, None)
    for cell in cells:  # the source goes empty first, so an overlapping destination keeps what lands
        _put(src, r0 + cell.r, c0 + cell.c, blank, "PASTE_NORMAL", 0, 0, shift=False)
        src.formats.pop((r0 + cell.r, c0 + cell.c), None)
    if src.format_layers:
        formats.add_format_layer(src, r0, r1, c0, c1, ("",), {})
        for (r, c), fmt in list(src.formats.items()):
            if r0 <= r < r1 and c0 <= c < c1 and not fmt:
                del src.formats[(r, c)]
    for cell in cells:
        _put(dest, top + cell.r, left + cell.c, cell, paste_type, 0, 0, shift=False)
    if dest is src:
        for key, text in list(src.formulas.items()):
            src.formulas[key] = _follow_cut(text, (r0, r1, c0, c1), top - r0, left - c0)


_A1 = re.compile(r"(?<![A-Za-z0-9_$!'])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?::(\$?)([A-Za-z]{1,3})(\$?)(\d+))?(?![\w(!])")


def _follow_cut(text: str, box: tuple[int, int, int, int], dr: int, dc: int) -> str:
    """References (unqualified, same tab) to cells wholly inside the cut block follow them, as in Sheets."""
    from turfbook_emulator.sheets.a1 import column_index, column_letters

    r0, r1, c0, c1 = box

    def inside(letters: str, digits: str) -> bool:
        return r0 <= int(digits) - 1 < r1 and c0 <= column_index(letters) < c1

    def move(m: re.Match) -> str:
        ca, letters, ra, digits, ca2, letters2, ra2, digits2 = m.groups()
        if not inside(letters, digits) or (letters2 and not inside(letters2, digits2)):
            return m.group(0)
        out = f"{ca}{column_letters(column_index(letters) + dc)}{ra}{int(digits) + dr}"
        if letters2:
            out += f":{ca2}{column_letters(column_index(letters2) + dc)}{ra2}{int(digits2) + dr}"
        return out

    parts = re.split(r'("(?:[^"]|"")*")', text)
    return "".join(p if p.startswith('"') else _A1.sub(move, p) for p in parts)
