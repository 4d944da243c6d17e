"""Admin endpoints with the Flask test client: /healthz, /runs (+ login cookie), POST /jobs/<name>/run,
/digest/preview and the Drive webhook, including every auth failure."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.support.web import ADMIN, ANA, BEN, CHANNEL, SECRETS, bearer, link, make_app
from turfbook.history import DRIVE_LOG, OK, History
from turfbook.jobs import JobResult
from turfbook.locks import JobLock
from turfbook.scheduler import previous_fire_times, triggers
from turfbook.web.auth import COOKIE


def ok_job(workspace, **options):
    return JobResult(job="overdue", counts={"flagged": 2, "checked": 10})


def failing_job(workspace, **options):
    return JobResult(job="digest", ok=False, summary="3 recipients bounced")


def crashing_job(workspace, **options):
    raise RuntimeError("Sheets said no")


JOBS = {"overdue": ok_job, "digest": failing_job, "filing": crashing_job, "chart": "turfbook.jobs.not_written_yet"}


@pytest.fixture
def app(offline_config):  # noqa: F811
    app = make_app(offline_config, jobs=JOBS)
    app.extensions["turfbook"].runner.connect = lambda config: None
    return app


@pytest.fixture
def client(app):
    return app.test_client()


# -- /healthz ---------------------------------------------------------------------------------
def test_healthz_reports_google_unreachable_as_503(client):
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json == {"status": "error"}
    body = client.get("/healthz?details=1", headers=bearer()).json
    assert body["status"] == "error" and body["google"]["ok"] is False
    assert set(body["jobs"]) == {"check", "overdue", "filing", "digest", "field"}


def test_healthz_with_the_emulator(config):
    client = make_app(config).test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    body = client.get("/healthz?details=1", headers=bearer()).json
    assert body["status"] == "ok" and body["google"] == {"ok": True, "check": "token", "ms": body["google"]["ms"]}
    assert body["jobs"]["overdue"]["last_run"] is None and body["late"] == []


def test_public_healthz_says_only_ok_or_not(config):
    """No config path, schedules, run states or pending runs without the admin token."""
    client = make_app(config).test_client()
    public = client.get("/healthz")
    assert public.status_code == 200 and public.json == {"status": "ok"}
    for headers in ({}, bearer("wrong"), {"Cookie": f"{COOKIE}=forged"}):
        refused = client.get("/healthz?details=1", headers=headers)
        assert refused.status_code == 401
        assert "schedule" not in refused.get_data(as_text=True) and "config" not in refused.get_data(as_text=True)
    _login(client)
    assert client.get("/healthz?details=1").json["jobs"]["overdue"]["schedule"]


def test_healthz_names_a_job_failing_for_two_periods_without_its_error(config):
    with time_machine.travel(datetime.now(UTC) - timedelta(days=30), tick=False):
        history = History.for_config(config)
    for fire in previous_fire_times(triggers(config)["overdue"], datetime.now(UTC)):
        run = history.start("overdue", "schedule", at=fire)
        history.finish(run, "error", error="Ana Rivera's row is broken", at=fire)
    client = make_app(config).test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    answer = client.get("/healthz?details=1", headers=bearer())
    assert answer.status_code == 200
    assert answer.json["status"] == "degraded" and "overdue" in answer.json["late"]
    assert answer.json["jobs"]["overdue"]["last_run"]["status"] == "error"
    assert "Ana" not in answer.get_data(as_text=True)


# -- /runs and login ----------------------------------------------------------------------------
def _csrf(client) -> str:
    import re

    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _login(client, token: str = ADMIN, **form):
    return client.post("/login", data={"token": token, "csrf": _csrf(client), **form})


def test_runs_needs_the_admin_token(client):
    assert client.get("/runs").status_code == 401
    assert client.get("/runs", headers=bearer("wrong")).status_code == 401
    assert client.get("/runs", headers={"Authorization": ADMIN}).status_code == 401  # no scheme
    assert client.get("/runs", headers={"Authorization": f"Basic {ADMIN}"}).status_code == 401
    html = client.get("/runs", headers=bearer())
    assert html.status_code == 200 and "Run history" in html.get_data(as_text=True)


def test_runs_lists_runs_with_counts_and_errors(client):
    client.post("/jobs/overdue/run?wait=1", headers=bearer())
    client.post("/jobs/filing/run?wait=1", headers=bearer())
    page = client.get("/runs", headers=bearer()).get_data(as_text=True)
    assert "flagged <b>2</b>" in page and "RuntimeError: Sheets said no" in page
    runs = client.get("/runs?format=json", headers=bearer()).json["runs"]
    assert [(r["job"], r["status"], r["trigger"]) for r in runs] == [("filing", "error", "manual"),
                                                                      ("overdue", "ok", "manual")]


def test_login_cookie_opens_runs_but_not_job_triggers(client):
    redirect = client.get("/runs", headers={"Accept": "text/html"})
    assert redirect.status_code == 302 and "/login" in redirect.headers["Location"]
    wrong = _login(client, "nope", next="/runs")
    assert wrong.status_code == 401 and client.get_cookie(COOKIE) is None
    right = _login(client, next="/runs")
    assert right.status_code == 302 and right.headers["Location"] == "/runs"
    cookie = client.get_cookie(COOKIE)
    assert cookie.http_only and cookie.same_site == "Strict"
    assert client.get("/runs").status_code == 200
    assert client.post("/jobs/overdue/run").status_code == 401   # state changes need the bearer token
    page = client.get("/runs", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<form method="post" action="/logout"><input type="hidden" name="csrf"' in page
    assert client.post("/logout").status_code == 403               # no CSRF token: still logged in
    assert client.get("/runs").status_code == 200
    assert client.post("/logout", data={"csrf": _csrf(client)}).status_code == 302
    assert client.get("/runs").status_code == 401


def test_tampered_or_foreign_cookie_is_refused(client, offline_config):  # noqa: F811
    _login(client)
    value = client.get_cookie(COOKIE).value
    client.set_cookie(COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.get("/runs").status_code == 401
    rotated = {**SECRETS, "TURFBOOK_ADMIN_TOKEN": "another-admin-token-0123456789abc"}
    other = make_app(offline_config, environ=rotated).test_client()
    other.set_cookie(COOKIE, value)
    assert other.get("/runs").status_code == 401


def test_login_does_not_redirect_off_site(client):
    answer = _login(client, next="//evil.example/x")
    assert answer.headers["Location"] == "/runs"


@pytest.mark.parametrize("given", ["//evil.example", "/\t/evil.example", "/%09/evil.example", "/\n/x", "/%0A/x",
                                   "/\\evil.example", "/%5Cevil.example", "/%2F/evil.example", "https://evil.example/",
                                   "javascript:alert(1)", "runs", "/ /evil.example", "/\u3000/x", "/%2F%2Fx", ""])
def test_login_next_is_only_ever_a_path_on_this_site(given):
    from turfbook.web.auth import local_path

    assert local_path(given) is None
    assert local_path("/runs?job=overdue") == "/runs?job=overdue"
    assert local_path("/digest/preview?lang=es") == "/digest/preview?lang=es"


def test_admin_endpoints_closed_without_a_configured_token(offline_config):  # noqa: F811
    client = make_app(offline_config, environ={}).test_client()
    assert client.get("/runs", headers=bearer("")).status_code == 503
    assert client.post("/jobs/overdue/run", headers=bearer("")).status_code == 503
    assert _login(client, "").status_code == 401


# -- POST /jobs/<name>/run ----------------------------------------------------------------------
def test_run_job_in_background_then_poll(client, app):
    answer = client.post("/jobs/overdue/run", headers=bearer())
    assert answer.status_code == 202
    run_id = answer.json["run_id"]
    history = app.extensions["turfbook"].history
    for _ in range(200):
        if history.get(run_id).status != "running":
            break
        threading.Event().wait(0.02)
    detail = client.get(answer.json["status_url"], headers=bearer()).json
    assert detail["status"] == OK and detail["counts"] == {"flagged": 2, "checked": 10}


def test_run_job_refused_while_running_in_another_process(client, offline_config):  # noqa: F811
    lock = JobLock.for_config(offline_config, "overdue")
    assert lock.acquire()
    try:
        answer = client.post("/jobs/overdue/run", headers=bearer())
        assert answer.status_code == 409 and "already running" in answer.json["error"]
    finally:
        lock.release()
    assert client.post("/jobs/overdue/run?wait=1", headers=bearer()).status_code == 200


def test_run_job_errors(client):
    assert client.post("/jobs/overdue/run").status_code == 401
    assert client.post("/jobs/overdue/run", headers=bearer("x" * len(ADMIN))).status_code == 401
    assert client.get("/jobs/overdue/run", headers=bearer()).status_code == 405
    unknown = client.post("/jobs/payroll/run", headers=bearer())
    assert unknown.status_code == 404 and "no such job" in unknown.json["error"]
    missing = client.post("/jobs/chart/run", headers=bearer())
    assert missing.status_code == 501 and "cannot import turfbook.jobs.not_written_yet" in missing.json["error"]
    failed = client.post("/jobs/digest/run?wait=1", headers=bearer()).json
    assert failed["status"] == "failed" and failed["error"] == "3 recipients bounced"


# -- /digest/preview ----------------------------------------------------------------------------
def test_digest_preview_needs_admin(client):
    assert client.get("/digest/preview").status_code == 401
    assert client.get("/digest/preview", headers=bearer("wrong")).status_code == 401


def test_digest_preview_without_a_workbook_says_what_is_missing(client):
    answer = client.get("/digest/preview", headers=bearer())
    assert answer.status_code == 503 and "spreadsheet_id" in answer.json["error"]


# -- POST /webhooks/drive -----------------------------------------------------------------------
def test_drive_webhook_checks_the_channel_token(client):
    assert client.post("/webhooks/drive").status_code == 403
    assert client.post("/webhooks/drive", headers={"X-Goog-Channel-Token": "wrong"}).status_code == 403
    assert client.post("/webhooks/drive", headers={"X-Goog-Channel-Token": CHANNEL + "x"}).status_code == 403


def test_drive_webhook_disabled_without_a_token(offline_config):  # noqa: F811
    client = make_app(offline_config, environ={}).test_client()
    assert client.post("/webhooks/drive", headers={"X-Goog-Channel-Token": ""}).status_code == 503


def test_drive_webhook_only_notes_the_push_for_the_scheduler(client, app):
    headers = {"X-Goog-Channel-Token": CHANNEL, "X-Goog-Channel-ID": "inbox-watch"}
    sync = client.post("/webhooks/drive", headers={**headers, "X-Goog-Resource-State": "sync"})
    assert sync.status_code == 204
    history = app.extensions["turfbook"].history
    assert not history.take_push(DRIVE_LOG)
    first = client.post("/webhooks/drive", headers={**headers, "X-Goog-Resource-State": "change"})
    assert first.status_code == 202
    second = client.post("/webhooks/drive", headers={**headers, "X-Goog-Resource-State": "change"})
    assert second.status_code == 202
    assert history.pending_request("filing") is None   # the scheduler reads the change log, then decides
    assert history.take_push(DRIVE_LOG) and not history.take_push(DRIVE_LOG)   # two pushes, one look
    assert history.recent() == []   # the scheduler process runs it, not the web worker


def test_security_headers(client):
    answer = client.get("/healthz")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_access_log_never_prints_an_upload_link(offline_config, caplog):  # noqa: F811
    import logging

    from tests.support.web import link

    client = make_app(offline_config).test_client()
    url = link()
    with caplog.at_level(logging.INFO, logger="turfbook.web.access"):
        client.get(url + "?lang=es")
    assert any("GET /u/<link>" in r.getMessage() for r in caplog.records)
    assert url.split("/u/")[1] not in caplog.text


def test_wrong_tokens_are_throttled_but_the_right_one_always_logs_in(client):
    for _ in range(5):
        assert _login(client, "guess").status_code == 401
    refused = _login(client, "guess")
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert _login(client).status_code == 302                          # never locked out by someone's guesses
    assert client.get("/runs").status_code == 200
    assert client.get("/runs", headers=bearer()).status_code == 200


def test_login_needs_the_forms_csrf_token(client):
    assert client.post("/login", data={"token": ADMIN}).status_code == 403
    assert client.post("/login", data={"token": ADMIN, "csrf": "made-up-" + "x" * 40}).status_code == 403
    assert client.get_cookie(COOKIE) is None
    other = client.application.test_client()                         # another browser's token does not do
    assert other.post("/login", data={"token": ADMIN, "csrf": _csrf(client)}).status_code == 403
    assert _login(client).status_code == 302


def test_rate_limit_memory_is_bounded_and_windows_slide():
    from turfbook.web.ratelimit import RateLimit

    now = [100.0]
    limit = RateLimit(2, 10.0, max_keys=3, monotonic=lambda: now[0])
    assert [limit.take("a"), limit.take("a"), limit.take("a")] == [0, 0, 10]
    now[0] += 4
    assert limit.retry_after("a") == 6
    now[0] += 6
    assert limit.take("a") == 0
    for key in "bcdefg":
        limit.take(key)
    assert len(limit) == 3 and limit.retry_after("a") == 0           # the oldest keys were forgotten


def test_link_tokens_differ_per_organizer():
    assert link(ANA) != link(BEN)


# -- found by an outside attack (issue 15, second round) ----------------------------------------
def test_wrong_bearer_tokens_are_throttled_too(client):
    for _ in range(5):
        assert client.get("/runs", headers=bearer("x" * 40)).status_code == 401
    refused = client.post("/jobs/overdue/run", headers=bearer("y" * 40))
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert client.get("/runs", headers=bearer()).status_code == 200      # the right one still works


def test_a_short_admin_token_turns_the_admin_endpoints_off(offline_config):
    weak = make_app(offline_config, environ={**SECRETS, "TURFBOOK_ADMIN_TOKEN": "letmein"}).test_client()
    answer = weak.get("/runs", headers=bearer("letmein"))
    assert answer.status_code == 503 and "TURFBOOK_ADMIN_TOKEN" in answer.json["error"]


def test_logging_out_revokes_the_cookie_even_if_a_copy_was_kept(client):
    assert _login(client).status_code == 302
    kept = client.get_cookie(COOKIE).value
    assert client.post("/logout", data={"csrf": _csrf(client)}).status_code == 302
    replay = client.application.test_client()
    replay.set_cookie(COOKIE, kept)
    assert replay.get("/runs").status_code in (302, 401)              # back to the login page, not the runs
    assert _login(client).status_code == 302 and client.get("/runs").status_code == 200   # a new login works
