"""The last step of every API answer: the `fields` mask, protobuf-style JSON (Sheets leaves default-valued
fields out, as Google does) and, in the schema test mode, a check against the discovery document."""

from __future__ import annotations

from turfbook_emulator import fields, schema_check
from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Reply
from turfbook_emulator.sheets import protojson


def shape(emulator, route, mask: str | None, reply: Reply) -> Reply:
    if mask and not reply.fields_applied and isinstance(reply.body, dict | list):
        reply.body = fields.apply(reply.body, fields.parse(mask))
    if emulator.protojson and route.api == "sheets" and route.response_schema and isinstance(reply.body, dict) \
            and reply.status < 300:
        reply.body = protojson.render(route.response_schema, reply.body)  # defaults left out, as Google
    if emulator.check_schema and isinstance(reply.body, dict) and reply.status < 300:
        found = schema_check.record(emulator.data_dir, route, reply.body)
        if found and emulator.check_schema == "strict":
            raise ApiError(500, f"Emulator response for {route.method_id} breaks its schema: {found[0]}")
    return reply
