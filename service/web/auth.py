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

from service.app import services

COOKIE = "turfbook_admin"
COOKIE_MAX_AGE = 12 * 3600


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
    return _serializer().dumps({"admin": _token_fingerprint(token)})


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
    return isinstance(data, dict) and constant_time_equal(data.get("admin"), _token_fingerprint(expected))


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
            if allow_cookie and request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
                return redirect(url_for("runs.login", next=request.path))
            response = make_response(jsonify(error="admin token required (Authorization: Bearer …)"), 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="turfbook"'
            abort(response)
        return wrapper
    return decorate
