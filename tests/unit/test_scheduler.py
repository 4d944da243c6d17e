"""The scheduler: cron triggers in the org timezone across DST, late detection, and real runs
under a travelling clock (time-machine) through the same lock and history as manual triggers."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.schedulers.background import BackgroundScheduler

from turfbook.config import Config, ConfigError
from turfbook.history import OK, History
from turfbook.jobs import JobResult
from turfbook.jobs.registry import Registry, Runner
from turfbook.scheduler import build, job_health, previous_fire_times, triggers

NY = ZoneInfo("America/New_York")


def config_for(tmp_path, **schedule) -> Config:
    return Config(schedule={"check": "off", "overdue": "off", "filing": "off", "digest": "off", "field": "off",
                            **schedule},
                  data_dir=tmp_path)


def fires(trigger, start: datetime, count: int) -> list[datetime]:
    out, previous, now = [], None, start
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        out.append(fire)
        previous, now = fire, fire + timedelta(seconds=1)
    return out


def test_triggers_from_config_in_org_timezone(tmp_path):
    found = triggers(config_for(tmp_path, overdue="0 6 * * *", digest="0 7 * * MON"))
    assert set(found) == {"overdue", "digest"}
    first = found["digest"].get_next_fire_time(None, datetime(2026, 11, 18, tzinfo=NY))
    assert first == datetime(2026, 11, 23, 7, 0, tzinfo=NY) and first.weekday() == 0


def test_bad_cron_names_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"schedule.filing: 'every night'"):
        triggers(config_for(tmp_path, filing="every night"))


def test_daily_job_keeps_local_time_across_spring_forward(tmp_path):
    trigger = triggers(config_for(tmp_path, overdue="0 6 * * *"))["overdue"]
    times = fires(trigger, datetime(2026, 3, 6, 12, tzinfo=NY), 3)
    assert [t.astimezone(NY).hour for t in times] == [6, 6, 6]
    assert [t.astimezone(UTC).hour for t in times] == [11, 10, 10]   # EST, then EDT


def test_time_skipped_by_spring_forward_still_runs_that_night(tmp_path):
    trigger = triggers(config_for(tmp_path, filing="30 2 * * *"))["filing"]
    times = fires(trigger, datetime(2026, 3, 7, 12, tzinfo=NY), 3)
    assert times[0].astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT: 02:30 never came
    assert len({t.astimezone(NY).date() for t in times}) == 3       # one run per day, none lost


def test_repeated_hour_in_autumn_runs_once(tmp_path):
    trigger = triggers(config_for(tmp_path, filing="30 1 * * *"))["filing"]
    times = fires(trigger, datetime(2026, 10, 31, 12, tzinfo=NY), 3)
    assert [t.astimezone(NY).date().day for t in times] == [1, 2, 3]
    assert times[0].astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # the first 01:30 (EDT)


def test_previous_fire_times(tmp_path):
    trigger = triggers(config_for(tmp_path, digest="0 7 * * MON"))["digest"]
    now = datetime(2026, 11, 25, 12, tzinfo=NY)
    assert previous_fire_times(trigger, now) == [datetime(2026, 11, 23, 7, tzinfo=NY),
                                                 datetime(2026, 11, 16, 7, tzinfo=NY)]


def test_job_is_late_after_two_failed_periods(tmp_path):
    config = config_for(tmp_path, overdue="0 6 * * *")
    with time_machine.travel(datetime(2026, 11, 1, tzinfo=UTC), tick=False):
        history = History.for_config(config)
    day = lambda d, h: datetime(2026, 11, d, h, tzinfo=NY)  # noqa: E731
    run = history.start("overdue", "schedule", at=day(10, 6))
    history.finish(run, OK, at=day(10, 6))
    for d in (11, 12):
        run = history.start("overdue", "schedule", at=day(d, 6))
        history.finish(run, "error", error="boom", at=day(d, 6))
    [one_failure] = job_health(config, history, now=day(11, 12))
    assert not one_failure.late
    [two_failures] = job_health(config, history, now=day(12, 12))
    assert two_failures.late and "2 periods" in two_failures.reason
    assert two_failures.last_run.status == "error" and two_failures.last_success.started == day(10, 6)


def test_new_install_is_not_late(tmp_path):
    config = config_for(tmp_path, overdue="0 6 * * *")
    [health] = job_health(config, History.for_config(config))
    assert not health.late and health.last_run is None


class Recorder:
    """A stand-in job: records when it ran (real jobs are tested in their own suites)."""

    def __init__(self, hold: threading.Event | None = None):
        self.calls: list[datetime] = []
        self.started = threading.Event()
        self.hold = hold

    def __call__(self, workspace, **options):
        self.calls.append(datetime.now(UTC))
        self.started.set()
        if self.hold:
            assert self.hold.wait(20)
        return JobResult(job="overdue", counts={"flagged": 1})


def no_workspace(config):
    return None


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_scheduled_run_at_spring_forward_under_travelling_clock(tmp_path):
    config = config_for(tmp_path, overdue="0 3 * * *")
    job = Recorder()
    runner = Runner(config, Registry({"overdue": job}), connect=no_workspace)
    # 01:59:58 EST; two seconds later clocks jump to 03:00 EDT, which is when the job is due
    with time_machine.travel(datetime(2026, 3, 8, 6, 59, 58, tzinfo=UTC), tick=True):
        scheduler = build(config, runner, BackgroundScheduler)
        scheduler.start()
        try:
            assert wait_for(lambda: runner.history.last_success("overdue") is not None)
        finally:
            scheduler.shutdown(wait=True)
    assert len(job.calls) == 1
    assert abs(job.calls[0] - datetime(2026, 3, 8, 7, 0, tzinfo=UTC)) < timedelta(seconds=3)
    [run] = runner.history.recent()
    assert (run.job, run.trigger, run.status, run.counts) == ("overdue", "schedule", OK, {"flagged": 1})


def test_manual_trigger_refused_during_scheduled_run(tmp_path):
    from tests.support.web import bearer, make_app

    config = config_for(tmp_path, overdue="0 6 * * *")
    release = threading.Event()
    job = Recorder(hold=release)
    registry = Registry({"overdue": job})
    runner = Runner(config, registry, connect=no_workspace)
    app = make_app(config, jobs={"overdue": job})
    app.extensions["turfbook"].runner.connect = no_workspace
    client = app.test_client()
    with time_machine.travel(datetime(2026, 11, 20, 5, 59, 59, tzinfo=NY), tick=True):
        scheduler = build(config, runner, BackgroundScheduler)
        scheduler.start()
        try:
            assert job.started.wait(15)
            refused = client.post("/jobs/overdue/run", headers=bearer())
            assert refused.status_code == 409 and "already running" in refused.json["error"]
            release.set()
            assert wait_for(lambda: runner.history.last_success("overdue") is not None)
        finally:
            release.set()
            scheduler.shutdown(wait=True)
        accepted = client.post("/jobs/overdue/run?wait=1", headers=bearer())
    assert accepted.status_code == 200 and accepted.json["status"] == OK
    assert [(r.trigger, r.status) for r in runner.history.recent()] == [("manual", OK), ("schedule", OK)]
    assert len(job.calls) == 2


def test_runner_gives_the_cli_its_result_and_records_the_run(tmp_path):
    def crash(workspace, **options):
        raise ValueError("bad row")

    config = config_for(tmp_path)
    runner = Runner(config, Registry({"overdue": Recorder(), "filing": crash}), connect=no_workspace)
    run, result = runner.run_with_result("overdue", dry_run=False)
    assert (run.trigger, run.status, result.counts) == ("cli", OK, {"flagged": 1})
    run, result = runner.run_with_result("filing")
    assert result is None and run.status == "error" and run.error == "ValueError: bad row"
    assert not runner.is_running("filing")


def test_run_log_lines_are_structured(tmp_path, caplog):
    import json
    import logging

    from turfbook.commands.scheduler import JsonFormatter

    runner = Runner(config_for(tmp_path), Registry({"overdue": Recorder()}), connect=no_workspace)
    with caplog.at_level(logging.INFO, logger="turfbook.jobs"):
        runner.run("overdue", "schedule")
    [record] = [r for r in caplog.records if r.name == "turfbook.jobs"]
    assert record.getMessage().startswith("overdue OK in ")
    line = json.loads(JsonFormatter().format(record))
    assert line["run"]["job"] == "overdue" and line["run"]["status"] == OK and line["run"]["counts"] == {"flagged": 1}
