"""The staff landing page (`/`) in headless Chromium at phone and desktop widths, English and Spanish:
links to the workbook and the Drive media folder (the emulator's views), run history for admins, no
sideways scroll. Screenshots are saved in test-artifacts/ for a person to look at."""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.web import ANA, link, make_app
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (run scripts/ensure-chromium)")]


@pytest.fixture
def site(config):
    drive = Drive(connect(config))
    drive.shared_drive(create=True)
    media = drive.folder(config.google.drive.media_root)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": "sheet-1"})})
    server = make_server("127.0.0.1", 0, make_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", config, media
    finally:
        server.shutdown()


def test_landing_page_at_phone_and_desktop_widths(site):
    from playwright.sync_api import sync_playwright

    url, config, media = site
    ARTIFACTS.mkdir(exist_ok=True)
    endpoint = config.google.endpoint.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for lang, workbook_label in (("en", "The workbook"), ("es", "La hoja del equipo")):
                for size, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    answer = page.goto(f"{url}/?lang={lang}")
                    assert answer.status == 200
                    assert page.locator("html").get_attribute("lang") == lang
                    workbook = page.get_by_role("link", name=workbook_label)
                    assert workbook.get_attribute("href") == f"{endpoint}/view/sheets/sheet-1"
                    folder_links = page.locator(f"a[href='{endpoint}/view/drive/{media}']")
                    assert folder_links.count() == 1
                    assert page.locator("a[href='/runs']").count() == 1
                    assert page.evaluate("document.documentElement.scrollWidth") <= width
                    page.screenshot(path=str(ARTIFACTS / f"home-{lang}-{size}.png"), full_page=True)
                    page.close()
            # the run history link leads admins to the login form
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(url + "/")
            page.locator("a[href='/runs']").click()
            assert "/login" in page.url
            page.close()
        finally:
            browser.close()


def test_landing_page_without_a_workbook_or_drive_says_so(offline_config):
    client = make_app(offline_config).test_client()
    page = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Todavía no hay una hoja configurada" in text and "No se pudo encontrar la carpeta" in text
    assert "/runs" in text


def test_an_organizer_coming_from_their_link_sees_their_own_pages(offline_config):
    """Issue 19, item 4: the upload page links to `/?u=<link>`; there the organizer's own pages come first,
    in their language; a forged link says so and shows nobody's pages."""
    client = make_app(offline_config).test_client()
    token = link(ANA).rsplit("/", 1)[1]
    upload = html.unescape(client.get(link(ANA)).get_data(as_text=True))
    assert f'href="/?u={token}&lang=es"' in upload
    page = client.get(f"/?u={token}")
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert '<html lang="es">' in text and "Sus páginas, Ana Rivera" in text
    assert f'href="/u/{token}?lang=es"' in text and "Enviar fotos y videos" in text
    assert f'href="/c/{token}?lang=es"' in text and "Registrar una conversación" in text     # the field page (#20)
    english = html.unescape(client.get(f"/?u={token}&lang=en").get_data(as_text=True))
    assert "Your pages, Ana Rivera" in english and "Send photos and videos" in english
    assert f'href="?lang=es&u={token}"' in english                     # switching language keeps the pages
    forged = html.unescape(client.get("/?u=" + token[:-3] + "xyz&lang=en").get_data(as_text=True))
    assert "Your pages" not in forged and "/u/" not in forged and "/c/" not in forged and 'role="alert"' in forged
    assert "Your pages" not in html.unescape(client.get("/?lang=en").get_data(as_text=True))
