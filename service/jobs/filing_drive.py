"""The Drive side of filing, on service/workspace/drive.py: inventory, folders, moves, ranges, a run lock.

Folder paths are found or created level by level and cached for the run by `Drive.folder`, which
settles on the oldest of any twins (so overlapping runs agree) and trashes its own younger twin.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from turfbook.clock import Clock
from turfbook.workspace import drive_batch as extra
from turfbook.workspace.drive import Drive, FileUpdate
from turfbook.workspace.errors import GoogleError
from turfbook.workspace.retry import AmbiguousWrite

FOLDER = "application/vnd.google-apps.folder"
FILE_FIELDS = ("id,name,mimeType,size,md5Checksum,createdTime,parents,appProperties,description,trashed,"
               "imageMediaMetadata(time,width,height),videoMediaMetadata(width,height,durationMillis)")
Move = FileUpdate
log = logging.getLogger("turfbook.jobs.filing")


class FilingDrive:
    def __init__(self, workspace, drive: Drive):
        self.workspace = workspace
        self.api = drive
        self.extra_twins = 0

    @classmethod
    def open(cls, workspace, create: bool = False) -> FilingDrive:
        drive = Drive(workspace)
        try:
            drive.shared_drive(workspace.config.google.drive.shared_drive, create=create)
        except LookupError:
            drive.drive_id = None
        return cls(workspace, drive)

    @property
    def drive_id(self) -> str | None:
        """The root of the filing tree: the shared drive, or the user's own folder (shared_drive null)."""
        return self.api.root_id or self.api.drive_id

    @property
    def twins(self) -> int:
        return len(self.api.twins) + self.extra_twins

    def folder(self, path: tuple[str, ...], create: bool = True) -> str | None:
        """ID of the folder at path (from the shared drive root); created level by level when missing."""
        if self.drive_id is None:
            return None
        if not path:
            return self.drive_id
        return self.api.folder(list(path), create=create)

    def ensure(self, paths: list[tuple[str, ...]]) -> tuple[dict[tuple[str, ...], str], int]:
        """Folder IDs for paths, creating what is missing; and how many folders were created.

        One files.list per existing parent (all its subfolders at once), none under a folder made in
        this run (it is empty). Creating happens under the run lock, so no other filing run races
        us; against anyone else, each parent we created in is listed once more afterwards, the
        oldest of any twins wins, and our younger (still empty) twin is trashed.
        """
        ids: dict[tuple[str, ...], str] = {(): self.drive_id}
        children: dict[str, dict[str, list[dict]]] = {}
        fresh: set[str] = set()
        created_under: dict[str, list[str]] = {}
        for path in sorted({p[:i] for p in paths for i in range(1, len(p) + 1)}, key=len):
            parent = ids[path[:-1]]
            if parent not in children:
                children[parent] = {} if parent in fresh else self._subfolders(parent)
            found = children[parent].get(path[-1])
            if found:
                self.extra_twins += len(found) - 1      # made by people or old runs: reported, not touched
                ids[path] = oldest(found)["id"]
                continue
            made = extra.create_file(self.workspace, parent, path[-1], FOLDER, fields="id,name,createdTime")
            children[parent][path[-1]] = [made]
            fresh.add(made["id"])
            ids[path] = made["id"]
            if parent not in fresh:
                created_under.setdefault(parent, []).append(path[-1])
        for parent, names in created_under.items():
            again = self._subfolders(parent)
            for name in names:
                twins = again.get(name, [])
                if len(twins) > 1:
                    self.extra_twins += len(twins) - 1
                    keep = oldest(twins)
                    for twin in twins:
                        if twin["id"] != keep["id"] and twin["id"] in fresh:
                            self.api.trash(twin["id"])
                    path = next(p for p, i in ids.items() if i in {t["id"] for t in twins})
                    for p in [p for p in ids if p[:len(path)] == path and p != path]:
                        ids.pop(p)          # rebuilt under the surviving twin on a second pass
                    ids[path] = keep["id"]
        missing = [p for p in paths if p not in ids]
        if missing:
            more, count = self.ensure(missing)
            ids.update(more)
            return ids, len(fresh) + count
        return ids, len(fresh)

    def _subfolders(self, parent: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for f in self.subfolders(parent):
            out.setdefault(f["name"], []).append(f)
        return out

    def files_in(self, folder_id: str | None) -> list[dict]:
        if not folder_id:
            return []
        return self.api.list_folder(folder_id, FILE_FIELDS, folders=False)

    def subfolders(self, folder_id: str) -> list[dict]:
        return self.api.list_folder(folder_id, "id,name,createdTime", only_folders=True)

    def get_many(self, file_ids: list[str]) -> dict[str, dict | None]:
        return extra.get_many(self.workspace, file_ids, fields=FILE_FIELDS)

    def download(self, file_id: str, first: int, last: int) -> bytes:
        return self.api.download(file_id, first, last)

    def move_many(self, moves: list[FileUpdate], progress=None) -> dict[str, dict | Exception]:
        out: dict[str, dict | Exception] = {}
        for start in range(0, len(moves), 100):          # 100 at a time so a progress bar can move
            chunk = moves[start:start + 100]
            for result in self.api.update_many(chunk):
                out[result.file_id] = result.file if result.ok else RuntimeError(result.error)
            if progress:
                progress(len(chunk))
        return out


def oldest(files: list[dict]) -> dict:
    return min(files, key=lambda f: (f.get("createdTime") or "", f["id"]))


class Busy(Exception):
    """Another filing run holds the Drive lock."""


@dataclass
class RunLock:
    """A lease file in the inbox: create, then list; the oldest live lock wins (as with twin folders).

    The lease is short (`ttl_seconds`, config google.drive.lock_ttl_seconds) and a background thread
    renews it (files.update of its `expires` appProperty, every third of the TTL) while the run lives,
    so a run killed outright (SIGKILL, power cut) blocks the next one for at most about one TTL. A
    waiting run only lists the locks until the holder's lease lapses or its file is deleted.
    """

    drive: FilingDrive
    folder_id: str
    clock: Clock = field(default_factory=Clock)
    ttl_seconds: float = 60
    wait_seconds: float | None = None      # None: twice the TTL, at least two minutes
    file_id: str | None = None
    lost: bool = False                     # the lease file vanished while we held it (see check())
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _renewer: threading.Thread | None = field(default=None, repr=False)

    NAME = ".turfbook-filing.lock"

    def acquire(self) -> None:
        wait = self.wait_seconds if self.wait_seconds is not None else max(120.0, 2 * self.ttl_seconds)
        deadline = time.monotonic() + wait
        pause = 0.5
        while not self._try():
            if time.monotonic() > deadline:
                raise Busy("another filing run is in progress (its lock file is in the inbox); try again later")
            time.sleep(pause)
            pause = min(pause * 1.5, 5.0, max(0.5, self.ttl_seconds / 4))
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew_loop, name="filing-lock-lease", daemon=True)
        self._renewer.start()

    def _locks(self) -> list[dict]:
        return self.drive.api.list_folder(self.folder_id, "id,createdTime,appProperties", named=self.NAME)

    def _live(self, locks: list[dict]) -> list[dict]:
        now = self.clock.timestamp()
        live = [f for f in locks if float((f.get("appProperties") or {}).get("expires", "0")) > now]
        for stale in [f for f in locks if f not in live]:
            _quiet(self.drive.api.delete, stale["id"])
        return live

    def _try(self) -> bool:
        if self._live(self._locks()):
            return False            # someone holds a live lease: do not add a file (each is a Drive change)
        ws = self.drive.workspace
        owner = uuid.uuid4().hex     # finds our lock again if the create's answer is lost
        try:
            made = extra.create_file(ws, self.folder_id, self.NAME, "text/plain",
                                     app_properties={"turfbook_lock": "filing", "expires": self._expiry(),
                                                     "owner": owner},
                                     fields="id,createdTime")
        except AmbiguousWrite:
            made = None
        locks = self._locks()
        if made is None:
            made = next((f for f in locks if (f.get("appProperties") or {}).get("owner") == owner), None)
            if made is None:
                return False        # it did not land: try again
        self.file_id = made["id"]
        if not any(f["id"] == self.file_id for f in locks):
            locks.append(made)
        live = self._live(locks)
        if live and oldest(live)["id"] == self.file_id:
            return True
        self.release()
        return False

    def _expiry(self) -> str:
        return str(int(self.clock.timestamp() + self.ttl_seconds))

    def _renew_loop(self) -> None:
        """Push the lease's expiry forward every ttl/3 until released; own HTTP connection (httplib2
        objects must not be shared between threads)."""
        from turfbook.workspace import connect

        ws = connect(self.drive.workspace.config)
        ws.policy = self.drive.workspace.policy
        files = ws.drive_files
        while not self._stop.wait(self.ttl_seconds / 3):
            file_id = self.file_id
            if file_id is None:
                return
            try:
                ws.execute(files.update(fileId=file_id, body={"appProperties": {"expires": self._expiry()}},
                                        fields="id", supportsAllDrives=True))
            except GoogleError as exc:
                if exc.status == 404 and not self._stop.is_set():
                    self.lost = True
                    log.error("the filing lock file was deleted while this run held it (another run took "
                              "it as expired); this run stops before its next step")
                    return
                log.warning("filing lock lease not renewed: %s", exc)
            except Exception as exc:  # the next renewal may work; the lease lasts three intervals
                log.warning("filing lock lease not renewed: %s: %s", type(exc).__name__, exc)

    def check(self) -> None:
        """Raise Busy if the lease was lost (so a run that stalled past its TTL stops before moving files)."""
        if self.lost:
            raise Busy("this filing run lost its lock (its lease lapsed and another run took over)")

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None and self._renewer is not threading.current_thread():
            self._renewer.join(timeout=5)
            self._renewer = None
        if self.file_id:
            _quiet(self.drive.api.delete, self.file_id)
            self.file_id = None


def _quiet(action, file_id: str) -> None:
    try:
        action(file_id)
    except GoogleError as exc:
        if exc.status != 404:
            raise
