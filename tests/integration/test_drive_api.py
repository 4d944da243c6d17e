"""Emulator Drive v3 through googleapiclient: files, shared drives, q, fields, uploads, errors."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload
from PIL import Image

from turfbook.workspace import transport

FOLDER = "application/vnd.google-apps.folder"
ALL = {"supportsAllDrives": True}


@pytest.fixture
def config(emulator, tmp_path):
    """These tests make the shared drive themselves."""
    return emulator.config(tmp_path, shared_drive_made=False)


@pytest.fixture
def drive(config):
    return transport.api_client(config, "drive", "v3")


@pytest.fixture
def shared(drive):
    return drive.drives().create(requestId="req-1", body={"name": "Organizing"}).execute()["id"]


def folder(drive, name, parent):
    return drive.files().create(body={"name": name, "mimeType": FOLDER, "parents": [parent]}, **ALL).execute()["id"]


def upload(drive, name, parent, data: bytes, mime="application/octet-stream", **extra):
    media = MediaIoBaseUpload(io.BytesIO(data), mimetype=mime)
    body = {"name": name, "parents": [parent], **extra}
    return drive.files().create(body=body, media_body=media, fields="*", **ALL).execute()


def error_of(caught) -> dict:
    return json.loads(caught.value.content)["error"]


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (120, 80), "green")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Pixel", "8a"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:21 09:30:05"
    exif.get_ifd(0x8825).update({1: "N", 2: (41.0, 45.0, 0.0), 3: "W", 4: (72.0, 40.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_requestid_is_idempotent_and_drives_list(drive, shared):
    with pytest.raises(HttpError) as caught:
        drive.drives().create(requestId="req-1", body={"name": "Organizing"}).execute()
    assert caught.value.resp.status == 409
    names = [d["name"] for d in drive.drives().list().execute()["drives"]]
    assert names == ["Organizing"]


def test_my_drive_upload_is_storage_quota_exceeded(emulator, tmp_path):
    drive = transport.api_client(emulator.config(tmp_path, delegated_user=None), "drive", "v3")  # bare SA
    with pytest.raises(HttpError) as caught:
        drive.files().create(body={"name": "x.txt"}, media_body=MediaIoBaseUpload(io.BytesIO(b"x"), "text/plain"))\
            .execute()
    assert caught.value.resp.status == 403
    assert error_of(caught)["errors"][0]["reason"] == "storageQuotaExceeded"
    assert error_of(caught)["errors"][0]["domain"] == "usageLimits"


def test_shared_drive_file_is_not_found_without_supports_all_drives(drive, shared):
    made = upload(drive, "a.txt", shared, b"hello", "text/plain")
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId=made["id"]).execute()
    assert caught.value.resp.status == 404
    assert error_of(caught)["message"] == f"File not found: {made['id']}."
    request = drive.files().get(fileId=made["id"], supportsAllDrives=True)
    request.uri += "&includeItemsFromAllDrives=True"  # as gspread sends it
    got = request.execute()
    assert got == {"kind": "drive#file", "id": made["id"], "name": "a.txt", "mimeType": "text/plain"}


def test_upload_derives_md5_size_and_exif(drive, shared):
    data = jpeg_with_exif()
    made = upload(drive, "foto.jpg", shared, data, "image/jpeg")
    assert made["md5Checksum"] == hashlib.md5(data).hexdigest()  # noqa: S324
    assert made["size"] == str(len(data))
    meta = made["imageMediaMetadata"]
    assert (meta["width"], meta["height"], meta["time"]) == (120, 80, "2026:11:21 09:30:05")
    assert meta["location"]["latitude"] == pytest.approx(41.75)
    assert meta["location"]["longitude"] == pytest.approx(-72.675, abs=1e-3)


def test_png_and_mp4_metadata(drive, shared):
    png = io.BytesIO()
    Image.new("RGB", (33, 44)).save(png, "PNG")
    made = upload(drive, "p.png", shared, png.getvalue())
    assert made["mimeType"] == "image/png"
    assert (made["imageMediaMetadata"]["width"], made["imageMediaMetadata"]["height"]) == (33, 44)
    video = upload(drive, "clip.mp4", shared, tiny_mp4(640, 360, 2500), "video/mp4")
    assert video["videoMediaMetadata"] == {"width": 640, "height": 360, "durationMillis": "2500"}


def tiny_mp4(width: int, height: int, millis: int) -> bytes:
    import struct

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    mvhd = box(b"mvhd", b"\0" * 4 + b"\0" * 8 + struct.pack(">II", 1000, millis) + b"\0" * 80)
    tkhd = box(b"tkhd", b"\0" * 4 + b"\0" * 72 + struct.pack(">II", width << 16, height << 16))
    return box(b"ftyp", b"isom\0\0\0\1isom") + box(b"moov", mvhd + box(b"trak", tkhd)) + box(b"mdat", b"\0" * 64)


def test_alt_media_range_is_206(drive, shared):
    made = upload(drive, "d.bin", shared, bytes(range(256)) * 4)
    request = drive.files().get_media(fileId=made["id"], supportsAllDrives=True)
    request.headers["Range"] = "bytes=10-19"
    assert request.execute() == bytes(range(10, 20))
    whole = drive.files().get_media(fileId=made["id"], supportsAllDrives=True).execute()
    assert len(whole) == 1024


def test_list_q_paging_and_fields(drive, shared):
    inbox = folder(drive, "Field uploads", shared)
    other = folder(drive, "Other", shared)
    for i in range(5):
        site = "W-1" if i % 2 else "W-2"
        upload(drive, f"IMG_{i}.jpg", inbox, b"x" * i, "image/jpeg", appProperties={"worksite": site})
    upload(drive, "IMG_9.jpg", other, b"y")
    scope = {"corpora": "drive", "driveId": shared, "includeItemsFromAllDrives": True, **ALL}
    q = f"'{inbox}' in parents and trashed = false and not mimeType = '{FOLDER}'"
    first = drive.files().list(q=q, pageSize=2, orderBy="name", **scope).execute()
    assert set(first) == {"kind", "nextPageToken", "incompleteSearch", "files"}
    assert [f["name"] for f in first["files"]] == ["IMG_0.jpg", "IMG_1.jpg"]
    assert set(first["files"][0]) == {"kind", "id", "name", "mimeType"}
    names = [f["name"] for f in first["files"]]
    token = first["nextPageToken"]
    while token:
        page = drive.files().list(q=q, pageSize=2, orderBy="name", pageToken=token, **scope).execute()
        names += [f["name"] for f in page["files"]]
        token = page.get("nextPageToken")
    assert names == [f"IMG_{i}.jpg" for i in range(5)]
    tagged = drive.files().list(q="appProperties has { key='worksite' and value='W-1' } and (name contains 'IMG' "
                                  "or name = 'nothing')", fields="files(name,appProperties)", **scope).execute()
    assert sorted(f["name"] for f in tagged["files"]) == ["IMG_1.jpg", "IMG_3.jpg"]
    assert "nextPageToken" not in tagged
    later = drive.files().list(q="modifiedTime > '2000-01-01T00:00:00' and name contains 'img_9'", **scope).execute()
    assert [f["name"] for f in later["files"]] == ["IMG_9.jpg"]
    assert drive.files().list(q="name contains 'MG_'", **scope).execute()["files"] == []  # word-prefix match


@pytest.mark.parametrize("q", ["name = ", "name ~ 'x'", "trashed = 'yes'", "bogus = 'x'", "(name = 'x'",
                               "'x' in name", "appProperties has { key='k' }", "name = 'x' and"])
def test_bad_q_is_400_invalid_value(drive, q):
    with pytest.raises(HttpError) as caught:
        drive.files().list(q=q).execute()
    assert caught.value.resp.status == 400
    error = error_of(caught)
    assert error["message"] == "Invalid Value"
    assert error["errors"][0] == {"message": "Invalid Value", "domain": "global", "reason": "invalid",
                                  "location": "q", "locationType": "parameter"}


def test_move_rename_tag_in_one_update(drive, shared, emulator):
    inbox, media = folder(drive, "Inbox", shared), folder(drive, "Media", shared)
    made = upload(drive, "IMG_1.jpg", inbox, b"z", appProperties={"uploader": "ana", "tmp": "1"})
    emulator.reset_stats()
    moved = drive.files().update(fileId=made["id"], addParents=media, removeParents=inbox, supportsAllDrives=True,
                                 body={"name": "2026-11-21_site_001.jpg", "description": "filed",
                                       "appProperties": {"filed": "M-000001", "tmp": None}},
                                 fields="name,parents,appProperties,description").execute()
    assert moved == {"name": "2026-11-21_site_001.jpg", "parents": [media], "description": "filed",
                     "appProperties": {"uploader": "ana", "filed": "M-000001"}}
    assert emulator.stats()["by_method"] == {"drive.files.update": 1}
    with pytest.raises(HttpError) as caught:
        drive.files().update(fileId=made["id"], addParents=inbox, supportsAllDrives=True, body={}).execute()
    assert caught.value.resp.status == 403


def test_copy_trash_delete(drive, shared):
    made = upload(drive, "a.txt", shared, b"abc", "text/plain")
    copied = drive.files().copy(fileId=made["id"], body={"name": None}, fields="name,md5Checksum", **ALL).execute()
    assert copied == {"name": "Copy of a.txt", "md5Checksum": hashlib.md5(b"abc").hexdigest()}  # noqa: S324
    trashed = drive.files().update(fileId=made["id"], body={"trashed": True}, fields="trashed", **ALL).execute()
    assert trashed == {"trashed": True}
    request = drive.files().delete(fileId=made["id"], **ALL)
    assert request.execute() == ""
    with pytest.raises(HttpError) as caught:
        drive.files().get(fileId=made["id"], **ALL).execute()
    assert caught.value.resp.status == 404


def test_permissions_about_and_changes(drive, shared):
    start = drive.changes().getStartPageToken(**ALL).execute()["startPageToken"]
    made = upload(drive, "a.txt", shared, b"abc", "text/plain")
    perm = drive.permissions().create(fileId=made["id"], body={"role": "reader", "type": "user",
                                                               "emailAddress": "ana@example.org"}, **ALL).execute()
    assert perm["role"] == "reader"
    roles = {p["role"] for p in drive.permissions().list(fileId=made["id"], **ALL).execute()["permissions"]}
    assert roles == {"organizer", "reader"}
    with pytest.raises(HttpError) as caught:
        drive.about().get().execute()
    assert caught.value.resp.status == 400
    about = drive.about().get(fields="user(emailAddress),storageQuota").execute()
    assert about["user"]["emailAddress"] == "director@example.org"      # the delegated subject
    assert about["storageQuota"]["limit"] != "0"
    changes = drive.changes().list(pageToken=start, includeItemsFromAllDrives=True, **ALL).execute()
    assert [c["fileId"] for c in changes["changes"]] == [made["id"]]
    assert changes["newStartPageToken"] != start


def test_gspread_style_spreadsheet_create_through_drive(drive, shared):
    body = {"name": "Workbook", "mimeType": "application/vnd.google-apps.spreadsheet", "parents": [shared]}
    made = drive.files().create(body=body, **ALL).execute()
    assert made["mimeType"] == "application/vnd.google-apps.spreadsheet"
    with pytest.raises(HttpError) as caught:
        drive.files().get_media(fileId=made["id"], **ALL).execute()
    assert caught.value.resp.status == 403


def test_batch_over_100_parts_is_400(drive, shared):
    batch = drive.new_batch_http_request()
    for i in range(101):
        batch.add(drive.files().get(fileId=f"nope{i}", **ALL))
    with pytest.raises(HttpError) as caught:
        batch.execute()
    assert caught.value.resp.status == 400


def test_update_content_replaces_md5_and_keeps_the_id(drive, shared):
    made = upload(drive, "a.txt", shared, b"one", "text/plain")
    media = MediaIoBaseUpload(io.BytesIO(b"two!"), mimetype="text/plain")
    updated = drive.files().update(fileId=made["id"], media_body=media, body={"description": "v2"},
                                   fields="id,md5Checksum,size,description,version", **ALL).execute()
    assert updated["id"] == made["id"] and updated["size"] == "4" and updated["description"] == "v2"
    assert updated["md5Checksum"] == hashlib.md5(b"two!").hexdigest()  # noqa: S324


def test_list_includes_trashed_unless_asked(drive, shared):
    made = upload(drive, "gone.txt", shared, b"x", "text/plain")
    drive.files().update(fileId=made["id"], body={"trashed": True}, **ALL).execute()
    scope = {"corpora": "drive", "driveId": shared, "includeItemsFromAllDrives": True, **ALL}
    assert [f["name"] for f in drive.files().list(**scope).execute()["files"]] == ["gone.txt"]
    assert drive.files().list(q="trashed = false", **scope).execute()["files"] == []
    with pytest.raises(HttpError) as caught:
        drive.files().list(corpora="drive", driveId=shared).execute()
    assert caught.value.resp.status == 403


def test_gspread_creates_a_spreadsheet_in_the_shared_drive(config, shared):
    client = transport.gspread_client(config)
    book = client.create("Turfbook", folder_id=shared)
    assert client.open_by_key(book.id).title == "Turfbook"
    assert [ws.title for ws in book.worksheets()] == ["Sheet1"]


def test_html_views_show_the_tree(drive, shared, emulator):
    import urllib.request

    media = folder(drive, "Media", shared)
    photo = upload(drive, "foto niños.jpg", media, jpeg_with_exif(), "image/jpeg",
                   appProperties={"worksite": "W-7", "note": "heat off", "turfbook_upload_key": "k-123abc"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    tree = opener.open(emulator.base_url + "/view/drive/").read().decode()
    assert "Organizing" in tree and "Media" in tree and "foto niños.jpg" in tree
    # #19 item 9: the EXIF time in plain form, the useful properties only, labelled
    assert "2026-11-21 09:30" in tree and "2026:11:21" not in tree
    assert "Worksite: W-7 · Note: heat off" in tree and "k-123abc" not in tree
    one = opener.open(emulator.base_url + f"/view/drive/{photo['id']}").read().decode()
    assert "<th>Taken</th><td>2026-11-21 09:30</td>" in one and "<th>Worksite</th><td>W-7</td>" in one
    assert "<th>Dimensions</th><td>120 × 80</td>" in one
    assert "k-123abc" not in one and "capabilities" not in one and "2026:11:21" not in one
    assert f"/view/drive/thumb/{photo['id']}" in tree
    thumb = opener.open(emulator.base_url + f"/view/drive/thumb/{photo['id']}")
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert "Drive" in opener.open(emulator.base_url + "/").read().decode()


def test_page_size_above_1000_is_coerced(drive, shared):
    scope = {"corpora": "drive", "driveId": shared, "includeItemsFromAllDrives": True, **ALL}
    assert drive.files().list(pageSize=5000, **scope).execute()["files"] == []
    with pytest.raises(HttpError) as caught:
        drive.files().list(pageSize=0, **scope).execute()
    assert caught.value.resp.status == 400
