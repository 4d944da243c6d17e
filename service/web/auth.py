"""Admin authentication: a bearer token compared in constant time, or (for GET pages only) a
signed cookie set after typing the token on /login. State-changing endpoints accept the bearer
token only, so the cookie cannot be abused cross-site (and it is SameSite=Strict anyway)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, jsonify, make_response, redirect, request, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from turfbook.app import services

COOKIE = "turfbook_admin"
COOKIE_MAX_AGE = 12 * 3600
LOGIN_FAILURES, LOGIN_WINDOW = 5, 60.0     # wrong tokens per client address per minute


def constant_time_equal(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def local_path(value: str | None) -> str | None:
    """`value` if it is a path on this site (for ?next= after login), else None: no open redirects.

    One leading slash and nothing a browser could read as another origin: no `//` and no backslash
    (browsers read a backslash as a slash), no control characters or whitespace (browsers drop a tab
    or newline inside a URL, so `/%09/evil.com` becomes `//evil.com`; a newline in a Location header
    is a 500), checked before and after percent-decoding, and no scheme or host per urlsplit.
    """
    if not value or len(value) > 2048:
        return None
    for text in (value, unquote(value)):
        if not text.startswith("/") or "//" in text or "\\" in text:
            return None
        if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
            return None
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return None
    return value


def csrf_token() -> str:
    """This browser's form token (in Flask's signed, SameSite=Strict session cookie); every POST form
    carries it as `csrf` (templates call `csrf_token()`)."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok() -> bool:
    expected = session.get("csrf")
    return isinstance(expected, str) and constant_time_equal(request.form.get("csrf", ""), expected)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="turfbook.admin-cookie")


def _token_fingerprint(token: str) -> str:
    # the cookie names which admin token it was made with: rotating the token logs everyone out
    return hashlib.sha256(b"turfbook-admin:" + token.encode()).hexdigest()[:32]


def cookie_value(token: str) -> str:
    """A signed admin cookie with a session id of its own, so logging out can revoke it (run history
    keeps the revoked ids: every web worker sees a logout)."""
    return _serializer().dumps({"admin": _token_fingerprint(token), "sid": secrets.token_urlsafe(16)})


def cookie_session(raw: str | None) -> str | None:
    """The session id of a validly signed admin cookie (None for none or a forged one)."""
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=COOKIE_MAX_AGE)
    except BadSignature:
        return None
    return data.get("sid") if isinstance(data, dict) and isinstance(data.get("sid"), str) else None


def bearer_ok(expected: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and constant_time_equal(given.strip(), expected)


def cookie_ok(expected: str) -> bool:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return False
    try:
        data = _serializer().loads(raw, max_age=COOKIE_MAX_AGE)
    except BadSignature:
        return False
    if not isinstance(data, dict) or not constant_time_equal(data.get("admin"), _token_fingerprint(expected)):
        return False
    sid = data.get("sid")
    return isinstance(sid, str) and not services().history.session_revoked(sid)


def wrong_token_throttle():
    """Wrong admin tokens (login form and bearer header alike) per address: 5 a minute, then 429.
    The right token is checked first and always accepted; guessing is made hopeless by the token's
    length (at least 24 characters, see service/app.py), this only slows and reports floods."""
    from turfbook.web.ratelimit import RateLimit

    return services().extra.setdefault("login_throttle", RateLimit(LOGIN_FAILURES, LOGIN_WINDOW))


def admin_required(*, allow_cookie: bool = False):
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            expected = services().admin_token
            if not expected:
                abort(make_response(jsonify(error="admin endpoints are disabled: set TURFBOOK_ADMIN_TOKEN "
                                                  "or TURFBOOK_ADMIN_TOKEN_FILE"), 503))
            if bearer_ok(expected) or (allow_cookie and request.method == "GET" and cookie_ok(expected)):
                return view(*args, **kwargs)
            if request.headers.get("Authorization") and (wait := wrong_token_throttle().take(
                    request.remote_addr or "?")):
                response = make_response(jsonify(error=f"too many wrong admin tokens; wait {wait} seconds"), 429)
                response.headers["Retry-After"] = str(wait)
                abort(response)
            if allow_cookie and request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
                return redirect(url_for("runs.login", next=request.path, lang=request.args.get("lang")))
            response = make_response(jsonify(error="admin token required (Authorization: Bearer …)"), 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="turfbook"'
            abort(response)
        return wrapper
    return decorate
