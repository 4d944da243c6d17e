"""Creating, updating and removing stored files: the rules every files.* handler shares."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from turfbook_emulator import identity
from turfbook_emulator.drive import media, model
from turfbook_emulator.drive.model import FOLDER, GOOGLE_APPS, SPREADSHEET, DriveState
from turfbook_emulator.errors import ApiError, bad_request

WRITABLE_ON_CREATE = {"name", "mimeType", "parents", "description", "appProperties", "properties", "starred",
                      "originalFilename", "createdTime", "modifiedTime", "id", "writersCanShare",
                      "copyRequiresWriterPermission", "folderColorRgb", "viewedByMeTime", "contentHints",
                      "trashed", "driveId", "teamDriveId", "shortcutDetails", "contentRestrictions",
                      "inheritedPermissionsDisabled", "downloadRestrictions", "labelInfo"}
NOT_WRITABLE_ON_UPDATE = {"parents": "The parents field is not directly writable in update requests. "
                                     "Use the addParents and removeParents parameters instead.",
                          "id": "The resource body includes fields which are not directly writable.",
                          "driveId": "The resource body includes fields which are not directly writable."}


def create(call, metadata: dict[str, Any], content: Path | None = None, declared_mime: str | None = None,
           new_spreadsheet: bool = True) -> dict:
    """A new file from create/copy metadata and optional content (a temp file, moved into place)."""
    st = model.state(call.store)
    metadata = {k: v for k, v in (metadata or {}).items() if v is not None}
    unknown = set(metadata) - WRITABLE_ON_CREATE
    if unknown:
        raise ApiError(403, "The resource body includes fields which are not directly writable.",
                       reason="fieldNotWritable")
    parents = list(metadata.get("parents") or [])
    if len(parents) > 1:
        raise ApiError(403, "Increasing the number of parents is not allowed.", reason="cannotAddParent")
    parent = model.resolve_folder(st, parents[0] if parents else "root", call)
    drive_id = parent.get("driveId")
    if not drive_id:
        try:
            model.require_storage(call)
        except ApiError:
            _discard(content)
            raise
    if metadata.get("id") and _no_generated_id(metadata.get("mimeType")):
        _discard(content)
        raise bad_request("Generated IDs are not supported for Google Workspace files (Docs, Sheets, Slides, "
                          "Forms, Drawings); create the file without an ID.", reason="generatedIdNotSupported")
    file_id = metadata.get("id") or model.new_file_id()
    if file_id in st.files:
        _discard(content)
        raise ApiError(409, "A file already exists with the provided ID.", reason="duplicate")
    mime = metadata.get("mimeType")
    name = metadata.get("name") or "Untitled"
    stamp = model.now()
    file: dict[str, Any] = {
        "id": file_id, "name": name, "mimeType": mime or "application/octet-stream",
        "parents": [parent["id"]], "driveId": drive_id, "createdTime": metadata.get("createdTime") or stamp,
        "modifiedTime": metadata.get("modifiedTime") or stamp, "trashed": False, "version": 1,
        "appProperties": {},
        "properties": dict(metadata.get("properties") or {}),
        "description": metadata.get("description"), "starred": bool(metadata.get("starred")),
        "owner": None if drive_id else model.me(call),
        "appClients": [identity.client(call.principal)],   # the app that made it (drive.file reaches it)
    }
    if content is not None:
        file["originalFilename"] = metadata.get("originalFilename") or metadata.get("name") or "Untitled"
        store_content(call.emulator, file, content, mime or declared_mime)
    elif not mime:
        file["mimeType"] = "application/octet-stream"
        file["size"] = 0
        file["md5Checksum"] = "d41d8cd98f00b204e9800998ecf8427e"
    model.set_app_properties(file, identity.client(call.principal), metadata.get("appProperties") or {})
    st.files[file_id] = file
    if file["mimeType"] == SPREADSHEET and new_spreadsheet:
        _create_spreadsheet(call, file)
    model.record_change(st, file)
    call.store.dirty(model.NAMESPACE)
    return file


# Drive's "Create and manage files" guide: pre-generated IDs are not supported for Google Workspace files,
# except folders and drive-sdk files (and shortcuts: files.generateIds has type=shortcuts for them).
GENERATED_ID_OK = {FOLDER, GOOGLE_APPS + "drive-sdk", GOOGLE_APPS + "shortcut"}


def _no_generated_id(mime: str | None) -> bool:
    return bool(mime) and mime.startswith(GOOGLE_APPS) and mime not in GENERATED_ID_OK and not \
        mime.startswith(GOOGLE_APPS + "drive-sdk")


def store_content(emulator, file: dict, content: Path, mime: str | None) -> None:
    if file["mimeType"] == FOLDER or file["mimeType"].startswith(GOOGLE_APPS):
        _discard(content)
        raise bad_request("Media upload is not allowed for this file type.", reason="badContent")
    detected = media.sniff(content, file.get("originalFilename") or file["name"], mime)
    if file["mimeType"] in ("application/octet-stream", "") or not file.get("mimeType"):
        file["mimeType"] = detected
    target = model.blob_path(emulator, file["id"])
    os.replace(content, target)
    file["size"] = target.stat().st_size
    file["md5Checksum"] = media.md5_of(target)
    file.pop("imageMediaMetadata", None)
    file.pop("videoMediaMetadata", None)
    file.update(media.describe(target, file["mimeType"]))


def _discard(content: Path | None) -> None:
    if content is not None:
        try:
            content.unlink()
        except OSError:
            pass


def _sheets():
    try:
        import turfbook_emulator.sheets as sheets
    except ImportError:
        return None
    return sheets if hasattr(sheets, "create_spreadsheet") else None


def _create_spreadsheet(call, file: dict) -> None:
    """gspread's client.create makes spreadsheets through Drive: the Sheets emulator must know them."""
    sheets = _sheets()
    if sheets is not None:
        sheets.create_spreadsheet(call.store, file["name"], file["id"])


