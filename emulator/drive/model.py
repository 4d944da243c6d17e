"""Drive's state: files (folders are files), shared drives, permissions, the change log, upload
sessions and push channels. Kept in the store namespace "drive"; content lives in DATA/drive-blobs/.

A stored file is a plain dict of Drive field names (times as RFC 3339 strings, `size` as an int);
`resource()` turns it into the JSON Drive answers with.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from turfbook_emulator import identity
from turfbook_emulator.auth import CLIENT_EMAIL
from turfbook_emulator.drive.app_props import app_properties, app_property, set_app_properties  # noqa: F401
from turfbook_emulator.drive.errors import DriveError, not_found, storage_quota_exceeded  # noqa: F401
from turfbook_emulator.errors import ApiError

FOLDER = "application/vnd.google-apps.folder"
GOOGLE_APPS = "application/vnd.google-apps."
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
NAMESPACE = "drive"
_ALPHABET = string.ascii_letters + string.digits + "-_"


@dataclass
class DriveState:
    files: dict[str, dict] = field(default_factory=dict)
    drives: dict[str, dict] = field(default_factory=dict)
    drive_requests: dict[str, str] = field(default_factory=dict)
    permissions: dict[str, list[dict]] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    sessions: dict[str, dict] = field(default_factory=dict)
    channels: dict[str, dict] = field(default_factory=dict)


def state(store) -> DriveState:
    return store.get(NAMESPACE, DriveState)


def blob_dir(emulator) -> Path:
    path = Path(emulator.data_dir) / "drive-blobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def blob_path(emulator, file_id: str) -> Path:
    return blob_dir(emulator) / file_id


_last_stamp = [datetime.min.replace(tzinfo=UTC)]


def now() -> str:
    """RFC 3339 with milliseconds, strictly increasing: two files made one after the other never tie
    on createdTime (Drive's own stamps are milliseconds apart), so "the oldest twin" is well defined."""
    current = datetime.now(UTC)
    stamp = current.replace(microsecond=current.microsecond // 1000 * 1000)
    stamp = max(stamp, _last_stamp[0] + timedelta(milliseconds=1))
    _last_stamp[0] = stamp
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def parse_time(value: str) -> datetime:
    text = value.strip().replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def new_file_id() -> str:
    return "1" + "".join(secrets.choice(_ALPHABET) for _ in range(32))


def new_drive_id() -> str:
    return "0A" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(17)) + "Uk9PVA"


def lookup(st: DriveState, file_id: str, call, location: str = "fileId", allow_drive_root: bool = False) -> dict:
    """The stored file, or 404 exactly as Drive: shared-drive items are invisible without supportsAllDrives,
    and a file the caller may not see (not theirs, not shared with them, not in their shared drive) is 404."""
    found = st.files.get(file_id)
    if found is None and allow_drive_root and file_id in st.drives and not st.drives[file_id].get("hidden"):
        found = drive_root(st, file_id)
    if found is None or not visible(st, found, call):
        raise not_found(file_id, location)
    if found.get("driveId") and not (call.flag("supportsAllDrives") or call.flag("supportsTeamDrives")):
        raise not_found(file_id, location)
    return found


def drive_root(st: DriveState, drive_id: str) -> dict:
    drive = st.drives[drive_id]
    return {"id": drive_id, "name": drive["name"], "mimeType": FOLDER, "parents": [], "driveId": drive_id,
            "createdTime": drive["createdTime"], "modifiedTime": drive["createdTime"], "trashed": False,
            "appProperties": {}, "properties": {}, "version": 1}


def me(call) -> str:
    """The acting identity's address (a delegated subject acts as that user)."""
    return identity.email(call.principal)


def visible(st: DriveState, file: dict, call) -> bool:
    """What this call may see: the identity's visibility (can_see), narrowed to the app's own files when the
    token has only the per-file scope drive.file (a shared drive's root is not a file and stays reachable)."""
    if not can_see(st, file, me(call)):
        return False
    return file["id"] in st.drives or identity.app_may_open(call.principal, file)


def can_see(st: DriveState, file: dict, who: str) -> bool:
    """Visibility as Drive has it: members of its shared drive; else its owner and those it is shared
    with, on the file itself or on a folder above it. Files without a recorded owner predate identities."""
    if file.get("driveId"):
        return is_member(st, file["driveId"], who)
    owner = file.get("owner")
    if owner is None or owner.lower() == who.lower():
        return True
    seen: set[str] = set()
    current: dict | None = file
    while current is not None and current["id"] not in seen:
        seen.add(current["id"])
        if _granted(st.permissions.get(current["id"], []), who):
            return True
        parents = current.get("parents") or []
        current = st.files.get(parents[0]) if parents else None
    return False


def is_member(st: DriveState, drive_id: str, who: str) -> bool:
    members = st.permissions.get(drive_id)
    return not members or _granted(members, who)


def _granted(perms: list[dict], who: str) -> bool:
    who = who.lower()
    for perm in perms:
        kind = perm.get("type")
        if kind == "anyone" or (kind in ("user", "group") and (perm.get("emailAddress") or "").lower() == who):
            return True
        if kind == "domain" and who.endswith("@" + (perm.get("domain") or "").lower()):
            return True
    return False


def require_storage(call) -> None:
    """Only a user has a My Drive: a service account's create/copy/upload there is Google's 403."""
    if identity.is_service_account(call.principal):
        raise storage_quota_exceeded()


def resolve_folder(st: DriveState, folder_id: str, call, location: str = "parents") -> dict:
    """A parent given by id ("root" is the caller's My Drive); must be a folder the caller can see."""
    if folder_id == "root" or folder_id == my_drive_root_id(st, me(call)):
        return {"id": my_drive_root_id(st, me(call)), "driveId": None, "mimeType": FOLDER}
    folder = lookup(st, folder_id, call, location=location, allow_drive_root=True)
    if folder["mimeType"] != FOLDER:
        raise ApiError(403, "The specified parent is not a folder.", reason="teamDrivesParentLimit"
                       if folder.get("driveId") else "parentNotAFolder", location=location)
    from turfbook_emulator.drive import roles  # roles build on this module

    if not roles.has_role(st, folder, me(call), "writer"):   # a Viewer/Commenter may not add to it
        raise ApiError(403, "Insufficient permissions for the specified parent.",
                       reason="insufficientParentPermissions", location=location)
    return folder


def my_drive_root_id(st: DriveState, who: str | None = None) -> str:
    """A user's My Drive root folder id (stable per data dir); files created without parents go there."""
    key = "__root__" if not who or who == CLIENT_EMAIL else f"__root__:{who.lower()}"
    root = st.drives.get(key)
    if root is None:
        root = st.drives[key] = {"id": "0A" + "".join(secrets.choice(string.ascii_letters) for _ in range(17))
                                        + "Uk9PVA", "hidden": True, "name": "My Drive", "createdTime": now()}
    return root["id"]


def record_change(st: DriveState, file: dict, removed: bool = False) -> None:
    st.changes.append({"fileId": file["id"], "time": now(), "removed": removed, "driveId": file.get("driveId")})
    from turfbook_emulator.drive import channels

    channels.changed(st, file, removed)


def touch(file: dict) -> None:
    file["modifiedTime"] = now()
    file["version"] = int(file.get("version", 1)) + 1


def visible_drives(st: DriveState) -> list[dict]:
    return [d for d in st.drives.values() if not d.get("hidden")]


def is_my_drive_root(st: DriveState, folder_id: str) -> bool:
    return folder_id == "root" or any(d.get("hidden") and d["id"] == folder_id for d in st.drives.values())


def resource(st: DriveState, file: dict, base_url: str, who: str | None = None,
             client: str | None = None) -> dict[str, Any]:
    """The full File resource as Drive v3 returns it with fields=*; capabilities are `who`'s, appProperties
    `client`'s (the calling app's)."""
    from turfbook_emulator.drive import roles
    out: dict[str, Any] = {"kind": "drive#file", "id": file["id"], "name": file["name"],
                           "mimeType": file["mimeType"]}
    for key in ("description", "starred", "trashed", "explicitlyTrashed", "parents", "properties",
                "appProperties", "spaces", "version", "webContentLink", "webViewLink", "iconLink",
                "hasThumbnail", "thumbnailLink", "viewedByMe", "createdTime", "modifiedTime",
                "modifiedByMeTime", "modifiedByMe", "owners", "driveId", "teamDriveId", "lastModifyingUser",
                "shared", "ownedByMe", "capabilities", "viewersCanCopyContent", "copyRequiresWriterPermission",
                "writersCanShare", "originalFilename", "fullFileExtension", "fileExtension", "md5Checksum",
                "sha1Checksum", "sha256Checksum", "size", "quotaBytesUsed", "headRevisionId",
                "imageMediaMetadata", "videoMediaMetadata", "isAppAuthorized", "resourceKey"):
        if key == "capabilities":
            value = roles.capabilities(st, file, who)
        elif key == "appProperties":
            value = app_properties(file, client) or None
        else:
            value = _derived(st, file, key, base_url)
        if value is not None:
            out[key] = value
    return out


_ME = {"kind": "drive#user", "displayName": "turfbook", "me": True, "permissionId": "00000000000000000001",
       "emailAddress": CLIENT_EMAIL}


def _user(email: str) -> dict:
    return dict(_ME) | {"displayName": email.split("@")[0], "emailAddress": email,
                        "permissionId": str(abs(hash(email)) % 10**20)}


def _derived(st: DriveState, file: dict, key: str, base_url: str) -> Any:
    in_drive = bool(file.get("driveId"))
    folder = file["mimeType"] == FOLDER
    native = file["mimeType"].startswith(GOOGLE_APPS)
    match key:
        case "starred" | "trashed" | "explicitlyTrashed" | "viewedByMe" | "modifiedByMe":
            return bool(file.get(key, key in ("viewedByMe", "modifiedByMe")))
        case "parents":
            return list(file.get("parents") or [])
        case "properties" | "appProperties":
            return dict(file[key]) if file.get(key) else None
        case "spaces":
            return ["drive"]
        case "version":
            return str(file.get("version", 1))
        case "webViewLink":
            return f"{base_url}/view/drive/{file['id']}"
        case "webContentLink":
            return None if folder or native else f"{base_url}/view/drive/content/{file['id']}"
        case "iconLink":
            return f"{base_url}/view/drive/icon/{file['mimeType']}"
        case "hasThumbnail":
            return bool(file.get("imageMediaMetadata"))
        case "thumbnailLink":
            return f"{base_url}/view/drive/thumb/{file['id']}" if file.get("imageMediaMetadata") else None
        case "modifiedByMeTime":
            return file.get("modifiedTime")
        case "owners":
            return None if in_drive else [_user(file.get("owner") or CLIENT_EMAIL)]
        case "teamDriveId":
            return file.get("driveId")
        case "lastModifyingUser":
            return _user(file.get("owner") or CLIENT_EMAIL)
        case "shared":
            return in_drive or len(st.permissions.get(file["id"], [])) > 1
        case "ownedByMe":
            return not in_drive
        case "viewersCanCopyContent" | "writersCanShare":
            return True
        case "copyRequiresWriterPermission" | "isAppAuthorized":
            return False
        case "size" | "quotaBytesUsed":
            if key == "size" and (folder or native):
                return None
            return str(file.get("size", 0))
        case "fileExtension" | "fullFileExtension":
            name = file.get("originalFilename") or file["name"]
            if folder or native or "." not in name:
                return None
            return name.rsplit(".", 1)[1] if key == "fileExtension" else name.split(".", 1)[1]
        case "headRevisionId":
            return None if folder or native else f"0B{file['id'][1:12]}v{file.get('version', 1)}"
        case _:
            value = file.get(key)
            return dict(value) if isinstance(value, dict) else value
