"""The field page's view of the workbook: People, Conversations, Worksites, Organizers, Issues and
Settings in one values.batchGet, kept CACHE_SECONDS for every organizer at once (50 phones opening
the page cost one read), then each organizer's turf computed from it (turfbook.field.turf, pure).

Each fresh read also tells the field queue the Organizers tab's names (it remembers every name an
organizer ID has had, so a rename keeps their turf) and gives queued rows from before organizer IDs
their organizer's ID."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from turfbook.field.turf import Turf, current_names, names_of, turf_of
from turfbook.jobs.overdue_model import OverdueSettings
from turfbook.links import Organizer

CACHE_SECONDS = 30
TABS = ["People", "Conversations", "Worksites", "Organizers", "Issues"]


class FieldDirectory:
    def __init__(self, config, sheets: Callable[[], Any], monotonic: Callable[[], float] = time.monotonic,
                 queue: Callable[[], Any] | None = None):
        self._config = config
        self._sheets = sheets
        self._monotonic = monotonic
        self._queue = queue
        self._lock = threading.Lock()
        self._cached: tuple[float, Any] | None = None
        self._former: tuple[int, dict[str, str]] = (0, {})      # (id of the snapshot, {folded name: ID})

    def snapshot(self, today):
        with self._lock:
            now = self._monotonic()
            if self._cached and now - self._cached[0] < CACHE_SECONDS:
                return self._cached[1]
            from turfbook.schema import load_schema
            from turfbook.schema.reader import read_workbook

            schema = load_schema(self._config.schema_dir / "workbook.yaml")
            snap = read_workbook(self._sheets(), schema, tabs=TABS, settings_tz=self._config.organization.timezone,
                                 today=today)
            self._cached = (now, snap)
            return snap

    def forget(self) -> None:
        with self._lock:
            self._cached = None

    def former_names(self, snap, clock) -> dict[str, str]:
        """{folded name: organizer ID} for every name an organizer has had (current names win); once per read."""
        with self._lock:
            if self._former[0] == id(snap):
                return self._former[1]
            current = current_names(snap)
            if self._queue is None:
                names = current
            else:
                queue = self._queue()
                names = queue.remember_names(current, clock.utcnow().timestamp())
                queue.adopt_ids(names)
            self._former = (id(snap), names)
            return names

    def names(self, organizer: Organizer, clock) -> set[str]:
        """Every folded name that means this organizer (queue rows from before IDs are matched by them)."""
        snap = self.snapshot(clock.today())
        return names_of(snap, organizer.name, organizer.id, self.former_names(snap, clock))

    def turf(self, organizer: Organizer, clock) -> Turf:
        today = clock.today()
        snap = self.snapshot(today)
        settings, _ = OverdueSettings.parse(snap.settings, self._config.organization.timezone)
        day = clock.in_tz(settings.tz).today()
        return turf_of(snap, organizer.name, organizer.id, day, settings.tz, settings.grace_days,
                       settings.due_soon_days, self.former_names(snap, clock))
