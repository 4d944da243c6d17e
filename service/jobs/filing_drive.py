"""The Drive side of filing: the inventory, folders, moves in batches, byte ranges, and a run lock.

Everything goes through `service.workspace` (the real googleapiclient, retried and counted).
Folder paths are found level by level with one `files.list` per parent (cached for the run); a
folder is created only when missing, and if a concurrent writer made a twin, the oldest wins
(everyone picks the same one) and our younger, still-empty twin is trashed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from googleapiclient.errors import HttpError

from service.jobs import filing_gdrive as wdrive

FOLDER = "application/vnd.google-apps.folder"
FILE_FIELDS = ("id,name,mimeType,size,md5Checksum,createdTime,parents,appProperties,trashed,"
               "imageMediaMetadata(time),videoMediaMetadata")
Move = wdrive.Move


@dataclass
class FilingDrive:
    workspace: object
    drive_id: str | None = None
    created_folders: list[str] = field(default_factory=list)
    twins: int = 0
    _children: dict[str, dict[str, list[dict]]] = field(default_factory=dict)   # parent → name → folders
    _paths: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def open(cls, workspace, create: bool = False) -> FilingDrive:
        name = workspace.config.google.drive.shared_drive
        drive_id = wdrive.shared_drive_id(workspace, name, create=create)
        return cls(workspace, drive_id)

    # folders -------------------------------------------------------------
    def folder(self, path: tuple[str, ...], create: bool = True) -> str | None:
        """ID of the folder at path (from the shared drive root); created level by level when missing."""
        if not path:
            return self.drive_id
        if path in self._paths:
            return self._paths[path]
        parent = self.folder(path[:-1], create)
        if parent is None:
            return None
        siblings = self._subfolders(parent)
        found = siblings.get(path[-1])
        if not found:
            if not create:
                return None
            found = self._create(parent, path[-1])
        chosen = oldest(found)
        self._paths[path] = chosen["id"]
        return chosen["id"]

    def _subfolders(self, parent: str) -> dict[str, list[dict]]:
        if parent not in self._children:
            folders: dict[str, list[dict]] = {}
            for f in wdrive.list_children(self.workspace, parent, drive_id=self.drive_id, folders_only=True,
                                          fields="id,name,createdTime"):
                folders.setdefault(f["name"], []).append(f)
            self._children[parent] = folders
        return self._children[parent]

    def _create(self, parent: str, name: str) -> list[dict]:
        made = wdrive.create_folder(self.workspace, parent, name, fields="id,name,createdTime")
        self.created_folders.append(made["id"])
        again = [f for f in wdrive.list_children(self.workspace, parent, drive_id=self.drive_id, folders_only=True,
                                                 fields="id,name,createdTime", name=name)]
        if not any(f["id"] == made["id"] for f in again):
            again.append(made)   # search may lag behind a create
        if len(again) > 1:
            self.twins += 1
            if oldest(again)["id"] != made["id"]:
                wdrive.trash(self.workspace, made["id"])      # ours is the younger twin, and still empty
                again = [f for f in again if f["id"] != made["id"]]
        self._children[parent][name] = again
        self._children.setdefault(made["id"], {})          # a new folder has no subfolders yet
        return again

    # files ---------------------------------------------------------------
    def files_in(self, folder_id: str | None) -> list[dict]:
        if not folder_id:
            return []
        return [f for f in wdrive.list_children(self.workspace, folder_id, drive_id=self.drive_id,
                                                fields=FILE_FIELDS) if f.get("mimeType") != FOLDER]

    def get_many(self, file_ids: list[str]) -> dict[str, dict | None]:
        return wdrive.get_many(self.workspace, file_ids, fields=FILE_FIELDS)

    def download(self, file_id: str, first: int, last: int) -> bytes:
        return wdrive.download_range(self.workspace, file_id, first, last)

    def move_many(self, moves: list[Move], progress=None) -> dict[str, dict | Exception]:
        return wdrive.update_many(self.workspace, moves, fields="id,name,parents,appProperties", progress=progress)


def oldest(folders: list[dict]) -> dict:
    return min(folders, key=lambda f: (f.get("createdTime") or "", f["id"]))


class Busy(Exception):
    """Another filing run holds the Drive lock."""


@dataclass
class RunLock:
    """A lock file in the inbox: create, then list; the oldest live lock wins (as with twin folders)."""

    drive: FilingDrive
    folder_id: str
    ttl_seconds: int = 3600
    file_id: str | None = None

    NAME = ".turfbook-filing.lock"

    def acquire(self) -> None:
        expires = str(int(time.time()) + self.ttl_seconds)
        made = wdrive.create_file(self.drive.workspace, self.folder_id, self.NAME, "text/plain",
                                  app_properties={"turfbook_lock": "filing", "expires": expires},
                                  fields="id,createdTime")
        self.file_id = made["id"]
        locks = wdrive.list_children(self.drive.workspace, self.folder_id, drive_id=self.drive.drive_id,
                                     name=self.NAME, fields="id,createdTime,appProperties")
        if not any(f["id"] == self.file_id for f in locks):
            locks.append(made)
        now = time.time()
        live = [f for f in locks if float((f.get("appProperties") or {}).get("expires", "0")) > now]
        for stale in [f for f in locks if f not in live]:
            _quiet_trash(self.drive.workspace, stale["id"])
        if oldest(live)["id"] != self.file_id:
            self.release()
            raise Busy("another filing run is in progress (its lock file is in the inbox); try again later")

    def release(self) -> None:
        if self.file_id:
            _quiet_trash(self.drive.workspace, self.file_id, delete=True)
            self.file_id = None


def _quiet_trash(workspace, file_id: str, delete: bool = False) -> None:
    try:
        (wdrive.delete if delete else wdrive.trash)(workspace, file_id)
    except HttpError as exc:
        if exc.resp.status != 404:
            raise
