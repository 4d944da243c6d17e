"""batchUpdate kinds for tables (addTable, updateTable, deleteTable), as Sheets models them since 2024.

A table is stored in `sheet.objects["tables"]` and shown in spreadsheets.get `sheets[].tables`:
{tableId (a string), name, range (a GridRange), columnProperties[{columnIndex (relative to the
table), columnName, columnType, dataValidationRule}], rowsProperties}. Every column of the range
gets a columnProperties entry; one the caller leaves out is named "Column N". Rules from Google's
tables guide: a DROPDOWN column must carry a ONE_OF_LIST dataValidationRule and no other type may
carry one; names are unique in the spreadsheet; tables do not overlap. Cells are not touched.
"""

from __future__ import annotations

import copy

from turfbook_emulator.sheets.requests import Ctx, RequestError, kind, mask_fields
from turfbook_emulator.sheets.requests_objects import listed, save

KEY = "tables"
TYPES = ("DOUBLE", "CURRENCY", "PERCENT", "DATE", "TIME", "DATE_TIME", "TEXT", "BOOLEAN", "DROPDOWN",
         "FILES_CHIP", "PEOPLE_CHIP", "FINANCE_CHIP", "PLACE_CHIP", "RATINGS_CHIP", "COLUMN_TYPE_UNSPECIFIED")
FIELDS = ("name", "range", "columnProperties", "rowsProperties")


def _all(ctx: Ctx) -> list[tuple]:
    return [(sheet, i, table) for sheet in ctx.book.sheets for i, table in enumerate(listed(sheet, KEY))]


def _find(ctx: Ctx, table_id) -> tuple:
    for sheet, i, table in _all(ctx):
        if table["tableId"] == str(table_id):
            return ctx.book.writable(sheet), i, table
    raise RequestError(f"No table with id: {table_id}")


def _columns(given: list[dict] | None, width: int, trim: bool = False) -> list[dict]:
    by_index: dict[int, dict] = {}
    for column in given or []:
        index = int(column.get("columnIndex") or 0)
        if trim and index >= width:
            continue
        if index < 0 or index >= width:
            raise RequestError(f"Column index {index} is outside the table, which has {width} columns.")
        if index in by_index:
            raise RequestError(f"Duplicate column index in columnProperties: {index}")
        column_type = column.get("columnType") or "COLUMN_TYPE_UNSPECIFIED"
        if column_type not in TYPES:
            raise RequestError(f"Invalid value for columnType: {column_type}")
        condition = (column.get("dataValidationRule") or {}).get("condition") or {}
        if column_type == "DROPDOWN" and condition.get("type") != "ONE_OF_LIST":
            raise RequestError(f"A dropdown column (column index {index}) needs a dataValidationRule with a "
                               f"ONE_OF_LIST condition.")
        if column_type != "DROPDOWN" and column.get("dataValidationRule"):
            raise RequestError(f"Only a dropdown column can have a dataValidationRule (column index {index}).")
        by_index[index] = copy.deepcopy(column)
    out = []
    for index in range(width):
        column = by_index.get(index, {})
        column["columnIndex"] = index
        column.setdefault("columnName", f"Column {index + 1}")
        if column.get("columnType") == "COLUMN_TYPE_UNSPECIFIED":
            column.pop("columnType")
        out.append(column)
    names = [c["columnName"].strip().lower() for c in out]
    if "" in names:
        raise RequestError("A table column name must not be empty.")
    if len(set(names)) != len(names):
        raise RequestError("Table column names must be unique.")
    return out


def _check(ctx: Ctx, table: dict, skip: str | None, trim: bool = False) -> dict:
    """The table with its range and columns made whole; RequestError naming the first rule broken."""
    sheet, r0, r1, c0, c1 = ctx.grid(table.get("range"))
    if r1 - r0 < 1 or c1 - c0 < 1:
        raise RequestError("A table range must not be empty.")
    name = str(table.get("name") or "").strip()
    if not name:
        raise RequestError("A table must have a name.")
    for other_sheet, _i, other in _all(ctx):
        if other["tableId"] == skip:
            continue
        if other.get("name", "").lower() == name.lower():
            raise RequestError(f"A table with the name '{name}' already exists.")
        o_r0, o_r1, o_c0, o_c1 = _bounds(other_sheet, other["range"])
        if other_sheet.sheet_id == sheet.sheet_id and r0 < o_r1 and o_r0 < r1 and c0 < o_c1 and o_c0 < c1:
            raise RequestError(f"The table range overlaps the table '{other.get('name')}'.")
    out = {"tableId": table["tableId"], "name": name,
           "range": {"sheetId": sheet.sheet_id, "startRowIndex": r0, "endRowIndex": r1,
                     "startColumnIndex": c0, "endColumnIndex": c1},
           "columnProperties": _columns(table.get("columnProperties"), c1 - c0, trim)}
    if table.get("rowsProperties"):
        out["rowsProperties"] = copy.deepcopy(table["rowsProperties"])
    return out


