"""The fault matrix: every job (sheets init, overdue, filing, digest, upload) x Google's failure modes.

Scenarios (faults injected through the emulator's control plane, never by mocking our code):
- storm429     the first 10 calls of every method answer 429 (a burst of rate limiting that every
               call of the job runs into); retries wait milliseconds (a fast retry Policy).
- 5xx          three 500s at the start, three 503s half-way through the run.
- drop-before:M / drop-after:M
               the connection to the first call of write method M closes before the server applies
               it / after it applied it (the "saved, but the client timed out" case), retries on.
- crash-before@K / crash-after@K
               the job dies at call K (0-based, counted over an uninterrupted run): its connection
               closes before the server applies it (before) or after (after), and every later call
               is refused, so nothing more lands. No retries (max_attempts=1). Then the job is re-run
               normally, two hours later (past the filing run lock's expiry).

Every scenario ends in the same assertion: the normalised end state (all tabs' values and structure,
the shared drive's tree with names, parents and appProperties, every mail sent) equals the state after
one uninterrupted run (see worlds.py for what is normalised), with no duplicated rows, files or
mail; and a run that failed is recorded as failed in the run history (jobs run through Runner).
One accepted difference: a digest whose Gmail send was cut off mid-way may or may not have been
delivered; Gmail cannot be asked (gmail.send scope only), so it is never sent twice, and is listed
as unconfirmed in the run's summary. Such mail counts as sent when present in the ledger's pending
table, and the table says "N unconfirmed mail not re-sent".

Unmarked: 429 storm, 5xx bursts, drop before/after on each job's main write, and one crash point
per job. `@pytest.mark.slow` (make test-slow): drop before/after on every write method, and a crash
before and after every call of an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
import time_machine

from tests.faults import worlds
from tests.faults.conftest import record

JOBS = list(worlds.JOBS)
MAIN_WRITE = {"init": "sheets.spreadsheets.batchUpdate", "overdue": "sheets.spreadsheets.values.batchUpdate",
              "filing": "drive.files.update", "digest": "gmail.users.messages.send",
              "upload": "drive.files.create"}
FOREVER = 1_000_000
# The slow cases loop over every write method or every call (~50 scenarios a job, each a world built and
# run twice): far past pytest-timeout's 300 s a test on a busy shared machine, without being stuck.
LOOP_TIMEOUT = 1800


def crash(at: int, when: str) -> list[dict]:
    """Faults that kill the job at call `at`: its connection closes before the server applies it
    ("before") or after ("after"); every later call is refused (503), so nothing more lands."""
    return [{"method": "*", "drop": when, "count": 1, "after_calls": at},
            {"method": "*", "status": 503, "count": FOREVER, "after_calls": at}]


def attempt(job: worlds.Job, emulator, config, ref, faults: list[dict], *, crashing: bool) -> tuple[str, list[str]]:
    """Build a world, run the job under `faults`, re-run it normally if it did not finish, compare.
    Returns (outcome for the table, problems)."""
    world = job.new(config)
    for fault in faults:
        emulator.fault(**fault)
    # A crashed run happened two hours before its re-run (the next scheduled one): past the filing
    # run lock's one-hour expiry, which a dead process cannot release.
    ws = worlds.workspace(world.config, worlds.fast_policy(1 if crashing else 12), warm=crashing)
    earlier = time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(hours=2), tick=True)
    with earlier if crashing else contextlib.nullcontext():
        first = job.run(world, ws)
    emulator.clear_faults()
    problems: list[str] = []
    outcome = "ok (1 run)"
    if not first.finished:
        if first.history is not None and first.history not in ("error", "failed"):
            problems.append(f"the failed run is recorded as {first.history!r} in the run history")
        second = job.run(world, worlds.workspace(world.config))
        if not second.finished:
            problems.append(f"the re-run failed too: {second.detail}")
        outcome = "ok (rerun)"
    state = worlds.snapshot(world, emulator)
    unconfirmed = job.unconfirmed(world)
    if unconfirmed:               # mail cut off mid-send: at most once, reported (see DigestJob)
        missing = ref.state["mail"] - state["mail"]
        state["mail"].update(m for m in missing if m[1] in unconfirmed)
        outcome += f", {len(unconfirmed)} unconfirmed mail not re-sent"
    found = worlds.diff(ref.state, state) + [f"duplicate: {d}" for d in worlds.duplicates(state)]
    resent = job.resent_copies(ref.state, state)
    if resent:                    # the phone re-sent a photo whose answer it never got (see UploadJob)
        found = [p for p in found
                 if p != "drive: same entries, different counts" and not p.startswith("duplicate: file")]
        outcome += f", {resent} re-sent copy in the inbox"
    problems += found
    if problems:
        outcome = "FAIL"
    return outcome, problems


def check(scenario: str, name: str, emulator, config, reference, faults: list[dict], *, crashing: bool = False,
          table_row: str | None = None) -> list[str]:
    job = worlds.JOBS[name]
    ref = reference(job)
    emulator.reset()
    outcome, problems = attempt(job, emulator, config, ref, faults, crashing=crashing)
    record(table_row or scenario, name, outcome)
    return [f"{scenario}: {p}" for p in problems]


@pytest.mark.parametrize("name", JOBS)
def test_reference_run_is_idempotent(name, emulator, config, reference):
    """The baseline every scenario is compared with: one run, and a second run changes nothing."""
    job = worlds.JOBS[name]
    ref = reference(job)
    emulator.reset()
    world = job.new(config)
    assert job.run(world, worlds.workspace(world.config)).finished
    assert job.run(world, worlds.workspace(world.config)).finished
    state = worlds.snapshot(world, emulator)
    assert worlds.diff(ref.state, state) == []
    assert worlds.duplicates(state) == []
    record("clean (run twice)", name, "ok")


@pytest.mark.parametrize("name", JOBS)
def test_429_storm(name, emulator, config, reference):
    assert check("429 storm", name, emulator, config, reference,
                 [{"method": "*", "status": 429, "count": 10}]) == []


@pytest.mark.parametrize("name", JOBS)
def test_5xx_bursts(name, emulator, config, reference):
    half = reference(worlds.JOBS[name]).calls // 2
    assert check("500/503 bursts", name, emulator, config, reference,
                 [{"method": "*", "status": 500, "count": 3},
                  {"method": "*", "status": 503, "count": 3, "after_calls": half}]) == []


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("name", JOBS)
def test_dropped_connection_on_the_main_write(name, when, emulator, config, reference):
    method = MAIN_WRITE[name]
    assert check(f"drop-{when} (main write)", name, emulator, config, reference,
                 [{"method": method, "drop": when, "count": 1}]) == []


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("name", JOBS)
def test_crash_half_way_then_rerun(name, when, emulator, config, reference):
    half = reference(worlds.JOBS[name]).calls // 2
    assert check(f"crash-{when} (half-way)", name, emulator, config, reference, crash(half, when),
                 crashing=True) == []


@pytest.mark.slow
@pytest.mark.timeout(LOOP_TIMEOUT)
@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("name", JOBS)
def test_dropped_connection_on_every_write_method(name, when, emulator, config, reference):
    failures = []
    for method in reference(worlds.JOBS[name]).write_methods:
        failures += check(f"drop-{when}:{method}", name, emulator, config, reference,
                          [{"method": method, "drop": when, "count": 1}], table_row=f"drop-{when} (each write method)")
    assert failures == []


@pytest.mark.slow
@pytest.mark.timeout(LOOP_TIMEOUT)
@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("name", JOBS)
def test_crash_at_every_step_then_rerun(name, when, emulator, config, reference):
    failures = []
    for at in range(reference(worlds.JOBS[name]).calls):
        failures += check(f"crash-{when}@{at}", name, emulator, config, reference, crash(at, when), crashing=True,
                          table_row=f"crash-{when} (every step)")
    assert failures == []
