"""files.list: which files a call may see (corpora, drives), `q`, orderBy and page tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from turfbook_emulator import identity
from turfbook_emulator.drive import model, query
from turfbook_emulator.drive.model import FOLDER
from turfbook_emulator.errors import ApiError

ORDER_KEYS = {"createdTime", "folder", "modifiedByMeTime", "modifiedTime", "name", "name_natural",
              "quotaBytesUsed", "recency", "sharedWithMeTime", "starred", "viewedByMeTime"}
DEFAULT_PAGE_SIZE = 100


def invalid(location: str, message: str = "Invalid Value") -> ApiError:
    return ApiError(400, message, reason="invalid", location=location)


def candidates(st: model.DriveState, call) -> list[dict]:
    corpora = call.query.get("corpora") or call.query.get("corpus") or "user"
    drive_id = call.query.get("driveId") or call.query.get("teamDriveId")
    all_drives = call.flag("includeItemsFromAllDrives") or call.flag("includeTeamDriveItems")
    supports = call.flag("supportsAllDrives") or call.flag("supportsTeamDrives")
    if corpora not in ("user", "drive", "domain", "allDrives"):
        raise invalid("corpora")
    if bool(drive_id) != (corpora == "drive"):
        raise invalid("driveId", "The driveId parameter must be specified if and only if corpora is set to drive.")
    if corpora in ("drive", "allDrives") and not (all_drives and supports):
        raise ApiError(403, "The includeItemsFromAllDrives parameter must be set to true when corpora is set to "
                            f"{corpora}, and supportsAllDrives must be true.", reason="teamDrivesSupportRequired",
                       location="includeItemsFromAllDrives")
    if corpora == "drive":
        if drive_id not in st.drives or st.drives[drive_id].get("hidden") \
                or not model.is_member(st, drive_id, model.me(call)):   # a non-member: as if it did not exist
            raise ApiError(404, f"Shared drive not found: {drive_id}", reason="notFound", location="driveId")
        return [f for f in st.files.values() if f.get("driveId") == drive_id]
    if all_drives:
        return list(st.files.values())
    return [f for f in st.files.values() if not f.get("driveId")]


def search(st: model.DriveState, call) -> list[dict]:
    who = model.me(call)
    files = [f for f in candidates(st, call) if model.visible(st, f, call)]
    q = call.query.get("q")
    if q:
        predicate = query.parse(q)
        from turfbook_emulator.drive import roles

        context = {"me": who, "root": model.my_drive_root_id(st, who), "client": identity.client(call.principal),
                   "collection": lambda f, field, email: roles.in_collection(st, f, field, email),
                   "sharedWithMe": lambda f: roles.shared_with(st, f, who)}
        files = [f for f in files if predicate(f, context)]
    return order(files, call.query.get("orderBy"))


def order(files: list[dict], order_by: str | None) -> list[dict]:
    if not order_by:
        return files
    keys = []
    for part in order_by.split(","):
        words = part.strip().split()
        if not words or words[0] not in ORDER_KEYS or len(words) > 2 or (len(words) == 2 and words[1] != "desc"):
            raise invalid("orderBy", f"Invalid sort field: {part.strip()}")
        keys.append((words[0], len(words) == 2))
    result = list(files)
    for key, descending in reversed(keys):
        result.sort(key=lambda f, k=key: _sort_value(f, k), reverse=descending)
    return result


def _sort_value(file: dict, key: str):
    if key == "folder":
        return 0 if file["mimeType"] == FOLDER else 1
    if key == "name":
        return file["name"]
    if key == "name_natural":
        return [(0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in re.split(r"(\d+)", file["name"])]
    if key in ("quotaBytesUsed",):
        return int(file.get("size") or 0)
    if key == "starred":
        return bool(file.get("starred"))
    if key == "createdTime":
        return file.get("createdTime") or ""
    return file.get("modifiedTime") or ""


def page(files: list[dict], call) -> tuple[list[dict], str | None]:
    size = int(call.query.get("pageSize") or DEFAULT_PAGE_SIZE)
    size = max(1, min(size, 1000))
    fingerprint = _fingerprint(call)
    offset = 0
    token = call.query.get("pageToken")
    if token:
        try:
            offset, seen = json.loads(base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4)))
        except (ValueError, TypeError):
            raise invalid("pageToken") from None
        if seen != fingerprint or not isinstance(offset, int):
            raise invalid("pageToken")
    chunk = files[offset:offset + size]
    following = None
    if offset + size < len(files):
        following = base64.urlsafe_b64encode(json.dumps([offset + size, fingerprint]).encode()).decode().rstrip("=")
    return chunk, following


def _fingerprint(call) -> str:
    parts = [str(call.query.get(k, "")) for k in ("q", "orderBy", "corpora", "driveId")]
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:12]  # noqa: S324 - not security
