"""What is keyed by a signed link (turfbook.links): its rate-limit bucket, its upload form token and the
key its uploads are remembered by. A link is accepted only in its canonical spelling (links.canonical),
so one link is one key; the rate-limit bucket is the verified organizer's, whatever link of theirs."""

from __future__ import annotations

import hashlib
import hmac

from flask import request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from turfbook.app import services
from turfbook.links import MAX_AGE_DAYS, LinkError, read_token

FORM_MAX_AGE = 24 * 3600


def _form_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(services().link_key, salt="turfbook.upload-form")


def link_id(token: str) -> str:
    """A link's rate-limit and form key (never the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def throttle_key(token: str) -> str:
    """The per-link rate-limit key: the verified organizer (every link of theirs, every spelling), checked
    by signature only (no call to Google); a token that does not verify shares one bucket per address."""
    try:
        organizer_id, _version = read_token(services().link_key, token,
                                            services().extra.get("link_max_age_days", MAX_AGE_DAYS))
    except LinkError:
        return "invalid:" + (request.remote_addr or "?")
    return "organizer:" + organizer_id


def form_token(token: str) -> str:
    return _form_serializer().dumps(link_id(token))


def form_token_ok(token: str, value: str) -> bool:
    try:
        payload = _form_serializer().loads(value or "", max_age=FORM_MAX_AGE)
    except BadSignature:
        return False
    # constant time like every other token check (tests/security scans for == on tokens)
    return isinstance(payload, str) and payload.isascii() and hmac.compare_digest(payload, link_id(token))


def gone_field(token: str, error: LinkError) -> dict | None:
    """For a field link that no longer works (not a workbook outage): the refusal page's field-gone.js
    removes what the phone kept for it (saved directory, cached copies) and the organizer's entries already
    in the sheet; the organizer is named only by a link whose signature is ours (replaced or expired)."""
    if error.reason == "unavailable":
        return None
    try:
        organizer_id, _version = read_token(services().link_key, token, max_age_days=100 * 365)
    except LinkError:
        organizer_id = ""
    return {"organizer": organizer_id}
