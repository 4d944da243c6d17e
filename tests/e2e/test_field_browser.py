"""End to end for the field page (#20): gunicorn serving the app, headless Debian Chromium at a phone
viewport. Log online; go offline (context.set_offline), log three, come back -> exactly three more rows;
one entry re-sent five times -> one row; Spanish end to end; a forged request for another organizer's
person is refused; the web app restarted (kill -9) with entries queued -> nothing lost. The coalescer
runs through the admin jobs API (what the scheduler runs every minute)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.support.emulator import free_port
from tests.support.field_workbook import ANA, BEN, field_workbook, path
from tests.support.overdue_workbook import table
from tests.support.upload_workbook import DEMO_USER, photo
from tests.support.web import LINK_KEY
from turfbook.clock import Clock
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ADMIN = "e2e-admin-token-0123456789abcdef"
PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (run scripts/ensure-chromium)")]
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Web:
    def __init__(self, config_file: Path, env: dict, port: int, log: Path):
        self.config_file, self.env, self.port, self.log = config_file, env, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.server = None

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115 - the process owns it
        self.server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                                        "--workers", "1", "--worker-class", "gthread", "--threads", "4",
                                        "turfbook.app:create_app()"], env=self.env, stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                OPENER.open(self.url + "/healthz", timeout=2).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.server.poll() is not None:
                    self.kill()
                    raise RuntimeError(self.log.read_text()) from None
                time.sleep(0.1)

    def kill(self) -> None:
        """kill -9 of gunicorn and its worker (its own process group)."""
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=15)

    def tick(self) -> dict:
        request = urllib.request.Request(self.url + "/jobs/field/run?wait=1", method="POST", data=b"",
                                         headers={"Authorization": f"Bearer {ADMIN}"})
        return json.loads(OPENER.open(request, timeout=120).read())


@pytest.fixture
def web(emulator, tmp_path):
    base = emulator.config(tmp_path)
    config = field_workbook(base, Clock.for_config(base).today())
    port = free_port()
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": emulator.base_url, "credentials_file": str(emulator.credentials),
                   "delegated_user": DEMO_USER, "spreadsheet_id": config.google.spreadsheet_id},
        "web": {"base_url": f"http://127.0.0.1:{port}"}, "data_dir": str(tmp_path / "data"),
        "schedule": {"field": "off"}}))
    env = {**os.environ, "TURFBOOK_CONFIG": str(config_file), "TURFBOOK_LINK_KEY": LINK_KEY,
           "TURFBOOK_ADMIN_TOKEN": ADMIN, "NO_PROXY": "127.0.0.1,localhost"}
    server = Web(config_file, env, port, tmp_path / "gunicorn.log")
    server.start()
    try:
        yield config, server
    finally:
        server.kill()


def browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"])


def log_one(page, search: str, notes: str) -> None:
    page.fill("#search", search)
    page.locator("#matches button").first.click()
    page.select_option("#kind", "house visit")
    page.select_option("#assessment", "2")
    page.fill("#notes", notes)
    page.click("button[data-days='2']")
    before = page.locator("#outbox li").count()
    page.click("#save")
    page.wait_for_function("(n) => document.querySelectorAll('#outbox li').length > n", arg=before)   # saved, cleared


def conversations_with(config, text: str) -> list[dict]:
    return [r for r in table(config, "Conversations").values() if text in r["notes"]]


def test_log_online_offline_resend_and_forged(web, tmp_path):
    from playwright.sync_api import sync_playwright

    config, server = web
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = browser(p)
        try:
            context = b.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
            page = context.new_page()
            page.goto(server.url + path(ANA))
            assert page.locator("h1").inner_text() == "Log a conversation"
            page.wait_for_selector("#followups a[href^='tel:']")           # my follow-ups, tap to call / text
            assert page.locator("#followups a[href^='tel:']").first.get_attribute("href") == "tel:8605550101"
            assert page.locator("#followups a[href^='sms:']").first.get_attribute("href") == "sms:8605550101"
            page.set_input_files("#photos", [str(photo(tmp_path / "IMG_0001.jpg", (180, 40, 40)))])
            log_one(page, "mar", "online one")
            page.wait_for_selector("#outbox li[data-state='sent']")
            server.tick()
            page.wait_for_selector("#outbox li[data-state='landed']", timeout=20_000)
            [online] = conversations_with(config, "online one")
            page.wait_for_selector("#outbox li[data-photos='sent']", timeout=30_000)   # through the upload path
            drive = Drive(connect(config))
            drive.shared_drive()
            [uploaded] = drive.list_folder(drive.folder(config.google.drive.inbox, create=False))
            assert uploaded["appProperties"]["note"] == online["id"]              # linked to the conversation
            assert uploaded["appProperties"]["person"] == "P-000001"

            context.set_offline(True)
            page.wait_for_selector("#offline:not([hidden])")
            for i in range(3):
                log_one(page, "860-555-0103", f"offline {i}")
            assert page.locator("#outbox li[data-state='waiting']").count() == 3
            reloaded = page.reload()                        # still offline: the kept page and its outbox
            assert reloaded is not None and reloaded.from_service_worker
            page.wait_for_selector("#outbox li[data-state='waiting'] >> nth=2")
            assert page.locator("h1").inner_text() == "Log a conversation"
            page.screenshot(path=str(ARTIFACTS / "field-offline-phone.png"), full_page=True)
            context.set_offline(False)
            page.wait_for_function("() => !document.querySelector(\"#outbox li[data-state='waiting']\")",
                                   timeout=20_000)
            server.tick()
            assert len(conversations_with(config, "offline ")) == 3

            entry = {"key": "resent-five-times", "person": "P-000003", "kind": "phone bank",
                     "date": Clock.for_config(config).today().isoformat(), "notes": "resent"}
            statuses = page.evaluate("""async (entry) => { const out = [];
                for (let i = 0; i < 5; i++) { const r = await fetch(location.pathname + '/entries', {method: 'POST',
                  headers: {'Content-Type': 'application/json'}, body: JSON.stringify({entries: [entry]})});
                  out.push((await r.json()).results[0].status); } return out; }""", entry)
            assert statuses == ["received", "already", "already", "already", "already"]
            forged = page.evaluate("""async (entry) => { const r = await fetch(location.pathname + '/entries',
                {method: 'POST', headers: {'Content-Type': 'application/json'},
                 body: JSON.stringify({entries: [entry]})});
                return [r.status, (await r.json()).error]; }""",
                                   {**entry, "key": "forged-entry-01", "person": "P-000002"})
            assert forged[0] == 403 and "P-000002 is not one of your people" in forged[1]
            server.tick()
            assert len(conversations_with(config, "resent")) == 1
            page.screenshot(path=str(ARTIFACTS / "field-phone.png"), full_page=True)
        finally:
            b.close()


def test_spanish_end_to_end_and_a_restart_loses_nothing(web):
    from playwright.sync_api import sync_playwright

    config, server = web
    with sync_playwright() as p:
        b = browser(p)
        try:
            context = b.new_context(viewport=PHONE, locale="es-MX", is_mobile=True, has_touch=True)
            page = context.new_page()
            page.goto(server.url + path(BEN))
            assert page.locator("h1").inner_text() == "Registrar una conversación"
            page.fill("#search", "dana")
            page.locator("#matches button").first.click()
            page.locator("#issues label", has_text="salario bajo").locator("input").check()
            page.check("#deeply")
            page.fill("#notes", "habló del salario")
            page.click("#save")
            page.wait_for_selector("#outbox li[data-state='sent']")
            assert "Recibido" in page.locator("#outbox").inner_text()
            page.screenshot(path=str(ARTIFACTS / "field-es-phone.png"), full_page=True)
            # a quick-added person, queued, then the web app is killed before any tick
            page.click("#add summary")
            page.fill("#np-name", "Rosa Díaz")
            page.fill("#np-phone", "860-555-0199")
            page.select_option("#np-worksite", "Ñandú Kids")
            page.fill("#notes", "persona nueva")
            page.click("#save")
            page.wait_for_function("() => document.querySelectorAll(\"#outbox li[data-state='sent']\").length === 2")
        finally:
            b.close()
    server.kill()
    server.start()
    server.tick()
    rows = conversations_with(config, "habló del salario")
    assert len(rows) == 1 and rows[0]["issues"] == "low pay" and rows[0]["language"] == "es"
    assert rows[0]["person"] == "P-000002" and rows[0]["organizer"] == "Ben Cole"
    new = conversations_with(config, "persona nueva")
    assert len(new) == 1
    assert table(config, "People")[new[0]["person"]]["name"] == "Rosa Díaz"
