"""Personal upload links for organizers: `<base_url>/u/<token>`.

The token is itsdangerous-signed (key TURFBOOK_LINK_KEY) and carries the organizer's ID and the
`link_version` from the Organizers tab. Bumping that number in the sheet revokes the organizer's
old link within turfbook.web.directory.CACHE_SECONDS (15 s: how long the upload page keeps the
Organizers tab); rotating the key revokes all links.
Links also expire after MAX_AGE_DAYS, so a forgotten link on a lost phone stops working.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, base64_encode

SALT = "turfbook.upload-link.v1"
MAX_AGE_DAYS = 400


@dataclass(frozen=True)
class Organizer:
    id: str
    name: str
    email: str = ""
    language: str = ""               # en | es | "" (not recorded)
    link_version: int = 0


class LinkError(Exception):
    """A link that does not open the page; `reason` is expired | invalid | revoked | unavailable."""

    def __init__(self, reason: str, message: str, language: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.language = language      # the organizer's (a replaced link is still theirs): the page's words


def _serializer(key: str) -> URLSafeTimedSerializer:
    if not key:
        raise LinkError("invalid", "upload links are disabled: set TURFBOOK_LINK_KEY")
    return URLSafeTimedSerializer(key, salt=SALT)


def make_token(key: str, organizer: Organizer) -> str:
    return _serializer(key).dumps({"o": organizer.id, "v": int(organizer.link_version or 0)})


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/u/{token}"


def field_url(base_url: str, token: str) -> str:
    """The same token opens the field page (#20): `<base_url>/c/<token>`."""
    return f"{base_url.rstrip('/')}/c/{token}"


def canonical(token: str) -> bool:
    """True when the token is spelled exactly as make_token spells it. itsdangerous decodes base64
    leniently (junk like `~~` or `!!!!` is skipped, and a signature's spare bits are ignored), so one
    link has many spellings that verify; only the canonical one is accepted, so that everything keyed
    by link (throttles, form tokens, upload keys) sees one link as one key."""
    if not token.isascii() or len(token) > 512:
        return False
    parts = token.split(".")
    if len(parts) not in (3, 4) or (len(parts) == 4 and parts[0]):      # a compressed payload starts with "."
        return False
    for part in parts[-3:]:
        if not part or not all(c.isalnum() or c in "-_" for c in part):
            return False
        try:
            if base64_encode(base64_decode(part)).decode("ascii") != part:
                return False
        except Exception:
            return False
    return True


def read_token(key: str, token: str, max_age_days: float = MAX_AGE_DAYS) -> tuple[str, int]:
    """(organizer id, link version) from a token; LinkError when forged, damaged, not in its canonical
    spelling, or expired."""
    if not canonical(token):
        raise LinkError("invalid", "this upload link is not valid")
    try:
        data = _serializer(key).loads(token, max_age=int(max_age_days * 86400))
    except SignatureExpired:
        raise LinkError("expired", "this upload link has expired; ask for a new one") from None
    except BadSignature:
        raise LinkError("invalid", "this upload link is not valid") from None
    if not isinstance(data, dict) or not isinstance(data.get("o"), str) or not isinstance(data.get("v"), int):
        raise LinkError("invalid", "this upload link is not valid")
    return data["o"], data["v"]


def resolve(key: str, token: str, organizers: list[Organizer], max_age_days: float = MAX_AGE_DAYS) -> Organizer:
    """The organizer a link belongs to, if it is still valid for their current link version."""
    organizer_id, version = read_token(key, token, max_age_days)
    for organizer in organizers:
        if organizer.id == organizer_id:
            if int(organizer.link_version or 0) != version:
                raise LinkError("revoked", "this upload link was replaced; ask for the new one",
                                language=organizer.language or None)
            return organizer
    raise LinkError("revoked", "this upload link no longer belongs to an organizer")
