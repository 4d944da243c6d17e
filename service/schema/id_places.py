"""Where a tab's ID cells are: its header row and which column holds which key (ours or an adopted
workbook's, issue 21). The ID writers ask this object and never assume row 1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from turfbook.schema.columns import match_columns
from turfbook.schema.loader import Schema, Tab

if TYPE_CHECKING:
    from turfbook.schema.ids import IdPlan


@dataclass
class Places:
    """Where a tab's header row is and which of its columns holds which key. Turfbook's own tabs: the
    header on row 1, columns found by our headers and aliases. An adopted workbook (issue 21) gives its
    own (adopt_read.AdoptedPlaces: the team's sheets, their header row, their header texts) as
    `sheets.id_places`; everything below asks this object, never assumes row 1."""

    schema: Schema

    def tab(self, title: str) -> Tab:
        return self.schema.tab(title)

    def header_row(self, title: str) -> int:
        return 1

    def columns(self, title: str, header: list) -> dict[str, int]:
        return match_columns(self.tab(title), header).columns

    def locate(self, plan: IdPlan) -> IdPlan:
        """The plan's rows as sheet rows (here: they already are)."""
        return plan


def places_of(sheets, schema: Schema) -> Places:
    return getattr(sheets, "id_places", None) or Places(schema)


def sheet_grid(sheets, titles: list[str]) -> dict[str, tuple[int, int]]:
    """{title: (sheetId, rowCount)} of the sheets titled `titles` (one spreadsheets.get)."""
    return grid_of(sheets.metadata("sheets.properties(sheetId,title,gridProperties.rowCount)"), titles)


def grid_of(meta: dict, titles: list[str]) -> dict[str, tuple[int, int]]:
    """sheet_grid from a spreadsheets.get answer already read (with those fields)."""
    return {s["properties"]["title"]: (s["properties"]["sheetId"],
                                       s["properties"].get("gridProperties", {}).get("rowCount", 0))
            for s in meta.get("sheets", []) if s["properties"]["title"] in titles}
