"""Drive v3 drives.*, permissions.* and about.get (changes and push channels: drive_changes.py)."""

from __future__ import annotations

import secrets
import zlib

from turfbook_emulator import identity
from turfbook_emulator.apis.drive_files import answer
from turfbook_emulator.auth import CLIENT_EMAIL
from turfbook_emulator.drive import listing, model, query, roles
from turfbook_emulator.errors import ApiError, bad_request
from turfbook_emulator.registry import Reply, handles

ROLES = {"owner", "organizer", "fileOrganizer", "writer", "commenter", "reader"}
TYPES = {"user", "group", "domain", "anyone"}


def _drive_resource(drive: dict, role: str | None = "organizer") -> dict:
    rank = roles.RANKS.get(role or "", 0)
    add, manage = rank >= roles.RANKS["writer"], role == "organizer"
    organize = rank >= roles.RANKS["fileOrganizer"]   # Content manager: moves and trashes (a Contributor cannot)
    return {"kind": "drive#drive", "id": drive["id"], "name": drive["name"], "createdTime": drive["createdTime"],
            "hidden": bool(drive.get("hiddenByUser")), "colorRgb": "#8f8f8f", "themeId": "abacus",
            "capabilities": {"canAddChildren": add, "canEdit": add, "canManageMembers": manage,
                             "canDeleteDrive": manage, "canRenameDrive": manage, "canListChildren": True,
                             "canTrashChildren": organize, "canDeleteChildren": manage},
            "restrictions": {"adminManagedRestrictions": False, "copyRequiresWriterPermission": False,
                             "domainUsersOnly": False, "driveMembersOnly": False}}


@handles("drive.drives.create")
def drives_create(call):
    st = model.state(call.store)
    request_id = call.query["requestId"]
    if request_id in st.drive_requests:
        raise ApiError(409, "A shared drive with this request ID already exists.", reason="duplicate",
                       location="requestId")
    if identity.kind(call.principal) == identity.USER and not call.emulator.delegation.is_user(model.me(call)):
        # a personal account (e.g. @gmail.com, signed in through OAuth) has no Workspace: no shared drives
        raise ApiError(403, "The user does not have sufficient permissions to create shared drives: shared drives "
                            "need a Google Workspace account.", reason="forbidden")
    body = call.json()
    if not body.get("name"):
        raise bad_request("A shared drive name is required.", reason="required", location="name")
    drive = {"id": model.new_drive_id(), "name": body["name"], "createdTime": model.now()}
    st.drives[drive["id"]] = drive
    st.drive_requests[request_id] = drive["id"]
    st.permissions[drive["id"]] = [_permission("organizer", "user", model.me(call))]
    call.store.dirty(model.NAMESPACE)
    return answer(call, _drive_resource(drive), "kind,id,name")


def as_admin(call) -> bool:
    """useDomainAdminAccess=true: the caller acts as an administrator of the domain (every shared drive,
    member or not) — or, not being one, is refused with 403."""
    if not call.flag("useDomainAdminAccess"):
        return False
    if not call.emulator.delegation.is_admin(call.principal):
        raise ApiError(403, "The user does not have sufficient permissions for this operation: "
                            "useDomainAdminAccess requires an administrator of the domain.",
                       reason="insufficientAdministratorPrivileges", location="useDomainAdminAccess")
    return True


def _drive(call) -> dict:
    st = model.state(call.store)
    drive = st.drives.get(call.path["driveId"])
    admin = as_admin(call)
    if drive is None or drive.get("hidden") or not (admin or model.is_member(st, drive["id"], model.me(call))):
        raise ApiError(404, f"Shared drive not found: {call.path['driveId']}", reason="notFound", location="driveId")
    return drive


def _role(call, drive: dict) -> str | None:
    return "organizer" if call.flag("useDomainAdminAccess") else roles.role_in(call, drive)


@handles("drive.drives.get")
def drives_get(call):
    drive = _drive(call)
    return answer(call, _drive_resource(drive, _role(call, drive)), "kind,id,name")


@handles("drive.drives.update")
def drives_update(call):
    drive = _drive(call)
    if not as_admin(call):
        roles.organizer_only(call, drive)
    body = call.json()
    if body.get("name"):
        drive["name"] = body["name"]
    call.store.dirty(model.NAMESPACE)
    return answer(call, _drive_resource(drive, _role(call, drive)), "kind,id,name")


@handles("drive.drives.delete")
def drives_delete(call):
    st = model.state(call.store)
    drive = _drive(call)
    if not as_admin(call):
        roles.organizer_only(call, drive)
    if any(f.get("driveId") == drive["id"] for f in st.files.values()):
        raise ApiError(403, "The shared drive cannot be deleted because it contains items.",
                       reason="cannotDeleteResourceWithChildren")
    del st.drives[drive["id"]]
    call.store.dirty(model.NAMESPACE)
    return Reply(204, b"")


@handles("drive.drives.list")
def drives_list(call):
    st = model.state(call.store)
    admin = as_admin(call)   # an administrator sees every shared drive of the domain
    drives = [d for d in model.visible_drives(st) if admin or model.is_member(st, d["id"], model.me(call))]
    if call.query.get("q"):
        predicate = query.parse(call.query["q"])
        drives = [d for d in drives if predicate({"name": d["name"], "mimeType": model.FOLDER}, {})]
    found, following = listing.page(drives, call)
    body = {"kind": "drive#driveList", "drives": [_drive_resource(d, _role(call, d)) for d in found]}
    if following:
        body["nextPageToken"] = following
    return answer(call, body, "kind,nextPageToken,drives(kind,id,name)")


