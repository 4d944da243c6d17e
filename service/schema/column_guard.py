"""One atomic spreadsheets.batchUpdate that lands only if no column (and no header row) of the tabs it
writes has moved since the workbook was read — for `sheets init`, whose header writes, header
formulas and clears address cells by position (docs/write-path.md, "sheets init under guard").

The Sheets API has no conditional write; the guard is built from developer metadata, which Google
keeps on its row or column as they move (see ids.py / row_writes.py for the same construction):

1. one spreadsheets.get (sheet IDs and grid sizes) + one batchUpdate: a COLUMN tag on every column
   of each watched tab and a ROW tag on its first two rows (metadata only, never a cell; stale tags
   of a crashed run are deleted first);
2. `plan()` reads the workbook and returns the requests — positions as read *after* the tags were
   placed;
3. developerMetadata.search: every tag must still sit where it was placed (a column inserted,
   deleted or moved, a row inserted or deleted above the header between the tagging and the read
   moved one) — else nothing is written and the round starts again;
4. one atomic batchUpdate: per tag `deleteDeveloperMetadata` EXACT_LOCATION + the same metadataId
   created again (refused when the tag has moved since step 3: the whole batch fails), a fresh tag on
   the last column seen (refused when a column was deleted), then the requests, then the
   tags' deletion. A refused batch → back to 1, at most ATTEMPTS rounds; then GuardRefused (nothing
   of it was written).

Residual, stated: a person typing into the very cell being written (an empty header cell past the
last column, or a service cell being cleared) inside the write's flight loses that text; no
position-based write can avoid it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import BadRequest, GoogleError

KEY = "turfbook_init"
ATTEMPTS = 3
FIELDS = "sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))"


class GuardRefused(RuntimeError):
    """Columns kept moving: nothing was written (EN/ES)."""

    def __init__(self, tabs: list[str]):
        names = ", ".join(tabs)
        super().__init__(f"sheets init: columns of {names} kept moving while it wrote; nothing was written — run it "
                         f"again / las columnas de {names} se movieron mientras escribía; no se escribió nada — "
                         f"vuelva a ejecutarlo")


@dataclass
class _Tag:
    metadata_id: int
    sheet_id: int
    dimension: str
    index: int


def apply_guarded(sheets, titles: list[str], plan: Callable[[], list[dict]], *, idempotent: bool = False) -> bool:
    """Send `plan()`'s requests guarded by the columns and header rows of the tabs `titles` (those that
    exist); False when plan() returned nothing to do. GuardRefused after ATTEMPTS refused rounds."""
    for _ in range(ATTEMPTS):
        grid = _grid(sheets, titles)
        tags = _tags(grid)
        try:
            sheets.batch_update([sr.delete_metadata_by_key(KEY)] + [sr.create_metadata(_meta(t)) for t in tags],
                                idempotent=True)
        except BadRequest:                          # a column or row went away meanwhile: look again
            continue
        landed = False
        try:
            requests = plan()
            if not requests:
                return False
            if not _all_in_place(sheets, tags):
                continue
            taken = {t.metadata_id for t in tags}
            end = [_Tag(_new_id(taken), sid, "COLUMNS", cols - 1) for sid, (_, cols) in grid.items() if cols]
            guard = [r for t in tags for r in _still_at(t)] + [sr.create_metadata(_meta(t)) for t in end]
            try:
                sheets.batch_update(guard + requests + [sr.delete_metadata_by_key(KEY)], idempotent=idempotent)
            except BadRequest:
                continue                            # a tag moved after the check: nothing was written
            landed = True
            return True
        finally:
            if not landed:
                _clean(sheets)
    raise GuardRefused(titles)


def _grid(sheets, titles: list[str]) -> dict[int, tuple[int, int]]:
    """sheetId -> (rowCount, columnCount) of the watched tabs that exist."""
    out = {}
    for sheet in sheets.metadata(FIELDS).get("sheets", []):
        props = sheet["properties"]
        if props["title"] in titles:
            grid = props.get("gridProperties", {})
            out[props["sheetId"]] = (grid.get("rowCount", 1000), grid.get("columnCount", 26))
    return out


def _tags(grid: dict[int, tuple[int, int]]) -> list[_Tag]:
    taken: set[int] = set()
    tags = []
    for sheet_id, (rows, cols) in grid.items():
        tags += [_Tag(_new_id(taken), sheet_id, "COLUMNS", c) for c in range(cols)]
        tags += [_Tag(_new_id(taken), sheet_id, "ROWS", r) for r in range(min(rows, 2))]
    return tags


def _all_in_place(sheets, tags: list[_Tag]) -> bool:
    found = {m.get("metadataId"): m for m in sheets.search_metadata([{"metadataKey": KEY}])}
    for tag in tags:
        where = (found.get(tag.metadata_id) or {}).get("location", {}).get("dimensionRange")
        if not where or where.get("startIndex") != tag.index or where.get("sheetId") != tag.sheet_id:
            return False
    return True


def _new_id(taken: set[int]) -> int:
    while True:
        candidate = secrets.randbelow(2**31 - 2) + 1
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _meta(tag: _Tag) -> dict:
    return sr.dimension_metadata(tag.metadata_id, KEY, "guard", sr.dimension_range(tag.sheet_id, tag.dimension,
                                                                                    tag.index))


def _still_at(tag: _Tag) -> list[dict]:
    """Fails the whole batch unless the tag sits exactly where it was placed (see ids._still_at)."""
    here = sr.dimension_range(tag.sheet_id, tag.dimension, tag.index)
    return [sr.delete_metadata_exactly_at(tag.metadata_id, here), sr.create_metadata(_meta(tag))]


def _clean(sheets) -> None:
    try:
        sheets.batch_update([sr.delete_metadata_by_key(KEY)], idempotent=True)
    except GoogleError:
        pass                                        # stale tags are harmless; the next run deletes them
