"""The few batch operations jobs need on a spreadsheet. One call each, retried by retry.py.

Values are read UNFORMATTED (dates as serial numbers) and written RAW unless a caller asks
otherwise, so nothing a person typed is ever turned into a formula by Turfbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from turfbook.workspace import a1
from turfbook.workspace.retry import AmbiguousWrite

if TYPE_CHECKING:
    from turfbook.workspace import Workspace

GRID_FIELDS = (
    "spreadsheetId,properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,gridProperties),conditionalFormats,protectedRanges)"
)


def grid_values(sheet: dict) -> list[list[Any]]:
    """A sheet resource's grid data (spreadsheets.get with `ranges`) as values.batchGet would return it
    with UNFORMATTED_VALUE / SERIAL_NUMBER: numbers (dates as serials) and bools as themselves,
    strings, errors as their text ("#N/A"), "" for gaps; rows from the sheet's row 1 and column A;
    trailing empty cells and rows trimmed.

    Each GridData carries startRow/startColumn (absent when 0); its rowData stops after the last row
    holding anything, a row with nothing selected is `{}` and an empty cell `{}`.
    """
    rows: list[list[Any]] = []
    for data in sheet.get("data") or []:
        r0, c0 = data.get("startRow", 0), data.get("startColumn", 0)
        for dr, row in enumerate(data.get("rowData") or []):
            cells = [cell_value(c) for c in row.get("values") or []]
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            while len(rows) <= r0 + dr:
                rows.append([])
            line = rows[r0 + dr]
            if len(line) < c0 + len(cells):
                line.extend([""] * (c0 + len(cells) - len(line)))
            line[c0:c0 + len(cells)] = cells
    while rows and not rows[-1]:
        rows.pop()
    return rows


def cell_value(cell: dict) -> Any:
    """One CellData's effectiveValue, unformatted (an error as its formatted text)."""
    value = cell.get("effectiveValue")
    if not value:
        return ""
    for kind in ("numberValue", "stringValue", "boolValue"):
        if kind in value:
            return value[kind]
    if "errorValue" in value:
        return cell.get("formattedValue") or "#ERROR!"
    return ""


@dataclass
class CellWrite:
    """Values for one rectangular A1 range."""

    range: str
    values: list[list[Any]]


