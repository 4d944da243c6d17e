"""validate_body's quick pass over the items of an array of objects whose fields are plain strings, enums
or rows of values (10k ValueRanges in a values.batchUpdate body): no call per field. An item it does not
pass goes the step per field in discovery._check, which says what is wrong, so what is accepted and every
error are the same."""

from __future__ import annotations

from typing import Any

_FIELDS: dict[tuple[str, str], dict | None] = {}
_ROWS = "rows"          # ValueRange.values: a list of rows (lists; a null row takes the full check), anything in a row
_LISTS = frozenset({list})


def fields(api: str, schemas: dict, ref: str) -> dict | None:
    """{field: None (a plain string) | frozenset (an enum's values) | _ROWS} when every field of the
    schema is one of those; None for any other schema."""
    key = (api, ref)
    if key not in _FIELDS:
        spec, found = schemas.get(ref) or {}, {}
        for name, field in (spec.get("properties") or {}).items() if spec.get("type") == "object" else ():
            kind, inner = field.get("type"), field.get("items") or {}
            if kind == "string" and "$ref" not in field and "format" not in field:
                found[name] = frozenset(field["enum"]) if "enum" in field else None
            elif kind == "array" and "$ref" not in inner and inner.get("type") == "array" and \
                    (inner.get("items") or {}).get("type", "any") == "any":
                found[name] = _ROWS
            else:
                found = None
                break
        _FIELDS[key] = found or None
    return _FIELDS[key]


def ok(found: dict, value: Any) -> bool:
    """True when discovery._check finds nothing wrong with `value` (False: it says what)."""
    if value.__class__ is not dict:
        return value is None
    for name, item in value.items():
        if name not in found:
            return False
        kind = found[name]
        if item is None:
            continue
        if kind is _ROWS:
            if item.__class__ is not list or not _LISTS.issuperset(map(type, item)):
                return False
        elif item.__class__ is not str or (kind is not None and item not in kind):
            return False
    return True
