"""Every page a user opens from the demo, in headless Chromium at 390×844 and 1440×900 (issue 19, acceptance):
the web app's landing page (also as an organizer, from their link), the admin login, /runs, the upload page
(EN/ES), the digest preview (EN/ES), the director's digest HTML as the demo writes it, an organizer's digest
as mailed, and the emulator's views printed by `make demo` (spreadsheet: People, Wall chart and Media tabs;
Drive tree; a filed file; sent mail). A seeded world goes through the demo's own job runs first. Each page
answers 200, has no sideways scroll at either width (document.scrollingElement.scrollWidth <= innerWidth:
a wide sheet scrolls inside its own box) and is saved as test-artifacts/pages/<page>-<phone|desktop>.png
for a person to look at.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import threading
from pathlib import Path
from urllib.request import urlopen

import pytest
from werkzeug.serving import make_server

from tests.support.web import ADMIN, ANA, BEN, bearer, link, make_app
from turfbook.clock import Clock
from turfbook.demo.media import seed_media
from turfbook.demo.workbook import ensure_workbook, seed_workbook
from turfbook.workspace import connect
from turfbook_demo.run import run_jobs, with_spreadsheet

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"
SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (run scripts/ensure-chromium)")]


@pytest.fixture
def demo(config, tmp_path):
    today = Clock.for_config(config).today()
    config = with_spreadsheet(config, ensure_workbook(connect(config), config))
    workspace = connect(config)
    seed_workbook(workspace, config.google.spreadsheet_id, people=60, conversations=150, worksites=6, seed=7,
                  today=today)
    ensure_workbook(workspace, config)
    _add_long_named_worksite(workspace, config.google.spreadsheet_id)
    seed_media(workspace, config, count=12, seed=7, videos=1)
    digest = tmp_path / "digest.html"
    runs = run_jobs(config, workspace, today, (
        ("filing", "filing", {}), ("overdue", "overdue", {}), ("chart", "chart", {}),
        ("digest", "digest", {"preview": digest, "director_to": ["director@example.org"]})))
    assert [r.status for r in runs] == ["ok"] * 4
    server = make_server("127.0.0.1", 0, make_app(config), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield config, f"http://127.0.0.1:{server.server_port}", digest
    finally:
        server.shutdown()


LONG_WORD = "Kindertagesstättenbetreuungszentrum"     # one 35-letter word: must wrap, not widen the page


def _add_long_named_worksite(workspace, spreadsheet_id: str) -> None:
    """A worksite whose name is one long word (attacks/long_name.py), appended after the seeded ones."""
    from turfbook.workspace.sheets import CellWrite

    sheets = workspace.sheets(spreadsheet_id)
    ids, organizer = sheets.read(["'Worksites'!A:A", "'Organizers'!B2"])
    row = len(ids) + 1
    sheets.write([CellWrite(f"'Worksites'!A{row}:G{row}", [[f"W-{row:04d}", LONG_WORD, "child care center",
                                                             "1 Main St", "Hartford", organizer[0][0], "12"]])])


def _pages(config, web: str, digest: Path) -> dict[str, tuple[str, dict]]:
    """name -> (URL, extra HTTP headers)."""
    emulator = config.google.endpoint.rstrip("/")
    sheet = f"{emulator}/view/sheets/{config.google.spreadsheet_id}"
    index = urlopen(sheet).read().decode()
    tabs = dict((title, tab) for tab, title in re.findall(r"href='\?tab=(\d+)'>([^<(]+)", index))
    drive = urlopen(f"{emulator}/view/drive/").read().decode()
    a_file = re.search(r"href='(/view/drive/[^']+)'>[^<]+\.(?:jpg|JPG)<", drive)
    mail = urlopen(f"{emulator}/view/mail/").read().decode()
    a_mail = re.search(r"href='(/view/mail/[^']+)'", mail)
    admin = bearer(ADMIN)
    pages = {
        "home-en": (f"{web}/?lang=en", {}), "home-es": (f"{web}/?lang=es", {}),
        "home-organizer-es": (f"{web}/?u={link(ANA).rsplit('/', 1)[1]}", {}),
        "login-es": (f"{web}/login?lang=es", {}),
        "runs-en": (f"{web}/runs?lang=en", admin), "runs-es": (f"{web}/runs?lang=es", admin),
        "upload-es": (f"{web}{link(ANA)}", {}), "upload-en": (f"{web}{link(BEN)}?lang=en", {}),
        "digest-preview-en": (f"{web}/digest/preview?lang=en", admin),
        "digest-preview-es": (f"{web}/digest/preview?lang=es", admin),
        "digest-file": (digest.as_uri(), {}),
        "sheet-people": (f"{sheet}?tab={tabs['People']}", {}),
        "sheet-wall-chart": (f"{sheet}?tab={tabs['Wall chart']}", {}),
        "sheet-media": (f"{sheet}?tab={tabs['Media']}", {}),
        "drive-tree": (f"{emulator}/view/drive/", {}),
        "mail": (f"{emulator}/view/mail/", {}),
    }
    if a_file:
        pages["drive-file"] = (emulator + a_file.group(1), {})
    if a_mail:
        pages["mail-message"] = (emulator + a_mail.group(1), {})
    for n, eml in enumerate(sorted(Path(config.mail.outbox_dir).glob("*.eml"))):   # the digests as mailed
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        body = message.get_body(("html",))
        if body is not None and "director" not in str(message["To"]):
            out = digest.with_name(f"organizer-{n}.html")
            out.write_text(body.get_content(), encoding="utf-8")
            pages.setdefault("digest-organizer", (out.as_uri(), {}))
    return pages


def test_every_demo_page_at_phone_and_desktop_widths(demo):
    from playwright.sync_api import sync_playwright

    config, web, digest = demo
    pages = _pages(config, web, digest)
    assert {"drive-file", "digest-organizer"} <= set(pages)
    assert LONG_WORD in digest.read_text(encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    overflowing = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # one tab per width; each page opens in it after the cookies of the page before are cleared (a new
            # browser context and tab for every page was half of this test's time)
            tabs = {size: browser.new_page(viewport={"width": width, "height": height})
                    for size, (width, height) in SIZES.items()}
            for name, (url, headers) in pages.items():
                for size, page in tabs.items():
                    page.context.clear_cookies()
                    page.set_extra_http_headers(headers)
                    answer = page.goto(url)
                    assert answer is None or answer.status == 200, (name, url, answer.status)
                    wide = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
                    if wide[0] > wide[1]:
                        overflowing.append((name, size, wide))
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
        finally:
            browser.close()
    assert not overflowing, f"pages that scroll sideways: {overflowing}"
