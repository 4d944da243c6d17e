"""Credentials and the OAuth 2.0 token endpoint: JWT bearer, refresh token, authorization code.

On start the emulator writes DATA/credentials.json, a service-account key whose token_uri is
the emulator's /token. google-auth signs a JWT with that key and posts it there, exactly as it
does against oauth2.googleapis.com; the emulator verifies the signature with the public half.
A JWT with `sub` is domain-wide delegation: allowed only for the subjects and scopes listed in
emulator.identity.Delegation, else 401 unauthorized_client as Google's token endpoint answers.
Ordinary users (emulator.oauth) get tokens through the refresh-token and authorization-code grants.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import crypt
from google.auth import jwt as google_jwt

from turfbook_emulator import identity
from turfbook_emulator.errors import ApiError

PROJECT_ID = "turfbook-emulator"
CLIENT_EMAIL = f"turfbook@{PROJECT_ID}.iam.gserviceaccount.com"
TOKEN_LIFETIME = 3600
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
UNAUTHORIZED_CLIENT = ("Client is unauthorized to retrieve access tokens using this method, or client not "
                       "authorized for any of the scopes requested.")
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 - an address, not a secret


class TokenError(Exception):
    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


class Keys:
    """The emulator's service-account key pair, kept in the data dir across restarts."""

    def __init__(self, data_dir: Path):
        self.key_path = data_dir / "service-account-key.pem"
        if not self.key_path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
            self.key_path.write_bytes(pem)
            self.key_path.chmod(0o600)
        self.private_pem = self.key_path.read_text()
        private = serialization.load_pem_private_key(self.private_pem.encode(), password=None)
        self.public_pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.key_id = "emulator-" + str(abs(hash(self.public_pem)) % 10**12)
        self.verifier = crypt.RSAVerifier.from_string(self.public_pem)

    def write_credentials(self, path: Path, base_url: str) -> None:
        info = {
            "type": "service_account",
            "project_id": PROJECT_ID,
            "private_key_id": self.key_id,
            "private_key": self.private_pem,
            "client_email": CLIENT_EMAIL,
            "client_id": identity.SERVICE_ACCOUNT_CLIENT_ID,
            "auth_uri": f"{base_url}/o/oauth2/auth",
            "token_uri": f"{base_url}/token",
            "auth_provider_x509_cert_url": f"{base_url}/oauth2/v1/certs",
            "client_x509_cert_url": f"{base_url}/robot/v1/metadata/x509/{CLIENT_EMAIL}",
            "universe_domain": "googleapis.com",
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, indent=2))
        tmp.chmod(0o600)
        tmp.replace(path)


class Tokens:
    """Access tokens issued by /token; kept in the store so they survive a restart."""

    def __init__(self, keys: Keys, issued: dict[str, dict], delegation=None, oauth=None):
        self.keys = keys
        self.issued = issued
        self.delegation = delegation
        self.oauth = oauth

    def exchange(self, form: dict[str, str], token_url: str, authorization: str | None = None) -> dict:
        grant = form.get("grant_type")
        if grant in ("refresh_token", "authorization_code") and self.oauth is not None:
            return self.oauth.exchange(self, form, authorization)
        if grant != JWT_BEARER:
            raise TokenError("unsupported_grant_type", "Invalid grant_type: " + str(grant))
        assertion = form.get("assertion") or ""
        try:
            # google-auth always signs for Google's token endpoint, whatever token_uri says
            claims = google_jwt.decode(assertion, certs=self.keys.public_pem, verify=True,
                                       audience=[token_url, GOOGLE_TOKEN_URL])
        except (ValueError, google_jwt.exceptions.GoogleAuthError) as exc:
            raise TokenError("invalid_grant", f"Invalid JWT Signature. ({exc})") from None
        if claims.get("iss") != CLIENT_EMAIL:
            raise TokenError("invalid_grant", "Invalid email or User ID")
        scopes = (claims.get("scope") or "").split()
        if not scopes:   # Google: an access token is always for some scopes
            raise TokenError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        subject = claims.get("sub")
        if subject and subject != CLIENT_EMAIL:
            if self.delegation is not None and not self.delegation.is_user(subject):
                raise TokenError("invalid_grant", "Invalid email or User ID")
            if self.delegation is not None and not self.delegation.allows(identity.SERVICE_ACCOUNT_CLIENT_ID, scopes):
                raise TokenError("unauthorized_client", UNAUTHORIZED_CLIENT, status=401)
            return self.issue(subject, scopes, identity.USER, via=CLIENT_EMAIL,
                              client=identity.SERVICE_ACCOUNT_CLIENT_ID)
        return self.issue(CLIENT_EMAIL, scopes, identity.SERVICE_ACCOUNT, client=identity.SERVICE_ACCOUNT_CLIENT_ID)

    def issue(self, subject: str, scopes: list[str], kind: str, via: str | None = None, client: str = "") -> dict:
        token = "ya29.emulator-" + secrets.token_urlsafe(32)
        self.issued[token] = {"sub": subject, "kind": kind, "via": via, "scopes": list(scopes), "client": client,
                              "expires": time.time() + TOKEN_LIFETIME}
        return {"access_token": token, "expires_in": TOKEN_LIFETIME, "token_type": "Bearer"}

    def principal(self, authorization: str | None) -> dict:
        """The token's record, or Google's 401."""
        if not authorization or not authorization.startswith("Bearer "):
            raise _unauthenticated("Request is missing required authentication credential. Expected OAuth 2 "
                                   "access token, login cookie or other valid authentication credential.")
        record = self.issued.get(authorization[len("Bearer "):].strip())
        if record is None or record.get("grant") or record["expires"] < time.time():
            raise _unauthenticated("Request had invalid authentication credentials. Expected OAuth 2 access "
                                   "token, login cookie or other valid authentication credential.")
        return record


def _unauthenticated(message: str) -> ApiError:
    return ApiError(401, message, reason="authError", location="Authorization", location_type="header",
                    headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'})
