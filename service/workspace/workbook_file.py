"""Where the workbook lives, and making it there retry-safe.

Google gives a service account no My Drive (spreadsheets.create is refused with 403), so the
workbook is made through Drive: files.create with the spreadsheet MIME type, its parent the shared
drive (google.drive.shared_drive), supportsAllDrives. The ID is reserved first (files.generateIds)
and sent with the create, so a create whose answer was lost is simply sent again: Drive answers 409
"A file already exists with the provided ID" and nothing is made twice. The file carries the
appProperty turfbookWorkbook=1, so a second `sheets init` finds Turfbook's own workbook there
instead of making another. It is created with turfbookSetup=pending too, cleared once the first setup
step (title, locale, time zone, first tab) has landed: a run killed in between finishes that step on
re-run (every request in it is safe to repeat).

Calls for a new workbook: drives.list (+ drives.create on the emulator only) + files.list +
files.generateIds + files.create + one spreadsheets.batchUpdate (title, locale, time zone, first tab)
+ files.update (clears turfbookSetup).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from turfbook.config import ConfigError
from turfbook.workspace.drive import Drive, quote
from turfbook.workspace.errors import GoogleError

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
TAG = "turfbookWorkbook"
PENDING = "turfbookSetup"     # "pending" from files.create until the first setup step has landed


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
    query over the drive), or, with no shared drive, anywhere in the user's My Drive (the files they own)."""
    q = f"mimeType = {quote(SPREADSHEET)} and trashed = false and appProperties has {{ key='{TAG}' and value='1' }}"
    if not drive.drive_id:
        q += " and 'me' in owners"
    return drive.find(q, fields="id,name,createdTime,appProperties", order_by="createdTime")


def find_or_create(workspace, title: str, tabs: list[str], locale: str, time_zone: str) -> Workbook:
    drive, parent, where = home(workspace)
    found = existing(drive, parent)
    if found:
        if (found[0].get("appProperties") or {}).get(PENDING):   # an earlier run stopped before the setup step
            _first_setup(workspace, drive, found[0]["id"], title, tabs, locale, time_zone)
        return Workbook(found[0]["id"], False, where, [f["id"] for f in found[1:]])
    [file_id] = workspace.execute(drive.files.generateIds(count=1, space="drive", type="files"))["ids"]
    body = {"id": file_id, "name": title, "mimeType": SPREADSHEET, "parents": [parent],
            "appProperties": {TAG: "1", PENDING: "pending"}}
    try:   # idempotent: the reserved ID makes a re-sent create a 409, never a second spreadsheet
        workspace.execute(drive.files.create(body=body, fields="id", supportsAllDrives=True))
    except GoogleError as exc:
        if exc.status != 409:
            raise
    _first_setup(workspace, drive, file_id, title, tabs, locale, time_zone)
    again = existing(drive, parent)   # another init at the same moment made its own: say so, keep the oldest
    if len(again) > 1:
        oldest = again[0]["id"]
        return Workbook(oldest, oldest == file_id, where, [f["id"] for f in again[1:]])
    return Workbook(file_id, True, where)


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
    workspace.execute(drive.files.update(fileId=file_id, body={"appProperties": {PENDING: None}}, fields="id",
                                         supportsAllDrives=True))
