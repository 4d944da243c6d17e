"""How fresh the numbers are: the last runs of the nightly jobs the digest relies on, from run history.

Overdue flags and filed media feed the digest; if either job failed or has not succeeded for two days,
the director should know before trusting the figures. Pure: takes run records, returns lines.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from turfbook.digest.model import JobLine

JOBS = ("overdue", "filing")
STALE_AFTER = timedelta(days=2)


def job_lines(last: dict, last_ok: dict, now: datetime, tz: ZoneInfo) -> list[JobLine]:
    """`last` and `last_ok`: job name -> a run record with `started`, `finished`, `status`, `error`
    (turfbook.history.Run), or missing when the job never ran / never succeeded. No history at all
    (jobs run by hand, outside the scheduler and run ledger) gives no lines: nothing to judge by."""
    if not last:
        return []
    lines = []
    for job in JOBS:
        run, good = last.get(job), last_ok.get(job)
        when = (run.finished or run.started).astimezone(tz) if run else None
        good_when = (good.finished or good.started) if good else None
        stale = good_when is None or now - good_when > STALE_AFTER
        lines.append(JobLine(job, when, run.status if run else "never", run is not None and run.status == "ok",
                             stale, (run.error or "")[:200] if run and run.status != "ok" else ""))
    return lines
