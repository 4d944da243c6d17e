"""Plain data every job works on: a workbook snapshot of parsed rows, and problems.

Column *keys* (snake_case, from workbook.yaml) are how code refers to columns; headers are
what staff see and may rename. Jobs never use sheet positions except through `TabSnapshot.columns`,
read fresh in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    tab: str
    row_number: int                     # 1-based sheet row at read time; never cached across runs
    id: str | None                      # the row's stable ID (P-000001 ...), None when not yet assigned
    values: dict[str, Any]              # column key -> parsed value (str, int, float, date, datetime, bool, list)
    raw: dict[str, Any] = field(default_factory=dict)  # column key -> the cell as read (UNFORMATTED_VALUE)
    refs: dict[str, str | None] = field(default_factory=dict)  # ref column key -> the referenced row's ID

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    @property
    def label(self) -> str:
        """How messages name the row: its ID, else its sheet row number."""
        return self.id or f"row {self.row_number}"


@dataclass(frozen=True)
class Problem:
    job: str                            # which job found it: "schema", "overdue", "filing", ...
    tab: str
    row_id: str | None
    column: str | None                  # the column header as staff see it
    message: str                        # "Conversations row C-000123: follow-up due '31/02' is not a date"
    kind: str = "invalid"  # invalid | missing | unknown_reference | duplicate_id | possible_duplicate | ...
    row_number: int | None = None


@dataclass
class TabSnapshot:
    name: str
    header: list[str]                   # header cells as read
    columns: dict[str, int]             # column key -> 0-based sheet column index (mapped by header name)
    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows if r.id}


@dataclass
class WorkbookSnapshot:
    tabs: dict[str, TabSnapshot]
    settings: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def tab(self, name: str) -> TabSnapshot:
        return self.tabs[name]
