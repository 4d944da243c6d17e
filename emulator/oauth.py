"""Ordinary users through OAuth 2.0: the installed-app client, the consent page, the code and
refresh-token grants.

On start the emulator writes DATA/client-secret.json (an "installed" OAuth client, the file the
Cloud console's "Download JSON" gives) and DATA/user-credentials.json (google-auth's
`authorized_user` format: type, client_id, client_secret, refresh_token, token_uri → the emulator)
for DEFAULT_USER, an ordinary account with a My Drive and a mailbox. `GET /o/oauth2/auth` is the
consent page: it approves at once and redirects to the loopback `redirect_uri` with a code, so
google-auth-oauthlib's InstalledAppFlow runs end to end. Google blocked the out-of-band (oob)
redirect in 2022; so does the emulator.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import time
from pathlib import Path
from urllib.parse import urlencode

from turfbook_emulator import identity
from turfbook_emulator.registry import Reply

DEFAULT_USER = "coalition.organizer@gmail.com"
CLIENT_ID = "100000000000-turfbookemulator.apps.googleusercontent.com"
CODE_LIFETIME = 600


# A loopback redirect as a browser will follow it: http, the host exactly 127.0.0.1, localhost or [::1], an
# optional port, then a path and query. No userinfo ("@" before the host), no backslash (browsers read it
# as "/", so "http://evil\@127.0.0.1/" goes to evil), no whitespace or control characters, no fragment.
_LOOPBACK = re.compile(r"http://(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?(?:/[^?#]*)?(?:\?[^#]*)?",
                       re.IGNORECASE)


def loopback_redirect(uri: str) -> bool:
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in uri):
        return False
    return _LOOPBACK.fullmatch(uri) is not None


class OAuthError(Exception):
    pass


class OAuth:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        path = self.data_dir / "oauth-client.json"
        if not path.exists():
            path.write_text(json.dumps({"client_secret": "GOCSPX-" + secrets.token_urlsafe(21),
                                        "refresh_token": "1//emulator-" + secrets.token_urlsafe(40)}))
            path.chmod(0o600)
        saved = json.loads(path.read_text())
        self.client_secret = saved["client_secret"]
        self.default_refresh = saved["refresh_token"]
        self.codes: dict[str, dict] = {}

    def revoke(self, tokens, refresh_token: str) -> bool:
        """What a user's "Remove access" (or an expiry) does to a refresh token: the grant is gone, so the
        refresh token AND every access token issued from it stop working (RFC 7009 2.1; Google's "Remove
        access"). Kept in the token table (the store): a revocation survives a restart."""
        known = refresh_token == self.default_refresh or (tokens.issued.get(refresh_token) or {}).get("grant")
        if known:
            grant = grant_of(refresh_token)
            tokens.issued.pop(refresh_token, None)
            for access in [t for t, record in tokens.issued.items() if record.get("from") == grant]:
                del tokens.issued[access]
            tokens.issued[REVOKED + grant] = {"grant": "revoked", "expires": float("inf")}   # never a bearer
        return bool(known)

    def write_files(self, base_url: str) -> None:
        client = {"installed": {"client_id": CLIENT_ID, "client_secret": self.client_secret,
                                "project_id": "turfbook-emulator", "auth_uri": f"{base_url}/o/oauth2/auth",
                                "token_uri": f"{base_url}/token", "redirect_uris": ["http://localhost"]}}
        user = {"type": "authorized_user", "client_id": CLIENT_ID, "client_secret": self.client_secret,
                "refresh_token": self.default_refresh, "token_uri": f"{base_url}/token", "account": DEFAULT_USER,
                "universe_domain": "googleapis.com"}
        for name, info in (("client-secret.json", client), ("user-credentials.json", user)):
            target = self.data_dir / name
            tmp = target.with_suffix(".tmp")
            tmp.write_text(json.dumps(info, indent=2))
            tmp.chmod(0o600)
            tmp.replace(target)

    # ----- the consent page ----------------------------------------------------------------
    def consent(self, query: dict) -> Reply:
        """Approve at once: 302 to the loopback redirect with ?code=…&state=…&scope=…"""
        if query.get("client_id") != CLIENT_ID:
            return _page(401, "Error 401: invalid_client", "The OAuth client was not found.")
        redirect = str(query.get("redirect_uri") or "")
        if redirect.startswith("urn:ietf:wg:oauth:2.0:oob"):
            return _page(400, "Error 400: invalid_request", "The out-of-band (OOB) flow has been blocked in order "
                         "to keep users secure. Follow the Out-of-Band (OOB) flow migration guide.")
        if not loopback_redirect(redirect):
            return _page(400, "Error 400: redirect_uri_mismatch", f"redirect_uri={html.escape(redirect)} is not "
                         "a loopback address registered for this installed-app client.")
        if query.get("response_type") != "code":
            return _page(400, "Error 400: invalid_request", "Required parameter is missing: response_type")
        scopes = str(query.get("scope") or "").split()
        if not scopes:
            return _page(400, "Error 400: invalid_request", "Missing required parameter: scope")
        code = "4/emulator-" + secrets.token_urlsafe(32)
        self.codes[code] = {"redirect_uri": redirect, "scopes": scopes, "sub": query.get("login_hint") or DEFAULT_USER,
                            "challenge": query.get("code_challenge"),
                            "method": query.get("code_challenge_method") or "plain",
                            "expires": time.time() + CODE_LIFETIME}
        answer = {"state": query["state"]} if query.get("state") else {}
        answer |= {"code": code, "scope": " ".join(scopes)}
        target = redirect + ("&" if "?" in redirect else "?") + urlencode(answer)
        return Reply(302, f'<p>Turfbook emulator: access approved. <a href="{html.escape(target)}">Continue</a></p>',
                     {"Location": target}, content_type="text/html; charset=utf-8")

    # ----- the token endpoint's user grants --------------------------------------------------
    def exchange(self, tokens, form: dict[str, str], authorization: str | None) -> dict:
        from turfbook_emulator.auth import TokenError

        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode("utf-8", "replace")
            client_id, _, secret = decoded.partition(":")
        if client_id != CLIENT_ID or not secrets.compare_digest(str(secret or ""), self.client_secret):
            raise TokenError("invalid_client", "The OAuth client was not found.", status=401)
        if form["grant_type"] == "refresh_token":
            return self._refresh(tokens, form)
        code = self.codes.pop(form.get("code") or "", None)
        if code is None or code["expires"] < time.time():
            raise TokenError("invalid_grant", "Malformed auth code.")
        if form.get("redirect_uri") != code["redirect_uri"]:
            raise TokenError("redirect_uri_mismatch", "Bad Request")
        if code["challenge"] and _challenge(form.get("code_verifier") or "", code["method"]) != code["challenge"]:
            raise TokenError("invalid_grant", "Invalid code verifier.")
        answer = tokens.issue(code["sub"], code["scopes"], identity.USER, client=CLIENT_ID)
        refresh = "1//emulator-" + secrets.token_urlsafe(40)
        tokens.issued[answer["access_token"]]["from"] = grant_of(refresh)
        tokens.issued[refresh] = {"grant": "refresh", "sub": code["sub"], "scopes": code["scopes"],
                                  "expires": float("inf")}
        return answer | {"refresh_token": refresh, "scope": " ".join(code["scopes"])}

    def _refresh(self, tokens, form: dict[str, str]) -> dict:
        from turfbook_emulator.auth import TokenError

        token = form.get("refresh_token") or ""
        if REVOKED + grant_of(token) in tokens.issued:
            raise TokenError("invalid_grant", "Token has been expired or revoked.")
        if secrets.compare_digest(token, self.default_refresh):
            record = {"sub": DEFAULT_USER, "scopes": identity.DEFAULT_SCOPES}
        else:
            record = tokens.issued.get(token)
            if not record or record.get("grant") != "refresh":
                raise TokenError("invalid_grant", "Token has been expired or revoked.")
        wanted = (form.get("scope") or "").split() or record["scopes"]
        if not set(wanted) <= set(record["scopes"]):
            raise TokenError("invalid_scope", "Bad Request")
        answer = tokens.issue(record["sub"], wanted, identity.USER, client=CLIENT_ID)
        tokens.issued[answer["access_token"]]["from"] = grant_of(token)   # revoked with its refresh token
        return answer | {"scope": " ".join(wanted)}


REVOKED = "revoked:"


def grant_of(refresh_token: str) -> str:
    """A refresh token's fingerprint: what its access tokens and its revocation record carry."""
    return hashlib.sha256(refresh_token.encode()).hexdigest()


def _challenge(verifier: str, method: str) -> str:
    if method == "S256":
        return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier


def _page(status: int, title: str, text: str) -> Reply:
    return Reply(status, f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p>",
                 content_type="text/html; charset=utf-8")
