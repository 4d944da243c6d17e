"""Spreadsheets in memory, compact enough for 10 million cells and cheap to pickle.

Per sheet, cell values are a list of row lists of plain Python values (None, str, int/float,
bool, `Err`); rows and rows' tails that were never written are simply absent. Everything
sparse lives beside them: formulas, per-cell formats and notes in dicts keyed by (row, col),
and range-wide things (repeatCell formats, data validation) as layers of
(r0, r1, c0, c1, payload) applied in order, so formatting a whole column is one entry.
"""

from __future__ import annotations

import copy
import random
import string
from dataclasses import dataclass, field
from typing import Any

from turfbook_emulator.errors import ApiError

MAX_CELLS = 10_000_000
DEFAULT_ROWS, DEFAULT_COLS = 1000, 26
DEFAULT_ROW_PX, DEFAULT_COL_PX = 21, 100


class Err:
    """An error value such as #NAME? (ErrorValue in the API)."""

    __slots__ = ("code", "message")
    TYPES = {"#NULL!": "NULL_VALUE", "#DIV/0!": "DIVIDE_BY_ZERO", "#VALUE!": "VALUE", "#REF!": "REF",
             "#NAME?": "NAME", "#NUM!": "NUM", "#N/A": "N_A", "#ERROR!": "ERROR"}

    def __init__(self, code: str, message: str = ""):
        self.code, self.message = code, message

    def __getstate__(self):
        return (self.code, self.message)

    def __setstate__(self, state):
        self.code, self.message = state

    def __eq__(self, other):
        return isinstance(other, Err) and other.code == self.code

    def __hash__(self):
        return hash(self.code)

    def __repr__(self):
        return f"Err({self.code!r})"

    def api(self) -> dict:
        return {"type": self.TYPES.get(self.code, "ERROR"), "message": self.message or self.code}


@dataclass(eq=False)  # identity: comparing two 100k-row tabs field by field is never wanted
class Sheet:
    sheet_id: int
    title: str
    index: int = 0
    row_count: int = DEFAULT_ROWS
    col_count: int = DEFAULT_COLS
    frozen_rows: int = 0
    frozen_cols: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # hidden, tabColor(Style), rightToLeft ...
    grid_extra: dict[str, Any] = field(default_factory=dict)  # hideGridlines ...
    rows: list[list[Any]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], dict] = field(default_factory=dict)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    format_layers: list[tuple] = field(default_factory=list)  # (r0, r1, c0, c1, paths, values)
    validation_layers: list[tuple] = field(default_factory=list)  # (r0, r1, c0, c1, rule | None)
    conditional_formats: list[dict] = field(default_factory=list)
    protected_ranges: list[dict] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    row_meta: dict[int, dict] = field(default_factory=dict)
    col_meta: dict[int, dict] = field(default_factory=dict)
    basic_filter: dict | None = None
    dim_groups: dict = field(default_factory=dict)  # row/column groups, see groups.py (replaced, not changed)
    objects: dict = field(default_factory=dict)  # bandedRanges, filterViews, charts, slicers (replaced)

    @property
    def cells(self) -> int:
        return self.row_count * self.col_count

    def properties(self) -> dict:
        grid = {"rowCount": self.row_count, "columnCount": self.col_count}
        if self.frozen_rows:
            grid["frozenRowCount"] = self.frozen_rows
        if self.frozen_cols:
            grid["frozenColumnCount"] = self.frozen_cols
        grid.update(self.grid_extra)
        if self.extra.get("sheetType") == "OBJECT":  # a chart's own sheet: no grid (requests_charts.py)
            return {"sheetId": self.sheet_id, "title": self.title, "index": self.index, **self.extra}
        return {"sheetId": self.sheet_id, "title": self.title, "index": self.index, "sheetType": "GRID",
                "gridProperties": grid, **self.extra}

    def clone(self) -> Sheet:
        """A copy that can be changed without touching this one (batchUpdate works on clones)."""
        twin = copy.copy(self)
        twin._shared_rows = True  # copied on the first change, see own_rows()
        for name in ("formulas", "formats", "notes", "row_meta", "col_meta"):
            setattr(twin, name, dict(getattr(self, name)))
        if "spills" in self.__dict__:  # arrays expanded by recalc (see recalc.py)
            twin.__dict__["spills"] = dict(self.__dict__["spills"])
        twin.format_layers = list(self.format_layers)
        twin.validation_layers = list(self.validation_layers)
        twin.merges = list(self.merges)
        for name in ("extra", "grid_extra", "conditional_formats", "protected_ranges", "basic_filter"):
            setattr(twin, name, copy.deepcopy(getattr(self, name)))
        return twin

    # ----- values ------------------------------------------------------------------------
    def own_rows(self) -> list[list[Any]]:
        """The row lists, copied first if this sheet is a clone still sharing them."""
        if self.__dict__.get("_shared_rows"):
            self.rows = [row.copy() for row in self.rows]
            self._shared_rows = False
        return self.rows

    def value(self, r: int, c: int) -> Any:
        rows = self.rows
        if r < len(rows):
            row = rows[r]
            if c < len(row):
                return row[c]
        return None

    def set_value(self, r: int, c: int, value: Any) -> None:
        rows = self.own_rows()
        if r >= len(rows):
            if value is None:
                return
            rows.extend([] for _ in range(r + 1 - len(rows)))
        row = rows[r]
        if c >= len(row):
            if value is None:
                return
            row.extend([None] * (c + 1 - len(row)))
        row[c] = value

    def data_extent(self) -> tuple[int, int]:
        """(rows, cols) up to the last non-empty cell."""
        last_row, last_col = 0, 0
        for r, row in enumerate(self.rows):
            n = len(row)
            while n and row[n - 1] is None:
                n -= 1
            if n:
                last_row = r + 1
                last_col = max(last_col, n)
        return last_row, last_col

    def check_grid(self, r0: int, c0: int, r1: int, c1: int) -> None:
        """400 like Google when a block (r1, c1 exclusive) reaches past the grid; names the first cell out."""
        if r1 > self.row_count or c1 > self.col_count or r0 >= self.row_count or c0 >= self.col_count:
            from turfbook_emulator.sheets.a1 import cell_name, quote_title

            if c1 > self.col_count or c0 >= self.col_count:
                r, c = min(r0, self.row_count), max(c0, self.col_count)
            else:
                r, c = max(r0, self.row_count), c0
            raise ApiError(400, f"Range ({quote_title(self.title)}!{cell_name(r, c)}) exceeds grid limits. "
                                f"Max rows: {self.row_count}, max columns: {self.col_count}")


