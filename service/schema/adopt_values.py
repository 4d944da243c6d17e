"""Values an adopted workbook holds that the schema cannot read: one Problem each, naming the sheet,
the row and the value. Parsed by the one cell parser every job uses (cells.make_parser), so "Sí",
"✔", "1 - leader" or "L" read here exactly as they read in overdue and digest. Pure, no I/O.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from turfbook.schema.adopt_layout import Layout
from turfbook.schema.cell_dates import shown
from turfbook.schema.cell_words import both
from turfbook.schema.cells import CellError, ParseContext, make_parser
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem
from turfbook.schema.text import one_line, short

JOB = "adopt"
DATES = {"date", "datetime"}
CHECKED = {"bool", "int", "date", "datetime", "enum", "email", "phone"}   # refs are checked by the jobs


def value_problems(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]],
                   today: date | None = None, locale: str = "en_US") -> list[Problem]:
    ctx = ParseContext(locale=locale, today=today)
    problems: list[Problem] = []
    for sheet in layout.sheets:
        tab = schema.tab(sheet.tab)
        parsers = {key: (make_parser(tab.column(key), ctx, sheet.orders.get(index, (None,))[0]), index)
                   for key, index in sheet.mapping.items()
                   if not tab.column(key).service and tab.column(key).type in CHECKED}
        for offset, cells in enumerate(raw.get(sheet.title, [])[sheet.header_row:]):
            number = sheet.header_row + 1 + offset
            for parse, index in parsers.values():
                value = cells[index] if index < len(cells) else ""
                if value in ("", None):
                    continue
                try:
                    parse(value)
                except CellError as exc:
                    header = one_line(sheet.columns[index].text)
                    quoted = shown(value) if tab.column(sheet.columns[index].key).type in DATES else short(value)
                    en, es = both(str(exc))                       # EN/ES (cell_words, a21p 11)
                    problems.append(Problem(
                        JOB, sheet.title, None, header, f"{sheet.title} row {number}, {header}: '{quoted}' {en} / "
                        f"{sheet.title} fila {number}, {header}: '{quoted}' {es}", "invalid", number))
    return problems
