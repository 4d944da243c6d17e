"""Drive's sharing roles: who may edit, trash, delete, share, and what `capabilities` says about it."""

from __future__ import annotations

from turfbook_emulator.drive.model import FOLDER, DriveState, _granted, me, state
from turfbook_emulator.errors import ApiError

# Drive's roles, weakest first (Google's "Viewer", "Commenter", "Contributor"/"Editor", "Content manager",
# "Manager", owner). In a shared drive the member's role counts; in My Drive the owner, else the
# strongest grant on the file or a folder above it.
RANKS = {"reader": 1, "commenter": 2, "writer": 3, "fileOrganizer": 4, "organizer": 5, "owner": 6}


def role(st: DriveState, file: dict, who: str) -> str | None:
    """The caller's role on a file (None: no access)."""
    if file.get("driveId"):
        return drive_role(st, file["driveId"], who)
    owner = file.get("owner")
    if owner is None or owner.lower() == who.lower():
        return "owner"
    best, seen = None, set()
    current: dict | None = file
    while current is not None and current["id"] not in seen:
        seen.add(current["id"])
        best = _stronger(best, _granted_role(st.permissions.get(current["id"], []), who))
        parents = current.get("parents") or []
        current = st.files.get(parents[0]) if parents else None
    return best


def drive_role(st: DriveState, drive_id: str, who: str) -> str | None:
    """A shared drive member's role (a drive with no member list predates identities: organizer)."""
    members = st.permissions.get(drive_id)
    return _granted_role(members, who) if members else "organizer"


def has_role(st: DriveState, file: dict, who: str, needed: str) -> bool:
    return RANKS.get(role(st, file, who) or "", 0) >= RANKS[needed]


def require_role(st: DriveState, file: dict, call, needed: str) -> None:
    """Drive's 403 for an action the caller's role does not allow (they can see the file)."""
    if not has_role(st, file, me(call), needed):
        raise insufficient_permissions()


def insufficient_permissions() -> ApiError:
    return ApiError(403, "The user does not have sufficient permissions for this file.",
                    reason="insufficientFilePermissions")


def _stronger(a: str | None, b: str | None) -> str | None:
    return a if RANKS.get(a or "", 0) >= RANKS.get(b or "", 0) else b


def _granted_role(perms: list[dict], who: str) -> str | None:
    best = None
    for perm in perms:
        if _granted([perm], who):
            best = _stronger(best, perm.get("role"))
    return best


def capabilities(st: DriveState, file: dict, who: str | None) -> dict[str, bool]:
    """What the caller may do, from their role: shared drives (Contributor adds and edits, Content manager
    also moves and trashes, Manager also deletes) and My Drive (Editor edits, only the owner trashes)."""
    folder = file["mimeType"] == FOLDER
    rank = RANKS.get((role(st, file, who) if who else "owner") or "", 0)
    in_drive = bool(file.get("driveId"))
    edit = rank >= RANKS["writer"]
    trash = rank >= (RANKS["fileOrganizer"] if in_drive else RANKS["owner"])
    delete = rank >= (RANKS["organizer"] if in_drive else RANKS["owner"])
    return {"canEdit": edit, "canCopy": not folder and rank >= RANKS["reader"], "canDelete": delete,
            "canTrash": trash, "canRename": edit, "canAddChildren": folder and edit,
            "canDownload": not folder, "canMoveItemWithinDrive": trash if in_drive else edit,
            "canListChildren": folder, "canShare": edit, "canComment": rank >= RANKS["commenter"]}


def role_in(call, drive: dict) -> str | None:
    return drive_role(state(call.store), drive["id"], me(call))


def organizer_only(call, drive: dict) -> None:
    """Renaming a shared drive, deleting it and managing its members are a Manager's (organizer's)."""
    if drive_role(state(call.store), drive["id"], me(call)) != "organizer":
        raise insufficient_permissions()


def may_share(call, file: dict) -> None:
    """Sharing a file needs Editor (writersCanShare); a shared drive's own members need a Manager."""
    st = state(call.store)
    if file["id"] in st.drives:
        organizer_only(call, st.drives[file["id"]])
    else:
        require_role(st, file, call, "writer")


# Search terms `'x' in owners|writers|readers` and `sharedWithMe` (Drive's "Search query terms"): the file's
# owner; principals whose role lets them modify it (writer and up, shared-drive members included; the owner is
# in owners); principals who may only read or comment. Named users and groups count (on the file, a folder
# above it, or the shared drive's member list); "anyone" and domain grants name nobody.
WRITER_ROLES = {"writer", "fileOrganizer", "organizer"}
READER_ROLES = {"reader", "commenter"}


def in_collection(st: DriveState, file: dict, field: str, email: str) -> bool:
    email = email.lower()
    owner = file.get("owner")
    if field == "owners":
        return not file.get("driveId") and (owner is None or owner.lower() == email)
    if not file.get("driveId") and owner is not None and owner.lower() == email:
        return False
    named = _named_role(st, file, email)
    return named in (WRITER_ROLES if field == "writers" else READER_ROLES)


def shared_with(st: DriveState, file: dict, email: str) -> bool:
    """In the caller's "Shared with me": a My Drive item someone else owns, shared with the caller by name on the
    item itself (items inside a shared folder are reached through the folder, not listed there)."""
    owner = file.get("owner")
    if file.get("driveId") or owner is None or owner.lower() == email.lower():
        return False
    return any(p.get("type") in ("user", "group") and (p.get("emailAddress") or "").lower() == email.lower()
               for p in st.permissions.get(file["id"], []))


def _named_role(st: DriveState, file: dict, email: str) -> str | None:
    def named(perms: list[dict]) -> str | None:
        return _granted_role([p for p in perms if p.get("type") in ("user", "group")], email)

    if file.get("driveId"):
        return named(st.permissions.get(file["driveId"]) or [])
    best, seen = None, set()
    current: dict | None = file
    while current is not None and current["id"] not in seen:
        seen.add(current["id"])
        best = _stronger(best, named(st.permissions.get(current["id"], [])))
        parents = current.get("parents") or []
        current = st.files.get(parents[0]) if parents else None
    return best