def _sheets_sync(call, file: dict, deleted: bool = False) -> None:
    sheets = _sheets()
    if sheets is None or file["mimeType"] != SPREADSHEET:
        return
    if deleted:
        sheets.delete_spreadsheet(call.store, file["id"])
    else:
        sheets.rename_spreadsheet(call.store, file["id"], file["name"])


def update(call, file: dict, metadata: dict[str, Any], add_parents: str = "", remove_parents: str = "") -> None:
    st = model.state(call.store)
    for key in metadata:
        if key in NOT_WRITABLE_ON_UPDATE and metadata[key] is not None:
            raise ApiError(403, NOT_WRITABLE_ON_UPDATE[key], reason="fieldNotWritable")
    if "mimeType" in metadata and metadata["mimeType"] not in (None, file["mimeType"]) and (
            file["mimeType"] == FOLDER or metadata["mimeType"] == FOLDER):
        raise ApiError(403, "The MIME type of a folder cannot be changed.", reason="fieldNotWritable")
    parents = list(file.get("parents") or [])
    removing = [p for p in remove_parents.split(",") if p]
    adding = [p for p in add_parents.split(",") if p]
    for parent_id in removing:
        if parent_id in parents:
            parents.remove(parent_id)
    new_drive = file.get("driveId")
    for parent_id in adding:
        folder = model.resolve_folder(st, parent_id, call, location="addParents")
        if parent_id == file["id"] or file["mimeType"] == FOLDER and parent_id in descendants(st, file["id"]):
            raise ApiError(400, "A folder cannot be moved into itself or one of its children.",
                           reason="invalidParent")
        if folder["id"] not in parents:
            parents.append(folder["id"])
        new_drive = folder.get("driveId")
    if len(parents) > 1:
        raise ApiError(403, "A shared drive item must have exactly one parent." if new_drive
                       else "Increasing the number of parents is not allowed.",
                       reason="teamDrivesParentLimit" if new_drive else "cannotAddParent")
    if adding and not new_drive:
        model.require_storage(call)
    for key, value in metadata.items():
        if key in ("appProperties", "properties"):
            client = identity.client(call.principal)
            merged = model.app_properties(file, client) if key == "appProperties" else dict(file.get(key) or {})
            for k, v in (value or {}).items():
                if v is None:
                    merged.pop(k, None)
                else:
                    merged[k] = v
            if key == "appProperties":
                model.set_app_properties(file, client, merged)
            else:
                file[key] = merged
        elif key == "trashed" and value is not None:
            set_trashed(st, file, bool(value))
        elif key in ("name", "description", "starred", "mimeType", "modifiedTime", "originalFilename"):
            file[key] = value if key != "name" or value else file[key]
    if adding or removing:
        file["parents"] = parents
        if new_drive != file.get("driveId"):
            inside = descendants(st, file["id"]) if file["mimeType"] == FOLDER else []
            for child_id in [file["id"], *inside]:
                st.files[child_id]["driveId"] = new_drive
    if "modifiedTime" not in metadata:
        model.touch(file)
    if metadata.get("name"):
        _sheets_sync(call, file)
    model.record_change(st, file)
    call.store.dirty(model.NAMESPACE)


