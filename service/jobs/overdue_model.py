"""What the overdue plan is made of: settings, where columns were, cell changes, the plan itself."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from turfbook.schema.cell_dates import is_blank
from turfbook.schema.cells import cell_text
from turfbook.schema.model import Problem, TabSnapshot
from turfbook.schema.settings_tab import setting_value
from turfbook.schema.text import short

JOB = "overdue"
CONVERSATIONS, PEOPLE = "Conversations", "People"
CONVERSATION_OUTPUTS = ("status", "flagged_at")
PEOPLE_OUTPUTS = ("last_contact", "next_follow_up", "status")
NO_ORGANIZER = "(no organizer)"


@dataclass(frozen=True)
class OverdueSettings:
    tz: ZoneInfo = ZoneInfo("America/New_York")
    grace_days: int = 0
    due_soon_days: int = 3

    @classmethod
    def parse(cls, settings: Mapping[str, Any] | OverdueSettings | None,
              default_tz: str = "America/New_York") -> tuple[OverdueSettings, list[Problem]]:
        """Settings tab values → settings; a bad value is a problem and falls back to the default."""
        if isinstance(settings, OverdueSettings):
            return settings, []
        settings = settings or {}
        problems: list[Problem] = []

        def read(key: str, value: Any, default: Any) -> Any:
            """settings_tab's one reading of a value (a job given one the Settings tab did not read): a bad
            one is a problem (EN/ES) and the default is used."""
            try:
                return setting_value(key, value, default)
            except ValueError as exc:
                en, es = exc.args[0]
                problems.append(Problem(JOB, "Settings", key, "value", (
                    f"Settings {key} '{short(value)}' {en}; Turfbook uses {default} / Ajustes {key} '{short(value)}' "
                    f"{es}; Turfbook usa {default}"), "invalid"))
                return default

        tz = ZoneInfo(read("timezone", cell_text(settings.get("timezone")) or default_tz, default_tz))
        numbers = {key: default if is_blank(settings.get(key)) else read(key, settings.get(key), default)
                   for key, default in (("grace_days", 0), ("due_soon_days", 3))}
        return cls(tz=tz, **numbers), problems


@dataclass(frozen=True)
class TabLayout:
    """Where a tab's columns were when it was read: what apply() needs to address cells."""

    name: str
    header: tuple[str, ...]
    columns: dict[str, int]

    @classmethod
    def of(cls, tab: TabSnapshot) -> TabLayout:
        return cls(tab.name, tuple(str(h) for h in tab.header), dict(tab.columns))

    def header_of(self, key: str) -> str:
        index = self.columns.get(key)
        return self.header[index] if index is not None and index < len(self.header) else key


class CellChange(NamedTuple):
    """One cell the plan changes (immutable; a tuple, so a night's ~200k of them cost little to make)."""

    tab: str
    row_id: str
    row_number: int                     # where the row was at read time; apply() re-finds it by ID
    column: str                         # column key
    old: Any
    new: Any                            # str, datetime.date or None (blank)

    @classmethod
    def many(cls, tab: str, row_ids: Iterable[str], row_numbers: Iterable[int], column: str, olds: Iterable[Any],
             news: Iterable[Any]) -> list[CellChange]:
        """A column's changes, made in C (tuple.__new__ over zip: no Python call per change)."""
        return list(map(tuple.__new__, repeat(cls), zip(repeat(tab), row_ids, row_numbers, repeat(column), olds,
                                                        news)))


@dataclass
class OverduePlan:
    today: dt.date
    settings: OverdueSettings
    layouts: dict[str, TabLayout]
    changes: list[CellChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)        # "overdue", "due today", "due soon", "done", ...
    open: int = 0
    overdue_by_organizer: Counter = field(default_factory=Counter)
    newly_overdue: list[str] = field(default_factory=list)    # row labels
    cleared: list[str] = field(default_factory=list)
    without_id: int = 0
    copied: int = 0           # rows holding a copy of another row's ID (id_owners.copy_rows): not written
    waiting: list[str] = field(default_factory=list)    # IDs on rows that differ, kept by none: Status "waits"
    unknown: list[str] = field(default_factory=list)          # rule columns not found: the figures are unknown


def days_by_person(rows: Iterable[tuple[Any, dt.date]], latest: bool) -> dict[Any, dt.date]:
    """{person: the latest (`latest`) or else the earliest day of their (person, day) rows}: one pass, no sort
    (dict(sorted(rows, key=day)) before, the same dictionary but for its order: read by person, perf24c)."""
    out: dict[Any, dt.date] = {}
    get = out.get
    if latest:
        for person, day in rows:
            old = get(person)
            if old is None or day > old:
                out[person] = day
    else:
        for person, day in rows:
            old = get(person)
            if old is None or day < old:
                out[person] = day
    return out
