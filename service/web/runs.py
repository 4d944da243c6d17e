"""GET /runs: the run history (admin: bearer token, or the cookie set by /login).
Errors can name people, so this page is never public."""

from __future__ import annotations

from flask import Blueprint, jsonify, make_response, redirect, render_template, request, url_for

from turfbook import run_errors
from turfbook.app import services
from turfbook.scheduler import job_health
from turfbook.web.auth import (
    COOKIE,
    COOKIE_MAX_AGE,
    admin_required,
    constant_time_equal,
    cookie_session,
    cookie_value,
    csrf_ok,
    local_path,
    wrong_token_throttle,
)
from turfbook.web.i18n import choose_language, translator, words
from turfbook.web.i18n_admin import LOGIN, labeller
from turfbook.web.runs_view import job_cards

bp = Blueprint("runs", __name__)


def _run_dict(run) -> dict:
    return {"id": run.id, "job": run.job, "trigger": run.trigger, "started": run.started.isoformat(),
            "finished": run.finished.isoformat() if run.finished else None, "seconds": run.seconds,
            "status": run.status, "counts": run.counts, "error": run.error}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" or request.args.get("format") == "json"


@bp.get("/runs")
@admin_required(allow_cookie=True)
def runs():
    svc = services()
    job = request.args.get("job") or None
    try:
        limit = max(1, min(int(request.args.get("limit", 100)), 1000))
    except ValueError:
        limit = 100
    history = svc.history.recent(limit, job)
    if _wants_json():
        return jsonify(runs=[_run_dict(r) for r in history])
    now = svc.history.now()
    running = {n: svc.runner.is_running(n) for n in svc.registry.names()}
    cards = job_cards(svc.config, job_health(svc.config, svc.history, now), svc.history.last_runs(), running, now)
    lang = choose_language(request.args.get("lang"), None, request.accept_languages)
    return render_template("runs.html", runs=history, cards=cards, job=job, tz=svc.config.tz, lang=lang,
                           t=translator(lang), label=labeller(lang), words=words(LOGIN, lang),
                           oops=lambda run: run_errors.label(run_errors.kind(run.status, run.error), lang),
                           other="es" if lang == "en" else "en",
                           unavailable={n: why for n, why in svc.registry.status().items() if why})


@bp.get("/runs/<int:run_id>")
@admin_required(allow_cookie=True)
def run_detail(run_id: int):
    run = services().history.get(run_id)
    if run is None:
        return jsonify(error=f"no run {run_id}"), 404
    return jsonify(_run_dict(run))

def _login_page(error: str | None, target: str, status: int, retry_after: int = 0):
    """`error`: a key of i18n_admin.LOGIN (the page speaks the language asked for, else the browser's)."""
    lang = choose_language(request.values.get("lang"), None, request.accept_languages)
    say = words(LOGIN, lang)
    response = make_response(render_template(
        "login.html", error=say(error, seconds=retry_after) if error else None, next=target, lang=lang,
        words=say, other="es" if lang == "en" else "en", t=translator(lang)), status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The right token always logs in (compared in constant time, before any throttle), so a flood
    of wrong guesses from an address cannot lock the admin out; only wrong tokens are throttled."""
    svc = services()
    throttle = wrong_token_throttle()
    target = local_path(request.values.get("next")) or url_for("runs.runs")
    if request.method == "GET":
        return _login_page(None, target, 200)
    if not svc.admin_token:
        return _login_page("disabled", target, 401)
    if not csrf_ok():
        return _login_page("expired", target, 403)
    if constant_time_equal(request.form.get("token", ""), svc.admin_token):
        response = redirect(target)
        response.set_cookie(COOKIE, cookie_value(svc.admin_token), max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Strict", secure=svc.config.web.base_url.startswith("https://"))
        return response
    who = request.remote_addr or "?"
    wait = throttle.take(who)
    if wait:
        return _login_page("throttled", target, 429, wait)
    return _login_page("wrong", target, 401)


@bp.post("/logout")
def logout():
    if not csrf_ok():
        return make_response(jsonify(error="the form expired; reload the page and log out again"), 403)
    sid = cookie_session(request.cookies.get(COOKIE))
    if sid:
        services().history.revoke_session(sid)       # a copy of the cookie no longer works either
    response = redirect(url_for("runs.login"))
    response.delete_cookie(COOKIE)
    return response
