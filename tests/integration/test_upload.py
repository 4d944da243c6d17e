"""The upload page against a real emulator: files land in the Drive inbox with the form fields as
appProperties; every refusal happens before a single byte (or call) reaches Drive."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from PIL import Image

from tests.support.web import ANA, BEN, LINK_KEY, link, listing, make_app
from turfbook.demo import media_files
from turfbook.links import make_token
from turfbook.web.directory import StaticDirectory
from turfbook.workspace.drive import Drive


def jpeg(size=(64, 48), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def app(config, drive):
    return make_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def inbox_files(drive: Drive, config) -> list[dict]:
    folder = drive.folder(config.google.drive.inbox, create=False)
    return [] if folder is None else drive.list_folder(folder)


def drive_calls(emulator) -> int:
    return sum(n for method, n in emulator.stats()["by_method"].items() if method.startswith("drive."))


def post(client, url, token, files, lang="es", **fields):
    data = {"csrf": token, "lang": lang, "worksite": "Ñandú Kids", "person": "Rosa M.", "issue": "broken heat",
            "note": "radiador roto en el salón 2", **fields}
    data["file"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(url, data=data, content_type="multipart/form-data", headers={"Accept": "application/json"})


def test_two_photos_land_in_the_inbox_with_app_properties(client, drive, config, emulator):
    url = link(ANA)
    photo_a, photo_b = jpeg(), png()
    answer = post(client, url, csrf(client, url), [("IMG_0001.JPG", photo_a), ("cuarto 2.png", photo_b)])
    assert answer.status_code == 200, answer.json
    assert [f["name"] for f in answer.json["received"]] == ["IMG_0001.JPG", "cuarto 2.png"]
    assert answer.json["refused"] == []
    files = {f["name"]: f for f in inbox_files(drive, config)}
    assert set(files) == {"IMG_0001.JPG", "cuarto 2.png"}
    assert int(files["IMG_0001.JPG"]["size"]) == len(photo_a)
    assert files["cuarto 2.png"]["mimeType"] == "image/png"
    props = dict(files["IMG_0001.JPG"]["appProperties"])
    assert len(props.pop("turfbook_upload_key")) == 40 and len(props.pop("turfbook_form")) == 32
    assert len(props.pop("turfbook_upload_head")) == 24
    assert props == {
        "worksite": "Ñandú Kids", "person": "Rosa M.", "issue": "broken heat", "organizer": "Ana Rivera",
        "language": "es", "note": "radiador roto en el salón 2"}
    assert emulator.stats()["by_method"].get("drive.files.create", 0) >= 2


def test_a_long_note_is_kept_whole_in_the_files_description(client, drive, config):
    """#19 item 1: an appProperty holds ~120 bytes; the whole note (up to 500 characters) goes in the
    file's description, where filing reads it for the Media tab's Notes."""
    url = link(ANA)
    note = "El radiador del salón 2 no calienta desde el lunes; " * 8
    answer = post(client, url, csrf(client, url), [("IMG_0009.JPG", jpeg())], note=note.strip())
    assert answer.status_code == 200, answer.json
    [stored] = inbox_files(drive, config)
    assert stored["description"] == note.strip() and len(note.strip()) > 400
    assert note.startswith(stored["appProperties"]["note"]) and len(stored["appProperties"]["note"]) < 124


def test_large_file_is_streamed_in_chunks(client, drive, config, emulator):
    url = link(BEN)
    big = jpeg() + bytes(9 * 1024 * 1024 + 12345)     # crosses two 4 MiB chunks
    answer = post(client, url, csrf(client, url), [("long.jpg", big)], lang="en", issue="", person="", note="")
    assert answer.status_code == 200, answer.json
    [stored] = inbox_files(drive, config)
    assert int(stored["size"]) == len(big)
    assert {k: v for k, v in stored["appProperties"].items() if not k.startswith("turfbook_")} == {
        "worksite": "Ñandú Kids", "organizer": "Ben Cole", "language": "en"}


def test_no_js_form_post_shows_a_confirmation_page(client, drive, config):
    url = link(ANA)
    data = {"csrf": csrf(client, url), "lang": "es", "worksite": "Little Stars Center",
            "file": [(io.BytesIO(jpeg()), "a.jpg"), (io.BytesIO(b"%PDF-1.4 not a photo"), "b.jpg")]}
    page = client.post(url, data=data, content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Recibidos (1)" in html and "No recibidos (1)" in html and "b.jpg" in html and "application/pdf" in html
    assert [f["name"] for f in inbox_files(drive, config)] == ["a.jpg"]


def test_wrong_type_is_refused_before_drive(client, emulator):
    url = link(ANA)
    token = csrf(client, url)
    emulator.reset_stats()
    answer = post(client, url, token, [("virus.jpg", b"MZ\x90\x00" + bytes(5000)), ("doc.jpg", b"%PDF-1.7\n...")])
    assert answer.status_code == 422
    assert [r["name"] for r in answer.json["refused"]] == ["virus.jpg", "doc.jpg"]
    assert drive_calls(emulator) == 0


def test_empty_file_is_refused(client, emulator):
    url = link(ANA)
    token = csrf(client, url)
    emulator.reset_stats()
    answer = post(client, url, token, [("empty.jpg", b"")])
    assert answer.status_code == 422 and "vacío" in answer.json["refused"][0]["reason"]
    assert drive_calls(emulator) == 0


def test_oversize_request_is_refused_before_reading_it(config, drive, emulator):
    small = config.model_copy(update={"web": config.web.model_copy(update={"max_upload_mb": 1})})
    client = make_app(small).test_client()
    url = link(ANA)
    token = csrf(client, url)
    emulator.reset_stats()
    answer = post(client, url, token, [("huge.jpg", jpeg() + bytes(2 * 1024 * 1024))])
    assert answer.status_code == 413 and "1 MB" in answer.json["refused"][0]["reason"]
    assert drive_calls(emulator) == 0


def test_tampered_or_missing_form_token_is_refused(client, emulator):
    url = link(ANA)
    token = csrf(client, url)
    emulator.reset_stats()
    for bad in ("", token[:-3] + "abc", csrf(client, link(BEN))):   # a token from another link is no good
        answer = post(client, url, bad, [("a.jpg", jpeg())])
        assert answer.status_code == 403, bad
    assert drive_calls(emulator) == 0


def test_worksite_and_issue_must_come_from_the_workbook(client, emulator):
    url = link(ANA)
    token = csrf(client, url)
    emulator.reset_stats()
    assert post(client, url, token, [("a.jpg", jpeg())], worksite="Nowhere Daycare").status_code == 400
    assert post(client, url, token, [("a.jpg", jpeg())], issue="<script>").status_code == 400
    assert drive_calls(emulator) == 0


def test_expired_forged_and_revoked_links(client, app, emulator):
    with time_machine.travel("2024-01-01"):
        old = "/u/" + make_token(LINK_KEY, ANA)
    forged = "/u/" + make_token("some-other-key", ANA)
    emulator.reset_stats()
    for url, reason in ((old, "venció"), (forged, "no es válido"), ("/u/garbage", "no es válido")):
        page = client.get(url, headers={"Accept-Language": "es-MX,es;q=0.9"})
        assert page.status_code == 403 and reason in page.get_data(as_text=True)
        assert client.post(url, data={"file": (io.BytesIO(jpeg()), "a.jpg")}).status_code == 403
    valid = link(ANA)
    assert client.get(valid).status_code == 200
    app.extensions["turfbook"].directory = StaticDirectory(
        listing(organizers=[ANA.__class__(**{**ANA.__dict__, "link_version": 1}), BEN]))
    revoked = client.get(valid)                 # Ana speaks Spanish (the workbook says so): her page does too
    assert revoked.status_code == 403 and "fue reemplazado" in revoked.get_data(as_text=True)
    assert "was replaced" in client.get(valid + "?lang=en").get_data(as_text=True)
    assert drive_calls(emulator) == 0


def test_non_multipart_and_truncated_bodies(client, emulator):
    url = link(ANA)
    emulator.reset_stats()
    assert client.post(url, data=b"x=1", content_type="application/x-www-form-urlencoded").status_code == 400
    answer = client.post(url, data=b"--zz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc",
                         content_type="multipart/form-data; boundary=zz", headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert drive_calls(emulator) == 0


def test_language_defaults_and_toggle(client):
    ana, ben = link(ANA), link(BEN)
    assert 'lang="es"' in client.get(ana).get_data(as_text=True)             # Ana's language is es
    assert 'lang="en"' in client.get(ben).get_data(as_text=True)             # Ben has none: Accept-Language
    spanish_phone = client.get(ben, headers={"Accept-Language": "es-US,es;q=0.9,en;q=0.5"})
    assert "Subir fotos y videos" in spanish_phone.get_data(as_text=True)
    toggled = client.get(ana + "?lang=en").get_data(as_text=True)
    assert "Upload photos and videos" in toggled and "Español" in toggled
    page = client.get(ana)
    html = page.get_data(as_text=True)
    assert 'accept="image/*,video/*"' in html and "multiple" in html and "capture" in html
    assert "Ñandú Kids" in html and "broken heat" in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_unreadable_workbook_gives_a_clear_503(config, emulator):
    from turfbook.web.directory import WorkbookDirectory

    app = make_app(config, directory=WorkbookDirectory(config))   # no spreadsheet_id configured
    client = app.test_client()
    page = client.get(link(ANA), headers={"Accept-Language": "es"})
    assert page.status_code == 503 and "Intente de nuevo" in page.get_data(as_text=True)
    emulator.reset_stats()
    assert client.get("/u/forged-link").status_code == 403
    assert emulator.stats()["total"] == 0


def test_connection_lost_mid_file_stores_nothing(client, drive, config):
    url = link(ANA)
    token = csrf(client, url)
    boundary = "cut"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="worksite"\r\n\r\nÑandú Kids\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.jpg"\r\n\r\n').encode()
    sent = head + jpeg() + bytes(5 * 1024 * 1024)             # the phone lost signal here
    answer = client.post(url, input_stream=io.BytesIO(sent), content_type=f"multipart/form-data; boundary={boundary}",
                         headers={"Content-Length": str(len(sent) + 10 * 1024 * 1024), "Accept": "application/json"})
    assert answer.status_code == 400
    assert inbox_files(drive, config) == []


WEBM = (b"\x1a\x45\xdf\xa3\x8b\x42\x86\x81\x01\x42\x82\x84webm"       # EBML header: version 1, DocType webm
        b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + bytes(3000))  # a Segment of unknown size
MOV = (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00\x00\x00\x10moov" + bytes(8)
       + (8 + 3000).to_bytes(4, "big") + b"mdat" + bytes(3000))


@pytest.mark.parametrize(("name", "data", "mime"), [
    ("clip.mp4", media_files.mp4("x", when=datetime(2026, 1, 1, tzinfo=UTC)), "video/mp4"),
    ("IMG_0002.MOV", MOV, "video/quicktime"),
    ("IMG_0003.HEIC", media_files.heic("x"), "image/heic"),
    ("clip.webm", WEBM, "video/webm"),
])
def test_phone_formats_are_accepted_by_content_not_name(client, drive, config, name, data, mime):
    url = link(ANA)
    answer = post(client, url, csrf(client, url), [(name, data)])
    assert answer.status_code == 200 and answer.json["received"][0]["mime"] == mime
    [stored] = inbox_files(drive, config)
    assert stored["mimeType"] == mime and stored["name"] == name


# Magic bytes are not a file: each of these was accepted and stored before the header was decoded.
@pytest.mark.parametrize(("name", "data", "reason"), [
    ("three.jpg", b"\xff\xd8\xff", "cut off"),
    ("sig.png", b"\x89PNG\r\n\x1a\n", "cut off"),
    ("four.webm", b"\x1a\x45\xdf\xa3", "cut off"),
    ("magic.jpg", b"\xff\xd8\xff\xe0" + bytes(3000), "damaged"),
    ("magic.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(3000), "damaged"),
    ("page.jpg", jpeg() + b"<html><script>alert(document.cookie)</script></html>", "something else hidden"),
    ("zip.jpg", jpeg() + b"PK\x03\x04" + b"#!/bin/sh\nrm -rf ~\n" + b"PK\x05\x06" + bytes(18), "something else hidden"),
])
def test_files_that_do_not_decode_are_refused_before_drive(client, drive, config, name, data, reason):
    url = link(ANA)
    answer = post(client, url, csrf(client, url), [(name, data)], lang="en")
    assert answer.status_code == 422, answer.json
    [refused] = answer.json["refused"]
    assert reason in refused["reason"]
    assert inbox_files(drive, config) == []


def test_refusal_reason_is_in_the_pages_language(client, drive, config):
    url = link(ANA)
    answer = post(client, url, csrf(client, url), [("a.jpg", jpeg() + b"<html></html>")], lang="es")
    assert answer.status_code == 422 and "esconde otra cosa" in answer.json["refused"][0]["reason"]


def test_a_polyglot_larger_than_the_head_is_refused_before_its_last_chunk(client, drive, config):
    # the trailing HTML lies 9 MB in, past the buffered head and two upload chunks: the scan runs
    # while the file streams, and the resumable upload is never finished, so Drive keeps no file
    url = link(BEN)
    big = jpeg() + bytes(9 * 1024 * 1024) + b"<html><script>x()</script></html>"
    answer = post(client, url, csrf(client, url), [("big.jpg", big), ("ok.jpg", jpeg())], lang="en")
    assert answer.status_code == 200, answer.json
    assert [r["name"] for r in answer.json["refused"]] == ["big.jpg"]
    assert [r["name"] for r in answer.json["received"]] == ["ok.jpg"]
    assert [f["name"] for f in inbox_files(drive, config)] == ["ok.jpg"]


@pytest.mark.parametrize(("name", "stored_as"), [
    ("photo.html", "photo.jpg"), ("IMG_1.JPEG", "IMG_1.JPEG"), ("scan", "scan.jpg"), ("a.png", "a.jpg"),
])
def test_stored_name_has_the_real_types_extension(client, drive, config, name, stored_as):
    url = link(ANA)
    answer = post(client, url, csrf(client, url), [(name, jpeg())], lang="en")
    assert answer.status_code == 200 and answer.json["received"][0]["name"] == stored_as
    assert [f["name"] for f in inbox_files(drive, config)] == [stored_as]
