"""Who and what the upload page offers: organizers (for links), worksites and issues.

`WorkbookDirectory` reads the Organizers, Worksites and Issues tabs in one values.batchGet,
mapping columns by header name (case/space/accent-insensitive, as the schema does), and keeps the
answer for CACHE_SECONDS so a burst of uploads costs one read. `StaticDirectory` is the same
interface over fixed lists (development without a workbook, and tests).
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.config import Config
from service.links import Organizer

CACHE_SECONDS = 60
TABS = ("Organizers", "Worksites", "Issues")


@dataclass
class Listing:
    organizers: list[Organizer] = field(default_factory=list)
    worksites: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)


@dataclass
class StaticDirectory:
    listing: Listing

    def load(self, fresh: bool = False) -> Listing:
        return self.listing


def _key(header: Any) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return "_".join(text.lower().replace("-", " ").split())


def _records(rows: list[list[Any]]) -> list[dict[str, Any]]:
    if not rows:
        return []
    keys = [_key(h) for h in rows[0]]
    out = []
    for row in rows[1:]:
        record = {k: (row[i] if i < len(row) else "") for i, k in enumerate(keys) if k}
        if any(str(v).strip() for v in record.values()):
            out.append(record)
    return out


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def listing_from_tabs(tabs: dict[str, list[list[Any]]]) -> Listing:
    organizers = []
    for r in _records(tabs.get("Organizers", [])):
        name = str(r.get("name", "")).strip()
        if not name:
            continue
        language = str(r.get("language", "")).strip().lower()[:2]
        organizers.append(Organizer(id=str(r.get("id") or name).strip(), name=name,
                                    email=str(r.get("email", "")).strip(),
                                    language=language if language in {"en", "es"} else "",
                                    link_version=_int(r.get("link_version"))))
    names = lambda tab: sorted({str(r.get("name", "")).strip() for r in _records(tabs.get(tab, []))} - {""},  # noqa: E731
                               key=str.casefold)
    return Listing(organizers, names("Worksites"), names("Issues"))


class WorkbookDirectory:
    def __init__(self, workspace: Callable[[], Any], config: Config):
        self._workspace = workspace
        self._config = config
        self._lock = threading.Lock()
        self._cached: tuple[float, Listing] | None = None

    def load(self, fresh: bool = False) -> Listing:
        with self._lock:
            if not fresh and self._cached and time.monotonic() - self._cached[0] < CACHE_SECONDS:
                return self._cached[1]
            sheets = self._workspace().sheets()
            listing = listing_from_tabs(sheets.read_tabs(list(TABS), render="FORMATTED_VALUE"))
            self._cached = (time.monotonic(), listing)
            return listing
