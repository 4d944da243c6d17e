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

from googleapiclient.errors import HttpError
from googleapiclient.http import MediaUpload

from service.workspace.drive import Drive, quote

PROPERTY_BYTES = 124
CHUNK = 4 * 1024 * 1024      # a multiple of 256 KiB; two of these are the most held per upload
READ = 256 * 1024
MAX_NAME = 200
KEY_PROPERTY = "turfbook_upload_key"
FORM_PROPERTY = "turfbook_form"


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


class RewindError(RuntimeError):
    """Drive asked for bytes the request body has already streamed past (its session expired)."""


class StreamMedia(MediaUpload):
    """A resumable-upload body of unknown length read from a forward-only stream.

    googleapiclient asks `getbytes(begin, n)` for each chunk; a short answer ends the upload. So
    that a file ending exactly on a chunk boundary is still finished with a proper Content-Range,
    `size()` reads ahead up to two chunks: when the end is within reach the total is known before
    the last chunk is sent. Memory: at most two chunks (+1 byte), whatever the file size.
    """

    def __init__(self, stream: BinaryIO, mimetype: str, chunksize: int = CHUNK):
        super().__init__()
        self._stream, self._mimetype, self._chunksize = stream, mimetype, chunksize
        self._start = 0               # file offset of self._buffer[0]
        self._buffer = bytearray()
        self._eof = False
        self.bytes_read = 0

    def chunksize(self) -> int:
        return self._chunksize

    def mimetype(self) -> str:
        return self._mimetype

    def resumable(self) -> bool:
        return True

    def has_stream(self) -> bool:
        return False

    def _fill(self, upto: int) -> None:
        while not self._eof and self._start + len(self._buffer) < upto:
            more = self._stream.read(min(READ, upto - self._start - len(self._buffer)))
            if not more:
                self._eof = True
                break
            self._buffer += more
            self.bytes_read += len(more)

    def size(self) -> int | None:
        self._fill(self._start + 2 * self._chunksize + 1)
        return self._start + len(self._buffer) if self._eof else None

    def getbytes(self, begin: int, length: int) -> bytes:
        if begin < self._start:
            raise RewindError(f"Drive asked for byte {begin}, but the upload has streamed past {self._start}")
        self._fill(begin + length)
        del self._buffer[: begin - self._start]
        self._start = begin
        return bytes(self._buffer[:length])

    def stream(self):
        raise NotImplementedError("StreamMedia hands out bytes with getbytes()")

    def to_json(self) -> str:
        raise NotImplementedError("a streamed upload cannot be serialized")


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

    def stored_keys(self, workspace, keys: Iterable[str] = (), scope: str | None = None) -> set[str]:
        """The upload keys among `keys`, or of files of form `scope`, already in the shared drive:
        one files.list query (more pages only past 1000 files)."""
        terms = [f"appProperties has {{ key={quote(KEY_PROPERTY)} and value={quote(k)} }}" for k in sorted(set(keys))]
        if scope:
            terms.append(f"appProperties has {{ key={quote(FORM_PROPERTY)} and value={quote(scope)} }}")
        if not terms:
            return set()
        self.folder(workspace)
        found = Drive(workspace, drive_id=self._drive_id).find(f"trashed = false and ({' or '.join(terms)})",
                                                                fields="id,appProperties")
        return {f["appProperties"][KEY_PROPERTY] for f in found if KEY_PROPERTY in (f.get("appProperties") or {})}

    def store(self, workspace, stream: BinaryIO, name: str, mime: str, app_properties: dict[str, str]) -> Stored:
        """Stream `stream` into the inbox as a new file, one chunk at a time."""
        media = StreamMedia(stream, mime)
        try:
            file = Drive(workspace).upload(media, name, self.folder(workspace), mime, app_properties=app_properties,
                                           fields="id,size")
        except HttpError as exc:
            if exc.resp.status == 404:
                with self._lock:
                    self._folder = None   # the inbox was moved or deleted: find or make it next time
            raise
        return Stored(id=file["id"], size=int(file.get("size") or media.bytes_read))
