"""Routes and request validation taken from the discovery documents bundled in googleapiclient.

The same documents the client libraries build their requests from decide which paths exist,
which parameters a method takes and which body fields a schema has, so the emulator is
exactly as strict as the published API surface.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import googleapiclient

from turfbook_emulator import flat_items
from turfbook_emulator.errors import bad_request
from turfbook_emulator.plain_rows import PlainRows

DOCUMENTS = {"sheets": "sheets.v4.json", "drive": "drive.v3.json", "gmail": "gmail.v1.json"}
BOOLEAN_SPELLINGS = {"true": True, "false": False, "True": True, "False": False, "1": True, "0": False}


@dataclass(frozen=True)
class Route:
    api: str
    method_id: str
    http_method: str
    pattern: re.Pattern[str]
    parameters: dict[str, dict[str, Any]]
    request_schema: str | None
    upload: bool = False
    literal_weight: int = 0
    param_count: int = 0
    scopes: tuple[str, ...] = ()
    response_schema: str | None = None
    handler: str | None = None  # registry name when it is not method_id (the Drive v2 upload path)


@dataclass
class Api:
    name: str
    doc: dict[str, Any]
    routes: list[Route] = field(default_factory=list)

    @property
    def schemas(self) -> dict[str, Any]:
        return self.doc["schemas"]

    @property
    def global_parameters(self) -> dict[str, Any]:
        return self.doc.get("parameters", {})


def documents_dir() -> Path:
    return Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"


@cache
def load_document(api: str) -> dict[str, Any]:
    return json.loads((documents_dir() / DOCUMENTS[api]).read_text(encoding="utf-8"))


def _path_regex(template: str) -> tuple[re.Pattern[str], int, int]:
    out, literal, params = [], 0, 0
    for piece in re.split(r"(\{\+?[^}]+\})", template):
        if piece.startswith("{"):
            name = piece.strip("{}+")
            params += 1
            out.append(f"(?P<{name.replace('.', '_')}>.+)" if piece.startswith("{+") else f"(?P<{name}>[^/]+?)")
        else:
            literal += len(piece)
            out.append(re.escape(piece))
    return re.compile("^/" + "".join(out).lstrip("/") + "$"), literal, params


def _methods(resource: dict[str, Any]):
    yield from resource.get("methods", {}).values()
    for child in resource.get("resources", {}).values():
        yield from _methods(child)


@cache
def apis() -> dict[str, Api]:
    result = {}
    for name in DOCUMENTS:
        doc = load_document(name)
        api = Api(name, doc)
        for method in _methods(doc):
            templates = [(doc["servicePath"] + method.get("flatPath", method["path"]), False)]
            upload = method.get("mediaUpload", {}).get("protocols", {}).get("simple")
            if upload:
                templates.append((upload["path"], True))
            for template, is_upload in templates:
                regex, literal, params = _path_regex(template)
                api.routes.append(
                    Route(
                        api=name,
                        method_id=method["id"],
                        http_method=method["httpMethod"],
                        pattern=regex,
                        parameters=method.get("parameters", {}),
                        request_schema=(method.get("request") or {}).get("$ref"),
                        response_schema=(method.get("response") or {}).get("$ref"),
                        upload=is_upload,
                        literal_weight=literal,
                        param_count=params,
                        scopes=tuple(method.get("scopes", ())),
                    )
                )
        if name == "drive":
            api.routes.append(_drive_v2_upload(api))
        api.routes.sort(key=lambda r: (r.param_count, -r.literal_weight))
        result[name] = api
    return result


def _drive_v2_upload(api: Api) -> Route:
    """PUT /upload/drive/v2/files/{fileId}: Drive v2's media upload, which gspread's import_csv still
    uses (v2 is not in the bundled documents). Counted as drive.files.update, v2's method id too."""
    update = next(r for r in api.routes if r.method_id == "drive.files.update")
    regex, literal, params = _path_regex("upload/drive/v2/files/{fileId}")
    return Route(api="drive", method_id="drive.files.update", http_method="PUT", pattern=regex,
                 parameters=update.parameters, request_schema=None, upload=True, literal_weight=literal,
                 param_count=params, scopes=update.scopes, handler="_drive_v2_upload")


