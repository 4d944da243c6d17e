"""The config's cron expressions, checked at load by APScheduler's own parser (the scheduler's), so
`turfbook check` and every command stop on a typo, not only the scheduler.

Importing APScheduler's cron trigger costs ~26 ms of CPU in every `turfbook` process (issue 22), for the
same few strings each time. Strings APScheduler accepted are recorded in the user's cache (usercache.py),
named by the strings and by APScheduler's cron files (path, size, mtime: an upgrade is checked afresh);
found there, they are not parsed again. A string with a problem is never recorded: its message is
APScheduler's, every time.
"""

from __future__ import annotations

import importlib.util
import json
import os
from typing import Any

from turfbook import usercache

CACHE_KIND = "cron-ok2"   # 2: sealed entries (an older build reads none of them)


def cron_problems(schedule: dict[str, Any]) -> list[str]:
    """One line per schedule entry APScheduler refuses (`off`, `none`, `never` or empty: not scheduled)."""
    values = {name: str(value) for name, value in schedule.items()
              if value is not None and str(value).strip().lower() not in {"", "off", "none", "never"}}
    checker = _checker_files()
    entry = usercache.key(CACHE_KIND, json.dumps([values, checker]).encode("utf-8")) if checker else None
    if entry and usercache.read(entry) is not None:
        return []
    from apscheduler.triggers.cron import CronTrigger

    problems = []
    for name, value in values.items():
        try:
            CronTrigger.from_crontab(value, timezone="UTC")
        except ValueError as exc:
            problems.append(f"  schedule.{name}: '{value}' is not a cron expression like '0 7 * * MON' ({exc})")
    if entry and not problems:
        usercache.write(entry, b"")
    return problems


def _checker_files() -> list | None:
    """APScheduler's cron parser as files (path, size, mtime), without importing it; None if not found."""
    try:
        spec = importlib.util.find_spec("apscheduler")
        folder = os.path.join(next(iter(spec.submodule_search_locations)), "triggers", "cron")
        return [[entry.path, entry.stat().st_size, entry.stat().st_mtime_ns]
                for entry in sorted(os.scandir(folder), key=lambda e: e.name) if entry.name.endswith(".py")]
    except (AttributeError, TypeError, StopIteration, ImportError, ValueError, OSError):
        return None
