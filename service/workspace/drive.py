"""Drive for jobs and the web app: folders by path, full folder listings, move+rename+tag in one
call (batched by 100), resumable uploads from a stream, ranged downloads.

Every call goes through `Workspace.execute` (retries, call counts) and carries supportsAllDrives,
because a service account can only keep files in a shared drive. Drive allows twin folders (same
name, same parent); `folder()` always settles on the oldest and reports the others in `twins`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from googleapiclient.errors import HttpError

from turfbook.workspace.drive_changes import PAGE_SIZE, DriveChanges
from turfbook.workspace.drive_content import FILE_FIELDS, UPLOAD_CHUNK, DriveContent  # noqa: F401 - re-exported
from turfbook.workspace.retry import AmbiguousWrite, is_retryable

if TYPE_CHECKING:
    from turfbook.workspace import Workspace

FOLDER = "application/vnd.google-apps.folder"
BATCH_LIMIT = 100  # Drive's cap on calls in one HTTP batch


def quote(value: str) -> str:
    """A string literal for Drive's q language."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass
class FileUpdate:
    """One files.update: rename, move (add one parent, remove others) and tag, in a single call.

    In app_properties a value of None deletes that key, as in Drive.
    """

    file_id: str
    name: str | None = None
    add_parent: str | None = None
    remove_parents: Sequence[str] = ()
    app_properties: dict[str, str | None] | None = None
    description: str | None = None

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.name is not None:
            body["name"] = self.name
        if self.app_properties is not None:
            body["appProperties"] = self.app_properties
        if self.description is not None:
            body["description"] = self.description
        return body


@dataclass
class UpdateResult:
    file_id: str
    file: dict | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Twin:
    """Two or more folders with the same name under the same parent: `kept` is the oldest."""

    parent_id: str
    name: str
    kept: str
    others: list[str]