def _permission(role: str, kind: str, email: str | None = None, domain: str | None = None) -> dict:
    perm = {"kind": "drive#permission", "id": secrets.token_hex(10) if kind != "anyone" else "anyoneWithLink",
            "type": kind, "role": role}
    if email:
        perm["id"] = str(abs(hash(email)) % 10**20)
        perm["emailAddress"] = email
        perm["displayName"] = email.split("@")[0]
    if domain:
        perm["domain"] = domain
    return perm


def _permissions_of(st, file: dict) -> list[dict]:
    if file["id"] not in st.permissions:
        role = "organizer" if file.get("driveId") else "owner"
        st.permissions[file["id"]] = [_permission(role, "user", file.get("owner") or CLIENT_EMAIL)]
    return st.permissions[file["id"]]


def _shared_item(call) -> dict:
    """The file or shared drive permissions.* is about; with useDomainAdminAccess=true an administrator
    reaches any shared drive and its items (My Drive files stay their owners')."""
    st = model.state(call.store)
    if as_admin(call):
        file_id = call.path["fileId"]
        if file_id in st.drives and not st.drives[file_id].get("hidden"):
            return model.drive_root(st, file_id)
        found = st.files.get(file_id)
        if found is not None and found.get("driveId"):
            return found
    return model.lookup(st, call.path["fileId"], call, allow_drive_root=True)


@handles("drive.permissions.create")
def permissions_create(call):
    st = model.state(call.store)
    file = _shared_item(call)
    if not call.flag("useDomainAdminAccess"):
        roles.may_share(call, file)
    body = call.json()
    role, kind = body.get("role"), body.get("type")
    if role not in ROLES:
        raise bad_request("The permission role field is required and must be valid.", reason="invalid",
                          location="permission.role")
    if kind not in TYPES:
        raise bad_request("The permission type field is required and must be valid.", reason="invalid",
                          location="permission.type")
    if kind in ("user", "group") and not body.get("emailAddress"):
        raise bad_request("The permission emailAddress field is required for the specified permission type.",
                          reason="required", location="permission.emailAddress")
    if kind == "domain" and not body.get("domain"):
        raise bad_request("The permission domain field is required for the specified permission type.",
                          reason="required", location="permission.domain")
    if role == "owner" and file.get("driveId"):
        raise ApiError(403, "Shared drive items cannot have an owner.", reason="teamDriveFileLimitExceeded")
    perm = _permission(role, kind, body.get("emailAddress"), body.get("domain"))
    existing = _permissions_of(st, file)
    existing[:] = [p for p in existing if p["id"] != perm["id"]] + [perm]
    call.store.dirty(model.NAMESPACE)
    return answer(call, perm, "kind,id,type,role")


@handles("drive.permissions.list")
def permissions_list(call):
    st = model.state(call.store)
    file = _shared_item(call)
    body = {"kind": "drive#permissionList", "permissions": list(_permissions_of(st, file))}
    return answer(call, body, "kind,nextPageToken,permissions(kind,id,type,role)")


@handles("drive.permissions.get")
def permissions_get(call):
    st = model.state(call.store)
    file = _shared_item(call)
    for perm in _permissions_of(st, file):
        if perm["id"] == call.path["permissionId"]:
            return answer(call, perm, "kind,id,type,role")
    raise ApiError(404, f"Permission not found: {call.path['permissionId']}.", reason="notFound",
                   location="permissionId")


@handles("drive.permissions.delete")
def permissions_delete(call):
    st = model.state(call.store)
    file = _shared_item(call)
    if not call.flag("useDomainAdminAccess"):
        roles.may_share(call, file)
    perms = _permissions_of(st, file)
    perms[:] = [p for p in perms if p["id"] != call.path["permissionId"]]
    call.store.dirty(model.NAMESPACE)
    return Reply(204, b"")


@handles("drive.about.get")
def about(call):
    if not call.query.get("fields"):
        raise ApiError(400, "The 'fields' parameter is required for this method.", reason="required",
                       location="fields")
    st = model.state(call.store)
    who = model.me(call)
    mine = [f for f in st.files.values() if not f.get("driveId") and (f.get("owner") or CLIENT_EMAIL) == who]
    usage = sum(int(f.get("size") or 0) for f in mine)
    trash = sum(int(f.get("size") or 0) for f in mine if f.get("trashed"))
    # a service account has no storage (limit 0); a user's free account has 15 GB
    limit = "0" if identity.is_service_account(call.principal) else str(15 * 1024**3)
    body = {"kind": "drive#about",
            "user": {"kind": "drive#user", "displayName": who.split("@")[0], "me": True,
                     "permissionId": str(zlib.crc32(who.encode())), "emailAddress": who},
            "storageQuota": {"limit": limit, "usage": str(usage), "usageInDrive": str(usage),
                             "usageInDriveTrash": str(trash)},
            "canCreateDrives": True, "maxUploadSize": str(5 * 1024**4), "appInstalled": False}
    return answer(call, body, "")
