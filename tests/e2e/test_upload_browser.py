"""End to end: gunicorn serving `turfbook.app:create_app()` on a free port, headless Chromium
(Playwright driving Debian's chromium) opens an organizer's upload link, switches to Spanish,
uploads two photos; the files are then in the emulator's Drive inbox with the right appProperties.
A screenshot of the confirmation is saved in test-artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.chromium import CHROMIUM, launched
from tests.support.emulator import free_port
from tests.support.upload_workbook import LINK_KEY, photo, seed_workbook, web_config
from turfbook.config import load
from turfbook.links import Organizer, link_url, make_token
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (run scripts/ensure-chromium)")]


@pytest.fixture
def web(emulator, tmp_path):
    base = emulator.config(tmp_path)
    spreadsheet_id = seed_workbook(base)
    port = free_port()
    config_file, env = web_config(emulator, tmp_path, spreadsheet_id, port)
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--worker-class", "gthread", "--threads", "4", "turfbook.app:create_app()"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            opener.open(url + "/healthz", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError((tmp_path / "gunicorn.log").read_text()) from None
            time.sleep(0.1)
    try:
        yield load(config_file), url
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module (its start was a second of every test)."""
    with launched() as b:
        yield b


@pytest.fixture
def browser(chromium):
    """The module's Chromium: each page a test opens is a new browser context (nothing kept from another
    test), closed after the test."""
    yield chromium
    for context in chromium.contexts:
        context.close()


def test_organizer_uploads_two_photos_in_spanish(web, browser, tmp_path):
    config, url = web
    ana = Organizer(id="O-0001", name="Ana Rivera", language="en", link_version=2)
    upload_link = link_url(url, make_token(LINK_KEY, ana))
    first, second = photo(tmp_path / "IMG_0001.jpg", (180, 40, 40)), photo(tmp_path / "IMG_0002.jpg", (40, 40, 180))
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")  # a phone
    page.goto(upload_link)
    assert page.locator("h1").inner_text() == "Upload photos and videos"
    page.click("#lang-switch")
    page.wait_for_selector("text=Subir fotos y videos")
    page.select_option("#worksite", "Ñandú Kids")
    page.fill("#person", "Rosa M.")
    page.select_option("#issue", "broken heat")
    page.fill("#note", "radiador roto")
    page.set_input_files("#files", [str(first), str(second)])
    page.screenshot(path=str(ARTIFACTS / "upload-form-es-phone.png"), full_page=True)
    page.click("#send")
    page.wait_for_selector("#results li.received >> nth=1", timeout=30_000)
    assert page.locator("#results li.received").all_inner_texts() == ["IMG_0001.jpg", "IMG_0002.jpg"]
    assert "Recibidos (2)" in page.locator("#results").inner_text()
    page.screenshot(path=str(ARTIFACTS / "upload-es-phone.png"), full_page=True)
    drive = Drive(connect(config))
    drive.shared_drive()
    inbox = drive.list_folder(drive.folder(config.google.drive.inbox, create=False))
    assert sorted(f["name"] for f in inbox) == ["IMG_0001.jpg", "IMG_0002.jpg"]
    for file in inbox:
        assert file["mimeType"] == "image/jpeg"
        props = dict(file["appProperties"])
        assert props.pop("turfbook_upload_key") and props.pop("turfbook_form")    # a resend stores no copy
        assert props.pop("turfbook_upload_head")
        assert props == {"worksite": "Ñandú Kids", "person": "Rosa M.", "issue": "broken heat",
                         "organizer": "Ana Rivera", "language": "es", "note": "radiador roto"}


def test_director_logs_in_and_sees_the_run_history(web, browser):
    config, url = web
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url + "/jobs/overdue/run?wait=1", method="POST", data=b"",
                                     headers={"Authorization": "Bearer e2e-admin-token-0123456789abcdef"})
    opener.open(request, timeout=60).read()     # fails on this bare workbook: the error shows on /runs
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    page.goto(url + "/runs")
    assert "/login" in page.url
    page.fill("#token", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".bad").inner_text() == "That token is not right."
    page.fill("#token", "e2e-admin-token-0123456789abcdef")
    page.click("button[type=submit]")
    page.wait_for_selector("details.run")
    runs = page.locator("details.run").all_text_contents()     # each run: job in the summary,
    assert any("Overdue follow-ups" in run and "an admin" in run for run in runs), runs   # trigger in details
    page.screenshot(path=str(ARTIFACTS / "runs.png"), full_page=True)


def inbox_names(config) -> list[str]:
    drive = Drive(connect(config))
    drive.shared_drive()
    folder = drive.folder(config.google.drive.inbox, create=False)
    return sorted(f["name"] for f in drive.list_folder(folder)) if folder else []


