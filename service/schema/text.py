"""Text normalization for matching what staff typed: case, spaces and accents do not matter."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s_\-–—./]+")


def fold(text: object) -> str:
    """'  Follow-up  DUE ' -> 'follow up due'; 'Ubicación' -> 'ubicacion'."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.casefold()).strip()


def short(value: object, limit: int = 40) -> str:
    """A cell value quoted for a message, cut to `limit` characters."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
