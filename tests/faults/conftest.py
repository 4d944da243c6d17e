"""Shared scenario helpers for the fault suites: a reference run per job, faulted runs, the table.

`reference(job)` builds a fresh world, runs the job uninterrupted and keeps its normalised end state
and API-call count (cached per session: every faulted world is built the same deterministic way).
`Scenario.check(...)` builds a fresh world, applies the faults, runs the job, re-runs it normally
when it did not finish, and compares. Every outcome lands in the summary table printed at the end
of the session (visible with `-s` or in the terminal summary) and written to
test-artifacts/fault-matrix.txt.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults import worlds
from tests.support.xdist_reports import send

ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "fault-matrix.txt"
RESULTS: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))


@dataclass
class Reference:
    state: dict
    calls: int
    by_method: dict[str, int]
    write_methods: list[str]


_REFERENCES: dict[str, Reference] = {}


def record(scenario: str, job: str, outcome: str) -> None:
    RESULTS[scenario][job].append(outcome)
    send("faults", scenario, job, outcome)


@pytest.fixture
def reference(emulator, config):
    """reference(job) -> Reference of an uninterrupted run (the emulator is reset afterwards)."""

    def get(job: worlds.Job) -> Reference:
        if job.name not in _REFERENCES:
            world = job.new(config)
            emulator.reset_stats()
            outcome = job.run(world, worlds.workspace(world.config))
            assert outcome.finished, outcome.detail
            stats = emulator.stats()
            writes = sorted(m for m in stats["by_method"] if _is_write(m))
            _REFERENCES[job.name] = Reference(worlds.snapshot(world, emulator), stats["total"],
                                              dict(stats["by_method"]), writes)
            emulator.reset()
        return _REFERENCES[job.name]

    return get


WRITE_WORDS = ("create", "update", "batchUpdate", "append", "send", "delete", "clear")


def _is_write(method: str) -> bool:
    return method.rsplit(".", 1)[-1] in WRITE_WORDS


def summary_table() -> str:
    jobs = list(worlds.JOBS)
    rows = [["scenario", *jobs]]
    for scenario in sorted(RESULTS):
        line = [scenario]
        for job in jobs:
            outcomes = RESULTS[scenario].get(job, [])
            if not outcomes:
                line.append("-")
                continue
            counts: dict[str, int] = defaultdict(int)
            for o in outcomes:
                counts[o] += 1
            line.append(", ".join(f"{o} x{n}" if n > 1 else o for o, n in sorted(counts.items())))
        rows.append(line)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    legend = ("ok = end state equals the uninterrupted run's (sheets, drive, mail), no duplicates; "
              "'1 run' finished despite the fault; 'rerun' needed one normal re-run (the failed run is in "
              "run history); 'unconfirmed mail not re-sent' = a send cut off mid-way, at most once and "
              "reported; 're-sent copy' = the phone re-sent a stored photo (filing marks it duplicate); "
              "FAIL = a difference (see the test's message)")
    return "Fault matrix (scenario x job)\n" + "\n".join(lines) + "\n" + legend + "\n"


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    text = summary_table()
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text, encoding="utf-8")
    terminalreporter.write_sep("=", "fault matrix")
    terminalreporter.write(text)
    terminalreporter.write_line(f"(written to {ARTIFACT})")
