"""Row and column groups (DimensionGroup) as Sheets keeps them: a depth per row or column.

Google's model, from the API reference: adding a group over a range raises the depth of every
row/column in it by one, deleting one lowers it by one; a group of depth d is a maximal run of
rows/columns whose depth is at least d. So adding a superset of a group nests that group one
deeper, a subset nests inside it, and an overlap unites. Depth is at most 8.

A sheet keeps `dim_groups = {"ROWS": ((start, end, depth), ...), "COLUMNS": ...}` (runs of equal
depth, sorted) and `dim_groups["collapsed"]`, a frozenset of (dimension, start, end, depth). The
dict is replaced, never changed in place, so batchUpdate's shallow sheet copies stay safe.
"""

from __future__ import annotations

from turfbook_emulator.sheets.model import Sheet

MAX_DEPTH = 8


def runs(sheet: Sheet, dimension: str) -> tuple[tuple[int, int, int], ...]:
    return (getattr(sheet, "dim_groups", None) or {}).get(dimension, ())


def collapsed(sheet: Sheet) -> frozenset:
    return (getattr(sheet, "dim_groups", None) or {}).get("collapsed", frozenset())


def _store(sheet: Sheet, dimension: str, new_runs: list[tuple[int, int, int]], folded: frozenset | None = None):
    merged: list[tuple[int, int, int]] = []
    for s, e, d in sorted(r for r in new_runs if r[2] > 0 and r[1] > r[0]):
        if merged and merged[-1][1] == s and merged[-1][2] == d:
            merged[-1] = (merged[-1][0], e, d)
        else:
            merged.append((s, e, d))
    state = dict(getattr(sheet, "dim_groups", None) or {})
    state[dimension] = tuple(merged)
    live = {(dimension, g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
            for g in _groups(sheet.sheet_id, dimension, tuple(merged), frozenset())}
    kept = folded if folded is not None else collapsed(sheet)
    state["collapsed"] = frozenset(k for k in kept if k[0] != dimension or k in live)
    sheet.dim_groups = state


def change_depth(sheet: Sheet, dimension: str, start: int, end: int, delta: int) -> None:
    """Raise (delta=1) or lower (delta=-1) the depth of [start, end)."""
    cuts = sorted({start, end} | {x for s, e, _ in runs(sheet, dimension) for x in (s, e)})
    depth_at = {}
    for s, e, d in runs(sheet, dimension):
        for a, b in zip(cuts, cuts[1:], strict=False):
            if s <= a and b <= e:
                depth_at[(a, b)] = d
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        d = depth_at.get((a, b), 0)
        if start <= a and b <= end:
            d = max(0, d + delta)
            if d > MAX_DEPTH:
                raise ValueError(f"Cannot add a group: the maximum group depth is {MAX_DEPTH}.")
        out.append((a, b, d))
    _store(sheet, dimension, out)


def _groups(sheet_id: int, dimension: str, depth_runs, folded: frozenset) -> list[dict]:
    out = []
    top = max((d for _, _, d in depth_runs), default=0)
    for depth in range(1, top + 1):
        start = None
        prev_end = None
        for s, e, d in [*depth_runs, (None, None, 0)]:
            inside = d >= depth and (start is None or s == prev_end)
            if start is not None and not inside:
                out.append(_group(sheet_id, dimension, start, prev_end, depth, folded))
                start = None
            if d >= depth and start is None:
                start = s
            prev_end = e
    return out


def _group(sheet_id: int, dimension: str, start: int, end: int, depth: int, folded: frozenset) -> dict:
    group = {"range": {"sheetId": sheet_id, "dimension": dimension, "startIndex": start, "endIndex": end},
             "depth": depth}
    if (dimension, start, end, depth) in folded:
        group["collapsed"] = True  # false is left out, as protobuf JSON does
    return group


def groups(sheet: Sheet, dimension: str) -> list[dict]:
    """The sheet's rowGroups or columnGroups, by depth then position, as spreadsheets.get shows them."""
    return _groups(sheet.sheet_id, dimension, runs(sheet, dimension), collapsed(sheet))


def set_collapsed(sheet: Sheet, dimension: str, start: int, end: int, depth: int, value: bool) -> bool:
    """False when no group has exactly that range and depth."""
    if not any(g["range"]["startIndex"] == start and g["range"]["endIndex"] == end and g["depth"] == depth
               for g in groups(sheet, dimension)):
        return False
    key = (dimension, start, end, depth)
    folded = collapsed(sheet) | {key} if value else collapsed(sheet) - {key}
    _store(sheet, dimension, list(runs(sheet, dimension)), frozenset(folded))
    return True


def reshape(sheet: Sheet, dimension: str, span) -> None:
    """Rows/columns inserted or deleted: runs shift like format layers (`span(s, e)` from dims.py)."""
    if not runs(sheet, dimension):
        return
    moved = []
    for s, e, d in runs(sheet, dimension):
        new = span(s, e)
        if new is not None and new[1] is not None:
            moved.append((new[0], new[1], d))
    _store(sheet, dimension, moved, frozenset())
