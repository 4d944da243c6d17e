"""CellData in and out: grid data for spreadsheets.get, and updateCells/repeatCell writes."""

from __future__ import annotations

import copy
from typing import Any

from turfbook_emulator import fields as fieldmask
from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import formats
from turfbook_emulator.sheets.model import DEFAULT_COL_PX, DEFAULT_FORMAT, DEFAULT_ROW_PX, Err, Sheet
from turfbook_emulator.sheets.numfmt import general, render

CELL_FIELDS = ("userEnteredValue", "userEnteredFormat", "note", "dataValidation", "hyperlink",
               "textFormatRuns", "pivotTable", "dataSourceTable", "dataSourceFormula", "chipRuns")


def paths_of(mask: str, where: str) -> list[str]:
    """Dotted leaf paths of a CellData `fields` mask; "*" selects every writable field."""
    if not mask:
        raise ApiError(400, f"Invalid {where}: At least one field must be specified.")
    tree = fieldmask.parse(mask)
    out: list[str] = []

    def walk(node, prefix):
        for key, child in node.items():
            if key == "*" and not prefix:
                out.extend(("userEnteredValue", "userEnteredFormat", "note", "dataValidation"))
                continue
            path = f"{prefix}.{key}" if prefix else key
            if child is None or "*" in child:
                out.append(path)
            else:
                walk(child, path)
    walk(tree, "")
    return out


def typed_value(value: Any) -> dict:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    if isinstance(value, Err):
        return {"errorValue": value.api()}
    return {"stringValue": value}


def cell_data(sheet: Sheet, r: int, c: int) -> dict:
    out: dict[str, Any] = {}
    value = sheet.value(r, c)
    text = sheet.formulas.get((r, c))
    fmt = formats.cell_format(sheet, r, c)
    if text is not None:
        out["userEnteredValue"] = {"formulaValue": text}
    elif value is not None:
        out["userEnteredValue"] = typed_value(value)
    if value is not None:
        out["effectiveValue"] = typed_value(value)
        out["formattedValue"] = formatted(value, fmt.get("numberFormat"))
    if fmt:
        out["userEnteredFormat"] = copy.deepcopy(fmt)
    if value is not None or fmt:
        out["effectiveFormat"] = _merge(copy.deepcopy(DEFAULT_FORMAT), fmt)
    note = sheet.notes.get((r, c))
    if note:
        out["note"] = note
    rule = formats.validation(sheet, r, c)
    if rule:
        out["dataValidation"] = copy.deepcopy(rule)
    return out


def formatted(value: Any, number_format: dict | None) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Err):
        return value.code
    if isinstance(value, int | float):
        return render(value, number_format) if number_format else general(value)
    return value


def _merge(base: dict, over: dict) -> dict:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def grid_data(sheet: Sheet, r0: int, c0: int, r1: int, c1: int, dimension_meta: list | None = None) -> dict:
    """GridData for a block: rowData trimmed after the last row holding anything."""
    rows: list[dict] = []
    last = 0
    sparse = set(sheet.formats) | set(sheet.notes) | set(sheet.formulas)
    for r in range(r0, r1):
        values: list[dict] = []
        row_len = len(sheet.rows[r]) if r < len(sheet.rows) else 0
        for c in range(c0, c1):
            if c >= row_len and (r, c) not in sparse and not sheet.format_layers and not sheet.validation_layers:
                values.append({})           # positional: a note or format further right keeps its column
                continue
            values.append(cell_data(sheet, r, c))
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
        if values:
            last = len(rows)
    data: dict[str, Any] = {}
    if r0:
        data["startRow"] = r0
    if c0:
        data["startColumn"] = c0
    if last:
        data["rowData"] = rows[:last]
    data["rowMetadata"] = [_dimension_meta(sheet.row_meta.get(r), DEFAULT_ROW_PX) for r in range(r0, r1)]
    data["columnMetadata"] = [_dimension_meta(sheet.col_meta.get(c), DEFAULT_COL_PX) for c in range(c0, c1)]
    for meta in dimension_meta or []:
        dim = meta["location"]["dimensionRange"]
        rows = dim.get("dimension") == "ROWS"
        first, entries = (r0, data["rowMetadata"]) if rows else (c0, data["columnMetadata"])
        end = dim.get("endIndex", first + len(entries))
        for i in range(max(dim.get("startIndex", 0), first), min(end, first + len(entries))):
            entries[i - first].setdefault("developerMetadata", []).append(copy.deepcopy(meta))
    return data


def _dimension_meta(meta: dict | None, default_px: int) -> dict:
    out = {"pixelSize": default_px}
    if meta:
        out.update(meta)
    return out


def apply_cell(sheet: Sheet, r: int, c: int, cell: dict, paths: list[str]) -> None:
    """Write the `paths` of one CellData into (r, c): value, format, note, validation."""
    fmt_paths = []
    for path in paths:
        head, _, rest = path.partition(".")
        if head == "userEnteredValue":
            _set_entered(sheet, r, c, cell.get("userEnteredValue"))
        elif head == "userEnteredFormat":
            fmt_paths.append(rest)
        elif head == "note":
            if cell.get("note"):
                sheet.notes[(r, c)] = cell["note"]
            else:
                sheet.notes.pop((r, c), None)
        elif head == "dataValidation":
            formats.set_validation(sheet, r, r + 1, c, c + 1, cell.get("dataValidation"))
        elif head in CELL_FIELDS:
            continue  # accepted, not modelled
        else:
            raise ApiError(400, f"Invalid field mask: unknown CellData field '{path}'")
    if fmt_paths:
        formats.set_cell_format(sheet, r, c, tuple(fmt_paths), cell.get("userEnteredFormat") or {})


def _set_entered(sheet: Sheet, r: int, c: int, entered: dict | None) -> None:
    sheet.formulas.pop((r, c), None)
    if not entered:
        sheet.set_value(r, c, None)
    elif "formulaValue" in entered:
        sheet.formulas[(r, c)] = entered["formulaValue"]
        sheet.set_value(r, c, Err("#N/A", "pending"))
    elif "numberValue" in entered:
        number = float(entered["numberValue"])
        sheet.set_value(r, c, int(number) if number.is_integer() and abs(number) < 2**53 else number)
    elif "boolValue" in entered:
        sheet.set_value(r, c, bool(entered["boolValue"]))
    elif "stringValue" in entered:
        sheet.set_value(r, c, entered["stringValue"] or None)
    else:
        sheet.set_value(r, c, None)
