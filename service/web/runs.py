"""GET /runs: the run history (admin: bearer token, or the cookie set by /login).
Errors can name people, so this page is never public."""

from __future__ import annotations

import threading
import time

from flask import Blueprint, jsonify, make_response, redirect, render_template, request, url_for

from service.app import services
from service.scheduler import job_health
from service.web.auth import COOKIE, COOKIE_MAX_AGE, admin_required, constant_time_equal, cookie_value, local_path

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
    health = job_health(svc.config, svc.history)
    return render_template("runs.html", runs=history, health=health, job=job, tz=svc.config.tz,
                           running={n: svc.runner.is_running(n) for n in svc.registry.names()},
                           unavailable={n: why for n, why in svc.registry.status().items() if why})


@bp.get("/runs/<int:run_id>")
@admin_required(allow_cookie=True)
def run_detail(run_id: int):
    run = services().history.get(run_id)
    if run is None:
        return jsonify(error=f"no run {run_id}"), 404
    return jsonify(_run_dict(run))


class LoginThrottle:
    """At most MAX failed logins per client address per WINDOW seconds (per worker process)."""

    MAX, WINDOW = 5, 60.0

    def __init__(self):
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, who: str) -> bool:
        with self._lock:
            recent = [t for t in self._failures.get(who, []) if time.monotonic() - t < self.WINDOW]
            self._failures[who] = recent
            return len(recent) >= self.MAX

    def failed(self, who: str) -> None:
        with self._lock:
            self._failures.setdefault(who, []).append(time.monotonic())
            if len(self._failures) > 10_000:  # never grow without bound
                self._failures.clear()


@bp.route("/login", methods=["GET", "POST"])
def login():
    svc = services()
    throttle = svc.extra.setdefault("login_throttle", LoginThrottle())
    who = request.remote_addr or "?"
    if request.method == "POST" and throttle.blocked(who):
        return make_response(render_template("login.html", error="Too many tries; wait a minute.",
                                             next=url_for("runs.runs")), 429)
    target = local_path(request.values.get("next")) or url_for("runs.runs")
    error = None
    if request.method == "POST":
        if not svc.admin_token:
            error = "Admin login is disabled: set TURFBOOK_ADMIN_TOKEN."
        elif constant_time_equal(request.form.get("token", ""), svc.admin_token):
            response = redirect(target)
            response.set_cookie(COOKIE, cookie_value(svc.admin_token), max_age=COOKIE_MAX_AGE, httponly=True,
                                samesite="Strict", secure=svc.config.web.base_url.startswith("https://"))
            return response
        else:
            throttle.failed(who)
            error = "That token is not right."
    response = make_response(render_template("login.html", error=error, next=target), 401 if error else 200)
    return response


@bp.post("/logout")
def logout():
    response = redirect(url_for("runs.login"))
    response.delete_cookie(COOKIE)
    return response
