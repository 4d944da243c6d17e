"""Day/month order of an adopted workbook's dates: the TAB's, not a column's (a21d finding 4). Every date
column of every sheet of a Turfbook tab (a tab per organizer: all its sheets) is pooled (dates.sheet_order):
evidence in any decides for all; with none, the spreadsheet's own locale, else the configured one."""

from __future__ import annotations

from typing import Any

from turfbook.schema.dates import sheet_order
from turfbook.schema.loader import Schema


def tab_orders(schema: Schema, layout, values: dict[str, list[list[Any]]], locale: str, locale_from: str) -> None:
    """Sets each sheet's `orders` (date column -> (order, why, example)), `locale` and `locale_from`, and
    `layout.locale` (the spreadsheet's own, stored at adoption; "" when the configured one is used)."""
    layout.locale = locale if locale_from == "spreadsheet" else ""
    dated: dict[str, list[list[Any]]] = {}
    columns = {}
    for sheet in layout.sheets:
        tab = schema.tab(sheet.tab)
        columns[id(sheet)] = [i for i, m in enumerate(sheet.columns) if m.key and tab.column(m.key).type == "date"]
        body = values.get(sheet.title, [])[sheet.header_row:]
        dated.setdefault(sheet.tab, []).extend([r[i] for r in body if i < len(r)] for i in columns[id(sheet)])
    for sheet in layout.sheets:
        sheet.locale, sheet.locale_from = locale, locale_from
        sheet.orders = dict.fromkeys(columns[id(sheet)], sheet_order(dated[sheet.tab], locale))