def match(http_method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
    from urllib.parse import unquote

    for api in apis().values():
        for route in api.routes:
            if route.http_method != http_method:
                continue
            found = route.pattern.match(raw_path)
            if found:
                return route, {k: unquote(v) for k, v in found.groupdict().items()}
    return None


def method_scopes(route: Route) -> tuple[str, ...]:
    return route.scopes


def coerce_query(route: Route, query: dict[str, str]) -> dict[str, Any]:
    """Validate query parameters like the real API and convert them to Python values.

    Sheets (a One Platform API) rejects parameters it does not know; Drive and Gmail ignore them.
    """
    api = apis()[route.api]
    known = {**api.global_parameters, **route.parameters}
    out: dict[str, Any] = {}
    for name, value in query.items():
        spec = known.get(name)
        if spec is None:
            if route.api == "sheets":
                raise bad_request(
                    f"Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query parameter. "
                    f"Field '{name}' could not be found in request message."
                )
            out[name] = value
            continue
        if isinstance(value, list):
            out[name] = [_coerce_scalar(name, spec, v, route.api) for v in value] if spec.get("repeated") \
                else _coerce_scalar(name, spec, value[-1], route.api)
        else:
            out[name] = _coerce_scalar(name, spec, value, route.api)
    for name, spec in route.parameters.items():
        if spec.get("location") == "query" and spec.get("required") and name not in out:
            raise bad_request(f"Required parameter: {name}", reason="required", location=name)
    return out


def _coerce_scalar(name: str, spec: dict[str, Any], value: str, api: str) -> Any:
    kind = spec.get("type")
    if kind == "boolean":
        if value not in BOOLEAN_SPELLINGS:
            raise bad_request(f"Invalid value '{value}'. Values must match the following regular expression: "
                              f"'(?i)(true|false)'", reason="invalidParameter", location=name)
        return BOOLEAN_SPELLINGS[value]
    if kind == "integer":
        try:
            number = int(value)
        except ValueError:
            raise bad_request(f"Invalid value '{value}' for {name}: not an integer",
                              reason="invalidParameter", location=name) from None
        if api == "drive" and "maximum" in spec and number > int(spec["maximum"]):
            return int(spec["maximum"])  # Drive: "values above 1000 will be coerced to 1000"
        if "minimum" in spec and number < int(spec["minimum"]) or "maximum" in spec and number > int(spec["maximum"]):
            raise bad_request(f"Invalid value '{value}'. Values must be within the range: "
                              f"[{spec.get('minimum')}, {spec.get('maximum')}]",
                              reason="invalidParameter", location=name)
        return number
    if "enum" in spec and value not in spec["enum"]:
        raise bad_request(_enum_message(name, value, api), reason="invalidParameter", location=name)
    return value


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _enum_message(name: str, value: Any, api: str) -> str:
    if api == "sheets":
        return f"Invalid value at '{_snake(name)}', \"{value}\""
    return f"Invalid value '{value}' for {name}"


def validate_body(route: Route, body: Any) -> None:
    """Unknown fields are a 400 naming the field; JSON null means "unset" and passes."""
    if route.request_schema is None:
        return
    if not isinstance(body, dict):
        raise bad_request("Invalid JSON payload received. Expected an object.")
    _check(apis()[route.api], {"$ref": route.request_schema}, body, "")


_ROWS = frozenset({list})


def _check(api: Api, spec: dict[str, Any], value: Any, where: str) -> None:
    if value is None:
        return
    if "$ref" in spec:
        spec = api.schemas[spec["$ref"]]
    kind = spec.get("type")
    if kind == "object" and "properties" in spec:
        if not isinstance(value, dict):
            raise bad_request(f"Invalid JSON payload received. Expected an object at '{where or 'body'}'.")
        props = spec["properties"]
        for key, item in value.items():
            if key not in props:
                at = f" at '{where}'" if where else ""
                raise bad_request(f"Invalid JSON payload received. Unknown name \"{key}\"{at}: Cannot find field.",
                                  details=[{"@type": "type.googleapis.com/google.rpc.BadRequest",
                                            "fieldViolations": [{"field": f"{where + '.' if where else ''}{key}",
                                                                 "description": f"Invalid JSON payload received. "
                                                                                f"Unknown name \"{key}\"{at}: "
                                                                                f"Cannot find field."}]}])
            _check(api, props[key], item, f"{where}.{key}" if where else key)
    elif kind == "object" and "additionalProperties" in spec:
        if not isinstance(value, dict):
            raise bad_request(f"Invalid JSON payload received. Expected a map at '{where}'.")
        for key, item in value.items():
            _check(api, spec["additionalProperties"], item, f"{where}[{key!r}]")
    elif kind == "array":
        if not isinstance(value, list):
            raise bad_request(f"Invalid JSON payload received. Expected a list at '{where}'.")
        items = spec.get("items", {})
        if items.get("type") == "array" and (items.get("items") or {}).get("type", "any") == "any":
            if value.__class__ is PlainRows or _ROWS.issuperset(map(type, value)):
                return                    # ValueRange.values: rows that are lists, no call per row
            if None in value:             # a null row (Google: 400, never a write)
                raise bad_request(f"Invalid value at '{where}[{value.index(None)}]' "
                                  f"(type.googleapis.com/google.protobuf.ListValue), null")
        if "$ref" in items or items.get("type", "any") != "any":   # anything goes: no call per cell
            flat = flat_items.fields(api.name, api.schemas, items["$ref"]) if "$ref" in items else None
            for index, item in enumerate(value):
                if flat is None or not flat_items.ok(flat, item):   # the step below for any item it fails
                    _check(api, items, item, f"{where}[{index}]")
    elif kind == "string":
        if "enum" in spec and value not in spec["enum"]:
            raise bad_request(f"Invalid value at '{where}', \"{value}\"")
        if spec.get("format") in ("int64", "uint64") and isinstance(value, int | str):
            return
        if not isinstance(value, str):
            raise bad_request(f"Invalid value at '{where}' ({type(value).__name__}), expected a string")
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise bad_request(f"Invalid value at '{where}', expected an integer")
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise bad_request(f"Invalid value at '{where}', expected a number")
    elif kind == "boolean" and not isinstance(value, bool):
        raise bad_request(f"Invalid value at '{where}', expected true or false")
