"""Media uploads: uploadType=media, multipart (<= 5 MB, in memory) and resumable sessions.

Resumable, as Google does it: the initiating request (JSON metadata) answers 200 with the session
URI in `Location`; each PUT carries `Content-Range: bytes a-b/total` (total may be `*` until the
last chunk); every chunk but the last must be a multiple of 256 KiB; an incomplete upload answers
308 with `Range: bytes=0-N` (no Range header when nothing has arrived). `Content-Range: bytes */total`
asks for the offset. Bytes that arrived before a dropped connection are kept, so a session can
resume at an odd offset. Sessions live in the store and their bytes in DATA/drive-blobs/uploads/,
so both survive an emulator restart. The body is streamed to disk, never held in memory.
"""

from __future__ import annotations

import json
import re
import secrets
from contextlib import contextmanager
from email.parser import BytesParser
from pathlib import Path

from turfbook_emulator import discovery
from turfbook_emulator.drive import files, model
from turfbook_emulator.errors import ApiError, bad_request
from turfbook_emulator.registry import Reply

GRANULARITY = 256 * 1024
MULTIPART_LIMIT = 5 * 1024 * 1024
PIECE = 1 << 20
_RANGE = re.compile(r"^bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)$")


def _incoming(emulator, name: str) -> Path:
    folder = model.blob_dir(emulator) / "uploads"
    folder.mkdir(exist_ok=True)
    return folder / name


def _copy_stream(call, target: Path, skip: int = 0, mode: str = "ab") -> None:
    """Append the request body to target as it arrives; bytes read before a drop are kept."""
    if call.stream is None:
        data = call.body[skip:]
        with target.open(mode) as out:
            out.write(data)
        return
    with _unlocked(call.store.lock), target.open(mode) as out:
        while skip > 0:
            skip -= len(call.stream.read(min(skip, PIECE)))
        while piece := call.stream.read(PIECE):
            out.write(piece)


@contextmanager
def _unlocked(lock):
    """Let other API calls run while a (possibly slow) client sends its bytes; the target file is ours."""
    lock.release()
    try:
        yield
    finally:
        lock.acquire()


def _drain(call) -> None:
    if call.stream is not None:
        call.stream.drain()


def simple(call, existing: dict | None = None) -> dict:
    """uploadType=media: the body is the content; metadata defaults (name "Untitled")."""
    temp = _incoming(call.emulator, f"simple-{secrets.token_hex(8)}.tmp")
    _copy_stream(call, temp, mode="wb")
    mime = (call.headers.get("Content-Type") or "").split(";")[0].strip() or None
    if existing is not None:
        files.store_content(call.emulator, existing, temp, mime)
        return existing
    return files.create(call, {}, temp, mime)


def multipart(call, existing: dict | None = None) -> tuple[dict, dict]:
    """uploadType=multipart: multipart/related with the JSON metadata, then the media."""
    if len(call.body) > MULTIPART_LIMIT + 64 * 1024:
        raise ApiError(413, "Request too large for a multipart upload; use uploadType=resumable above 5 MB.",
                       reason="uploadTooLarge")
    content_type = call.headers.get("Content-Type", "")
    message = BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + call.body)
    parts = message.get_payload() if message.is_multipart() else None
    if not parts or len(parts) != 2:
        raise bad_request("Bad multipart upload: expected a metadata part and a media part.", reason="badContent")
    try:
        metadata = json.loads(parts[0].get_payload(decode=True) or b"{}")
    except ValueError:
        raise bad_request("Invalid JSON payload received. Unexpected token.") from None
    discovery.validate_body(call.route, metadata)
    temp = _incoming(call.emulator, f"multipart-{secrets.token_hex(8)}.tmp")
    temp.write_bytes(parts[1].get_payload(decode=True) or b"")
    mime = parts[1].get_content_type()
    if existing is not None:
        files.store_content(call.emulator, existing, temp, mime)
        return existing, metadata
    return files.create(call, metadata, temp, mime), metadata


