"""A big form half stored, then sent again: every file ends up in Drive exactly once, and every
answer (JSON and the no-JS page) says of each file whether it was stored, already stored or refused.

Real HTTP requests through the Flask test client against a real emulator; Drive fails part-way
through a form by an emulator fault (a non-retried 403 on drive.files.create after N calls)."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from PIL import Image

from tests.support.web import ANA, BEN, link, make_app
from turfbook.web.upload_files import MAX_FILES
from turfbook.workspace.drive import Drive


def photo(i: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), (i % 256, (i * 7) % 256, (i * 13) % 256)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def client(config, drive):
    return make_app(config).test_client()


def csrf(client, url: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def inbox_names(drive: Drive, config) -> Counter:
    folder = drive.folder(config.google.drive.inbox, create=False)
    return Counter(f["name"] for f in (drive.list_folder(folder) if folder else []))


def send_form(client, url, token, files, *, json=True, lang="en"):
    """The no-JS form: every file in one multipart request, fields first."""
    data = {"csrf": token, "lang": lang, "worksite": "Little Stars Center",
            "file": [(io.BytesIO(content), name) for name, content in files]}
    headers = {"Accept": "application/json"} if json else {}
    return client.post(url, data=data, content_type="multipart/form-data", headers=headers)


def creates_per_upload(client, url, emulator) -> int:
    """How many drive.files.create calls one small upload makes (initiation + chunk), once the
    inbox folder exists (a first probe makes it)."""
    assert send_form(client, url, csrf(client, url), [("probe-0.jpg", photo(998))]).status_code == 200
    emulator.reset_stats()
    answer = send_form(client, url, csrf(client, url), [("probe.jpg", photo(999))])
    assert answer.status_code == 200, answer.json
    return emulator.stats()["by_method"]["drive.files.create"]


def statuses(answer) -> Counter:
    return Counter(f["status"] for f in answer.json["files"])


def test_form_half_stored_then_sent_again_stores_each_file_once(client, drive, config, emulator):
    url = link(ANA)
    per_upload = creates_per_upload(client, url, emulator)
    files = [(f"IMG_{i:04d}.jpg", photo(i)) for i in range(40)]
    token = csrf(client, url)
    emulator.fault(method="drive.files.create", status=403, count=10_000, after_calls=per_upload * 15,
                   message="The user does not have sufficient permissions for this file.")
    first = send_form(client, url, token, files)
    assert first.status_code == 200, first.json
    assert statuses(first) == {"stored": 15, "refused": 25}
    assert [f["name"] for f in first.json["files"]] == [name for name, _ in files]      # form order, all of them
    for entry in first.json["refused"]:
        assert entry["reason"] == "could not be stored; please try again" and entry["retry"] is True
    assert first.json["stored"] == 15 and first.json["already"] == 0
    emulator.clear_faults()

    emulator.reset_stats()
    again = send_form(client, url, token, files)          # the same form, sent again
    assert again.status_code == 200, again.json
    by_name = {f["name"]: f["status"] for f in again.json["files"]}
    assert [by_name[name] for name, _ in files] == ["already"] * 15 + ["stored"] * 25
    calls = emulator.stats()["by_method"]
    assert calls.get("drive.files.list", 0) == 1            # one lookup for the whole request, not one per file
    assert calls["drive.files.create"] == 25 * per_upload

    names = inbox_names(drive, config)
    assert all(names[name] == 1 for name, _ in files), names
    assert sum(names.values()) == 42                       # 40 + the two probes

    emulator.reset_stats()
    third = send_form(client, url, token, files)
    assert statuses(third) == {"already": 40}
    assert emulator.stats()["by_method"].get("drive.files.create", 0) == 0
    assert sum(inbox_names(drive, config).values()) == 42


def test_no_js_result_page_lists_each_file(client, drive, config, emulator):
    url = link(ANA) + "?lang=es"
    per_upload = creates_per_upload(client, url, emulator)
    token = csrf(client, url)
    files = [("uno.jpg", photo(1)), ("dos.jpg", photo(2)), ("tres.jpg", b"%PDF-1.4 no es foto"),
             ("cuatro.jpg", photo(4))]
    emulator.fault(method="drive.files.create", status=403, count=10_000, after_calls=per_upload * 1,
                   message="The user does not have sufficient permissions for this file.")
    page = send_form(client, url, token, files, json=False, lang="es").get_data(as_text=True)
    assert "Recibidos (1)" in page and "No recibidos (3)" in page
    assert re.search(r'<li class="refused">dos\.jpg: no se pudo guardar; intente de nuevo</li>', page)
    assert re.search(r'<li class="refused">tres\.jpg: no es una foto o video que aceptamos', page)
    assert "Solo hay que volver a enviar los archivos de “No recibidos”." in page
    emulator.clear_faults()

    page = send_form(client, url, token, files, json=False, lang="es").get_data(as_text=True)
    assert re.search(r'<li class="received already">uno\.jpg <span class="hint">ya estaba guardado', page)
    assert '<li class="received stored">dos.jpg' in page and '<li class="received stored">cuatro.jpg' in page
    assert "Recibidos (3)" in page and "No recibidos (1)" in page
    names = inbox_names(drive, config)
    assert names["uno.jpg"] == names["dos.jpg"] == names["cuatro.jpg"] == 1 and "tres.jpg" not in names


def js_send(client, url, token, key, name, content):
    """What the page's JavaScript sends: one file per request, its upload key just before it."""
    data = {"csrf": token, "lang": "en", "worksite": "Little Stars Center", "key": key,
            "file": (io.BytesIO(content), name)}
    return client.post(url, data=data, content_type="multipart/form-data", headers={"Accept": "application/json"})


