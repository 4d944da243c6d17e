"""GET /digest/preview[?period=week|day][&lang=en|es] (admin): the director digest as it would be
sent now, rendered by the digest job's `render_preview(workspace)`. 501 until that job is installed."""

from __future__ import annotations

import importlib

from flask import Blueprint, Response, jsonify, request

from service.app import services
from service.config import ConfigError
from service.web.auth import admin_required

bp = Blueprint("digest", __name__)
# The preview is our own HTML built from sheet data: no scripts, no remote loads.
PERIODS = ("week", "day")
LANGUAGES = ("en", "es")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _renderer():
    try:
        module = importlib.import_module("service.jobs.digest")
    except ModuleNotFoundError as exc:
        if exc.name and "service.jobs.digest".startswith(exc.name):
            return None
        raise
    return getattr(module, "render_preview", None)


@bp.get("/digest/preview")
@admin_required(allow_cookie=True)
def preview():
    render = _renderer()
    if render is None:
        return jsonify(error="digest preview is not available: service.jobs.digest.render_preview "
                             "is not installed yet"), 501
    options = {}
    if request.args.get("period") in PERIODS:
        options["period"] = request.args["period"]
    if request.args.get("lang") in LANGUAGES:
        options["language"] = request.args["lang"]
    from service.workspace import connect

    # a Workspace of its own, dropped after: the Sheets client it builds is large (see directory.py)
    try:
        html = render(connect(services().config), **options)
    except ConfigError as exc:
        return jsonify(error=f"digest preview needs a configured workbook: {exc}"), 503
    html = getattr(html, "html", html)
    return Response(html, mimetype="text/html", headers={"Content-Security-Policy": CSP})
