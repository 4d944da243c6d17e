"""POST /webhooks/drive: Drive push notifications (files.watch / changes.watch on the inbox).

The channel token (TURFBOOK_DRIVE_CHANNEL_TOKEN, set when the channel was made) is checked in
constant time. A push carries no change details, and filing's own work (lock file, moves) makes
pushes too, so a push only notes "look at the change log" in the run history database and answers
at once; the scheduler's poll reads the change log and asks for a debounced filing run only for a
new upload in the inbox (service/jobs/filing_changes.py).
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request

from turfbook.app import services
from turfbook.history import DRIVE_LOG
from turfbook.web.auth import constant_time_equal

bp = Blueprint("drive_webhook", __name__)
log = logging.getLogger("turfbook.web.drive")
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
    svc.history.note_push(DRIVE_LOG)
    log.info("Drive change (%s): the scheduler will read the change log", state or "?")
    return jsonify(queued=True), 202
