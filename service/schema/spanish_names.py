"""The schema's Spanish names of its tabs and columns (`spanish:` at the end of workbook.yaml), checked
against the tabs: what Turfbook writes in Spanish about them (the adoption report) calls them so; the
headers in the sheet stay the schema's (`label`)."""

from __future__ import annotations

from typing import Any


def spanish_names(data: Any, tabs: list, source: str) -> dict[tuple[str, str], str]:
    """`spanish: {tabs: {People: Personas}, columns: {People: {name: Nombre}}}` -> {(tab, key): name}."""
    from turfbook.schema.loader import SchemaError

    if data is None:
        return {}
    here = f"{source}: spanish"
    if not isinstance(data, dict) or set(data) - {"tabs", "columns"}:
        raise SchemaError(f"{here}: must be a mapping with 'tabs' and 'columns'")
    by_name = {t.name: t for t in tabs}
    out: dict[tuple[str, str], str] = {}
    for name, label in (data.get("tabs") or {}).items():
        if name not in by_name or not isinstance(label, str):
            raise SchemaError(f"{here}: tabs: '{name}' is not a tab of the schema, or its name is not text")
        out[(name, "")] = label
    for name, columns in (data.get("columns") or {}).items():
        if name not in by_name or not isinstance(columns, dict):
            raise SchemaError(f"{here}: columns: '{name}' is not a tab of the schema")
        for key, label in columns.items():
            if not by_name[name].has(str(key)) or not isinstance(label, str):
                raise SchemaError(f"{here}: columns: {name} has no column '{key}', or its name is not text")
            out[(name, str(key))] = label
    return out




def label(schema, tab: str, key: str = "", language: str = "en") -> str:
    """A tab's (or its column's) name in `language`: its Spanish name when the schema has one, else its
    name (header)."""
    es = schema.spanish.get((tab, key)) if language == "es" else None
    return es or (schema.tab(tab).column(key).header if key else tab)
