"""GET /healthz: process up, config loaded, Google reachable (one cheap call, cached briefly).

Public, for load balancers and the Docker HEALTHCHECK: 200 `{"status": "ok"}` when Google answers,
503 `{"status": "error"}` when it does not — nothing else (no config path, schedules or run states).
`GET /healthz?details=1` with the admin token (bearer, or the /login cookie) adds which check ran,
each scheduled job's last run and whether it is late (status "degraded"), and pending requests.
"""

from __future__ import annotations

import threading
import time

from flask import Blueprint, jsonify, request

from turfbook.app import services
from turfbook.scheduler import job_health
from turfbook.web.auth import admin_required

bp = Blueprint("health", __name__)
GOOGLE_CHECK_SECONDS = 30
_cache: dict[int, tuple[float, dict]] = {}
_cache_lock = threading.Lock()


def google_reachable(svc) -> dict:
    """Cheapest call that proves credentials + endpoint work; remembered for GOOGLE_CHECK_SECONDS."""
    key = id(svc)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and time.monotonic() - hit[0] < GOOGLE_CHECK_SECONDS:
            return hit[1]
    started = time.monotonic()
    try:
        if svc.config.google.spreadsheet_id and hasattr(svc.directory, "ping"):
            svc.directory.ping()
            how = "sheets"
        else:  # no workbook yet: at least prove the key works against the token endpoint
            from turfbook.workspace.sheets_light import token_works

            token_works(svc.workspace)
            how = "token"
        answer = {"ok": True, "check": how}
    except Exception as exc:
        answer = {"ok": False, "error": type(exc).__name__}
    answer["ms"] = round((time.monotonic() - started) * 1000)
    with _cache_lock:
        _cache[key] = (time.monotonic(), answer)
    return answer


@bp.get("/healthz")
def healthz():
    if request.args.get("details"):
        return details()
    ok = google_reachable(services())["ok"]
    return jsonify(status="ok" if ok else "error"), 200 if ok else 503


@admin_required(allow_cookie=True)
def details():
    svc = services()
    google = google_reachable(svc)
    jobs = {}
    for health in job_health(svc.config, svc.history):
        last = health.last_run
        jobs[health.job] = {
            "schedule": health.schedule,
            "running": svc.runner.is_running(health.job),
            "last_run": None if last is None else {"status": last.status, "started": last.started.isoformat(),
                                                   "seconds": last.seconds},
            "last_success": health.last_success.started.isoformat() if health.last_success else None,
            "late": health.late,
        }
    late = sorted(name for name, job in jobs.items() if job["late"])
    status = "error" if not google["ok"] else ("degraded" if late else "ok")
    body = {"status": status, "config": str(svc.config.source or "(defaults)"), "google": google,
            "jobs": jobs, "late": late,
            "pending": {n: d.isoformat() for n in svc.registry.names() if (d := svc.history.pending_request(n))}}
    return jsonify(body), 200 if google["ok"] else 503
