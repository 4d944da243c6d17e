"""POST /webhooks/drive: Drive push notifications (files.watch / changes.watch on the inbox).

The channel token (TURFBOOK_DRIVE_CHANNEL_TOKEN, set when the channel was made) is checked in
constant time. A change asks for a filing run DEBOUNCE after the last notification (never more
than MAX_DELAY after the first), recorded in the run history database; the scheduler process
runs it. Uploads arrive in bursts, so one run files the whole burst.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, jsonify, request

from service.app import services
from service.web.auth import constant_time_equal

bp = Blueprint("drive_webhook", __name__)
log = logging.getLogger("turfbook.web.drive")
DEBOUNCE = timedelta(seconds=90)
MAX_DELAY = timedelta(minutes=10)
IGNORED_STATES = {"sync"}          # the handshake Drive sends when a channel is created


@bp.post("/webhooks/drive")
def drive_notification():
    svc = services()
    if not svc.channel_token:
        return jsonify(error="Drive notifications are disabled: set TURFBOOK_DRIVE_CHANNEL_TOKEN"), 503
    if not constant_time_equal(request.headers.get("X-Goog-Channel-Token"), svc.channel_token):
        log.warning("Drive notification with a wrong channel token (channel %s)",
                    request.headers.get("X-Goog-Channel-ID", "?")[:64])
        return jsonify(error="bad channel token"), 403
    state = request.headers.get("X-Goog-Resource-State", "").lower()
    if state in IGNORED_STATES:
        return "", 204
    due = svc.history.request("filing", DEBOUNCE, MAX_DELAY)
    log.info("Drive change (%s): filing run requested for %s", state or "?", due.isoformat())
    return jsonify(filing_due=due.isoformat()), 202
