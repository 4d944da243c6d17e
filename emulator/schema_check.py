"""A test mode: every JSON response is checked against its method's response schema in the
discovery document (no key the schema lacks, the right JSON type for each value).

On when TURFBOOK_EMULATOR_CHECK_SCHEMA is set: "1" records each violation as one JSON line in
DATA/schema-violations.jsonl (method, path into the body, problem) and answers normally;
"strict" also answers 500 naming the first violation, so a test sees it at once. Numbers that
discovery types as `string` with format int64/uint64 must be JSON strings, as Google sends them.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from turfbook_emulator import discovery

ENV = "TURFBOOK_EMULATOR_CHECK_SCHEMA"
_lock = threading.Lock()


def mode() -> str:
    return os.environ.get(ENV, "").strip().lower()


def violations(api: str, schema_name: str, body: Any) -> list[str]:
    schemas = discovery.apis()[api].schemas
    out: list[str] = []
    _check(schemas, {"$ref": schema_name}, body, "", out)
    return out


def _check(schemas: dict, spec: dict, value: Any, path: str, out: list[str]) -> None:
    if len(out) >= 20:
        return
    if "$ref" in spec:
        spec = schemas.get(spec["$ref"], {})
    kind = spec.get("type")
    where = path or "(body)"
    if value is None:
        out.append(f"{where}: null (protobuf JSON leaves unset fields out)")
        return
    if kind == "object" or "properties" in spec:
        if not isinstance(value, dict):
            out.append(f"{where}: expected an object, got {type(value).__name__}")
            return
        props = spec.get("properties") or {}
        extra = spec.get("additionalProperties")
        for key, item in value.items():
            sub = f"{path}.{key}" if path else key
            if key in props:
                _check(schemas, props[key], item, sub, out)
            elif extra:
                _check(schemas, extra, item, sub, out)
            elif props or not extra:
                out.append(f"{sub}: not in schema {spec.get('id', '')}".rstrip())
        return
    if kind == "array":
        if not isinstance(value, list):
            out.append(f"{where}: expected an array, got {type(value).__name__}")
            return
        for i, item in enumerate(value):
            _check(schemas, spec.get("items") or {}, item, f"{path}[{i}]", out)
        return
    expected = {
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "any": lambda v: True,
    }.get(kind)
    if expected and not expected(value):
        fmt = f" ({spec['format']})" if spec.get("format") else ""
        out.append(f"{where}: expected {kind}{fmt}, got {type(value).__name__} {json.dumps(value)[:40]}")
    elif kind == "string" and "enum" in spec and value not in spec["enum"]:
        out.append(f"{where}: {value!r} is not one of the enum values")


def record(data_dir: Path, route: discovery.Route, body: Any) -> list[str]:
    found = violations(route.api, route.response_schema, body) if route.response_schema else []
    if found:
        line = json.dumps({"method": route.method_id, "violations": found}) + "\n"
        with _lock, (Path(data_dir) / "schema-violations.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(line)
    return found
