"""Named builders for spreadsheets.batchUpdate requests: the only place outside the Sheets client
that knows the request vocabulary (addSheet, repeatCell, updateCells, ...). Each returns the exact
dict sent on the wire; callers outside service/workspace/ use these and never spell the keys."""

from __future__ import annotations

from typing import Any


def grid_range(sheet_id: int, row0: int | None = None, row1: int | None = None,
               col0: int | None = None, col1: int | None = None) -> dict:
    """A GridRange; bounds left as None are omitted (unbounded)."""
    out: dict[str, Any] = {"sheetId": sheet_id}
    for key, value in (("startRowIndex", row0), ("endRowIndex", row1),
                       ("startColumnIndex", col0), ("endColumnIndex", col1)):
        if value is not None:
            out[key] = value
    return out


def add_sheet(title: str, *, sheet_id: int | None = None, rows: int | None = None,
              cols: int | None = None, frozen_rows: int | None = None, hidden: bool = False) -> dict:
    props: dict[str, Any] = {}
    if sheet_id is not None:
        props["sheetId"] = sheet_id
    props["title"] = title
    if hidden:
        props["hidden"] = True
    grid: dict[str, Any] = {}
    if rows is not None:
        grid["rowCount"] = rows
    if cols is not None:
        grid["columnCount"] = cols
    if frozen_rows is not None:
        grid["frozenRowCount"] = frozen_rows
    if grid:
        props["gridProperties"] = grid
    return {"addSheet": {"properties": props}}


def append_dimension(sheet_id: int, dimension: str, length: int) -> dict:
    return {"appendDimension": {"sheetId": sheet_id, "dimension": dimension, "length": length}}


def insert_dimension(sheet_id: int, dimension: str, start: int, end: int, inherit_from_before: bool = False) -> dict:
    """Insert empty rows/columns [start, end): what sat at `start` and after shifts down/right."""
    return {"insertDimension": {"range": {"sheetId": sheet_id, "dimension": dimension,
                                          "startIndex": start, "endIndex": end},
                                "inheritFromBefore": inherit_from_before}}


def append_rows(sheet_id: int, n: int) -> dict:
    return append_dimension(sheet_id, "ROWS", n)


def repeat_cell(grid: dict, user_format: dict, fields: str | None = None) -> dict:
    """Apply one userEnteredFormat to every cell of `grid`; `fields` defaults to the format's keys."""
    if fields is None:
        fields = "userEnteredFormat(" + ",".join(user_format) + ")"
    return {"repeatCell": {"range": grid, "cell": {"userEnteredFormat": user_format}, "fields": fields}}


def clear_cells(grid: dict, fields: str) -> dict:
    """updateCells with a range and no rows: clears `fields` in the range."""
    return {"updateCells": {"range": grid, "fields": fields}}


def update_cells_at(sheet_id: int, row: int, col: int, rows: list[dict], fields: str) -> dict:
    """updateCells writing `rows` (RowData) starting at one cell."""
    return {"updateCells": {"rows": rows, "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col},
                            "fields": fields}}


def update_cells(grid: dict, rows: list[dict], fields: str) -> dict:
    """updateCells writing `rows` (RowData) into a range."""
    return {"updateCells": {"range": grid, "rows": rows, "fields": fields}}


def freeze(sheet_id: int, rows: int, cols: int | None = None) -> dict:
    grid: dict[str, Any] = {"frozenRowCount": rows}
    fields = "gridProperties.frozenRowCount"
    if cols is not None:
        grid["frozenColumnCount"] = cols
        fields = "gridProperties(frozenRowCount,frozenColumnCount)"
    return {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": grid},
                                      "fields": fields}}


def set_validation(grid: dict, rule: dict | None) -> dict:
    return {"setDataValidation": {"range": grid, "rule": rule}}


def column_width(sheet_id: int, index: int, width: int) -> dict:
    return {"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": index, "endIndex": index + 1},
        "properties": {"pixelSize": width}, "fields": "pixelSize"}}


def cell(*, note: str | None = None, user_format: dict | None = None, text: str | None = None,
         formula: str | None = None, number: float | None = None, boolean: bool | None = None) -> dict:
    """CellData for updateCells rows; {} leaves the cell alone. `number` (also a date's serial) and
    `boolean` are typed values, never parsed (as RAW)."""
    out: dict[str, Any] = {}
    if note is not None:
        out["note"] = note
    if text is not None:
        out["userEnteredValue"] = {"stringValue": text}
    if number is not None:
        out["userEnteredValue"] = {"numberValue": number}
    if boolean is not None:
        out["userEnteredValue"] = {"boolValue": boolean}
    if formula is not None:
        out["userEnteredValue"] = {"formulaValue": formula}
    if user_format is not None:
        out["userEnteredFormat"] = user_format
    return out


