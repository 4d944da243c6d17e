"""Cell formats, notes and data validation as layers over ranges plus sparse per-cell entries.

A format layer is (r0, r1, c0, c1, paths, values): the `fields` paths (relative to
userEnteredFormat; "" = the whole format) set from `values` over a block. Per-cell entries in
`sheet.formats` are complete userEnteredFormat dicts and win over layers; adding a layer also
patches the per-cell entries inside it, so "later wins" holds without one entry per cell.
"""

from __future__ import annotations

import copy
from typing import Any

from turfbook_emulator.sheets.model import Sheet


def get_path(obj: dict | None, path: str) -> Any:
    if not path:
        return obj
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def set_path(obj: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        child = obj.get(part)
        if not isinstance(child, dict):
            child = obj[part] = {}
        obj = child
    if value is None:
        obj.pop(parts[-1], None)
    else:
        obj[parts[-1]] = copy.deepcopy(value)


def patch(fmt: dict, paths: tuple[str, ...], values: dict) -> dict:
    for path in paths:
        if path == "":
            fmt.clear()
            fmt.update(copy.deepcopy(values))
        else:
            set_path(fmt, path, get_path(values, path))
    return fmt


def _covers(path: str, wanted: str) -> bool:
    return path == "" or wanted == path or wanted.startswith(path + ".") or path.startswith(wanted + ".")


def layered_format(sheet: Sheet, r: int, c: int) -> dict:
    fmt: dict = {}
    for r0, r1, c0, c1, paths, values in sheet.format_layers:
        if r0 <= r < r1 and c0 <= c < c1:
            patch(fmt, paths, values)
    return fmt


def cell_format(sheet: Sheet, r: int, c: int) -> dict:
    """The cell's userEnteredFormat ({} when it has none)."""
    own = sheet.formats.get((r, c))
    if own is not None:
        return own
    return layered_format(sheet, r, c) if sheet.format_layers else {}


def number_format(sheet: Sheet, r: int, c: int) -> dict | None:
    own = sheet.formats.get((r, c))
    if own is not None:
        return own.get("numberFormat")
    for r0, r1, c0, c1, paths, _values in reversed(sheet.format_layers):
        if r0 <= r < r1 and c0 <= c < c1 and any(_covers(p, "numberFormat") for p in paths):
            return layered_format(sheet, r, c).get("numberFormat")
    return None


def layers_touching(sheet: Sheet, wanted: str, r0: int, r1: int, c0: int, c1: int) -> list[tuple]:
    return [layer for layer in sheet.format_layers
            if layer[0] < r1 and r0 < layer[1] and layer[2] < c1 and c0 < layer[3]
            and any(_covers(p, wanted) for p in layer[4])]


def add_format_layer(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, paths: tuple[str, ...],
                     values: dict) -> None:
    values = copy.deepcopy(values)
    # A new layer covering an older one completely on the same paths makes the older one moot.
    sheet.format_layers = [
        layer for layer in sheet.format_layers
        if not (r0 <= layer[0] and layer[1] <= r1 and c0 <= layer[2] and layer[3] <= c1
                and (paths == ("",) or set(layer[4]) <= set(paths)))
    ]
    sheet.format_layers.append((r0, r1, c0, c1, tuple(paths), values))
    for (r, c), fmt in list(sheet.formats.items()):
        if r0 <= r < r1 and c0 <= c < c1:
            fmt = patch(copy.deepcopy(fmt), paths, values)
            if fmt:
                sheet.formats[(r, c)] = fmt
            else:
                del sheet.formats[(r, c)]


def set_cell_format(sheet: Sheet, r: int, c: int, paths: tuple[str, ...], values: dict) -> None:
    fmt = copy.deepcopy(cell_format(sheet, r, c))
    patch(fmt, paths, values)
    sheet.formats[(r, c)] = fmt


_INTERNED: dict[tuple, dict] = {}


def _interned(number_format_value: dict) -> dict:
    """One shared {"numberFormat": …} per format: 100k typed dates cost one dict, not 100k.

    Per-cell format dicts are never changed in place (they are replaced), so sharing is safe.
    """
    key = (number_format_value.get("type"), number_format_value.get("pattern"))
    found = _INTERNED.get(key)
    if found is None:
        found = _INTERNED[key] = {"numberFormat": dict(number_format_value)}
    return found


def set_number_format_if_unset(sheet: Sheet, r: int, c: int, number_format_value: dict) -> None:
    """USER_ENTERED dates and percentages bring a format, unless the cell already has one."""
    own = sheet.formats.get((r, c))
    if own is not None:
        if "numberFormat" not in own:
            sheet.formats[(r, c)] = {**own, "numberFormat": dict(number_format_value)}
        return
    if sheet.format_layers and number_format(sheet, r, c):
        return
    fmt = layered_format(sheet, r, c) if sheet.format_layers else {}
    if fmt:
        fmt["numberFormat"] = dict(number_format_value)
        sheet.formats[(r, c)] = fmt
    else:
        sheet.formats[(r, c)] = _interned(number_format_value)


def number_format_bands(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> list[tuple[int, int, list]]:
    """[(band_r0, band_r1, [numberFormat of each column])]: layers are uniform within a band."""
    layers = layers_touching(sheet, "numberFormat", r0, r1, c0, c1)
    if not layers:
        return [(r0, r1, [None] * (c1 - c0))]
    cuts = sorted({r0, r1} | {min(max(layer[i], r0), r1) for layer in layers for i in (0, 1)})
    bands = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        row_formats = []
        for c in range(c0, c1):
            fmt: dict = {}
            for lr0, lr1, lc0, lc1, paths, values in layers:
                if lr0 <= a < lr1 and lc0 <= c < lc1:
                    patch(fmt, paths, values)
            row_formats.append(fmt.get("numberFormat"))
        bands.append((a, b, row_formats))
    return bands


def validation(sheet: Sheet, r: int, c: int) -> dict | None:
    for r0, r1, c0, c1, rule in reversed(sheet.validation_layers):
        if r0 <= r < r1 and c0 <= c < c1:
            return rule
    return None


def set_validation(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, rule: dict | None) -> None:
    sheet.validation_layers = [
        layer for layer in sheet.validation_layers
        if not (r0 <= layer[0] and layer[1] <= r1 and c0 <= layer[2] and layer[3] <= c1)
    ]
    if rule is not None or any(layer[0] < r1 and r0 < layer[1] and layer[2] < c1 and c0 < layer[3]
                               for layer in sheet.validation_layers):
        sheet.validation_layers.append((r0, r1, c0, c1, copy.deepcopy(rule)))
