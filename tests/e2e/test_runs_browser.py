"""/runs as a director reads it on a phone (390×844) and a desktop (1440×900), English and Spanish:
each job's last and next run, what changed, errors in plain words (a long URL wraps: no sideways
scroll), details on demand, and a job whose last runs failed is not shown as working.
Screenshots are saved in test-artifacts/."""

from __future__ import annotations

import html
import os
import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.web import ADMIN, bearer, make_app
from turfbook.history import FAILED, OK, History

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
LONG_URL = ("https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789"
            + "&x=" + "a" * 400)
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"{CHROMIUM} is missing (run scripts/ensure-chromium)")]


def seed_history(config) -> History:
    history = History.for_config(config)
    now = history.now()
    for hours in (30, 6):   # two failed overdue runs, never a success
        run = history.start("overdue", "schedule", at=now - timedelta(hours=hours))
        history.finish(run, FAILED, {}, f"Google Sheets API has not been used in this project; enable it at "
                                        f"{LONG_URL} and try again", at=now - timedelta(hours=hours, minutes=-1))
    run = history.start("filing", "cli", at=now - timedelta(hours=2))
    history.finish(run, OK, {"filed": 12, "needs_review": 3, "duplicates": 0, "checked": 57, "api_calls": 9,
                             "by_organizer": {f"Organizer with a long name {i}": i for i in range(1, 9)}},
                   at=now - timedelta(hours=2, minutes=-2))
    return history


@pytest.fixture
def site(offline_config):
    seed_history(offline_config)
    server = make_server("127.0.0.1", 0, make_app(offline_config), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_runs_page_reads_on_a_phone(site):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for lang, failing, working, filed in (("en", "Last run failed", "Working", "filed 12"),
                                                  ("es", "La última corrida falló", "Funciona", "archivados 12")):
                for size, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height},
                                            extra_http_headers=bearer(ADMIN))
                    assert page.goto(f"{site}/runs?lang={lang}").status == 200
                    overdue, filing = page.locator("section.state-failing"), page.locator("section.state-ok")
                    assert overdue.count() == 1 and failing in overdue.inner_text()
                    assert working in filing.inner_text() and filed in filing.inner_text()
                    assert "duplicates" not in filing.inner_text()          # only what changed
                    assert "api calls" not in filing.inner_text()
                    assert page.locator("section.state-never").count() == 3   # digest, field, check: not run yet
                    runs = page.locator("details.run")
                    assert runs.count() == 3 and not runs.first.evaluate("d => d.open")
                    for summary in page.locator("details summary").all():   # details on demand, all open
                        summary.click()
                    assert runs.first.evaluate("d => d.open")
                    assert LONG_URL in overdue.inner_text() and page.get_by_text(LONG_URL).count() == 3
                    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), \
                        "no sideways scroll"
                    page.screenshot(path=str(ARTIFACTS / f"runs-{lang}-{size}.png"), full_page=True)
                    page.close()
        finally:
            browser.close()


def test_health_is_not_ok_after_failed_runs(offline_config):
    seed_history(offline_config)
    page = make_app(offline_config).test_client().get("/runs", headers=bearer()).get_data(as_text=True)
    assert "Last run failed" in page and "Last success" in page and "never" in page
    assert page.count("Working") == 1      # filing only


def test_runs_page_in_spanish_names_jobs_triggers_and_counts_in_spanish(offline_config):
    """Issue 19, item 3: no English words left on /runs (and its login form) in Spanish."""
    seed_history(offline_config)
    client = make_app(offline_config).test_client()
    page = html.unescape(client.get("/runs?lang=es", headers=bearer()).get_data(as_text=True))
    for spanish in ("Archivo de fotos y videos", "Seguimientos atrasados", "Resumen por correo",
                    "Iniciada por: línea de comandos", "Iniciada por: el horario", "archivados <b>12</b>",
                    "por revisar <b>3</b>"):
        assert spanish in page, spanish
    for english in (">filing<", ">overdue<", "Started by", ": cli", "needs review", "filed <b>", "no successful run"):
        assert english not in page, english
    # the error in plain Spanish words (its kind), Google's English text only as the detail on demand
    assert "Qué salió mal: Una API de Google que esta tarea necesita está desactivada" in page
    assert re.search(r"<summary[^>]*>[^<]*Qué salió mal: [^<]*</summary>\s*<p[^>]*>Detalle", page)
    assert not re.search(r"Qué salió mal: Google Sheets API", page)
    login = client.get("/runs?lang=es", headers={"Accept": "text/html"})
    assert login.status_code == 302 and "lang=es" in login.headers["Location"]
    form = html.unescape(client.get(login.headers["Location"]).get_data(as_text=True))
    assert "Acceso de administración" in form and "Clave de administración" in form and "Admin" not in form
    wrong = client.post("/login", data={"token": "x" * 30, "lang": "es", "csrf": _csrf(form)})
    assert "Esa clave no es correcta." in html.unescape(wrong.get_data(as_text=True))


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)
