"""GET /digest/preview[?period=week|day][&lang=en|es] (admin): the director digest as it would be
sent now, rendered by the digest job's `render_preview(workspace)`."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from turfbook.app import services
from turfbook.config import ConfigError
from turfbook.web.auth import admin_required

bp = Blueprint("digest", __name__)
# The preview is our own HTML built from sheet data: no scripts, no remote loads.
PERIODS = ("week", "day")
LANGUAGES = ("en", "es")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@bp.get("/digest/preview")
@admin_required(allow_cookie=True)
def preview():
    from turfbook.jobs.digest import render_preview as render

    options = {}
    if request.args.get("period") in PERIODS:
        options["period"] = request.args["period"]
    if request.args.get("lang") in LANGUAGES:
        options["language"] = request.args["lang"]
    from turfbook.workspace import connect

    # a Workspace of its own, dropped after: the Sheets client it builds is large (see directory.py)
    try:
        html = render(connect(services().config), **options)
    except ConfigError as exc:
        return jsonify(error=f"digest preview needs a configured workbook: {exc}"), 503
    html = getattr(html, "html", html)
    return Response(html, mimetype="text/html", headers={"Content-Security-Policy": CSP})
