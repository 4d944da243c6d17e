"""The field page's outbox against trouble (#20, findings 3 and 4), in headless Debian Chromium at a phone
viewport against gunicorn (the fixtures of test_field_browser.py):

- attacks/outbox_413.py: 28 entries logged offline, each with a 4,900-character Spanish note, are sent by
  size (every POST under the server's cap), none lost or doubled; a 429 is waited out as its Retry-After
  says, and the page tells the organizer (in Spanish here).
- attacks/revoke_sw.py: a link replaced (Link version bumped) while the phone is offline: back online the
  page says so, removes the names and phones it kept (Cache Storage, the saved directory), so the link no
  longer opens offline, and keeps the entry not sent visible (with its notes, to copy) in the organizer's
  outbox, from which the organizer's NEW link on this phone sends it: one row.
"""

from __future__ import annotations

import time
import urllib.error

import pytest

from tests.e2e.test_field_browser import ARTIFACTS, OPENER, PHONE, browser, conversations_with, web  # noqa: F401
from tests.support.field_workbook import ANA, BEN, path
from turfbook.field.entry import MAX_BODY_BYTES
from turfbook.links import Organizer
from turfbook.workspace import Workspace, a1
from turfbook.workspace.sheets import CellWrite

pytestmark = pytest.mark.browser
BIG = "ñ" * 4900


def log_offline(page, search: str, notes: str) -> None:
    before = page.locator("#outbox li").count()
    page.fill("#search", search)
    page.locator("#matches button").first.click()
    page.fill("#notes", notes)
    page.click("#save")
    page.wait_for_function("(n) => document.querySelectorAll('#outbox li').length > n", arg=before)


def test_a_backlog_bigger_than_the_cap_is_sent_by_size_and_a_429_is_waited_out(web):  # noqa: F811
    from playwright.sync_api import sync_playwright

    config, server = web
    with sync_playwright() as p:
        b = browser(p)
        try:
            context = b.new_context(viewport=PHONE, locale="es-MX", is_mobile=True, has_touch=True)
            page = context.new_page()
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
            page.wait_for_function("() => !document.querySelector(\"#outbox li[data-state='waiting']\")",
                                   timeout=30_000)
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
            context.set_offline(False)
            page.wait_for_selector("#send-status:not([hidden])", timeout=15_000)
            status = page.locator("#send-status").inner_text()
            assert "ocupado" in status and " s" in status, status
            time.sleep(8)                                         # the page tries every 5 s when nothing is wrong
            assert [s for s, _ in posts] == [429], posts          # ... but waits out the Retry-After (~60 s)
            assert page.locator("#outbox li[data-state='waiting']").count() == 1   # kept, not lost
        finally:
            b.close()


def test_a_replaced_link_forgets_its_directory_and_keeps_what_was_not_sent(web):  # noqa: F811
    from playwright.sync_api import Error, sync_playwright

    config, server = web
    old = server.url + path(ANA)
    base = path(ANA)
    with sync_playwright() as p:
        b = browser(p)
        try:
            context = b.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
            page = context.new_page()
            page.goto(old)
            page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
            page.reload()                                          # now under the service worker, which keeps it
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            page.fill("#search", "mar")
            page.wait_for_selector("#matches button")
            context.set_offline(True)
            log_offline(page, "mar", "logged offline, then the link was replaced")
            Workspace(config).sheets().write([CellWrite(f"{a1.quote_sheet('Organizers')}!H2", [["1"]])],
                                             input_option="USER_ENTERED")           # Ana's Link version 0 -> 1
            deadline = time.monotonic() + 40
            while True:                                            # the server refuses it within 15 s
                try:
                    OPENER.open(old + "/directory.json").read()
                except urllib.error.HTTPError as exc:
                    if exc.code == 403:
                        break
                assert time.monotonic() < deadline
                time.sleep(1)
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
        finally:
            b.close()
