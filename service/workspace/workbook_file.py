"""Where the workbook lives, and making it there retry-safe.

Google gives a service account no My Drive (spreadsheets.create is refused with 403), so the
workbook is made through Drive: files.create with the spreadsheet MIME type, its parent the shared
drive (google.drive.shared_drive), supportsAllDrives. Drive refuses a pre-generated ID for a Google
Sheets file (400 generatedIdNotSupported), so the create is made retry-safe another way: a creation
token is written first to a durable local record (DATA/workbook-create.json) and sent as the public
property turfbookCreate; a create whose answer was lost is never re-sent blindly: Drive is searched
for the token first, and only when nothing carries it is the create sent again (same token).
The file carries the public property turfbookWorkbook=1 (public `properties`, not appProperties:
those are private to one OAuth client, and a change of identity or client must still find the
workbook), so a second `sheets init` finds Turfbook's own workbook instead of making another. It is
created with turfbookSetup=pending too, cleared once the first setup step (title, locale, time zone,
first tab) has landed: a run killed in between finishes that step on re-run.

Calls for a new workbook: drives.list + files.list + files.create + one spreadsheets.batchUpdate
(title, locale, time zone, first tab) + files.update (clears turfbookSetup) + files.list (another
init at the same moment?). A lost create answer adds one files.list (and a create if nothing landed).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from turfbook.config import ConfigError
from turfbook.workspace.drive import Drive, quote
from turfbook.workspace.retry import AmbiguousWrite

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
TAG = "turfbookWorkbook"
PENDING = "turfbookSetup"     # "pending" from files.create until the first setup step has landed
CREATED_BY = "turfbookCreate"   # the creation token: finds our own create after a lost answer
RECORD = "workbook-create.json"
ATTEMPTS = 3


@dataclass
class Workbook:
    spreadsheet_id: str
    created: bool       # False: Turfbook's workbook was already there (`existing` says where)
    where: str
    others: list[str] = field(default_factory=list)   # more tagged workbooks (two inits at once): never deleted

    def warning(self) -> str | None:
        """Two or more Turfbook workbooks (two `sheets init` at once): which one to use, in English and Spanish."""
        if not self.others:
            return None
        ids = ", ".join(self.others)
        return (f"Warning: more than one Turfbook workbook is in the {self.where}: {self.spreadsheet_id} (the oldest: "
                f"use this one) and {ids}. Nothing was deleted: move the other(s) to the trash in Google Drive once "
                f"you are sure they hold nothing.\n"
                f"Aviso: hay más de un libro de Turfbook en {self.where}: {self.spreadsheet_id} (el más antiguo: use "
                f"este) y {ids}. No se borró nada: mande los demás a la papelera en Google Drive cuando esté seguro "
                f"de que no contienen nada.")


def home(workspace) -> tuple[Drive, str, str]:
    """(drive, parent folder id, a readable place) for the workbook: the configured shared drive, or with
    google.drive.shared_drive null (an OAuth user, no Workspace) the folder google.drive.folder in My Drive."""
    config = workspace.config
    name = config.google.drive.shared_drive
    drive = Drive(workspace)
    if not name:
        folder = config.google.drive.folder
        return drive, drive.folder(folder, parent_id="root"), f"folder {folder!r} in your My Drive"
    try:   # never created here: a drive that is not visible may exist unshared (a second one would split the data)
        parent = drive.shared_drive(name, create=False)
    except LookupError:
        raise ConfigError(f"google.drive.shared_drive: no shared drive named {name!r} is visible to this identity "
                          "(create it in Google Drive and add the service account as a Content manager)") from None
    return drive, parent, f"shared drive {name!r}"


def existing(drive: Drive, parent: str) -> list[dict]:
    """Turfbook's workbooks, oldest first, wherever they were moved: anywhere in the shared drive (one
    query over the drive), or, with no shared drive, anywhere in the user's My Drive (the files they own).
    The tag is a public property: every identity and OAuth client that can see the file sees it."""
    return _find(drive, _has(TAG, "1"))


def _has(key: str, value: str) -> str:
    return f"properties has {{ key='{key}' and value='{value}' }}"


def _find(drive: Drive, term: str) -> list[dict]:
    q = f"mimeType = {quote(SPREADSHEET)} and trashed = false and {term}"
    if not drive.drive_id:
        q += " and 'me' in owners"
    return drive.find(q, fields="id,name,createdTime,properties", order_by="createdTime")


def find_or_create(workspace, title: str, tabs: list[str], locale: str, time_zone: str) -> Workbook:
    drive, parent, where = home(workspace)
    found = existing(drive, parent)
    if found:
        if (found[0].get("properties") or {}).get(PENDING):   # an earlier run stopped before the setup step
            _first_setup(workspace, drive, found[0]["id"], title, tabs, locale, time_zone)
        _forget(workspace)
        return Workbook(found[0]["id"], False, where, [f["id"] for f in found[1:]])
    file_id = _create(workspace, drive, parent, title, _token(workspace))
    _first_setup(workspace, drive, file_id, title, tabs, locale, time_zone)
    _forget(workspace)
    again = existing(drive, parent)   # another init at the same moment made its own: say so, keep the oldest
    if len(again) > 1:
        oldest = again[0]["id"]
        return Workbook(oldest, oldest == file_id, where, [f["id"] for f in again[1:]])
    return Workbook(file_id, True, where)


def _create(workspace, drive: Drive, parent: str, title: str, token: str) -> str:
    """files.create without an ID (Drive refuses one for a Sheets file); never re-sent blindly: after a
    lost answer, Drive is searched for the token, and the create is sent again only if nothing carries it."""
    body = {"name": title, "mimeType": SPREADSHEET, "parents": [parent],
            "properties": {TAG: "1", PENDING: "pending", CREATED_BY: token}}
    for attempt in range(ATTEMPTS):
        if attempt:   # the last answer was lost: did that create land?
            mine = _find(drive, _has(CREATED_BY, token))
            if mine:
                return mine[0]["id"]
        try:
            made = workspace.execute(drive.files.create(body=body, fields="id", supportsAllDrives=True),
                                     idempotent=False)
            return made["id"]
        except AmbiguousWrite:
            continue
    raise AmbiguousWrite(f"sheets init: could not confirm the workbook was created after {ATTEMPTS} attempts; "
                         "run it again (it finds the workbook if one was made)")


def _record(workspace) -> Path:
    return Path(workspace.config.data_dir) / RECORD


def _token(workspace) -> str:
    """The creation token of an unfinished create (a run that died after sending it), else a new one,
    written durably BEFORE the create is sent."""
    path = _record(workspace)
    try:
        return str(json.loads(path.read_text())["token"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    token = secrets.token_hex(16)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    with open(temporary, "w") as stream:
        json.dump({"token": token}, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
    return token


def _forget(workspace) -> None:
    _record(workspace).unlink(missing_ok=True)


def _first_setup(workspace, drive: Drive, file_id: str, title: str, tabs: list[str], locale: str,
                 time_zone: str) -> None:
    """Title, locale, time zone and the first tab's name (each safe to repeat), then the pending mark cleared."""
    requests = [{"updateSpreadsheetProperties": {"properties": {"title": title, "locale": locale,
                                                                "timeZone": time_zone},
                                                 "fields": "title,locale,timeZone"}}]
    if tabs:   # Drive makes "Sheet1": it becomes the first tab (a rename is safe to repeat)
        requests.append({"updateSheetProperties": {"properties": {"sheetId": 0, "title": tabs[0]},
                                                   "fields": "title"}})
    workspace.execute(workspace.spreadsheets.batchUpdate(spreadsheetId=file_id, body={"requests": requests}))
    workspace.execute(drive.files.update(fileId=file_id, body={"properties": {PENDING: None}}, fields="id",
                                         supportsAllDrives=True))
