"""What /runs shows per job, worked out once (pure; the template only lays it out).

A job's state, worst first: `running`, `failing` (its last run did not finish OK — failed, error or
interrupted — whatever the schedule says), `late` (no success for two scheduled periods), `never`
(not run yet), `ok`. "What changed" is the last run's non-zero counts; the next run comes from the
job's cron trigger in the organization's timezone (none when its schedule is `off`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from turfbook.config import Config
from turfbook.history import OK, RUNNING, Run
from turfbook.scheduler.health import JobHealth
from turfbook.scheduler.triggers import triggers

BAD = {"failing", "late"}
BOOKKEEPING = {"api_calls", "ranges"}


@dataclass(frozen=True)
class JobCard:
    job: str
    schedule: str | None
    state: str                      # running | failing | late | never | ok
    last: Run | None
    last_success: Run | None
    next_run: datetime | None
    changed: dict[str, int] = field(default_factory=dict)
    reason: str = ""

    @property
    def bad(self) -> bool:
        return self.state in BAD


def changed(run: Run | None) -> dict[str, int]:
    """The counts worth reading: non-zero numbers, in the job's order, without the bookkeeping (API
    calls, ranges, planned work: what a run did shows in the other counts; every count is in the run's
    details)."""
    if run is None:
        return {}
    return {k: v for k, v in run.counts.items() if isinstance(v, int | float) and not isinstance(v, bool) and v
            and k not in BOOKKEEPING and not k.startswith("planned")}


def state_of(last: Run | None, late: bool, running: bool) -> str:
    if running or (last is not None and last.status == RUNNING):
        return "running"
    if last is not None and last.status != OK:
        return "failing"
    if late:
        return "late"
    return "never" if last is None else "ok"


def job_cards(config: Config, health: list[JobHealth], last_runs: dict[str, Run], running: dict[str, bool],
              now: datetime) -> list[JobCard]:
    """One card per scheduled job, then any other job that has run (e.g. `chart` from the CLI)."""
    crons = triggers(config)
    cards = []
    for h in health:
        trigger = crons.get(h.job)
        next_run = trigger.get_next_fire_time(None, now.astimezone(config.tz)) if trigger else None
        cards.append(JobCard(h.job, h.schedule, state_of(h.last_run, h.late, running.get(h.job, False)),
                             h.last_run, h.last_success, next_run, changed(h.last_run), h.reason))
    scheduled = {c.job for c in cards}
    for name, last in sorted(last_runs.items()):
        if name not in scheduled:
            cards.append(JobCard(name, None, state_of(last, False, running.get(name, False)), last,
                                 last if last.status == OK else None, None, changed(last)))
    return cards
