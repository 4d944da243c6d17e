"""Jobs: each module has a pure `plan(...)`, an `apply(plan, workspace)` and a `run(...)` entry.

`run(workspace, *, dry_run=False, clock=None, today=None, progress=None, **options) -> JobResult` is
what the CLI, the scheduler and the web app all call. Time comes from `clock` (the runner's; `today`
pins it to a day, as `--today` does); a job never reads the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from turfbook.clock import Clock
from turfbook.schema.model import Problem


def job_clock(config, clock: Clock | None, today: date | None = None) -> Clock:
    """The clock a job runs on: the one it was given (else the org's), pinned to `today` if set."""
    return (clock or Clock.for_config(config)).on(today)


@dataclass
class JobResult:
    job: str
    ok: bool = True
    summary: str = ""                                   # human-readable, several lines, printed by the CLI
    counts: dict[str, Any] = field(default_factory=dict)  # stored in run history
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
