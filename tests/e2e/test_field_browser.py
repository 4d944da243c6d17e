"""End to end for the field page (#20): gunicorn serving the app, headless Debian Chromium at a phone
viewport. Log online; go offline (context.set_offline), log three, come back -> exactly three more rows;
one entry re-sent five times -> one row; Spanish end to end; a forged request for another organizer's
person is refused; the web app restarted (kill -9) with entries queued -> nothing lost; a backlog bigger
than the POST cap, a 429 and a replaced link (below). The coalescer
runs through the admin jobs API (what the scheduler runs every minute)."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.support.chromium import CHROMIUM, launched
from tests.support.emulator import free_port
from tests.support.field_workbook import ANA, BEN, field_workbook, path
from tests.support.overdue_workbook import table
from tests.support.upload_workbook import DEMO_USER, photo
from tests.support.web import LINK_KEY
from turfbook.clock import Clock
from turfbook.field.entry import MAX_BODY_BYTES
from turfbook.links import Organizer
from turfbook.workspace import Workspace, a1, connect
from turfbook.workspace.drive import Drive
from turfbook.workspace.sheets import CellWrite

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


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module (its start was a second or more of every test); each test's phone
    is a new browser context in it, with its own storage, IndexedDB, caches, service worker and clock:
    nothing is kept from another test."""
    with launched() as b:
        yield b


@pytest.fixture
def phone(chromium):
    """phone(locale, **extra): a browser context shaped like an organizer's phone (390x844, touch), its clock
    in the organization's timezone (the config's default, America/New_York), as an organizer's phone is: in
    this machine's UTC the page's "today" is tomorrow for the server from 00:00 to 05:00 UTC, and every entry
    was "in the future". Every phone of the test is closed after it."""
    made = []

    def make(locale: str = "en-US", **extra):
        extra.setdefault("timezone_id", "America/New_York")
        made.append(chromium.new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True, **extra))
        return made[-1]
    yield make
    for context in made:
        context.close()


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


