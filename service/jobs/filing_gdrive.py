"""Drive calls filing needs, through googleapiclient and Workspace.execute (retried, counted).

A stop-gap until service/workspace/drive.py offers each of these; filing_drive.py is the only user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
BATCH = 100
ALL = {"supportsAllDrives": True}


@dataclass
class Move:
    file_id: str
    name: str
    add_parent: str
    remove_parents: list[str]
    app_properties: dict = field(default_factory=dict)


def _q(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def shared_drive_id(ws, name: str, create: bool = False) -> str | None:
    api = ws.drive_api
    token = None
    while True:
        page = ws.execute(api.drives().list(pageSize=100, pageToken=token, q=f"name = {_q(name)}",
                                            fields="nextPageToken,drives(id,name)"))
        for d in page.get("drives", []):
            if d["name"] == name:
                return d["id"]
        token = page.get("nextPageToken")
        if not token:
            break
    if not create:
        return None
    made = ws.execute(api.drives().create(requestId=f"turfbook-{name}", body={"name": name}, fields="id"))
    return made["id"]


def list_children(ws, parent: str, *, drive_id: str | None, fields: str, folders_only: bool = False,
                  name: str | None = None) -> list[dict]:
    q = [f"{_q(parent)} in parents", "trashed = false"]
    if folders_only:
        q.append(f"mimeType = {_q(FOLDER)}")
    if name is not None:
        q.append(f"name = {_q(name)}")
    extra = {"corpora": "drive", "driveId": drive_id} if drive_id else {}
    found, token = [], None
    while True:
        page = ws.execute(ws.drive_api.files().list(
            q=" and ".join(q), pageSize=1000, pageToken=token, includeItemsFromAllDrives=True,
            fields=f"nextPageToken,files({fields})", **ALL, **extra))
        found += page.get("files", [])
        token = page.get("nextPageToken")
        if not token:
            return found


def create_folder(ws, parent: str, name: str, fields: str = "id") -> dict:
    body = {"name": name, "mimeType": FOLDER, "parents": [parent]}
    return ws.execute(ws.drive_api.files().create(body=body, fields=fields, **ALL), idempotent=False)


def create_file(ws, parent: str, name: str, mime: str, *, app_properties: dict | None = None,
                fields: str = "id") -> dict:
    body = {"name": name, "mimeType": mime, "parents": [parent], "appProperties": app_properties or {}}
    return ws.execute(ws.drive_api.files().create(body=body, fields=fields, **ALL), idempotent=False)


def trash(ws, file_id: str) -> None:
    ws.execute(ws.drive_api.files().update(fileId=file_id, body={"trashed": True}, fields="id", **ALL))


def delete(ws, file_id: str) -> None:
    ws.execute(ws.drive_api.files().delete(fileId=file_id, **ALL))


def download_range(ws, file_id: str, first: int, last: int) -> bytes:
    request = ws.drive_api.files().get_media(fileId=file_id, **ALL)
    request.headers["Range"] = f"bytes={first}-{last}"
    return ws.execute(request)


def _batched(ws, requests: list[tuple[str, object]], progress: Callable[[int], None] | None = None
             ) -> dict[str, dict | Exception]:
    """Run (key, request) pairs in HTTP batches of ≤100; parts that hit 429/5xx are retried."""
    from service.workspace.retry import is_retryable

    results: dict[str, dict | Exception] = {}
    pending = list(requests)
    attempt = 0
    while pending:
        failed: list[tuple[str, object]] = []
        for start in range(0, len(pending), BATCH):
            chunk = pending[start:start + BATCH]

            def done(request_id, response, exception, chunk=chunk, failed=failed):
                key, request = chunk[int(request_id)]
                if exception is not None and isinstance(exception, HttpError) and is_retryable(exception):
                    failed.append((key, request))
                else:
                    results[key] = exception if exception is not None else response

            batch = ws.drive_api.new_batch_http_request(callback=done)
            for number, (_key, request) in enumerate(chunk):
                batch.add(request, request_id=str(number))   # short IDs: long Content-IDs get folded
            ws.execute(batch)
            if progress:
                progress(len(chunk))
        attempt += 1
        if failed and attempt >= ws.policy.max_attempts:
            for key, _ in failed:
                results[key] = RuntimeError("gave up after repeated rate limits or server errors")
            break
        if failed:
            ws.policy.sleep(min(ws.policy.cap, ws.policy.base * 2 ** (attempt - 1)))
            ws.log.retries += 1
        pending = failed
    return results


def update_many(ws, moves: list[Move], fields: str = "id", progress=None) -> dict[str, dict | Exception]:
    """One files.update per file (move + rename + appProperties), in HTTP batches of ≤100."""
    files = ws.drive_api.files()
    requests = [(m.file_id, files.update(fileId=m.file_id, addParents=m.add_parent,
                                         removeParents=",".join(p for p in m.remove_parents if p != m.add_parent),
                                         body={"name": m.name, "appProperties": m.app_properties},
                                         fields=fields, **ALL)) for m in moves]
    return _batched(ws, requests, progress)


def get_many(ws, file_ids: list[str], fields: str) -> dict[str, dict | None]:
    files = ws.drive_api.files()
    answers = _batched(ws, [(i, files.get(fileId=i, fields=fields, **ALL)) for i in file_ids])
    out: dict[str, dict | None] = {}
    for key, value in answers.items():
        if isinstance(value, HttpError) and value.resp.status == 404:
            out[key] = None
        elif isinstance(value, Exception):
            raise value
        else:
            out[key] = value
    return out


def upload_bytes(ws, parent: str, name: str, mime: str, data: bytes, *, app_properties: dict | None = None,
                 fields: str = "id") -> dict:
    """A small file in one multipart files.create (the demo and tests; large files use resumable uploads)."""
    import io

    from googleapiclient.http import MediaIoBaseUpload

    body = {"name": name, "parents": [parent], "appProperties": app_properties or {}}
    media = MediaIoBaseUpload(io.BytesIO(data), mimetype=mime, resumable=False)
    return ws.execute(ws.drive_api.files().create(body=body, media_body=media, fields=fields, **ALL),
                      idempotent=False)
