"""Sheets answers as protobuf JSON renders them: a field equal to its default is left out.

Google's Sheets API is served from protocol buffers; their JSON form omits a plain (non-optional)
scalar equal to its default and an empty repeated field. Which fields are plain differs by field,
so the rules here are the ones recorded responses show (docs/emulator.md):
- GridRange.sheetId 0 is left out (merges, named/protected/filter ranges, conditional formats),
  while SheetProperties.sheetId 0 and GridRange start/end indexes 0 stay (they are optional);
- colour channels equal to 0 are left out (black is `{}`), alpha included;
- plain booleans that are false: SheetProperties.hidden/rightToLeft, ProtectedRange.warningOnly/
  requestingUserCanEdit, DimensionProperties.hiddenByUser/hiddenByFilter, DataValidationRule.strict/
  showCustomUi, Editors.domainUsersCanEdit, GridProperties.hideGridlines/rowGroupControlAfter/
  columnGroupControlAfter;
- empty strings and empty lists anywhere except inside ValueRange.values (where "" and [] are data).
GridData (the cells of includeGridData) is not walked, for speed (docs/emulator.md).
TextFormat's bold/italic/… stay when false: they are optional fields, present in real responses.
Applies to Sheets only: whether Drive v3 and Gmail v1 leave defaults out too is not confirmed
(docs/emulator.md).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from turfbook_emulator import discovery

PLAIN_FALSE = {
    "SheetProperties": {"hidden", "rightToLeft"},
    "ProtectedRange": {"warningOnly", "requestingUserCanEdit"},
    "DimensionProperties": {"hiddenByUser", "hiddenByFilter"},
    "DataValidationRule": {"strict", "showCustomUi"},
    "Editors": {"domainUsersCanEdit"},
    "GridProperties": {"hideGridlines", "rowGroupControlAfter", "columnGroupControlAfter"},
}


def render(schema_name: str, body: Any) -> Any:
    schemas = discovery.apis()["sheets"].schemas
    return _walk(schemas, schema_name, body)


UNTOUCHED = {"GridData"}  # cell grids are left whole: walking 100k cells costs more than it is worth


def _walk(schemas: dict, name: str | None, value: Any) -> Any:
    if name is None or name in UNTOUCHED or not isinstance(value, dict):
        return value
    spec = schemas.get(name) or {}
    props = spec.get("properties") or {}
    out = {}
    for key, item in value.items():
        field = props.get(key) or {}
        ref = field.get("$ref")
        if field.get("type") == "array":
            if item == []:
                continue
            inner = (field.get("items") or {}).get("$ref")
            if inner:
                lists = _array_fields(inner)
                item = [x if _as_is(inner, lists, x) else _walk(schemas, inner, x) for x in item]
        elif ref:
            item = _walk(schemas, ref, item)
        elif _default(name, key, field, item):
            continue
        out[key] = item
    return out


_SCALARS = frozenset({str, int})
_SPECIAL = {*PLAIN_FALSE, *UNTOUCHED, "GridRange", "Color"}


def _as_is(name: str, lists: frozenset, value: Any) -> bool:
    """Whether _walk would give `value` back unchanged: a dict of non-empty strings and numbers (no bool,
    no nested value, none under an array field) of a schema whose zeros and falses stay (10k
    UpdateValuesResponses in a values.batchUpdate answer: no walk each)."""
    return (value.__class__ is dict and name not in _SPECIAL and _SCALARS.issuperset(map(type, value.values()))
            and "" not in value.values() and lists.isdisjoint(value))


@cache
def _array_fields(name: str) -> frozenset:
    spec = discovery.apis()["sheets"].schemas.get(name) or {}
    return frozenset(k for k, f in (spec.get("properties") or {}).items() if f.get("type") == "array")


def _default(name: str, key: str, field: dict, item: Any) -> bool:
    """True for a plain scalar at its default, which protobuf JSON leaves out."""
    if item == "" and field.get("type") == "string":
        return True
    if item is False:
        return key in PLAIN_FALSE.get(name, ())
    return item == 0 and not isinstance(item, bool) and (
        (name == "GridRange" and key == "sheetId") or name == "Color")
