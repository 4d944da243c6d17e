"""Day/month order of an adopted workbook's dates: the SHEET's, not a column's (a21d finding 4, a21e 1). Every
date column of a sheet is pooled and its telling dates weighed (dates.sheet_order, the same call the jobs make
through dates.row_orders); a sheet whose dates tell nothing takes the evidence of its tab's other sheets (a tab
per organizer); with none, the locale the jobs read by: the one their settings tab sets ('Ajustes' `locale
es_ES`, as read_settings reads it for every job: a21o 5), else the spreadsheet's own, else the configured one."""

from __future__ import annotations

from typing import Any

from turfbook.schema.dates import sheet_order
from turfbook.schema.loader import Schema


def tab_orders(schema: Schema, layout, values: dict[str, list[list[Any]]], locale: str, locale_from: str) -> None:
    """Sets each sheet's `orders` (date column -> (order, why, example)), `locale` and `locale_from`, and
    `layout.locale` (the spreadsheet's own, stored at adoption; "" when the configured one is used)."""
    layout.locale = locale if locale_from == "spreadsheet" else ""
    theirs = layout.settings.values if layout.settings is not None else {}
    if theirs.get("locale"):                  # the settings tab's, read by read_settings as each job reads it
        locale, locale_from = str(theirs["locale"]), "settings"
    dated: dict[int, list[list[Any]]] = {}
    columns = {}
    for sheet in layout.sheets:
        tab = schema.tab(sheet.tab)
        columns[id(sheet)] = [i for i, m in enumerate(sheet.columns) if m.key and tab.column(m.key).type == "date"]
        body = values.get(sheet.title, [])[sheet.header_row:]
        dated[id(sheet)] = [[r[i] for r in body if i < len(r)] for i in columns[id(sheet)]]
    for sheet in layout.sheets:
        sheet.locale, sheet.locale_from = locale, locale_from
        others = [c for s in layout.sheets if s.tab == sheet.tab and s is not sheet for c in dated[id(s)]]
        sheet.orders = dict.fromkeys(columns[id(sheet)], sheet_order(dated[id(sheet)], locale, others))
