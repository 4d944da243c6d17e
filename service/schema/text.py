"""Text normalization for matching what staff typed: case, spaces and accents do not matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress
from operator import not_

_SPACES = re.compile(r"[\s_\-–—./]+")
_ASCII_SPACES = "".join(c for c in map(chr, range(128)) if _SPACES.fullmatch(c))   # \s of ASCII, and _-./
_TO_SPACE = str.maketrans(_ASCII_SPACES, " " * len(_ASCII_SPACES))
_RUNS = re.compile("  +")


def fold(text: object) -> str:
    """'  Follow-up  DUE ' -> 'follow up due'; 'Ubicación' -> 'ubicacion'."""
    return _fold(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.casefold()).strip()


def fold_all(texts: list[str]) -> list[str]:
    """[fold(t) for t in texts] (every text a str), in a few C passes over them joined when they are ASCII
    (casefold is lower then; the NUL joining them is no space, so no run of spaces crosses two texts)."""
    if not texts:
        return []
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return list(map(fold, texts))
    if not joined.isascii():              # names with accents among them: those folded one by one
        plain = list(map(str.isascii, texts))
        if plain.count(True) < len(texts) // 2:
            return list(map(fold, texts))
        folded = fold_all(list(compress(texts, plain)))
        others = iter(map(fold, compress(texts, map(not_, plain))))
        ascii_ = iter(folded)
        return [next(ascii_) if is_plain else next(others) for is_plain in plain]
    spaced = joined.lower().translate(_TO_SPACE)      # _SPACES.sub on ASCII: each such character a space (C),
    if "  " in spaced:                                 # then runs of them one space
        spaced = _RUNS.sub(" ", spaced)
    return list(map(str.strip, spaced.split("\0")))


def short(value: object, limit: int = 40) -> str:
    """A cell value quoted for a message, cut to `limit` characters."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: object) -> str:
    """A header as a list shows it: on one line ("Fecha de\nseguimiento" -> "Fecha de seguimiento")."""
    return " ".join(str(text).split())


def header_key(text: object) -> str:
    """How headers are compared: folded, with no spaces or dashes ('E-mail' == 'email')."""
    return fold(text).replace(" ", "")


def cell_text(value: object) -> str:
    """A cell as trimmed text ("" for an empty cell; 3.0 as "3"): the one way cells are compared as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
