"""turfbook.workspace.drive against the emulator: folders, listings, batched moves, uploads, downloads."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from turfbook.workspace import Workspace, retry
from turfbook.workspace.drive import FOLDER, Drive, FileUpdate

MIB = 1024 * 1024


@pytest.fixture
def ws(config):
    return Workspace(config, policy=retry.Policy(base=0.01, cap=0.05))


@pytest.fixture
def drive(ws):
    d = Drive(ws)
    d.shared_drive(create=True)
    return d


def test_shared_drive_found_or_created_once(ws, drive):
    again = Drive(ws)
    assert again.shared_drive() == drive.drive_id
    assert len(ws.drive_api.drives().list().execute()["drives"]) == 1


def test_folder_path_is_found_or_created_and_cached(drive, emulator):
    leaf = drive.folder("Media/Hartford/Little Stars")
    emulator.reset_stats()
    assert drive.folder("Media/Hartford/Little Stars") == leaf
    assert emulator.stats()["total"] == 0  # the in-run cache answers
    fresh = Drive(drive.ws, drive.drive_id)
    assert fresh.folder(["Media", "Hartford", "Little Stars"]) == leaf
    assert emulator.stats()["by_method"].get("drive.files.create", 0) == 0
    assert fresh.folder("Media/Nowhere", create=False) is None


def test_twin_folders_settle_on_the_oldest_and_are_reported(drive):
    media = drive.folder("Media")
    files = drive.ws.drive_api.files()
    first = files.create(body={"name": "Hartford", "mimeType": FOLDER, "parents": [media]},
                         supportsAllDrives=True, fields="id").execute()["id"]
    files.create(body={"name": "Hartford", "mimeType": FOLDER, "parents": [media]}, supportsAllDrives=True).execute()
    fresh = Drive(drive.ws, drive.drive_id)
    assert fresh.folder("Media/Hartford") == first
    assert len(fresh.twins) == 1 and fresh.twins[0].kept == first and fresh.twins[0].name == "Hartford"


def _bulk_create(drive, parent: str, count: int) -> None:
    api = drive.ws.drive_api
    for start in range(0, count, 100):
        batch = api.new_batch_http_request()
        for i in range(start, min(count, start + 100)):
            batch.add(api.files().create(body={"name": f"f{i:05d}.txt", "parents": [parent]}, supportsAllDrives=True))
        batch.execute()


def test_list_folder_follows_pages(drive, emulator):
    inbox = drive.folder("Field uploads")
    _bulk_create(drive, inbox, 1050)
    emulator.reset_stats()
    found = drive.list_folder(inbox, fields="id,name")
    assert len(found) == 1050 and {f["name"] for f in found} == {f"f{i:05d}.txt" for i in range(1050)}
    assert set(found[0]) == {"id", "name"}
    assert emulator.stats()["by_method"] == {"drive.files.list": 2}


def test_batch_of_100_updates_counts_as_100(drive, emulator):
    inbox, media = drive.folder("Field uploads"), drive.folder("Media/2026-11")
    _bulk_create(drive, inbox, 100)
    files = drive.list_folder(inbox, fields="id,name")
    emulator.reset_stats()
    changes = [FileUpdate(f["id"], name=f"filed-{f['name']}", add_parent=media, remove_parents=[inbox],
                          app_properties={"turfbook": "filed"}) for f in files]
    results = drive.update_many(changes)
    assert all(r.ok for r in results)
    stats = emulator.stats()
    assert stats["by_method"] == {"drive.files.update": 100}
    assert stats["http_requests"] == 2  # the batch, and this stats request
    moved = drive.list_folder(media, fields="name,appProperties")
    assert len(moved) == 100 and all(f["appProperties"] == {"turfbook": "filed"} for f in moved)


def test_batch_parts_failing_with_503_are_resent(drive, emulator):
    inbox = drive.folder("Field uploads")
    _bulk_create(drive, inbox, 5)
    files = drive.list_folder(inbox, fields="id,name")
    emulator.fault(method="drive.files.update", status=503, count=2)
    results = drive.update_many([FileUpdate(f["id"], name="x" + f["name"]) for f in files])
    assert all(r.ok for r in results)
    assert emulator.stats()["by_method"]["drive.files.update"] == 7


class _NoReadAll(io.BytesIO):
    """A stream that refuses to be read whole (the upload must go chunk by chunk)."""

    def read(self, size=-1):
        assert size is not None and 0 <= size <= 8 * MIB, f"read({size}) would load the whole file"
        return super().read(size)


@pytest.mark.parametrize("drop", ["after", "before"])
def test_20_mib_resumable_upload_survives_a_dropped_connection(drive, emulator, drop):
    data = os.urandom(20 * MIB)
    inbox = drive.folder("Field uploads")
    emulator.fault(method="drive.files.create", drop=drop, after_calls=30)
    made = drive.upload(_NoReadAll(data), "video.mp4", inbox, "video/mp4", chunk_size=256 * 1024,
                        app_properties={"uploader": "ana"})
    assert made["md5Checksum"] == hashlib.md5(data).hexdigest()  # noqa: S324
    assert made["size"] == str(len(data))
    assert emulator.stats()["by_method"]["drive.files.create"] >= 82  # start + 80 chunks + the offset query
    # resumed, not restarted (a restart would be ~160 calls); a dead pooled socket may cost a retry or two
    assert emulator.stats()["by_method"].get("drive.files.create") <= 88
    assert drive.download(made["id"], 5 * MIB, 5 * MIB + 9) == data[5 * MIB:5 * MIB + 10]
    out = io.BytesIO()
    assert drive.download_to(made["id"], out, chunk_size=4 * MIB) == len(data)
    assert out.getvalue() == data
    assert [f["name"] for f in drive.list_folder(inbox)] == ["video.mp4"]


def test_chunk_not_a_multiple_of_256_kib_is_400(drive):
    inbox = drive.folder("Field uploads")
    media = MediaIoBaseUpload(io.BytesIO(b"x" * 300_000), mimetype="text/plain", chunksize=100_000, resumable=True)
    request = drive.files.create(body={"name": "bad.txt", "parents": [inbox]}, media_body=media,
                                 supportsAllDrives=True)
    with pytest.raises(HttpError) as caught:
        while request.next_chunk()[1] is None:
            pass
    assert caught.value.resp.status == 400
    assert "262144" in str(caught.value)
