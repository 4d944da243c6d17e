"""Google's HTTP batch endpoint (/batch/drive/v3): multipart/mixed of up to 100 calls.

Each part is dispatched like a request of its own (auth, faults, quotas, stats: one call each);
the answer is a multipart/mixed of HTTP responses with Content-ID `response-<id>`.
"""

from __future__ import annotations

import json
import re
import uuid
from email.parser import BytesParser
from http.client import responses
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Reply

if TYPE_CHECKING:
    from turfbook_emulator.server import Emulator

MAX_PARTS = 100


def handle(emulator: Emulator, raw_path: str, headers, body: bytes) -> Reply:
    from turfbook_emulator.server import DropConnection

    if raw_path != "/batch/drive/v3":
        raise ApiError(404, f"The requested URL {raw_path} was not found on this server.")
    content_type = headers.get("Content-Type", "")
    if not content_type.startswith("multipart/mixed"):
        raise ApiError(400, "Batch requests must be multipart/mixed.")
    message = BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    parts = message.get_payload() if message.is_multipart() else []
    if len(parts) > MAX_PARTS:
        raise ApiError(400, f"A batch request cannot contain more than {MAX_PARTS} requests.",
                       reason="batchSizeTooLarge")
    boundary = "batch_" + uuid.uuid4().hex
    out = []
    for part in parts:
        content_id = re.sub(r"\r?\n", "", part.get("Content-ID", ""))  # unfold a long header
        inner = part.get_payload(decode=True) or b""
        method, path, query, inner_headers, inner_body = _parse_http(inner)
        if "Authorization" not in inner_headers and headers.get("Authorization"):
            inner_headers["Authorization"] = headers["Authorization"]
        try:
            reply = emulator.call(method, path, query, inner_headers, inner_body, in_batch=True)
        except DropConnection:
            raise
        except ApiError as exc:
            reply = Reply(exc.code, exc.body("drive"), dict(exc.headers))
        out.append(_render_part(content_id, reply))
    payload = b"".join(f"--{boundary}\r\n".encode() + p for p in out) + f"--{boundary}--\r\n".encode()
    return Reply(200, payload, content_type=f"multipart/mixed; boundary={boundary}")


class _Headers(dict):
    def get(self, key, default=None):
        for k, v in self.items():
            if k.lower() == key.lower():
                return v
        return default


def _parse_http(data: bytes):
    head, _, body = data.partition(b"\r\n\r\n")
    if not _:
        head, _, body = data.partition(b"\n\n")
    lines = head.decode("utf-8", "replace").splitlines()
    method, target = lines[0].split(" ")[:2]
    headers = _Headers()
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip()] = value.strip()
    parts = urlsplit(target)
    return method, parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)), headers, body.rstrip(b"\r\n")


def _render_part(content_id: str, reply: Reply) -> bytes:
    response_id = content_id.replace("<", "<response-", 1) if content_id else ""
    if isinstance(reply.body, dict | list):
        payload = json.dumps(reply.body).encode()
        ctype = "application/json; charset=UTF-8"
    else:
        payload = b"".join(reply.chunks())
        ctype = reply.content_type or "application/octet-stream"
    status_line = f"HTTP/1.1 {reply.status} {responses.get(reply.status, '')}\r\n"
    inner = status_line.encode() + f"Content-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
    return (f"Content-Type: application/http\r\nContent-ID: {response_id}\r\n\r\n").encode() + inner + payload + b"\r\n"