@dataclass
class Drive(DriveChanges, DriveContent):
    ws: Workspace
    drive_id: str | None = None
    twins: list[Twin] = field(default_factory=list)
    root_id: str | None = None      # where folder paths start: the shared drive, or the user's own folder
    _folders: dict[tuple[str, str], str] = field(default_factory=dict)

    @cached_property
    def files(self):
        return self.ws.drive_files

    # ----- shared drive ---------------------------------------------------------------------------
    def shared_drive(self, name: str | None = None, *, create: bool = False) -> str:
        """The id of the shared drive called `name` (config google.drive.shared_drive); sets self.drive_id."""
        name = name or self.ws.config.google.drive.shared_drive
        if not name:
            return self._own_folder(create)
        found = self._drives_named(name)
        if not found and create:
            import uuid

            request = self.ws.drive_api.drives().create(requestId=str(uuid.uuid4()), body={"name": name},
                                                        fields="id,name")
            try:
                found = [self.ws.execute(request, idempotent=False)]
            except AmbiguousWrite:
                found = self._drives_named(name)
        if not found:
            raise LookupError(f"shared drive {name!r} not found (create it and add the service account as a "
                              f"Content manager)")
        self.drive_id = self.root_id = found[0]["id"]
        return self.drive_id

    def _own_folder(self, create: bool) -> str:
        """google.drive.shared_drive null (an OAuth user without Workspace): the folder google.drive.folder
        in the user's My Drive holds the workbook, the inbox and the media tree."""
        name = self.ws.config.google.drive.folder
        found = self._child_folder("root", name, create)
        if found is None:
            raise LookupError(f"folder {name!r} not found in My Drive (run `turfbook sheets init`)")
        self.drive_id, self.root_id = None, found
        return found

    def _drives_named(self, name: str) -> list[dict]:
        drives, token = [], None
        while True:
            page = self.ws.execute(self.ws.drive_api.drives().list(pageSize=100, pageToken=token,
                                                                    q=f"name = {quote(name)}",
                                                                    fields="nextPageToken,drives(id,name)"))
            drives += [d for d in page.get("drives", []) if d["name"] == name]
            token = page.get("nextPageToken")
            if not token:
                return drives

    def _scope(self) -> dict[str, Any]:
        if self.drive_id:
            return {"corpora": "drive", "driveId": self.drive_id, "includeItemsFromAllDrives": True,
                    "supportsAllDrives": True}
        return {"includeItemsFromAllDrives": True, "supportsAllDrives": True}

    # ----- reading --------------------------------------------------------------------------------
    def find(self, q: str, fields: str = FILE_FIELDS, order_by: str | None = None) -> list[dict]:
        """Every file matching q, following nextPageToken (pages of 1000)."""
        out, token = [], None
        while True:
            request = self.files.list(q=q, pageSize=PAGE_SIZE, pageToken=token, orderBy=order_by,
                                      fields=f"nextPageToken,files({fields})", **self._scope())
            page = self.ws.execute(request)
            out += page.get("files", [])
            token = page.get("nextPageToken")
            if not token:
                return out

    def find_tagged(self, tags: Sequence[tuple[str, str]], fields: str = FILE_FIELDS) -> list[dict]:
        """Files (not trashed) carrying any of the appProperties (key, value) pairs: one query."""
        terms = [f"appProperties has {{ key={quote(k)} and value={quote(v)} }}" for k, v in tags]
        return self.find(f"trashed = false and ({' or '.join(terms)})", fields) if terms else []

    def list_folder(self, folder_id: str, fields: str = FILE_FIELDS, *, folders: bool = True,
                    only_folders: bool = False, named: str | None = None) -> list[dict]:
        """Everything directly in a folder (not trashed), oldest first; `only_folders` its subfolders,
        `named` only what has that exact name."""
        q = f"{quote(folder_id)} in parents and trashed = false"
        if not folders:
            q += f" and mimeType != {quote(FOLDER)}"
        if only_folders:
            q += f" and mimeType = {quote(FOLDER)}"
        if named is not None:
            q += f" and name = {quote(named)}"
        return self.find(q, fields, order_by="createdTime")

    def get(self, file_id: str, fields: str = FILE_FIELDS) -> dict:
        return self.ws.execute(self.files.get(fileId=file_id, fields=fields, supportsAllDrives=True))

    # ----- folders --------------------------------------------------------------------------------
    def folder(self, path: str | Sequence[str], parent_id: str | None = None, *, create: bool = True) -> str | None:
        """The folder at path ("Media/Hartford/2026-11") under parent_id (default: the shared drive's root).

        Found or created one level at a time, remembered for this run. Returns None when create=False
        and some level is missing.
        """
        parts = [p for p in (path.split("/") if isinstance(path, str) else path) if p]
        current = parent_id or self.root_id or self.drive_id
        if current is None:
            current = self.shared_drive()
        for name in parts:
            found = self._child_folder(current, name, create)
            if found is None:
                return None
            current = found
        return current

    def _child_folder(self, parent_id: str, name: str, create: bool) -> str | None:
        key = (parent_id, name)
        if key in self._folders:
            return self._folders[key]
        existing = self._folders_named(parent_id, name)
        mine = None
        for _ in range(3 if create else 0):  # again only when a cut-off create did not land
            if existing:
                break
            body = {"name": name, "mimeType": FOLDER, "parents": [parent_id]}
            try:
                made = self.ws.execute(self.files.create(body=body, fields="id", supportsAllDrives=True),
                                       idempotent=False)
                mine = made["id"]
            except AmbiguousWrite:
                mine = None  # it may have landed: the re-list below decides
            existing = self._folders_named(parent_id, name)
        if mine and len(existing) > 1 and existing[0]["id"] != mine:
            self.ws.execute(self.files.update(fileId=mine, body={"trashed": True}, supportsAllDrives=True))
            existing = [f for f in existing if f["id"] != mine]
        if not existing:
            return None
        if len(existing) > 1:
            self.twins.append(Twin(parent_id, name, existing[0]["id"], [f["id"] for f in existing[1:]]))
        self._folders[key] = existing[0]["id"]
        return existing[0]["id"]

    def _folders_named(self, parent_id: str, name: str) -> list[dict]:
        q = (f"name = {quote(name)} and {quote(parent_id)} in parents and mimeType = {quote(FOLDER)} "
             f"and trashed = false")
        found = self.find(q, "id,name,createdTime")
        return sorted(found, key=lambda f: (f.get("createdTime", ""), f["id"]))

    # ----- changes ----------------------------------------------------------------------------------
    def _update_request(self, change: FileUpdate, fields: str):
        kwargs: dict[str, Any] = {"fileId": change.file_id, "body": change.body(), "fields": fields,
                                  "supportsAllDrives": True}
        if change.add_parent:
            kwargs["addParents"] = change.add_parent
        if change.remove_parents:
            kwargs["removeParents"] = ",".join(change.remove_parents)
        return self.files.update(**kwargs)

    def update(self, change: FileUpdate, fields: str = "id,name,parents,appProperties") -> dict:
        """Move + rename + tag one file in one files.update (idempotent: same target state)."""
        return self.ws.execute(self._update_request(change, fields))

    def update_many(self, changes: Iterable[FileUpdate], fields: str = "id,name,parents,appProperties",
                    rounds: int = 5) -> list[UpdateResult]:
        """Many updates in HTTP batches of <= 100; parts that fail with 429/5xx are re-sent with backoff."""
        changes = list(changes)
        results = {c.file_id: UpdateResult(c.file_id) for c in changes}
        pending = {c.file_id: c for c in changes}
        for attempt in range(rounds):
            if not pending:
                break
            if attempt:
                self.ws.policy.sleep(min(self.ws.policy.cap, self.ws.policy.base * 2 ** (attempt - 1)))
            retry_next: dict[str, FileUpdate] = {}
            items = list(pending.values())
            for start in range(0, len(items), BATCH_LIMIT):
                self._run_batch(items[start:start + BATCH_LIMIT], fields, results, retry_next)
            pending = retry_next
        for file_id in pending:
            results[file_id].error = results[file_id].error or "gave up after retries"
        return list(results.values())

    def _run_batch(self, group: list[FileUpdate], fields: str, results: dict, retry_next: dict) -> None:
        def done(request_id, response, exception):
            change = group[int(request_id)]
            if exception is None:
                results[change.file_id].file, results[change.file_id].error = response, None
                return
            results[change.file_id].error = str(exception)
            if isinstance(exception, HttpError) and is_retryable(exception):
                retry_next[change.file_id] = change

        batch = self.ws.drive_api.new_batch_http_request(callback=done)
        for index, change in enumerate(group):
            batch.add(self._update_request(change, fields), request_id=str(index))
        self.ws.log.calls["drive.files.update"] += len(group) - 1  # execute() counts the batch once
        self.ws.execute(_BatchStep(batch))

    def trash(self, file_id: str) -> dict:
        return self.ws.execute(self.files.update(fileId=file_id, body={"trashed": True}, fields="id,trashed",
                                                 supportsAllDrives=True))

    def delete(self, file_id: str) -> None:
        self.ws.execute(self.files.delete(fileId=file_id, supportsAllDrives=True))



class _BatchStep:
    """An HTTP batch of files.update calls (each part is idempotent: it sets a target state)."""

    methodId = "drive.files.update"

    def __init__(self, batch):
        self.batch = batch

    def execute(self):
        return self.batch.execute()