def test_page_key_makes_a_resent_file_already_stored(client, drive, config, emulator):
    url = link(ANA)
    token = csrf(client, url)
    first = js_send(client, url, token, "6f1c7c2e-2b7a-4a51-9d0c-1d8e0c1a2b3c-631", "IMG_7.jpg", photo(7))
    assert first.json["files"] == [{"name": "IMG_7.jpg", "mime": "image/jpeg", "status": "stored",
                                    "key": "6f1c7c2e-2b7a-4a51-9d0c-1d8e0c1a2b3c-631",
                                    "size": len(photo(7))}]
    emulator.reset_stats()
    # the answer was lost on the phone's weak connection; the page sends the file again, same key
    again = js_send(client, url, csrf(client, url), "6f1c7c2e-2b7a-4a51-9d0c-1d8e0c1a2b3c-631", "IMG_7.jpg", photo(7))
    assert again.status_code == 200 and again.json["files"][0]["status"] == "already"
    assert emulator.stats()["by_method"].get("drive.files.create", 0) == 0
    # another file (another key) of the same name is a new file
    other = js_send(client, url, token, "0a5e3f54-9a8c-4c7e-8c1e-5b2f6d7e8f90-640", "IMG_7.jpg", photo(8))
    assert other.json["files"][0]["status"] == "stored"
    # the same key from another organizer's link is theirs, not Ana's
    ben = js_send(client, link(BEN), csrf(client, link(BEN)), "6f1c7c2e-2b7a-4a51-9d0c-1d8e0c1a2b3c-631",
                  "IMG_7.jpg", photo(7))
    assert ben.json["files"][0]["status"] == "stored"
    assert inbox_names(drive, config)["IMG_7.jpg"] == 3


def test_lookup_failure_stores_nothing_and_says_which_to_resend(client, drive, config, emulator):
    url = link(ANA)
    creates_per_upload(client, url, emulator)             # the inbox folder is known to this process
    emulator.fault(method="drive.files.list", status=403, count=1,
                   message="The user does not have sufficient permissions for this file.")
    answer = send_form(client, url, csrf(client, url), [("a.jpg", photo(1)), ("b.jpg", photo(2))])
    assert answer.status_code == 422
    assert [(f["name"], f["status"], f.get("retry")) for f in answer.json["files"]] == [
        ("a.jpg", "refused", True), ("b.jpg", "refused", True)]
    assert "a.jpg" not in inbox_names(drive, config)


def test_a_form_over_the_file_limit_is_refused_file_by_file(client, drive, config, emulator):
    """The review's form: 250 files in one no-JS request. The first MAX_FILES are handled, each
    one after that is refused by name with the limit, and the answer says why."""
    url = link(BEN)
    files = [(f"P{i:03d}.jpg", photo(i)) for i in range(250)]
    answer = send_form(client, url, csrf(client, url), files)
    assert answer.status_code == 413
    assert "more than 100 files" in answer.json["error"]
    assert statuses(answer) == {"stored": MAX_FILES, "refused": 250 - MAX_FILES}
    assert {f["reason"] for f in answer.json["refused"]} == {
        "over the limit of 100 files in one sending; send it again separately"}
    assert [f["name"] for f in answer.json["refused"]] == [name for name, _ in files[MAX_FILES:]]
    assert sum(inbox_names(drive, config).values()) == MAX_FILES


def test_the_page_shows_the_per_sending_limit(client):
    en = client.get(link(ANA) + "?lang=en").get_data(as_text=True)
    assert "Up to 100 files and 2048 MB in all in one sending." in en
    assert 'data-max-files="100"' in en and f'data-max-bytes="{2048 * 1024 * 1024}"' in en
    es = client.get(link(ANA)).get_data(as_text=True)
    assert "Hasta 100 archivos y 2048 MB en total por envío." in es


def test_a_reused_key_with_another_file_stores_that_file(client, drive, config, emulator):
    """Found by an outside attack: a second, different file sent with a key already used was answered
    'already stored' and dropped. The key names a file only together with its first bytes."""
    url = link(ANA)
    key = "5d0c6a7e-1111-4a51-9d0c-1d8e0c1a2b3c-700"
    assert js_send(client, url, csrf(client, url), key, "IMG_9.jpg", photo(9)).json["files"][0]["status"] == "stored"
    other = js_send(client, url, csrf(client, url), key, "IMG_10.jpg", photo(10))
    assert other.json["files"][0]["status"] == "stored"
    again = js_send(client, url, csrf(client, url), key, "IMG_10.jpg", photo(10))   # its retry: a copy no more
    assert again.json["files"][0]["status"] == "already"
    names = inbox_names(drive, config)
    assert names["IMG_9.jpg"] == 1 and names["IMG_10.jpg"] == 1
