"""Jobs: each module has a pure `plan(...)`, an `apply(plan, workspace)` and a `run(...)` entry.

`run(workspace, *, dry_run=False, today=None, progress=None, **options) -> JobResult` is what the
CLI, the scheduler and the web app all call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.schema.model import Problem


@dataclass
class JobResult:
    job: str
    ok: bool = True
    summary: str = ""                                   # human-readable, several lines, printed by the CLI
    counts: dict[str, Any] = field(default_factory=dict)  # stored in run history
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
