"""Putting an uploaded file into the Drive inbox, through the workspace layer's resumable upload.

Names and appProperties are made safe here: Drive limits each appProperty to 124 bytes of key
plus value (UTF-8), and a file name from a phone can carry paths or control characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

PROPERTY_BYTES = 124
MAX_NAME = 200


@dataclass(frozen=True)
class Stored:
    id: str
    size: int


def safe_name(filename: str | None) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".") or "upload"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name


def fit_property(key: str, value: str) -> str:
    """Cut `value` so key + value fit Drive's 124-byte appProperty limit, on a character boundary."""
    room = PROPERTY_BYTES - len(key.encode())
    encoded = value.encode("utf-8")
    if len(encoded) <= room:
        return value
    return encoded[:room].decode("utf-8", errors="ignore")


def store(workspace, stream: BinaryIO, name: str, mime: str, app_properties: dict[str, str]) -> Stored:
    """Stream `stream` into the inbox folder as a new file; reads it chunk by chunk."""
    from service.workspace import drive

    folder = drive.inbox_folder(workspace)
    file = drive.upload_stream(workspace, stream, name=name, mime_type=mime, parent=folder,
                               app_properties=app_properties)
    return Stored(id=file["id"], size=int(file.get("size") or getattr(stream, "bytes_read", 0)))
