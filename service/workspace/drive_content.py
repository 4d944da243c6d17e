"""File content for the Drive class (service/workspace/drive.py): resumable uploads from a stream,
ranged downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseDownload, MediaIoBaseUpload, MediaUpload

FILE_FIELDS = ("id,name,mimeType,parents,driveId,size,md5Checksum,createdTime,modifiedTime,trashed,"
               "appProperties,description,originalFilename,webViewLink,"
               "imageMediaMetadata(width,height,time,location),videoMediaMetadata(width,height,durationMillis)")
UPLOAD_CHUNK = 8 * 1024 * 1024  # a multiple of 256 KiB, as Drive requires of every chunk but the last


class DriveContent:
    """Mixed into Drive: needs `ws` and `files`."""

    # ----- content --------------------------------------------------------------------------------
    def upload(self, stream: IO[bytes], name: str, parent_id: str, mime_type: str = "application/octet-stream",
               *, app_properties: dict[str, str] | None = None, description: str | None = None,
               chunk_size: int = UPLOAD_CHUNK, fields: str = FILE_FIELDS,
               progress: Callable[[int, int], None] | None = None) -> dict:
        """A resumable upload from a seekable binary stream, one chunk in memory at a time.

        A dropped connection is not blindly retried: googleapiclient marks the request, and the next
        step first asks the session how many bytes it holds (PUT with `Content-Range: bytes */TOTAL`),
        then sends from there. If the session itself is gone (404/410), the upload starts over once.
        """
        if chunk_size % (256 * 1024):
            raise ValueError("chunk_size must be a multiple of 256 KiB")
        body: dict[str, Any] = {"name": name, "parents": [parent_id]}
        if app_properties:
            body["appProperties"] = app_properties
        if description:
            body["description"] = description
        # a ready MediaUpload (e.g. the upload page's stream of unknown length) is used as it is
        media = stream if isinstance(stream, MediaUpload) else MediaIoBaseUpload(
            stream, mimetype=mime_type, chunksize=chunk_size, resumable=True)
        request = self.files.create(body=body, media_body=media, fields=fields, supportsAllDrives=True)
        step = _UploadStep(request)
        restarted = False
        response = None
        while response is None:
            try:
                status, response = self.ws.execute(step, idempotent=True)
            except HttpError as exc:
                if exc.resp.status not in (404, 410) or restarted or request.resumable_uri is None:
                    raise
                restarted = True  # the session expired: begin a new one from byte 0
                request.resumable_uri, request.resumable_progress = None, 0
                request._in_error_state = False
                continue
            if progress and status is not None:
                progress(status.resumable_progress, status.total_size)
        return response

    def download(self, file_id: str, start: int = 0, end: int | None = None) -> bytes:
        """Bytes start..end (inclusive) of a file, or all of it; one ranged GET (206)."""
        request = self.files.get_media(fileId=file_id, supportsAllDrives=True)
        if start or end is not None:
            request.headers["Range"] = f"bytes={start}-{'' if end is None else end}"
        return self.ws.execute(request)

    def download_to(self, file_id: str, out: IO[bytes], chunk_size: int = UPLOAD_CHUNK) -> int:
        """Stream a file into `out` in ranged chunks; returns the byte count."""
        downloader = MediaIoBaseDownload(out, self.files.get_media(fileId=file_id, supportsAllDrives=True),
                                         chunksize=chunk_size)
        done = False
        status = None
        while not done:
            status, done = self.ws.execute(_DownloadStep(downloader))
        return status.resumable_progress if status else 0


class _UploadStep:
    """One step of a resumable upload, shaped like a request for Workspace.execute."""

    methodId = "drive.files.create"

    def __init__(self, request):
        self.request = request

    def execute(self):
        return self.request.next_chunk()


class _DownloadStep:
    methodId = "drive.files.get"

    def __init__(self, downloader: MediaIoBaseDownload):
        self.downloader = downloader

    def execute(self):
        return self.downloader.next_chunk()