def row(cells: list[dict]) -> dict:
    """RowData for updateCells."""
    return {"values": cells}


def condition(kind: str, *values: str) -> dict:
    """A BooleanCondition; `values` become userEnteredValue entries (omitted when none)."""
    out: dict[str, Any] = {"type": kind}
    if values:
        out["values"] = [{"userEnteredValue": v} for v in values]
    return out


def data_validation_rule(cond: dict, *, input_message: str | None, strict: bool = False,
                    custom_ui: bool = False) -> dict:
    rule: dict[str, Any] = {"condition": cond, "strict": strict, "inputMessage": input_message}
    if custom_ui:
        rule["showCustomUi"] = True
    return rule


def protected_range(grid: dict, description: str, *, warning_only: bool = True) -> dict:
    """A ProtectedRange body (wrap with add_protected_range to send it)."""
    return {"range": grid, "description": description, "warningOnly": warning_only}


def conditional_rule(ranges: list[dict], cond: dict, fmt: dict) -> dict:
    """A ConditionalFormatRule with a boolean rule (wrap with add_conditional_rule to send it)."""
    return {"ranges": ranges, "booleanRule": {"condition": cond, "format": fmt}}


def add_protected_range(body: dict) -> dict:
    return {"addProtectedRange": {"protectedRange": body}}


def delete_protected_range(protected_range_id: int) -> dict:
    return {"deleteProtectedRange": {"protectedRangeId": protected_range_id}}


def add_conditional_rule(rule: dict, index: int) -> dict:
    return {"addConditionalFormatRule": {"rule": rule, "index": index}}


def delete_conditional_rule(sheet_id: int, index: int) -> dict:
    return {"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": index}}


def create_sheet_metadata(sheet_id: int, key: str, value: str, *, visibility: str = "DOCUMENT") -> dict:
    """Developer metadata on a whole sheet."""
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": key, "metadataValue": value, "location": {"sheetId": sheet_id}, "visibility": visibility}}}


def delete_metadata(metadata_id: int) -> dict:
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}}}


def dimension_range(sheet_id: int, dimension: str, index: int) -> dict:
    """One row (ROWS) or column (COLUMNS) as a DimensionRange."""
    return {"sheetId": sheet_id, "dimension": dimension, "startIndex": index, "endIndex": index + 1}


def dimension_metadata(metadata_id: int, key: str, value: str, at: dict, *, visibility: str = "PROJECT") -> dict:
    """A DeveloperMetadata body on a dimension range `at` (see dimension_range)."""
    return {"metadataId": metadata_id, "metadataKey": key, "visibility": visibility, "metadataValue": value,
            "location": {"dimensionRange": at}}


def create_metadata(body: dict) -> dict:
    return {"createDeveloperMetadata": {"developerMetadata": body}}


def delete_metadata_by_key(key: str) -> dict:
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {"metadataKey": key}}}}


def delete_metadata_exactly_at(metadata_id: int, at: dict) -> dict:
    """Delete a metadata only if it sits exactly on the dimension range `at`."""
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
        "metadataId": metadata_id, "locationMatchingStrategy": "EXACT_LOCATION",
        "metadataLocation": {"dimensionRange": at}}}}}


def append_cells(sheet_id: int, rows: list[dict], fields: str) -> dict:
    """appendCells: `rows` (RowData) after the last row with data, inserting rows when needed."""
    return {"appendCells": {"sheetId": sheet_id, "rows": rows, "fields": fields}}


def create_spreadsheet_metadata(metadata_id: int, key: str, value: str, *, visibility: str = "DOCUMENT") -> dict:
    """Developer metadata on the spreadsheet itself (location `spreadsheet: true`), with a metadataId of ours."""
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataId": metadata_id, "metadataKey": key, "metadataValue": value, "location": {"spreadsheet": True},
        "visibility": visibility}}}


def update_metadata_value(metadata_id: int, value: str) -> dict:
    """Set the value of the developer metadata `metadata_id` (nothing else of it changes)."""
    return {"updateDeveloperMetadata": {
        "dataFilters": [{"developerMetadataLookup": {"metadataId": metadata_id}}],
        "developerMetadata": {"metadataValue": value}, "fields": "metadataValue"}}