@dataclass(eq=False)
class Book:
    spreadsheet_id: str
    title: str
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"
    extra: dict[str, Any] = field(default_factory=dict)
    sheets: list[Sheet] = field(default_factory=list)
    named_ranges: list[dict] = field(default_factory=list)
    developer_metadata: list[dict] = field(default_factory=list)
    serial: int = 0  # for deterministic ids

    @property
    def url(self) -> str:
        return f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit"

    def properties(self) -> dict:
        return {"title": self.title, "locale": self.locale, "autoRecalc": "ON_CHANGE",
                "timeZone": self.time_zone, "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
                "spreadsheetTheme": copy.deepcopy(DEFAULT_THEME), **self.extra}

    def new_id(self) -> int:
        self.serial += 1
        rng = random.Random(f"{self.spreadsheet_id}:{self.serial}")
        return rng.randrange(1, 2**31 - 1)

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        return None

    def sheet_by_title(self, title: str) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        folded = title.casefold()
        for sheet in self.sheets:
            if sheet.title.casefold() == folded:
                return sheet
        return None

    def total_cells(self) -> int:
        return sum(s.cells for s in self.sheets)

    def check_cells(self, where: str = "") -> None:
        if self.total_cells() > MAX_CELLS:
            prefix = f"Invalid {where}: " if where else ""
            raise ApiError(400, f"{prefix}This action would increase the number of cells in the workbook above "
                                f"the limit of {MAX_CELLS} cells.")

    def reindex(self) -> None:
        for i, sheet in enumerate(self.sheets):
            sheet.index = i

    def shallow(self) -> Book:
        """A copy sharing Sheet objects; `writable()` swaps in clones before changing one."""
        twin = copy.copy(self)
        twin.sheets = list(self.sheets)
        twin.extra = copy.deepcopy(self.extra)
        twin.named_ranges = copy.deepcopy(self.named_ranges)
        twin.developer_metadata = copy.deepcopy(self.developer_metadata)
        twin._cloned = set()  # type: ignore[attr-defined]
        twin.__dict__.pop("_twins", None)
        return twin

    def writable(self, sheet: Sheet) -> Sheet:
        """This book's own copy of `sheet` (copy on write). Asked again with the sheet it replaced (a
        caller that listed the sheets before an earlier writable), the same copy: sheets are found by
        identity, never by ==, which compares every cell and fails on one that differs after a recalc."""
        cloned = getattr(self, "_cloned", None)
        if cloned is None or id(sheet) in cloned:
            return sheet
        twins = self.__dict__.setdefault("_twins", {})
        if id(sheet) in twins:
            return twins[id(sheet)][1]
        twin = sheet.clone()
        self.sheets[next(i for i, s in enumerate(self.sheets) if s is sheet)] = twin
        cloned.add(id(twin))
        twins[id(sheet)] = (sheet, twin)       # the original kept alive: its id is never reused meanwhile
        return twin

    def commit(self) -> Book:
        """Done changing: the book this was copied from is dropped, so its rows are ours alone."""
        self.__dict__.pop("_cloned", None)
        self.__dict__.pop("_twins", None)
        for sheet in self.sheets:
            sheet.__dict__.pop("_shared_rows", None)
        return self


# properties.defaultFormat and properties.spreadsheetTheme exactly as Google fills them for a new
# spreadsheet (key order included), taken from recorded spreadsheets.get responses. Black is `{}`:
# protobuf JSON leaves out zero-valued colour channels.
DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                   "bold": False, "italic": False, "strikethrough": False, "underline": False,
                   "foregroundColorStyle": {"rgbColor": {}}},
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}


def _theme_color(color_type: str, red: float = 0, green: float = 0, blue: float = 0) -> dict:
    rgb = {k: v for k, v in (("red", red), ("green", green), ("blue", blue)) if v}
    return {"colorType": color_type, "color": {"rgbColor": rgb}}


DEFAULT_THEME = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        _theme_color("TEXT"),
        _theme_color("BACKGROUND", 1, 1, 1),
        _theme_color("ACCENT1", 0.25882354, 0.52156866, 0.95686275),
        _theme_color("ACCENT2", 0.91764706, 0.2627451, 0.20784314),
        _theme_color("ACCENT3", 0.9843137, 0.7372549, 0.015686275),
        _theme_color("ACCENT4", 0.20392157, 0.65882355, 0.3254902),
        _theme_color("ACCENT5", 1, 0.42745098, 0.003921569),
        _theme_color("ACCENT6", 0.27450982, 0.7411765, 0.7764706),
        _theme_color("LINK", 0.06666667, 0.33333334, 0.8),
    ],
}


def new_spreadsheet_id() -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "1" + "".join(random.SystemRandom().choice(alphabet) for _ in range(43))
