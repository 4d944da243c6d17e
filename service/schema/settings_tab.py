"""Where a Settings tab keeps its settings: the one rule `read_settings` (every job) and the adoption report use.
Pure.

Turfbook's own Settings has 'Setting | Value' on row 1. A team's own settings tab adopted as Settings ('Ajustes':
'Ajuste | Valor', a21n 7) may have its header lower down, its columns elsewhere, or no header at all: the header
is the first of the top rows naming both columns (by their header or an alias); with none, the settings are
the rows of the leftmost column that names a setting Turfbook knows, each value at its right. A tab where no
column names one is not read (`columns_of` is None): its settings are not guessed.
"""

from __future__ import annotations

from typing import Any

from turfbook.schema.columns import match_columns
from turfbook.schema.loader import Tab
from turfbook.schema.text import fold

HEADER_ROWS = 10          # as far down as an adopted header is looked for (adopt_header_find.HEADER_ROWS)


def columns_of(tab: Tab, rows: list[list[Any]]) -> tuple[int, int, int] | None:
    """(0-based row its settings start on, the setting column, the value column), or None when unreadable."""
    for n, row in enumerate(rows[:HEADER_ROWS]):
        found = match_columns(tab, row).columns
        if "setting" in found and "value" in found:
            return n + 1, found["setting"], found["value"]
    known = {fold(k) for k in tab.defaults}
    for column in range(max((len(r) for r in rows), default=0)):
        if any(column < len(r) and isinstance(r[column], str) and fold(r[column]) in known for r in rows):
            return 0, column, column + 1
    return None


def setting_rows(tab: Tab, rows: list[list[Any]]) -> list[tuple[int, str, Any]]:
    """(1-based sheet row, the setting's name as the schema has it, its value) of each row naming a setting
    Turfbook knows and giving it a value, top to bottom."""
    place = columns_of(tab, rows)
    if place is None:
        return []
    start, at_name, at_value = place
    known = {fold(k): k for k in tab.defaults}
    out = []
    for offset, cells in enumerate(rows[start:]):
        name = known.get(fold(cells[at_name])) if at_name < len(cells) and cells[at_name] not in ("", None) else None
        value = cells[at_value] if at_value < len(cells) else ""
        if name is not None and value not in ("", None):
            out.append((start + offset + 1, name, value))
    return out
