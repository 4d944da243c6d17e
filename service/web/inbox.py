"""Putting an uploaded file into the Drive inbox, through the workspace layer's resumable upload.

Names and appProperties are made safe here: Drive limits each appProperty to 124 bytes of key
plus value (UTF-8), and a file name from a phone can carry paths or control characters.

Every stored file carries an upload key (appProperty `turfbook_upload_key`) and its form's scope
(`turfbook_form`), so a form sent again stores no copies: `Inbox.stored_keys` finds the keys already
in Drive with one files.list query per request, across the whole shared drive (a file filing has
already moved out of the inbox still counts).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from turfbook.workspace.drive import Drive
from turfbook.workspace.drive_stream import StreamMedia
from turfbook.workspace.errors import NotFound

PROPERTY_BYTES = 124
MAX_NAME = 200
KEY_PROPERTY = "turfbook_upload_key"
FORM_PROPERTY = "turfbook_form"
HEAD_PROPERTY = "turfbook_upload_head"


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


def with_extension(name: str, ext: str) -> str:
    """`name` ending in `ext` (the real type's): IMG_1.jpeg stays, photo.html → photo.jpg, scan → scan.jpg."""
    if not ext:
        return name
    stem, dot, old = name.rpartition(".")
    if dot and stem and old.lower() in _SAME.get(ext, {ext[1:]}):
        return name
    stem = stem if dot and stem and len(old) <= 10 else name
    return stem[: MAX_NAME - len(ext)] + ext


_SAME = {".jpg": {"jpg", "jpeg", "jpe"}, ".heic": {"heic", "heics"}, ".heif": {"heif", "hif"},
         ".mp4": {"mp4", "m4v"}, ".mov": {"mov", "qt"}}


def fit_property(key: str, value: str) -> str:
    """Cut `value` so key + value fit Drive's 124-byte appProperty limit, on a character boundary."""
    room = PROPERTY_BYTES - len(key.encode())
    encoded = value.encode("utf-8")
    if len(encoded) <= room:
        return value
    return encoded[:room].decode("utf-8", errors="ignore")


def _digest(*parts: str, length: int) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:length]


def head_digest(head: bytes) -> str:
    """What identifies a file's content among files with the same upload key: its first bytes."""
    return hashlib.sha256(head).hexdigest()[:24]


def form_scope(form_token: str) -> str:
    """The scope shared by every file of one form (one page load: its per-form token)."""
    return _digest("form", form_token, length=32)


def upload_key(link_id: str, client_key: str, *, form_token: str, index: int, filename: str | None,
               head: bytes) -> str:
    """The key one file is stored under. The page's JavaScript makes a key per file (a random UUID
    plus size), kept across its retries; without JS the key comes from the form's token, the file's
    place in the form, its name and a digest of its first bytes (its size is not known before it
    has streamed), so the same form sent again gives the same keys. Bound to the link, so one
    organizer's keys never match another's files."""
    if client_key:
        return _digest("client", link_id, client_key, length=40)
    return _digest("form", link_id, form_token, str(index), filename or "", hashlib.sha256(head).hexdigest(),
                   length=40)


class Inbox:
    """The inbox folder (found or created once per process) and uploads into it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._folder: str | None = None
        self._drive_id: str | None = None

    def folder(self, workspace) -> str:
        with self._lock:
            if self._folder is None:
                drive = Drive(workspace)
                self._folder = drive.folder(workspace.config.google.drive.inbox)
                self._drive_id = drive.drive_id
            return self._folder

    def stored_keys(self, workspace, keys: Iterable[str] = (), scope: str | None = None
                    ) -> set[tuple[str, str | None]]:
        """(upload key, head digest) of the files with one of `keys`, or of form `scope`, already in the
        shared drive: one files.list query (more pages only past 1000 files). The head digest tells a
        retry of the same file from another file sent with a reused key."""
        tags = [(KEY_PROPERTY, k) for k in sorted(set(keys))] + ([(FORM_PROPERTY, scope)] if scope else [])
        if not tags:
            return set()
        self.folder(workspace)
        found = Drive(workspace, drive_id=self._drive_id).find_tagged(tags, fields="id,appProperties")
        return {(props[KEY_PROPERTY], props.get(HEAD_PROPERTY)) for f in found
                if KEY_PROPERTY in (props := f.get("appProperties") or {})}

    def store(self, workspace, stream: BinaryIO, name: str, mime: str, app_properties: dict[str, str],
              description: str | None = None) -> Stored:
        """Stream `stream` into the inbox as a new file, one chunk at a time. `description` carries the
        whole note typed on the form (an appProperty holds only its first ~120 bytes)."""
        media = StreamMedia(stream, mime)
        try:
            file = Drive(workspace).upload(media, name, self.folder(workspace), mime, app_properties=app_properties,
                                           description=description or None, fields="id,size")
        except NotFound:
            with self._lock:
                self._folder = None   # the inbox was moved or deleted: find or make it next time
            raise
        return Stored(id=file["id"], size=int(file.get("size") or media.bytes_read))
