"""Screenshots of the digests in headless Chromium, saved under test-artifacts/ for a person to look
at (desktop and phone widths). Also checks the layout holds at phone width: nothing wider than it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.digest_workbook import LINKS, NY, TODAY, small_workbook
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.digest.render import render_director, render_organizer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"headless Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                    args=ARGS)
        yield browser
        browser.close()


def shoot(browser, html: str, name: str, width: int) -> tuple[Path, int]:
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.html"
    source.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
    page.goto(source.as_uri())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    out = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(out), full_page=True)
    page.close()
    return out, scroll_width


def test_director_digest_screenshots(browser):
    digest = plan(small_workbook(), Period.ending_before(TODAY), tz=NY, organization="Child Care for CT",
                  links=LINKS)
    html = render_director(digest, "en", "America/New_York").html
    png, _ = shoot(browser, html, "digest-director", 720)
    assert png.stat().st_size > 20_000
    png, scroll = shoot(browser, html, "digest-director-phone", 375)
    assert png.stat().st_size > 20_000
    assert scroll <= 375, "the digest must not scroll sideways on a phone"


def seeded_snapshot():
    """The demo's seed data (service/demo/workbook.py), parsed like a read: what a real week looks like."""
    workbook = pytest.importorskip("turfbook.demo.workbook", reason="the demo seed data is not there")
    from turfbook.schema import load_schema
    from turfbook.schema.reader import parse_workbook

    schema = load_schema()
    rows = workbook.build_rows(people=400, conversations=2500, worksites=12, seed=7, today=TODAY)
    cells = {}
    for name, records in rows.items():
        columns = schema.tab(name).columns
        cells[name] = [[c.header for c in columns]] + [[r.get(c.key, "") for c in columns] for r in records]
    return parse_workbook(schema, cells, today=TODAY)


def test_director_digest_on_a_realistic_week(browser):
    digest = plan(seeded_snapshot(), Period.ending_before(TODAY), tz=NY, organization="Child Care for CT",
                  links=LINKS)
    html = render_director(digest, "en", "America/New_York").html
    assert len(html.encode()) < 100_000
    png, scroll = shoot(browser, html, "digest-director-seeded", 720)
    assert png.stat().st_size > 50_000 and scroll <= 720


def test_spanish_organizer_digest_screenshot(browser):
    [_, luis] = organizer_digests(small_workbook(), Period.ending_before(TODAY), tz=NY,
                                  organization="Child Care for CT", links=LINKS)
    png, scroll = shoot(browser, render_organizer(luis).html, "digest-organizer-es-phone", 375)
    assert png.stat().st_size > 5_000 and scroll <= 375