def page_rounds(page, done, what: str = "", timeout: float = 30.0) -> None:
    """Until done(): the page's clock (page.clock, installed before the page loads) run forward one round of
    field.js's own setInterval(flush, 5000) at a time -- a back-off of 5, 10 or 20 s is its rounds on that
    clock -- each round given real time to finish its requests, instead of waiting out those seconds."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, what
        page.clock.fast_forward(5_000)
        round_end = time.monotonic() + 0.25
        while not done() and time.monotonic() < round_end:
            page.wait_for_timeout(50)


def shown(page, selector: str):
    """done() for page_rounds: the selector matches an element on the page."""
    return lambda: page.locator(selector).count() > 0


def conversations_with(config, text: str) -> list[dict]:
    return [r for r in table(config, "Conversations").values() if text in r["notes"]]


def test_log_online_offline_resend_and_forged(web, phone, tmp_path):

    config, server = web
    ARTIFACTS.mkdir(exist_ok=True)
    context = phone()
    page = context.new_page()
    page.clock.install()                                # its 5 s rounds run by page_rounds
    page.goto(server.url + path(ANA))
    assert page.locator("h1").inner_text() == "Log a conversation"
    page.wait_for_selector("#followups a[href^='tel:']")           # my follow-ups, tap to call / text
    assert page.locator("#followups a[href^='tel:']").first.get_attribute("href") == "tel:8605550101"
    assert page.locator("#followups a[href^='sms:']").first.get_attribute("href") == "sms:8605550101"
    page.set_input_files("#photos", [str(photo(tmp_path / "IMG_0001.jpg", (180, 40, 40)))])
    log_one(page, "mar", "online one")
    page.wait_for_selector("#outbox li[data-state='sent']")
    server.tick()
    page_rounds(page, shown(page, "#outbox li[data-state='landed']"), "not landed")
    [online] = conversations_with(config, "online one")
    page_rounds(page, shown(page, "#outbox li[data-photos='sent']"), "no photos")   # through the upload path
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
    page_rounds(page, lambda: not page.locator("#outbox li[data-state='waiting']").count(), "still waiting")
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


def test_spanish_end_to_end_and_a_restart_loses_nothing(web, phone):

    config, server = web
    context = phone("es-MX")
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
    context.close()                                        # the phone put away (as before)
    server.kill()
    server.start()
    server.tick()
    rows = conversations_with(config, "habló del salario")
    assert len(rows) == 1 and rows[0]["issues"] == "low pay" and rows[0]["language"] == "es"
    assert rows[0]["person"] == "P-000002" and rows[0]["organizer"] == "Ben Cole"
    new = conversations_with(config, "persona nueva")
    assert len(new) == 1
    assert table(config, "People")[new[0]["person"]]["name"] == "Rosa Díaz"


# -- the outbox against trouble (findings 3 and 4) ---------------------------------------------------------
# attacks/outbox_413.py: 28 entries logged offline, each with a 4,900-character Spanish note, are sent by size
# (every POST under the server's cap), none lost or doubled; a 429 is waited out as its Retry-After says, and
# the page tells the organizer (in Spanish here). attacks/revoke_sw.py: a link replaced (Link version bumped)
# while the phone is offline: back online the page says so, removes the names and phones it kept (Cache
# Storage, the saved directory), so the link no longer opens offline, and keeps the entry not sent visible
# (with its notes, to copy) in the organizer's outbox, from which the organizer's NEW link sends it: one row.
BIG = "ñ" * 4900


def log_offline(page, search: str, notes: str) -> None:
    before = page.locator("#outbox li").count()
    page.fill("#search", search)
    page.locator("#matches button").first.click()
    page.fill("#notes", notes)
    page.click("#save")
    page.wait_for_function("(n) => document.querySelectorAll('#outbox li').length > n", arg=before)


def test_a_backlog_bigger_than_the_cap_is_sent_by_size_and_a_429_is_waited_out(web, phone):

    config, server = web
    context = phone("es-MX")
    page = context.new_page()
    page.clock.install()                                # its 5 s rounds run by page_rounds
    page.goto(server.url + path(BEN))
    page.fill("#search", "dana")
    page.wait_for_selector("#matches button")
    context.set_offline(True)
    for i in range(28):
        log_offline(page, "dana", f"grande-{i:02d} {BIG}")
    assert page.locator("#outbox li[data-state='waiting']").count() == 28
    posts: list[tuple[int, int]] = []
    page.on("response", lambda r: posts.append((r.status, len(r.request.post_data_buffer or b"")))
            if r.request.method == "POST" and "/entries" in r.url else None)
    context.set_offline(False)
    page_rounds(page, lambda: not page.locator("#outbox li[data-state='waiting']").count(), "still waiting")
    assert len(posts) >= 2 and all(status == 200 and size <= MAX_BODY_BYTES for status, size in posts), posts
    assert sum(size for _, size in posts) > MAX_BODY_BYTES                 # more than one POST could carry
    server.tick()
    rows = conversations_with(config, "grande-")
    assert len(rows) == 28 and {r["notes"][:8] for r in rows} == {f"grande-{i:02d}"[:8] for i in range(28)}
    assert all(r["notes"].endswith(BIG) for r in rows)

    # the link's own limit is used up (by anyone): the page waits as Retry-After says, and says so
    context.set_offline(True)
    log_offline(page, "dana", "después del límite")
    link = server.url + "/c/" + page.locator("#field").get_attribute("data-token")   # this very link
    codes = []
    for _ in range(130):
        try:
            codes.append(OPENER.open(link + "/directory.json").status)
        except urllib.error.HTTPError as exc:
            codes.append(exc.code)
    assert codes[-1] == 429
    posts.clear()
    tried: list[str] = []                                    # POSTs asked for, answered or not
    page.on("request", lambda r: tried.append(r.url) if r.method == "POST" and "/entries" in r.url else None)
    context.set_offline(False)
    page.wait_for_selector("#send-status:not([hidden])", timeout=15_000)
    status = page.locator("#send-status").inner_text()
    assert "ocupado" in status and " s" in status, status
    for _ in range(2):                                    # the page tries every 5 s when nothing is wrong
        page.clock.fast_forward(5_000)                    # (two of its rounds: 10 s on its clock)
        page.wait_for_timeout(1_000)
    assert [s for s, _ in posts] == [429], posts          # ... but waits out the Retry-After (~60 s)
    assert len(tried) == 1, tried                         # not even a POST still unanswered
    assert page.locator("#outbox li[data-state='waiting']").count() == 1   # kept, not lost


def replace_anas_link(config, server) -> None:
    """Ana's Link version 0 -> 1 in the sheet, then until the server refuses her old link. The server keeps the
    Organizers tab up to 15 s (README); a link newer than the one it kept makes it read the tab again, at most
    once per 5 s (service/web/upload.py): the test asks with her new link, as Ana opening it would."""
    Workspace(config).sheets().write([CellWrite(f"{a1.quote_sheet('Organizers')}!H2", [["1"]])],
                                     input_option="USER_ENTERED")
    old, new = (server.url + path(dataclasses.replace(ANA, link_version=v)) + "/directory.json" for v in (0, 1))

    def status(url: str) -> int:
        try:
            return OPENER.open(url).status
        except urllib.error.HTTPError as exc:
            return exc.code
    deadline = time.monotonic() + 40
    while status(old) != 403:
        assert time.monotonic() < deadline
        status(new)
        time.sleep(0.25)


def test_a_replaced_link_forgets_its_directory_and_keeps_what_was_not_sent(web, phone):
    from playwright.sync_api import Error

    config, server = web
    old = server.url + path(ANA)
    base = path(ANA)
    context = phone()
    page = context.new_page()
    page.goto(old)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()                                          # now under the service worker, which keeps it
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.fill("#search", "mar")
    page.wait_for_selector("#matches button")
    context.set_offline(True)
    log_offline(page, "mar", "logged offline, then the link was replaced")
    replace_anas_link(config, server)                      # Ana's Link version 0 -> 1
    context.set_offline(False)
    page.wait_for_selector("#gone:not([hidden])", timeout=20_000)
    assert "This link was replaced" in page.locator("#gone").inner_text()
    assert "Not sent yet: 1" in page.locator("#gone").inner_text()
    assert "logged offline, then the link was replaced" in page.locator("#gone-entries textarea").input_value()
    [li] = page.locator("#outbox li").all()
    assert li.get_attribute("data-state") == "waiting" and "Not sent (link replaced)" in li.inner_text()
    kept = page.evaluate("""async (base) => { const out = [];
        for (const n of await caches.keys()) { const c = await caches.open(n);
          for (const r of await c.keys()) out.push(new URL(r.url).pathname); }
        return [out.filter((x) => x.startsWith(base)), Object.keys(localStorage)]; }""", base)
    assert kept[0] == [] and not [k for k in kept[1] if k.startswith("turfbook-dir-")], kept
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "field-link-replaced-phone.png"), full_page=True)

    context.set_offline(True)                              # the old link no longer opens without signal
    other = context.new_page()
    with pytest.raises(Error):
        other.goto(old)
    other.close()
    context.set_offline(False)

    new = context.new_page()                               # Ana's new link on the same phone sends it
    new.goto(server.url + path(Organizer(id=ANA.id, name=ANA.name, language="en", link_version=1)))
    new.wait_for_selector("#outbox li[data-state='sent']", timeout=20_000)
    server.tick()
    assert len(conversations_with(config, "logged offline, then the link was replaced")) == 1


# -- the second attack on the outbox (attack-a20b) -----------------------------------------------------------
# a2_captive_portal.py: a venue's captive portal (or a proxy's error page) answers the outbox's POST with HTML,
# 200 or 403 or 413: that is network trouble, never a refusal; the entries wait, and land once the real network
# is back. Only the app's own JSON refuses an entry.
PORTAL = "<html><body>Welcome to Venue Wi-Fi. Accept the terms to continue.</body></html>"


def outbox_items(page, organizer: Organizer = ANA) -> list[dict]:
    return page.evaluate("""async (name) => {
        if (!(await indexedDB.databases()).some((d) => d.name === name)) return [];
        const d = await new Promise((res) => { const o = indexedDB.open(name, 1); o.onsuccess = () => res(o.result); });
        const all = await new Promise((res) => { const r = d.transaction('outbox').objectStore('outbox').getAll();
                                                  r.onsuccess = () => res(r.result); });
        d.close(); return all.map((x) => ({key: x.key, state: x.state, entry: x.entry, not_of: x.not_of})); }""",
                         "turfbook-field-org-" + organizer.id)


def _portal(status: int, hits: list[int]):
    def portal(route):
        if route.request.method != "POST":
            return route.continue_()
        hits.append(status)
        return route.fulfill(status=status, content_type="text/html", body=PORTAL)
    return portal


def test_a_captive_portal_page_is_network_trouble_and_nothing_is_refused(web, phone):

    config, server = web
    context = phone()
    page = context.new_page()
    page.clock.install()                                # its rounds and back-off run by page_rounds
    page.goto(server.url + path(ANA))
    page.wait_for_selector("#followups a[href^='tel:']")
    context.set_offline(True)
    for i in range(3):
        log_one(page, "860-555-0103", f"portal {i}")
    hits: list[int] = []
    for status in (200, 403, 413):
        context.route("**/entries*", _portal(status, hits))
        context.set_offline(False)
        page_rounds(page, lambda s=status: s in hits, f"no POST met the {status} portal")   # its back-off
        page.wait_for_function("(s) => document.querySelector('#send-status').textContent.includes(s)",
                               arg=f"({status})")      # the page has read the portal's answer: trouble
        states = page.eval_on_selector_all("#outbox li", "els => els.map(e => e.dataset.state)")
        assert states == ["waiting"] * 3, (status, states)
        assert page.locator("#send-status").is_visible()
        context.set_offline(True)
        context.unroute("**/entries*")
    context.set_offline(False)                          # the organizer accepted the portal's terms
    page_rounds(page, lambda: not page.locator("#outbox li[data-state='waiting']").count(), "still waiting")
    assert not page.locator("#outbox li[data-state='refused']").count()
    server.tick()
    assert len(conversations_with(config, "portal ")) == 3


# a1/a9 are server-side (tests/integration). a4b_replaced_link_page_only.py + a8_landed_kept_forever.py: a
# replaced link opened ONLINE is answered with a 403 page (no field.js), which still removes the saved
# directory and the cached copies for that link, and the organizer's entries already in the sheet; the entry
# not yet sent survives. Landed entries keep no notes on the phone, only a summary for a day.
def test_a_replaced_link_opened_online_forgets_its_directory_and_landed_entries(web, phone):

    config, server = web
    old = server.url + path(ANA)
    context = phone()
    page = context.new_page()
    page.clock.install()                                # its 5 s rounds run by page_rounds
    page.goto(old)
    page.wait_for_selector("#followups a[href^='tel:']")
    log_one(page, "mar", "private: her immigration case")
    page.wait_for_selector("#outbox li[data-state='sent']")
    server.tick()
    page_rounds(page, shown(page, "#outbox li[data-state='landed']"), "not landed")
    [landed] = outbox_items(page)
    assert landed["state"] == "landed" and "notes" not in landed["entry"], landed    # a summary only
    assert "Maria Lopez" in page.locator("#outbox li[data-state='landed']").inner_text()
    context.set_offline(True)
    log_offline(page, "mar", "not sent yet")
    page.close()
    replace_anas_link(config, server)                      # Ana's Link version 0 -> 1
    context.set_offline(False)
    page = context.new_page()
    answer = page.goto(old)                                # opened online: the server's 403 page
    assert answer is not None and answer.status == 403
    page.wait_for_function("""async () => !Object.keys(localStorage).some((k) => k.startsWith('turfbook-dir-'))
        && !(await (async () => { for (const n of await caches.keys()) { const c = await caches.open(n);
             for (const r of await c.keys()) if (new URL(r.url).pathname.startsWith(location.pathname))
               return true; } return false; })())""", timeout=10_000)
    page.wait_for_function("""async () => { const d = await new Promise((res) => {
        const o = indexedDB.open('turfbook-field-org-O-0001', 1); o.onsuccess = () => res(o.result); });
        const all = await new Promise((res) => { const r = d.transaction('outbox').objectStore('outbox')
          .getAll(); r.onsuccess = () => res(r.result); }); d.close();
        return all.length === 1; }""", timeout=10_000)
    [kept] = outbox_items(page)
    assert kept["state"] == "waiting" and kept["entry"]["notes"] == "not sent yet"     # the outbox survives


# a11_legacy_outbox_replaced.py: the previous build kept one outbox per LINK; a replaced link's is orphaned.
# Every legacy outbox on the phone is adopted; what the server accepts for this organizer is sent (once), and an
# entry that is another organizer's goes back to its old outbox, never lost.
def test_every_legacy_outbox_is_adopted_and_another_organizers_entry_goes_back(web, phone):

    config, server = web
    legacy = "turfbook-field-" + "OldLinkTailFromBefore123"
    today = Clock.for_config(config).today().isoformat()
    context = phone()
    page = context.new_page()
    page.goto(server.url + "/healthz")
    page.evaluate("""async ({name, today}) => { const d = await new Promise((res) => {
        const o = indexedDB.open(name, 1); o.onupgradeneeded = () => o.result.createObjectStore('outbox',
          {keyPath: 'key'}); o.onsuccess = () => res(o.result); });
        await new Promise((res) => { const t = d.transaction('outbox', 'readwrite');
          [['P-000001', 'legacy 0'], ['P-000003', 'legacy 1'], ['P-000002', 'legacy of Ben']].forEach(
            ([person, notes], i) => { const key = 'legacy-entry-' + i; t.objectStore('outbox').put({key,
              entry: {key, person, kind: 'one-on-one', date: today, notes}, state: 'waiting',
              label: person + ' · ' + today, error: '', photos: [], photos_state: '', saved: i}); });
          t.oncomplete = res; }); d.close(); }""", {"name": legacy, "today": today})
    page.goto(server.url + path(ANA))
    page.wait_for_function("() => document.querySelectorAll(\"#outbox li[data-state='sent']\").length === 2",
                           timeout=20_000)
    page.reload()                                          # adopted once: nothing sent twice, nothing lost
    page.wait_for_selector("#outbox li[data-state='sent'] >> nth=1")
    back = page.evaluate("""async (name) => { const d = await new Promise((res) => {
        const o = indexedDB.open(name, 1); o.onsuccess = () => res(o.result); });
        const all = await new Promise((res) => { const r = d.transaction('outbox').objectStore('outbox')
          .getAll(); r.onsuccess = () => res(r.result); }); d.close();
        return all.map((x) => [x.entry.notes, x.state, x.not_of]); }""", legacy)
    assert back == [["legacy of Ben", "waiting", ["O-0001"]]], back
    assert {i["entry"]["notes"] for i in outbox_items(page)} == {"legacy 0", "legacy 1"}
    context.close()                                        # the phone put away (as before)
    server.tick()
    assert len(conversations_with(config, "legacy ")) == 2 and not conversations_with(config, "legacy of Ben")


# a12_stale_today_offline.py: the kept page carries the day it was served; the date default and the quick picks
# come from the phone's clock when the entry is logged.
def test_the_date_default_and_quick_picks_follow_the_phones_clock(web, phone):
    import datetime as dt


    config, server = web
    context = phone(timezone_id="America/New_York")
    page = context.new_page()
    page.goto(server.url + path(ANA))
    page.wait_for_selector("#followups a[href^='tel:']")
    served = page.get_attribute("#field", "data-today")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    later = dt.datetime.fromisoformat(served).replace(hour=14, tzinfo=dt.UTC) + dt.timedelta(days=3)
    page.clock.install(time=later)                         # the phone's clock: three mornings later
    context.set_offline(True)
    page.reload()                                          # the kept page, served days ago
    page.wait_for_selector("#search")
    phone_day = (later.date()).isoformat()
    assert page.input_value("#date") == phone_day
    page.click("button[data-days='2']")
    assert page.input_value("#follow-up") == (later.date() + dt.timedelta(days=2)).isoformat()
    log_offline(page, "mar", "logged days later")
    [item] = [i for i in outbox_items(page) if i["state"] == "waiting"]
    assert item["entry"]["date"] == phone_day


# F9: a refused entry shows its notes (to copy) and the reason, and can be fixed and sent again, or discarded.
def test_a_refused_entry_can_be_fixed_and_sent_again_or_discarded(web, phone):

    config, server = web
    today = Clock.for_config(config).today().isoformat()
    context = phone("es-MX")
    page = context.new_page()
    page.goto(server.url + path(ANA) + "?lang=es")
    page.wait_for_selector("#followups a[href^='tel:']")
    page.evaluate("""async (today) => { const d = await new Promise((res) => {
        const o = indexedDB.open('turfbook-field-org-O-0001', 1); o.onsuccess = () => res(o.result); });
        await new Promise((res) => { const t = d.transaction('outbox', 'readwrite');
          for (const [key, notes] of [['wrong-person-01', 'notas que importan'], ['wrong-person-02', 'tirar']])
            t.objectStore('outbox').put({key, entry: {key, person: 'P-000002', kind: 'one-on-one', date: today,
              notes}, state: 'waiting', label: 'Dana · ' + today, error: '', photos: [], photos_state: '',
              saved: key.endsWith('1') ? 2 : 1});
          t.oncomplete = res; }); d.close(); }""", today)
    page.reload()
    page.wait_for_function("() => document.querySelectorAll(\"#outbox li[data-state='refused']\").length === 2",
                           timeout=20_000)
    first = page.locator("#outbox li[data-key='wrong-person-01']")
    assert "No aceptado" in first.inner_text() and "P-000002" in first.inner_text()
    assert first.locator("textarea").input_value() == "notas que importan"          # to copy
    first.locator("button.edit").click()
    assert page.input_value("#notes") == "notas que importan"
    assert page.locator("#editing").is_visible()
    page.fill("#search", "mar")
    page.locator("#matches button").first.click()
    page.click("#save")
    page.wait_for_selector("#outbox li[data-state='sent']", timeout=20_000)
    assert not page.locator("#outbox li[data-key='wrong-person-01']").count()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#outbox li[data-key='wrong-person-02'] button.discard").click()
    page.wait_for_function("() => !document.querySelector(\"#outbox li[data-key='wrong-person-02']\")")
    context.close()                                        # the phone put away (as before)
    server.tick()
    [row] = conversations_with(config, "notas que importan")
    assert row["person"] == "P-000001"
