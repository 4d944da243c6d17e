"""Sheets v4: spreadsheets.developerMetadata.get and .search (DeveloperMetadataLookup filters)."""

from __future__ import annotations

import copy

from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Call, handles
from turfbook_emulator.sheets import book_or_404


def matches(meta: dict, lookup: dict) -> bool:
    """Whether developer metadata fits a DeveloperMetadataLookup (every given field must agree)."""
    location = meta.get("location") or {}
    for key in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if lookup.get(key) is not None and meta.get(key) != lookup[key]:
            return False
    if lookup.get("locationType") and location.get("locationType") != lookup["locationType"]:
        return False
    wanted = lookup.get("metadataLocation") or {}
    if wanted.get("spreadsheet") and location.get("locationType") != "SPREADSHEET":
        return False
    if wanted.get("sheetId") is not None and location.get("sheetId") != wanted["sheetId"]:
        return False
    if wanted.get("dimensionRange"):
        mine, theirs = location.get("dimensionRange") or {}, wanted["dimensionRange"]
        if lookup.get("locationMatchingStrategy") == "EXACT_LOCATION":
            fields = (("sheetId", 0), ("dimension", None), ("startIndex", None), ("endIndex", None))
            if not mine or any(mine.get(k, d) != theirs.get(k, d) for k, d in fields):
                return False
        elif not _intersects(location, theirs):
            return False
    return True


def _intersects(location: dict, theirs: dict) -> bool:
    """INTERSECTING_LOCATION (the default): the lookup's row range matches metadata on those rows, on
    any column of that sheet, and on the sheet itself."""
    sheet_id = theirs.get("sheetId", 0)
    if location.get("locationType") == "SHEET":
        return location.get("sheetId", 0) == sheet_id
    mine = location.get("dimensionRange")
    if not mine or mine.get("sheetId", 0) != sheet_id:
        return False
    if mine.get("dimension") != theirs.get("dimension"):
        return True
    lo, hi = theirs.get("startIndex", 0), theirs.get("endIndex")
    start, end = mine.get("startIndex", 0), mine.get("endIndex")
    return (hi is None or start < hi) and (end is None or lo < end)


@handles("sheets.spreadsheets.developerMetadata.get")
def get(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    wanted = int(call.path["metadataId"])
    for meta in book.developer_metadata:
        if meta.get("metadataId") == wanted:
            return copy.deepcopy(meta)
    raise ApiError(404, f"No developer metadata with ID: {wanted}")


@handles("sheets.spreadsheets.developerMetadata.search")
def search(call: Call):
    book = book_or_404(call.store, call.path["spreadsheetId"])
    found: list[dict] = []
    for data_filter in (call.json() or {}).get("dataFilters") or []:
        lookup = (data_filter or {}).get("developerMetadataLookup")
        if lookup is None:
            raise ApiError(400, "Only developerMetadataLookup data filters are supported by the Turfbook emulator.")
        for meta in book.developer_metadata:
            if matches(meta, lookup):
                entry = next((e for e in found if e["developerMetadata"]["metadataId"] == meta["metadataId"]), None)
                if entry is None:
                    found.append({"developerMetadata": copy.deepcopy(meta), "dataFilters": [data_filter]})
                else:
                    entry["dataFilters"].append(data_filter)
    return {"matchedDeveloperMetadata": found} if found else {}