def start(call, existing: dict | None = None) -> Reply:
    """uploadType=resumable, first request: remember the metadata, answer with the session URI."""
    raw = call.stream.read(call.length) if call.stream is not None and call.length else call.body
    try:
        metadata = json.loads(raw) if raw else {}
    except ValueError:
        raise bad_request("Invalid JSON payload received. Unexpected token.") from None
    discovery.validate_body(call.route, metadata)
    st = model.state(call.store)
    if existing is None:
        parents = [p for p in (metadata.get("parents") or []) if p]
        parent = model.resolve_folder(st, parents[0] if parents else "root", call)
        if not parent.get("driveId"):
            model.require_storage(call)
    total = call.headers.get("X-Upload-Content-Length")
    upload_id = "AHVrdx" + secrets.token_urlsafe(48)
    st.sessions[upload_id] = {
        "metadata": metadata, "mime": call.headers.get("X-Upload-Content-Type"),
        "total": int(total) if total and total.isdigit() else None, "fileId": existing["id"] if existing else None,
        "query": {k: v for k, v in call.query.items() if k != "uploadType"}, "done": None,
    }
    _incoming(call.emulator, upload_id + ".part").write_bytes(b"")
    call.store.dirty(model.NAMESPACE)
    path = "/upload/drive/v3/files" + (f"/{existing['id']}" if existing else "")
    location = f"{call.base_url}{path}?uploadType=resumable&upload_id={upload_id}"
    return Reply(200, b"", headers={"Location": location, "X-GUploader-UploadID": upload_id},
                 content_type="text/plain; charset=utf-8")


def put(call) -> tuple[dict | None, dict, Reply | None]:
    """A chunk or a status query on a session: (finished file or None, session, 308 reply or None)."""
    st = model.state(call.store)
    upload_id = call.query.get("upload_id", "")
    session = st.sessions.get(upload_id)
    if session is None:
        _drain(call)
        raise ApiError(404, "Upload session not found or expired. Start a new upload.", reason="notFound")
    call.query = {**session["query"], **call.query}  # the flags and fields given when the upload began
    part = _incoming(call.emulator, upload_id + ".part")
    if session["done"]:
        _drain(call)
        return st.files.get(session["done"]), session, None
    received = part.stat().st_size if part.exists() else 0
    header = (call.headers.get("Content-Range") or "").strip()
    found = _RANGE.match(header) if header else None
    if header and not found:
        _drain(call)
        raise bad_request(f"Invalid Content-Range header: {header}", reason="badContent")
    total = session["total"]
    if found and found.group(3) != "*":
        total = int(found.group(3))
        if session["total"] is not None and session["total"] != total:
            _drain(call)
            raise bad_request("The total size in Content-Range does not match the upload's size.",
                              reason="badContent")
    if found and found.group(1) is None:  # status query: bytes */total
        _drain(call)
        return _progress(call, session, upload_id, received, total)
    start_at = int(found.group(1)) if found else received
    end = int(found.group(2)) if found else start_at + call.length - 1
    if not found:  # no Content-Range: this body is the rest of the upload
        total = end + 1
    length = end - start_at + 1
    if length != call.length:
        _drain(call)
        raise bad_request(f"Content-Range says {length} bytes but the request carries {call.length}.",
                          reason="badContent")
    last = total is not None and end + 1 == total
    if not last and length % GRANULARITY:
        _drain(call)
        raise bad_request(
            f"Invalid request. The number of bytes uploaded is required to be equal or greater than {GRANULARITY}, "
            f"except for the final request (it's recommended to be the exact multiple of {GRANULARITY}). "
            f"The received request contained {length} bytes, which does not meet this requirement.",
            reason="badContent")
    if start_at > received:
        _drain(call)
        raise bad_request(f"Invalid request. The upload has {received} bytes; a chunk cannot start at {start_at}.",
                          reason="badContent")
    session["total"] = total
    call.store.dirty(model.NAMESPACE)
    _copy_stream(call, part, skip=received - start_at)
    received = part.stat().st_size
    return _progress(call, session, upload_id, received, total)


def _progress(call, session: dict, upload_id: str, received: int, total: int | None):
    if total is not None and received > total:
        raise bad_request("More bytes arrived than the upload's declared size.", reason="badContent")
    if total is None or received < total:
        headers = {"Range": f"bytes=0-{received - 1}"} if received else {}
        return None, session, Reply(308, b"", headers=headers, content_type="text/plain; charset=utf-8")
    st = model.state(call.store)
    part = _incoming(call.emulator, upload_id + ".part")
    if session["fileId"]:
        file = model.lookup(st, session["fileId"], call)
        files.store_content(call.emulator, file, part, session["mime"])
        files.update(call, file, session["metadata"])
    else:
        file = files.create(call, session["metadata"], part, session["mime"])
    session["done"] = file["id"]
    call.store.dirty(model.NAMESPACE)
    return file, session, None
