"""Inputs too big or too many to store as files: made at test time, deterministically."""

from __future__ import annotations

from datetime import datetime

from turfbook.demo import media_files

WHEN = datetime(2026, 11, 21, 9, 30)


def media(kind: str) -> bytes:
    if kind == "jpeg":
        return media_files.jpeg("corpus", when=WHEN)
    if kind == "big_jpeg":        # a real photo followed by 3 MiB of padding (crosses the Range prefix)
        return media_files.jpeg("corpus", when=WHEN) + bytes(3 * 1024 * 1024)
    raise ValueError(f"no maker for {kind!r}")


def many_inbox_files(ws, inbox_id: str, count: int) -> dict[str, None]:
    """`count` empty files in the inbox, created in HTTP batches of 100 (as a phone sync would leave them)."""
    created: dict[str, None] = {}

    def done(_request_id, response, exception):
        if exception is not None:
            raise exception
        created[response["id"]] = None

    files = ws.drive_api.files()
    for start in range(0, count, 100):
        batch = ws.drive_api.new_batch_http_request(callback=done)
        for i in range(start, min(count, start + 100)):
            batch.add(files.create(body={"name": f"IMG_{i:05d}.JPG", "mimeType": "image/jpeg", "parents": [inbox_id]},
                                   fields="id", supportsAllDrives=True))
        ws.execute(batch)
    return created
