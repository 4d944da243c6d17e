"""Drive v3 files.*: create (metadata and all upload types), get (+alt=media), list, update, copy,
delete, emptyTrash, generateIds. Behaviour notes are in emulator/drive/*.py."""

from __future__ import annotations

import re

from turfbook_emulator import fields, identity
from turfbook_emulator.drive import files, listing, model, roles, uploads
from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Reply, handles

DEFAULT_FILE_FIELDS = "kind,id,name,mimeType"
DEFAULT_LIST_FIELDS = "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)"
_BYTES = re.compile(r"^bytes=(\d*)-(\d*)$")


def answer(call, body: dict, default: str, status: int = 200) -> Reply:
    mask = call.query.get("fields") or default
    return Reply(status, fields.apply(body, fields.parse(mask)), fields_applied=True)


def file_answer(call, file: dict) -> Reply:
    st = model.state(call.store)
    return answer(call, model.resource(st, file, call.base_url, model.me(call), identity.client(call.principal)),
                  DEFAULT_FILE_FIELDS)


def _upload_type(call) -> str:
    kind = call.query.get("uploadType") or "media"
    if kind not in ("media", "multipart", "resumable"):
        raise ApiError(400, f"Invalid upload type: {kind}", reason="invalid", location="uploadType")
    return kind


@handles("drive.files.create")
def create(call):
    if not call.route.upload:
        return file_answer(call, files.create(call, call.json()))
    kind = _upload_type(call)
    if kind == "resumable":
        return uploads.start(call)
    if kind == "multipart":
        return file_answer(call, uploads.multipart(call)[0])
    return file_answer(call, uploads.simple(call))


@handles("_upload_session")
def upload_session(call):
    if call.route.api != "drive":
        raise ApiError(400, "Resumable uploads are not supported for this method by the emulator.")
    file, session, progress = uploads.put(call)
    if progress is not None:
        return progress
    if file is None:
        raise ApiError(404, "The upload's file no longer exists.", reason="notFound")
    return file_answer(call, file)


@handles("drive.files.get")
def get(call):
    st = model.state(call.store)
    file = model.lookup(st, call.path["fileId"], call, allow_drive_root=True)
    if call.query.get("alt") == "media":
        return media(call, file)
    return file_answer(call, file)


def media(call, file: dict) -> Reply:
    if file["mimeType"].startswith(model.GOOGLE_APPS):
        raise ApiError(403, "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
                       reason="fileNotDownloadable", location="alt")
    path = model.blob_path(call.emulator, file["id"])
    size = path.stat().st_size if path.exists() else 0
    start, end, status, headers = 0, size - 1, 200, {"Accept-Ranges": "bytes"}
    wanted = (call.headers.get("Range") or "").strip()
    found = _BYTES.match(wanted) if wanted else None
    if found and (found.group(1) or found.group(2)):
        if found.group(1):
            start = int(found.group(1))
            end = min(int(found.group(2)), size - 1) if found.group(2) else size - 1
        else:
            start = max(0, size - int(found.group(2)))
        if start >= size or start > end:
            return Reply(416, b"", headers={"Content-Range": f"bytes */{size}"},
                         content_type="text/plain; charset=utf-8")
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["ETag"] = f'"{file.get("md5Checksum", "")}"'
    length = max(0, end - start + 1)
    return Reply(status, _read(path, start, length), headers=headers, content_type=file["mimeType"],
                 length=length)


def _read(path, start: int, length: int):
    if length <= 0:
        return
    with path.open("rb") as fh:
        fh.seek(start)
        while length > 0:
            piece = fh.read(min(length, 1 << 20))
            if not piece:
                return
            length -= len(piece)
            yield piece


@handles("drive.files.list")
def list_files(call):
    st = model.state(call.store)
    found, following = listing.page(listing.search(st, call), call)
    body = {"kind": "drive#fileList", "incompleteSearch": False,
            "files": [model.resource(st, f, call.base_url, model.me(call), identity.client(call.principal))
                      for f in found]}
    if following:
        body["nextPageToken"] = following
    order = ["kind", "nextPageToken", "incompleteSearch", "files"]
    return answer(call, {k: body[k] for k in order if k in body}, DEFAULT_LIST_FIELDS)


@handles("drive.files.update")
def update(call):
    st = model.state(call.store)
    file = model.lookup(st, call.path["fileId"], call)
    metadata: dict = {}
    _may_update(st, file, call)
    if call.route.upload:
        kind = _upload_type(call)
        if kind == "resumable":
            return uploads.start(call, existing=file)
        if kind == "multipart":
            file, metadata = uploads.multipart(call, existing=file)
        else:
            uploads.simple(call, existing=file)
    else:
        metadata = call.json()
    files.update(call, file, metadata, call.query.get("addParents", ""), call.query.get("removeParents", ""))
    return file_answer(call, file)


def _may_update(st, file: dict, call) -> None:
    """Roles as Drive has them: starring is anyone's; editing needs Editor/Contributor; trashing needs the
    owner (My Drive) or a Content manager (shared drive); moving out of a shared-drive folder likewise."""
    metadata = {} if call.route.upload else (call.json() or {})
    if not call.route.upload and set(metadata) <= {"starred"} and not call.query.get("addParents") \
            and not call.query.get("removeParents"):
        return
    roles.require_role(st, file, call, "writer")
    trashing = metadata.get("trashed") is not None
    moving = bool(call.query.get("removeParents")) and bool(file.get("driveId"))
    if trashing or moving:
        roles.require_role(st, file, call, "fileOrganizer" if file.get("driveId") else "owner")


def may_delete(st, file: dict, call) -> None:
    """Deleting for good: the owner in My Drive; a Manager (organizer) in a shared drive."""
    roles.require_role(st, file, call, "organizer" if file.get("driveId") else "owner")


@handles("drive.files.copy")
def copy(call):
    st = model.state(call.store)
    source = model.lookup(st, call.path["fileId"], call)
    return file_answer(call, files.copy(call, source, call.json()))


@handles("drive.files.delete")
def delete(call):
    st = model.state(call.store)
    file = model.lookup(st, call.path["fileId"], call)
    may_delete(st, file, call)
    files.delete(call, file)
    return Reply(204, b"")


@handles("drive.files.emptyTrash")
def empty_trash(call):
    st = model.state(call.store)
    drive_id = call.query.get("driveId")
    if drive_id and roles.drive_role(st, drive_id, model.me(call)) != "organizer":
        raise roles.insufficient_permissions()
    who = model.me(call)
    for file in [f for f in st.files.values() if f.get("explicitlyTrashed") and f.get("driveId") == drive_id
                 and (drive_id or roles.role(st, f, who) == "owner")]:
        if file["id"] in st.files:
            files.delete(call, file)
    return Reply(204, b"")


@handles("drive.files.generateIds")
def generate_ids(call):
    count = int(call.query.get("count") or 10)
    if not 1 <= count <= 1000:
        raise ApiError(400, "Invalid Value", reason="invalid", location="count")
    body = {"kind": "drive#generatedIds", "space": call.query.get("space") or "drive",
            "ids": [model.new_file_id() for _ in range(count)]}
    return Reply(200, body)