def descendants(st: DriveState, folder_id: str) -> list[str]:
    children: dict[str, list[str]] = {}
    for f in st.files.values():
        for p in f.get("parents") or []:
            children.setdefault(p, []).append(f["id"])
    out, todo = [], list(children.get(folder_id, []))
    while todo:
        item = todo.pop()
        if item in out:
            continue
        out.append(item)
        todo.extend(children.get(item, []))
    return out


def set_trashed(st: DriveState, file: dict, trashed: bool) -> None:
    file["trashed"] = trashed
    file["explicitlyTrashed"] = trashed
    for child_id in descendants(st, file["id"]) if file["mimeType"] == FOLDER else []:
        child = st.files[child_id]
        if not child.get("explicitlyTrashed"):
            child["trashed"] = trashed


def delete(call, file: dict) -> None:
    st = model.state(call.store)
    inside = descendants(st, file["id"]) if file["mimeType"] == FOLDER else []
    for file_id in [*inside, file["id"]]:
        gone = st.files.pop(file_id, None)
        if gone is None:
            continue
        st.permissions.pop(file_id, None)
        _sheets_sync(call, gone, deleted=True)
        try:
            model.blob_path(call.emulator, file_id).unlink()
        except OSError:
            pass
        model.record_change(st, gone, removed=True)
    call.store.dirty(model.NAMESPACE)


def copy(call, source: dict, metadata: dict[str, Any]) -> dict:
    if source["mimeType"] == FOLDER:
        raise ApiError(403, "This file cannot be copied by the user.", reason="cannotCopyFile")
    st = model.state(call.store)
    body = {"name": "Copy of " + source["name"], "mimeType": source["mimeType"], "parents": source.get("parents"),
            "description": source.get("description"),
            "appProperties": model.app_properties(source, identity.client(call.principal)),
            "properties": source.get("properties")}
    body.update({k: v for k, v in (metadata or {}).items() if v is not None})
    content = None
    blob = model.blob_path(call.emulator, source["id"])
    if blob.exists():
        content = model.blob_dir(call.emulator) / f"copy-{model.new_file_id()}.tmp"
        shutil.copyfile(blob, content)
    created = create(call, body, content, source["mimeType"], new_spreadsheet=False)
    if created["mimeType"] == SPREADSHEET:
        _copy_spreadsheet(call, source["id"], created)
    st.files[created["id"]] = created
    return created


def _copy_spreadsheet(call, source_id: str, created: dict) -> None:
    import copy as copying

    sheets = _sheets()
    book = sheets.get_spreadsheet(call.store, source_id) if sheets else None
    if book is None:
        _create_spreadsheet(call, created)
        return
    twin = copying.deepcopy(book)
    twin.spreadsheet_id, twin.title = created["id"], created["name"]
    sheets.save(call.store, twin)