def test_phone_page_shows_the_limit_and_refuses_a_selection_over_it(web, browser, tmp_path):
    """At a phone's size the per-sending limit is on the page; 101 files, or more MB in all than
    web.max_upload_mb (50 here), are refused in the page's language before anything is sent."""
    config, url = web
    ana = Organizer(id="O-0001", name="Ana Rivera", language="en", link_version=2)
    upload_link = link_url(url, make_token(LINK_KEY, ana))
    one = photo(tmp_path / "one.jpg", (10, 120, 10))
    many = []
    for i in range(101):
        copy = tmp_path / f"IMG_{i:04d}.jpg"
        copy.write_bytes(one.read_bytes())
        many.append(str(copy))
    big = []
    for name in ("VID_1.mp4", "VID_2.mp4"):       # 26 MB each: 52 MB in all, each alone under 50 MB
        with open(tmp_path / name, "wb") as out:
            out.truncate(26 * 1024 * 1024)
        big.append(str(tmp_path / name))
    requests = []
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")
    page.on("request", lambda r: requests.append(r) if r.method == "POST" else None)
    page.goto(upload_link)
    limit = page.locator("#limit")
    assert "Up to 100 files and 50 MB in all in one sending." in limit.inner_text()
    box = limit.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390     # readable on the phone
    page.select_option("#worksite", "Little Stars Center")

    page.set_input_files("#files", many)
    alert = page.locator("#selection[role=alert]")
    assert alert.inner_text() == ("You chose 101 files. Send at most 100 at a time: choose fewer and send "
                                  "the rest next.")
    assert page.is_disabled("#send")
    page.evaluate("document.getElementById('upload').requestSubmit()")   # even a forced submit
    page.screenshot(path=str(ARTIFACTS / "upload-over-limit-phone.png"), full_page=True)

    page.set_input_files("#files", big)
    assert "These files add up to 52 MB. Send at most 50 MB at a time" in alert.inner_text()
    assert page.is_disabled("#send")

    page.click("#lang-switch")
    page.wait_for_selector("text=Subir fotos y videos")
    assert "Hasta 100 archivos y 50 MB en total por envío." in page.locator("#limit").inner_text()
    page.select_option("#worksite", "Little Stars Center")
    page.set_input_files("#files", many)
    assert page.locator("#selection[role=alert]").inner_text().startswith("Eligió 101 archivos.")
    assert page.is_disabled("#send")

    page.set_input_files("#files", many[:2])     # back under the limit: it can be sent
    assert page.locator("#selection").inner_text().startswith("2 archivos elegidos")
    assert page.locator("#selection[role=status]").count() == 1 and page.is_enabled("#send")
    assert requests == []                        # nothing over the limit was ever sent
    page.click("#send")
    page.wait_for_selector("#results li.received >> nth=1", timeout=30_000)
    assert "Recibidos (2)" in page.locator("#results").inner_text()
    assert len(requests) == 2
    assert inbox_names(config) == ["IMG_0000.jpg", "IMG_0001.jpg"]


def test_phone_resends_only_the_files_not_received(web, browser, emulator, tmp_path):
    """Drive fails part-way through a selection: the page lists each file, and its resend button
    sends only the ones not received (with the same upload keys); each file is in Drive once."""
    config, url = web
    ana = Organizer(id="O-0001", name="Ana Rivera", language="en", link_version=2)
    upload_link = link_url(url, make_token(LINK_KEY, ana))
    files = [str(photo(tmp_path / f"R{i}.jpg", (40 * i, 20, 20))) for i in range(1, 5)]
    drive = Drive(connect(config))
    drive.shared_drive()
    drive.folder(config.google.drive.inbox)          # the inbox exists: each upload is 2 files.create calls
    emulator.fault(method="drive.files.create", status=403, count=10_000, after_calls=4,
                   message="The user does not have sufficient permissions for this file.")
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")
    page.goto(upload_link)
    page.select_option("#worksite", "Little Stars Center")
    page.set_input_files("#files", files)
    page.click("#send")
    page.wait_for_selector("#resend", timeout=30_000)
    results = page.locator("#results")
    assert "Received (2)" in results.inner_text() and "Not received (2)" in results.inner_text()
    assert page.locator("#results li.refused").all_inner_texts() == [
        "R3.jpg: could not be stored; please try again", "R4.jpg: could not be stored; please try again"]
    page.screenshot(path=str(ARTIFACTS / "upload-resend-phone.png"), full_page=True)
    emulator.clear_faults()
    page.click("#resend")
    page.wait_for_selector("#results li.received >> nth=3", timeout=30_000)
    assert page.locator("#results li.received").all_inner_texts() == ["R1.jpg", "R2.jpg", "R3.jpg", "R4.jpg"]
    assert page.locator("#results li.refused").count() == 0
    assert inbox_names(config) == ["R1.jpg", "R2.jpg", "R3.jpg", "R4.jpg"]