def _bounds(sheet, grid: dict) -> tuple[int, int, int, int]:
    return (int(grid.get("startRowIndex") or 0), int(grid.get("endRowIndex", sheet.row_count)),
            int(grid.get("startColumnIndex") or 0), int(grid.get("endColumnIndex", sheet.col_count)))


@kind("addTable")
def add_table(ctx: Ctx, body: dict) -> dict:
    table = copy.deepcopy(body.get("table") or {})
    if not table.get("range"):
        raise RequestError("A table needs a range.")  # (wording ours)
    used = {t["tableId"] for _s, _i, t in _all(ctx)}
    if table.get("tableId") in used:
        raise RequestError(f"A table with id {table['tableId']} already exists.")
    table["tableId"] = str(table.get("tableId") or ctx.book.new_id())
    if not table.get("name"):
        n = 1
        names = {t.get("name", "").lower() for _s, _i, t in _all(ctx)}
        while f"table{n}" in names:
            n += 1
        table["name"] = f"Table{n}"
    table = _check(ctx, table, None)
    sheet = ctx.sheet(table["range"]["sheetId"])
    save(sheet, KEY, [*listed(sheet, KEY), table])
    return {"table": copy.deepcopy(table)}


@kind("updateTable")
def update_table(ctx: Ctx, body: dict) -> None:
    new = body.get("table") or {}
    paths = mask_fields(body.get("fields"))
    if not new.get("tableId"):
        raise RequestError("tableId is required.")
    sheet, i, table = _find(ctx, new["tableId"])
    merged = copy.deepcopy(table)
    for path in (list(FIELDS) if "*" in paths else paths):
        head = path.split(".")[0]
        if head == "tableId":
            continue
        if head not in FIELDS:
            raise RequestError(f"Invalid field mask: unknown Table field '{path}'")
        if new.get(head) is None:
            merged.pop(head, None)
        else:
            merged[head] = copy.deepcopy(new[head])
    kept = "columnProperties" not in paths and "*" not in paths  # kept columns follow a new range's width
    merged = _check(ctx, merged, table["tableId"], trim=kept)
    items = listed(sheet, KEY)
    del items[i]
    save(sheet, KEY, items)
    target = ctx.sheet(merged["range"]["sheetId"])
    save(target, KEY, [*listed(target, KEY), merged] if target is not sheet else [*items[:i], merged, *items[i:]])


@kind("deleteTable")
def delete_table(ctx: Ctx, body: dict) -> None:
    sheet, i, _table = _find(ctx, body.get("tableId"))
    items = listed(sheet, KEY)
    del items[i]
    save(sheet, KEY, items)


def on_duplicate(ctx: Ctx, twin) -> None:
    """duplicateSheet: the copy's tables get new ids, its own sheetId and free names ("People_1");
    comment threads stay with the original sheet (requests_comments.py)."""
    objects = dict(getattr(twin, "objects", None) or {})
    names = {t.get("name", "").lower() for _s, _i, t in _all(ctx)}
    tables = []
    for table in objects.get(KEY, []):
        table = copy.deepcopy(table)
        table["tableId"] = str(ctx.book.new_id())
        table["range"]["sheetId"] = twin.sheet_id
        n = 1
        while f"{table['name']}_{n}".lower() in names:
            n += 1
        table["name"] = f"{table['name']}_{n}"
        names.add(table["name"].lower())
        tables.append(table)
    if tables:
        objects[KEY] = tables
    for key in ("commentAnchors", "_threads"):
        objects.pop(key, None)
    twin.objects = objects
