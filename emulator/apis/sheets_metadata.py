"""Sheets v4: spreadsheets.developerMetadata.get and .search (DeveloperMetadataLookup filters)."""

from __future__ import annotations

import copy

from emulator.errors import ApiError
from emulator.registry import Call, handles
from emulator.sheets import book_or_404


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
        if any(theirs.get(k) is not None and mine.get(k) != theirs.get(k)
               for k in ("sheetId", "dimension", "startIndex", "endIndex")):
            return False
    return True


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
