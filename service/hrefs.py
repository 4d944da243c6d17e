"""The one gate between a value someone typed (a sheet cell, a link column) and an `href`.

Only `http:` and `https:` (with a host), `mailto:` and `tel:` become links; anything else —
`javascript:`, `data:`, `vbscript:`, a relative path, a scheme hidden behind control characters —
is shown as plain (escaped) text. Every template that turns a value into a link uses `safe_href`
(the `safe_href` filter in the digest and web Jinja environments).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https", "mailto", "tel"})
MAX_LENGTH = 4096
CONTROL = re.compile("[\x00-\x1f\x7f]")     # a control character: ord(c) < 32 or ord(c) == 127


def safe_href(value: object) -> str | None:
    """The value as a link target if it is a safe absolute URL, else None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    # browsers drop tabs and newlines inside a URL ("java\tscript:"), so any control character refuses it
    if CONTROL.search(text):                # one C scan (a digest checks ~900 links: a per-character loop was 0.05 s)
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        return None
    if scheme in {"http", "https"} and not parts.netloc:
        return None
    if scheme in {"mailto", "tel"} and not parts.path:
        return None
    return text
