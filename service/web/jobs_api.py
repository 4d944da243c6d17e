"""POST /jobs/<name>/run (admin bearer token only): start a job now, under the same cross-process
lock as the scheduler. 202 with the run id (poll GET /runs/<id>); 409 if it is already running.
`?wait=1` runs it in the request and answers with the finished run."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from turfbook.app import services
from turfbook.jobs.registry import JobUnavailable
from turfbook.locks import JobRunning
from turfbook.web.auth import admin_required
from turfbook.web.runs import _run_dict

bp = Blueprint("jobs", __name__)


@bp.post("/jobs/<name>/run")
@admin_required()
def run_job(name: str):
    runner = services().runner
    wait = request.args.get("wait", "").lower() in {"1", "true", "yes"}
    try:
        if wait:
            run = runner.run(name, "manual")
            return jsonify(_run_dict(run)), 200
        run_id = runner.run_in_background(name, "manual")
    except JobRunning:
        return jsonify(error=f"{name} is already running; try again when it has finished"), 409
    except JobUnavailable as exc:
        return jsonify(error=str(exc)), 501 if exc.known else 404
    return jsonify(run_id=run_id, status="running", job=name,
                   status_url=url_for("runs.run_detail", run_id=run_id)), 202
