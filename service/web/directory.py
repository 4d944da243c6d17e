"""Who and what the upload page offers: organizers (for links), worksites and issues.

`WorkbookDirectory` reads the Organizers, Worksites and Issues tabs in one values.batchGet,
mapping columns by header name (case/space/accent-insensitive, as the schema does), and keeps the
answer for CACHE_SECONDS so a burst of uploads costs one read. CACHE_SECONDS is also the bound on
revocation: a link whose Link version was bumped stops working within CACHE_SECONDS (README).
`load(fresh=True)` (a link newer than the cached listing, or an organizer it does not know) re-reads
at most once per REFRESH_SECONDS, and a failed read is not retried for REFRESH_SECONDS, so no
request, however many, costs more than one read per REFRESH_SECONDS. Ages use `time.monotonic()`.
`StaticDirectory` is the same interface over fixed lists (development without a workbook, and tests).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from turfbook.config import Config
from turfbook.links import Organizer
from turfbook.schema.text import fold
from turfbook.workspace.sheets_light import LightSheets

CACHE_SECONDS = 15      # the longest a revoked upload link keeps working (README: "within 15 seconds")
REFRESH_SECONDS = 5     # the most often anything can make the directory re-read the workbook
TABS = ("Organizers", "Worksites", "Issues")


@dataclass
class Listing:
    organizers: list[Organizer] = field(default_factory=list)
    worksites: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    issue_es: dict[str, str] = field(default_factory=dict)    # issue name -> Issues' optional "Name in Spanish"

    def issue_options(self, lang: str) -> list[tuple[str, str]]:
        """(value, label) for the issue dropdown: the value is always the Issues name (what filing and
        Conversations use); a Spanish reader sees the Spanish label when the Issues tab has one."""
        label = (lambda name: self.issue_es.get(name, name)) if lang == "es" else (lambda name: name)
        return sorted(((name, label(name)) for name in self.issues), key=lambda item: item[1].casefold())


@dataclass
class StaticDirectory:
    listing: Listing

    def load(self, fresh: bool = False) -> Listing:
        return self.listing


def _key(header: Any) -> str:
    """'Link version' -> 'link_version': the schema's header fold, as a key."""
    return fold(header or "").replace(" ", "_")


SPANISH_NAME = _key("Name in Spanish")    # Issues' name_es column, by its header (as every column here)


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
    issue_es = {str(r.get("name", "")).strip(): str(r.get(SPANISH_NAME, "")).strip()
                for r in _records(tabs.get("Issues", [])) if str(r.get(SPANISH_NAME, "")).strip()}
    return Listing(organizers, names("Worksites"), names("Issues"), issue_es)


class WorkbookDirectory:
    """The organizer directory from the workbook, read light (service/workspace/sheets_light.py), at
    most one values.batchGet per CACHE_SECONDS."""

    def __init__(self, config: Config, monotonic: Callable[[], float] = time.monotonic):
        self._config = config
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._cached: tuple[float, Listing] | None = None
        self._failed: tuple[float, Exception] | None = None
        self._sheets = LightSheets(config)
        self._view = None

    def _read(self) -> dict[str, list[list[Any]]]:
        """An adopted workbook (DATA_DIR/adoption.yaml) through its mapping: the team's "Staff" tab adopted as
        Organizers is read as Organizers (schema/adopt_read.py), in the same one values.batchGet."""
        if self._view is None:
            from turfbook.schema.adopt_view import view_for

            self._view = view_for(self._config) or (lambda sheets: sheets)
        return self._view(self._sheets).read_tabs(list(TABS))

    def load(self, fresh: bool = False) -> Listing:
        """The cached listing while younger than CACHE_SECONDS (`fresh`: REFRESH_SECONDS), else a read."""
        with self._lock:
            now = self._monotonic()
            if self._cached:
                age = now - self._cached[0]
                if age < REFRESH_SECONDS or (not fresh and age < CACHE_SECONDS):
                    return self._cached[1]
            if self._failed and now - self._failed[0] < REFRESH_SECONDS:
                raise self._failed[1]          # the workbook just failed to answer: do not ask again yet
            try:
                listing = listing_from_tabs(self._read())
            except Exception as exc:
                self._failed = (now, exc)
                raise
            self._failed = None
            self._cached = (now, listing)
            return listing

    def ping(self) -> None:
        """The cheapest call proving credentials, endpoint and access to the workbook."""
        with self._lock:
            self._sheets.ping()
