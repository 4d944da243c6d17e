"""Per scheduled job: its last run and success, and whether it has failed for two periods (shown by
/healthz, /runs and the director's digest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from turfbook.config import Config
from turfbook.history import History, Run
from turfbook.scheduler.triggers import LATE_AFTER_PERIODS, previous_fire_times, triggers


@dataclass(frozen=True)
class JobHealth:
    job: str
    schedule: str
    last_run: Run | None
    last_success: Run | None
    late: bool
    reason: str = ""

    def as_dict(self) -> dict:
        def run(r: Run | None):
            return None if r is None else {"id": r.id, "status": r.status, "started": r.started.isoformat(),
                                           "seconds": r.seconds, "error": r.error}
        return {"schedule": self.schedule, "last_run": run(self.last_run), "last_success": run(self.last_success),
                "late": self.late, "reason": self.reason}


def job_health(config: Config, history: History | None = None, now: datetime | None = None) -> list[JobHealth]:
    """Per scheduled job: its last run and success, and whether it has failed for two periods."""
    history = history or History.for_config(config)
    now = now or history.now()
    last_runs = history.last_runs()
    created = history.created
    out = []
    for name, trigger in triggers(config).items():
        success = history.last_success(name)
        fires = previous_fire_times(trigger, now.astimezone(config.tz))
        late, reason = False, ""
        if len(fires) == LATE_AFTER_PERIODS and fires[-1] >= created:
            since = fires[-1]
            if success is None or success.started < since:
                late = True
                last = f"last success {success.started.isoformat()}" if success else "never succeeded"
                reason = f"no successful run since {since.isoformat()} ({LATE_AFTER_PERIODS} periods; {last})"
        out.append(JobHealth(name, getattr(config.schedule, name), last_runs.get(name), success, late, reason))
    return out