class Sheets:
    def __init__(self, workspace: Workspace, spreadsheet_id: str):
        self.ws = workspace
        self.spreadsheet_id = spreadsheet_id
        self._api = workspace.spreadsheets
        self._values = workspace.values

    def metadata(self, fields: str = GRID_FIELDS, ranges: list[str] | None = None,
                 include_grid_data: bool = False) -> dict:
        return self.ws.execute(self._api.get(spreadsheetId=self.spreadsheet_id, fields=fields,
                                             ranges=ranges or None, includeGridData=include_grid_data))

    def tab_titles(self) -> list[str]:
        meta = self.metadata("sheets.properties.title")
        return [s["properties"]["title"] for s in meta.get("sheets", [])]

    def read(self, ranges: list[str], render: str = "UNFORMATTED_VALUE", major: str = "ROWS") -> list[list[list[Any]]]:
        """Values of several ranges in one values.batchGet; each trimmed as Google trims. `major` "COLUMNS":
        each range's cells a column at a time (each column's trailing empty cells left out)."""
        if not ranges:
            return []
        answer = self.ws.execute(self._values.batchGet(
            spreadsheetId=self.spreadsheet_id, ranges=ranges, valueRenderOption=render,
            dateTimeRenderOption="SERIAL_NUMBER", majorDimension=major))
        return [vr.get("values", []) for vr in answer.get("valueRanges", [])]

    def search_metadata(self, lookups: list[dict]) -> list[dict]:
        """Developer metadata matching any of the DeveloperMetadataLookups (developerMetadata.search)."""
        answer = self.ws.execute(self._api.developerMetadata().search(
            spreadsheetId=self.spreadsheet_id,
            body={"dataFilters": [{"developerMetadataLookup": lookup} for lookup in lookups]}))
        return [m["developerMetadata"] for m in answer.get("matchedDeveloperMetadata", [])]

    def read_by_filters(self, data_filters: list[dict],
                        render: str = "UNFORMATTED_VALUE") -> list[tuple[dict, list[list[Any]]]]:
        """(data filter, values) for every range the DataFilters match now, in one
        values.batchGetByDataFilter: a metadata lookup reads its row or column wherever it is."""
        if not data_filters:
            return []
        answer = self.ws.execute(self._values.batchGetByDataFilter(
            spreadsheetId=self.spreadsheet_id,
            body={"dataFilters": data_filters, "valueRenderOption": render,
                  "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}))
        return [((m.get("dataFilters") or [{}])[0], m.get("valueRange", {}).get("values", []))
                for m in answer.get("valueRanges", [])]

    def read_tabs(self, titles: list[str], render: str = "UNFORMATTED_VALUE") -> dict[str, list[list[Any]]]:
        return dict(zip(titles, self.read([a1.whole_sheet(t) for t in titles], render), strict=True))

    def read_tab_columns(self, titles: list[str]) -> dict[str, list[list[Any]]]:
        """read_tabs a column at a time (majorDimension=COLUMNS): what a big tab's parse wants, with no
        transposing on this side (read_workbook; see schema/grid.py)."""
        return dict(zip(titles, self.read([a1.whole_sheet(t) for t in titles], major="COLUMNS"), strict=True))

    def write(self, writes: list[CellWrite], input_option: str = "RAW") -> dict:
        """All cell changes in one values.batchUpdate (idempotent: the same cells, the same values)."""
        if not writes:
            return {}
        from turfbook.workspace.transport import json_text  # (loaded with the client this call goes through)

        body = {"valueInputOption": input_option,
                "data": [{"range": w.range, "majorDimension": "ROWS", "values": w.values} for w in writes]}
        return self.ws.execute(self._values.batchUpdate(spreadsheetId=self.spreadsheet_id, body=json_text(body)))

    def batch_update(self, requests: list[dict], *, idempotent: bool = False) -> list[dict]:
        """Formatting and structure changes in one atomic spreadsheets.batchUpdate.

        Not re-sent after a dropped connection by default (an addSheet or a conditional-format rule
        would be applied twice): the caller gets AmbiguousWrite and re-plans from a fresh read.
        """
        if not requests:
            return []
        answer = self.ws.execute(self._api.batchUpdate(spreadsheetId=self.spreadsheet_id,
                                                       body={"requests": requests}), idempotent=idempotent)
        return answer.get("replies", [])

    def append_rows(self, title: str, rows: list[list[Any]], id_column: int = 0) -> int:
        """Append rows that carry their own ID in `id_column`, exactly once.

        values.append is not idempotent, so it is sent as a non-idempotent write; if the
        connection drops, the ID column is re-read and only the rows not yet there are sent again.
        Returns how many rows were appended.
        """
        pending = [r for r in rows if r]
        for _ in range(5):
            if not pending:
                return len(rows)
            try:
                self.ws.execute(self._values.append(
                    spreadsheetId=self.spreadsheet_id, range=a1.whole_sheet(title), valueInputOption="RAW",
                    insertDataOption="INSERT_ROWS", body={"values": pending, "majorDimension": "ROWS"}),
                    idempotent=False)
                return len(rows)
            except AmbiguousWrite:
                present = {str(r[0]) for r in self.read([a1.whole_columns(title, id_column)])[0] if r}
                pending = [r for r in pending if str(r[id_column]) not in present]
        raise AmbiguousWrite(f"could not confirm the append to {title} after 5 attempts")

    @staticmethod
    def create(workspace: Workspace, title: str, tabs: list[str], locale: str = "en_US",
               time_zone: str = "America/New_York") -> str:
        body = {"properties": {"title": title, "locale": locale, "timeZone": time_zone},
                "sheets": [{"properties": {"title": t, "index": i}} for i, t in enumerate(tabs)]}
        created = workspace.execute(workspace.spreadsheets.create(body=body, fields="spreadsheetId"),
                                    idempotent=False)
        return created["spreadsheetId"]
