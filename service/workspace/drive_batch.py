"""Drive calls filing needs that service/workspace/drive.py does not offer (yet): files.get in
batches, a metadata-only file (the run lock), a small multipart upload (demo and tests).

Through googleapiclient and Workspace.execute (retried, counted).
"""

from __future__ import annotations

from collections.abc import Callable

from googleapiclient.errors import HttpError

FOLDER = "application/vnd.google-apps.folder"
BATCH = 100
ALL = {"supportsAllDrives": True}


def create_file(ws, parent: str, name: str, mime: str, *, app_properties: dict | None = None,
                fields: str = "id") -> dict:
    body = {"name": name, "mimeType": mime, "parents": [parent], "appProperties": app_properties or {}}
    return ws.execute(ws.drive_files.create(body=body, fields=fields, **ALL), idempotent=False)


def _batched(ws, requests: list[tuple[str, object]], progress: Callable[[int], None] | None = None
             ) -> dict[str, dict | Exception]:
    """Run (key, request) pairs in HTTP batches of ≤100; parts that hit 429/5xx are retried."""
    from turfbook.workspace.retry import is_retryable

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
            ws.log.calls[getattr(chunk[0][1], "methodId", "call")] += len(chunk) - 1  # execute counts one
            ws.execute(_Step(batch, getattr(chunk[0][1], "methodId", "call")))
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


def get_many(ws, file_ids: list[str], fields: str) -> dict[str, dict | None]:
    files = ws.drive_files
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
                 fields: str = "id", description: str | None = None) -> dict:
    """A small file in one multipart files.create (the demo and tests; large files use resumable uploads)."""
    import io

    from googleapiclient.http import MediaIoBaseUpload

    body = {"name": name, "parents": [parent], "appProperties": app_properties or {}}
    if description:
        body["description"] = description
    media = MediaIoBaseUpload(io.BytesIO(data), mimetype=mime, resumable=False)
    return ws.execute(ws.drive_files.create(body=body, media_body=media, fields=fields, **ALL),
                      idempotent=False)


class _Step:
    """A batch shaped like a request for Workspace.execute (named after the calls it carries)."""

    def __init__(self, batch, method_id: str):
        self.batch, self.methodId = batch, method_id

    def execute(self):
        return self.batch.execute()
