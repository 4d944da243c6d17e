"""End to end: gunicorn serving `service.app:create_app()` on a free port, headless Chromium
(Playwright driving Debian's chromium) opens an organizer's upload link, switches to Spanish,
uploads two photos; the files are then in the emulator's Drive inbox with the right appProperties.
A screenshot of the confirmation is saved in test-artifacts/."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from PIL import Image

from service.config import load
from service.links import Organizer, link_url, make_token
from service.workspace import connect
from service.workspace.drive import Drive
from service.workspace.sheets import CellWrite, Sheets
from tests.support.emulator import free_port

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LINK_KEY = "e2e-link-key-0123456789abcdef0123"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (run scripts/ensure-chromium)")]


def seed_workbook(config) -> str:
    """A workbook with just the tabs the upload page reads."""
    ws = connect(config)
    spreadsheet_id = Sheets.create(ws, "Turfbook e2e", ["Organizers", "Worksites", "Issues"])
    Sheets(ws, spreadsheet_id).write([
        CellWrite("Organizers!A1", [["ID", "Name", "Email", "Language", "Link version"],
                                    ["O-0001", "Ana Rivera", "ana@example.org", "en", 2]]),
        CellWrite("Worksites!A1", [["ID", "Name", "City"], ["W-0001", "Little Stars Center", "Hartford"],
                                   ["W-0002", "Ñandú Kids", "New Haven"]]),
        CellWrite("Issues!A1", [["ID", "Name"], ["I-0001", "broken heat"], ["I-0002", "mould"]]),
    ])
    Drive(ws).shared_drive(create=True)
    return spreadsheet_id


def photo(path: Path, color) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def web(emulator, tmp_path):
    base = emulator.config(tmp_path)
    spreadsheet_id = seed_workbook(base)
    port = free_port()
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": emulator.base_url, "credentials_file": str(emulator.credentials),
                   "spreadsheet_id": spreadsheet_id},
        "mail": {"transport": "outbox", "outbox_dir": str(tmp_path / "outbox")},
        "web": {"base_url": f"http://127.0.0.1:{port}", "max_upload_mb": 50},
        "data_dir": str(tmp_path / "data"),
    }))
    env = {**os.environ, "TURFBOOK_CONFIG": str(config_file), "TURFBOOK_LINK_KEY": LINK_KEY,
           "TURFBOOK_ADMIN_TOKEN": "e2e-admin", "NO_PROXY": "127.0.0.1,localhost"}
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--worker-class", "gthread", "--threads", "4", "service.app:create_app()"],
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


def test_organizer_uploads_two_photos_in_spanish(web, tmp_path):
    from playwright.sync_api import sync_playwright

    config, url = web
    ana = Organizer(id="O-0001", name="Ana Rivera", language="en", link_version=2)
    upload_link = link_url(url, make_token(LINK_KEY, ana))
    first, second = photo(tmp_path / "IMG_0001.jpg", (180, 40, 40)), photo(tmp_path / "IMG_0002.jpg", (40, 40, 180))
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
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
        finally:
            browser.close()
    drive = Drive(connect(config))
    drive.shared_drive()
    inbox = drive.list_folder(drive.folder(config.google.drive.inbox, create=False))
    assert sorted(f["name"] for f in inbox) == ["IMG_0001.jpg", "IMG_0002.jpg"]
    for file in inbox:
        assert file["mimeType"] == "image/jpeg"
        props = dict(file["appProperties"])
        assert props.pop("turfbook_upload_key") and props.pop("turfbook_form")    # a resend stores no copy
        assert props == {"worksite": "Ñandú Kids", "person": "Rosa M.", "issue": "broken heat",
                         "organizer": "Ana Rivera", "language": "es", "note": "radiador roto"}


def test_director_logs_in_and_sees_the_run_history(web):
    from playwright.sync_api import sync_playwright

    config, url = web
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url + "/jobs/overdue/run?wait=1", method="POST", data=b"",
                                     headers={"Authorization": "Bearer e2e-admin"})
    opener.open(request, timeout=60).read()     # fails on this bare workbook: the error shows on /runs
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.goto(url + "/runs")
            assert "/login" in page.url
            page.fill("#token", "wrong")
            page.click("button[type=submit]")
            assert page.locator(".bad").inner_text() == "That token is not right."
            page.fill("#token", "e2e-admin")
            page.click("button[type=submit]")
            page.wait_for_selector("text=Run history")
            rows = page.locator("table").nth(1).locator("tr").all_inner_texts()
            assert any("overdue" in row and "manual" in row for row in rows[1:])
            page.screenshot(path=str(ARTIFACTS / "runs.png"), full_page=True)
        finally:
            browser.close()
