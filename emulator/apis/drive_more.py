"""Drive v3 files.export, comments.list/create, revisions.list, and the Drive v2 media upload
(`PUT /upload/drive/v2/files/{id}?uploadType=media&convert=true`) that gspread's import_csv uses.

Comments live in the store namespace "drive_comments" ({fileId: [comment]}). A binary file has
one revision, its current content (the emulator keeps no history); a Google-native file lists
one revision too, without md5/size, as Drive does. Differences are in docs/emulator.md.
"""

from __future__ import annotations

import csv
import io
import secrets

from turfbook_emulator import fields
from turfbook_emulator.apis.drive_files import answer
from turfbook_emulator.drive import export, model, uploads
from turfbook_emulator.errors import ApiError, bad_request
from turfbook_emulator.registry import Reply, handles

COMMENTS = "drive_comments"


def _file(call) -> dict:
    return model.lookup(model.state(call.store), call.path["fileId"], call)


def _book(call, file: dict):
    from turfbook_emulator.sheets import book_or_404

    return book_or_404(call.store, file["id"])


@handles("drive.files.export")
def export_file(call):
    file = _file(call)
    mime = call.query.get("mimeType") or ""
    if not file["mimeType"].startswith(model.GOOGLE_APPS):
        raise ApiError(403, "Export only supports Docs Editors files.", reason="fileNotExportable")
    if file["mimeType"] != model.SPREADSHEET or mime not in export.FORMATS:
        raise bad_request("The requested conversion is not supported.", reason="badRequest", location="mimeType")
    data = export.export(_book(call, file), mime)
    if len(data) > export.LIMIT:
        raise ApiError(403, "This file is too large to be exported.", reason="exportSizeLimitExceeded")
    return Reply(200, data, content_type=mime, length=len(data))


def _require_fields(call) -> None:
    if not call.query.get("fields"):
        raise bad_request("The 'fields' parameter is required for this method.", reason="required",
                          location="fields")


def _author(call) -> dict:
    who = call.principal.get("sub") or model.CLIENT_EMAIL
    return {"kind": "drive#user", "displayName": who.split("@")[0], "me": True,
            "photoLink": "//lh3.googleusercontent.com/a/default-user=s64"}


@handles("drive.comments.create")
def create_comment(call):
    _require_fields(call)
    file = _file(call)
    body = call.json()
    content = body.get("content")
    if not content:
        raise bad_request("A comment must have content.", reason="required", location="content")
    now = model.now()
    comment = {"kind": "drive#comment", "id": "AAAB" + secrets.token_hex(8), "createdTime": now,
               "modifiedTime": now, "author": _author(call), "htmlContent": _html(content), "content": content,
               "deleted": False, "resolved": False, "replies": []}
    for key in ("anchor", "quotedFileContent"):
        if body.get(key) is not None:
            comment[key] = body[key]
    comments = call.store.get(COMMENTS, dict)
    comments.setdefault(file["id"], []).append(comment)
    call.store.dirty(COMMENTS)
    return Reply(200, fields.apply(comment, fields.parse(call.query["fields"])), fields_applied=True)


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")


@handles("drive.comments.list")
def list_comments(call):
    _require_fields(call)
    file = _file(call)
    found = [c for c in call.store.get(COMMENTS, dict).get(file["id"], [])
             if call.flag("includeDeleted") or not c.get("deleted")]
    since = call.query.get("startModifiedTime")
    if since:
        found = [c for c in found if c["modifiedTime"] >= since]
    size = min(int(call.query.get("pageSize") or 20), 100)
    start = int(call.query.get("pageToken") or 0) if str(call.query.get("pageToken") or "0").isdigit() else 0
    body = {"kind": "drive#commentList", "comments": found[start:start + size]}
    if start + size < len(found):
        body["nextPageToken"] = str(start + size)
    return Reply(200, fields.apply(body, fields.parse(call.query["fields"])), fields_applied=True)


@handles("drive.revisions.list")
def list_revisions(call):
    file = _file(call)
    if file["mimeType"] == model.FOLDER:
        raise ApiError(403, "The file does not support revisions.", reason="revisionsNotSupported")
    st = model.state(call.store)
    resource = model.resource(st, file, call.base_url)
    revision = {"kind": "drive#revision", "id": resource.get("headRevisionId") or "1",
                "mimeType": file["mimeType"], "modifiedTime": file.get("modifiedTime"),
                "keepForever": False, "published": False, "lastModifyingUser": resource.get("lastModifyingUser")}
    if not file["mimeType"].startswith(model.GOOGLE_APPS):
        revision.update({"originalFilename": file.get("originalFilename") or file["name"],
                         "md5Checksum": file.get("md5Checksum"), "size": resource.get("size")})
    revision = {k: v for k, v in revision.items() if v is not None}
    body = {"kind": "drive#revisionList", "revisions": [revision]}
    return answer(call, body, "kind,nextPageToken,revisions(kind,id,mimeType,modifiedTime)")


@handles("_drive_v2_upload")
def v2_media_upload(call):
    """Drive v2 files.update with media: a CSV/TSV converted into a spreadsheet replaces its first
    sheet's content and drops the other sheets (what import_csv documents); other files get the
    new content as with a v3 media upload. Answers a v2 File resource."""
    file = _file(call)
    if (call.query.get("uploadType") or "media") != "media":
        raise bad_request("Only uploadType=media is served by the emulator on the v2 upload path.")
    convert = call.flag("convert")
    if file["mimeType"] == model.SPREADSHEET:
        if not convert:
            raise bad_request("Uploading content into a Google Sheets file needs convert=true.", reason="badContent")
        _import_delimited(call, file)
    elif file["mimeType"].startswith(model.GOOGLE_APPS):
        raise bad_request("The requested conversion is not supported.", reason="badRequest")
    else:
        uploads.simple(call, existing=file)
    model.touch(file)
    model.record_change(model.state(call.store), file)
    call.store.dirty(model.NAMESPACE)
    return Reply(200, {"kind": "drive#file", "id": file["id"], "title": file["name"], "mimeType": file["mimeType"],
                       "modifiedDate": file.get("modifiedTime"), "version": str(file.get("version", 1))})


def _body(call) -> bytes:
    if call.stream is None:
        return call.body
    pieces = []
    while piece := call.stream.read(1 << 20):
        pieces.append(piece)
    return b"".join(pieces)


def _import_delimited(call, file: dict) -> None:
    from turfbook_emulator.sheets import save, values
    from turfbook_emulator.sheets.model import Sheet

    mime = (call.headers.get("Content-Type") or "text/csv").split(";")[0].strip()
    delimiter = "\t" if mime == "text/tab-separated-values" else ","
    text = _body(call).decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    book = _book(call, file).shallow()
    first = book.sheets[0]
    width = max((len(r) for r in rows), default=0)
    fresh = Sheet(sheet_id=first.sheet_id, title=first.title, row_count=max(len(rows), 1000),
                  col_count=max(width, 26))
    book.sheets = [fresh]
    book.developer_metadata = []
    values.put(fresh, 0, 0, rows, "USER_ENTERED", book.locale)
    values.recalc(book)
    save(call.store, book.commit())
