"""`turfbook scheduler`: the one process that runs jobs on time (never inside gunicorn workers).

APScheduler 3.x with cron triggers from `config.schedule` in the organization's timezone,
`coalesce=True` (a backlog of missed runs becomes one run), `max_instances=1`, and an explicit
misfire grace. The cross-process job lock (turfbook.locks) keeps manual and webhook runs from
overlapping scheduled ones. A failed run is simply retried at the next tick; `job_health` reports a
job that has not succeeded for two periods (shown by /healthz and the director digest).
A short poll reads the Drive change log after a push reached the webhook and runs requested jobs
(turfbook.jobs.filing_changes, History.request), and the Drive push channel feeding that webhook is
reopened here before it expires (DriveWatch).
"""

from __future__ import annotations

import logging
import signal
import time

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from turfbook.config import Config
from turfbook.history import Run
from turfbook.jobs.registry import JobUnavailable, Runner
from turfbook.locks import JobRunning
from turfbook.scheduler.drive_watch import WATCH_CHECK, DriveWatch
from turfbook.scheduler.health import JobHealth, job_health  # noqa: F401 - the web app's
from turfbook.scheduler.triggers import LocalCronTrigger, previous_fire_times, triggers  # noqa: F401

log = logging.getLogger("turfbook.scheduler")

MISFIRE_GRACE_SECONDS = 3600      # a run up to an hour late (host asleep, restart) still happens, once
REQUEST_POLL_SECONDS = 10         # how often requested (webhook) runs are looked for
STOP_POLL_SECONDS = 0.2          # how quickly a SIGTERM is noticed


def run_scheduled(runner: Runner, name: str, trigger: str = "schedule") -> Run | None:
    try:
        return runner.run(name, trigger)
    except JobRunning:
        log.warning("%s skipped (%s): already running", name, trigger)
    except JobUnavailable as exc:
        log.error("%s skipped (%s): %s", name, trigger, exc.reason)
    return None


def run_field(runner: Runner, name: str = "field", trigger: str = "schedule") -> Run | None:
    """The field coalescer (#20) ticks every minute, but runs (and makes a run history row) only when
    phones have sent something: an empty queue costs one sqlite query and no call to Google."""
    from turfbook.field.queue import FieldQueue

    queue = FieldQueue.for_config(runner.config)
    try:
        if not queue.waiting(1):
            return None
    finally:
        queue.close()
    return run_scheduled(runner, name, trigger)


def poll(runner: Runner, changes=None) -> None:
    """Every REQUEST_POLL_SECONDS: read the Drive change log if a push came (never while filing runs:
    its own changes are settled once it ends, and an upload it filed then shows as handled), then
    run what is due."""
    if changes is not None and not runner.is_running("filing"):
        changes.check()
    run_requested(runner)


def run_requested(runner: Runner) -> None:
    """Run jobs whose debounced request (from the Drive change log) is due."""
    for name in runner.registry.names():
        due = runner.history.pending_request(name)
        if due is None or due > runner.clock.utcnow() or runner.is_running(name):
            continue  # a request made during a run stays pending, so the new files get their own run
        if runner.history.take_request(name):
            run_scheduled(runner, name, "webhook")


def build(config: Config, runner: Runner | None = None, scheduler_class=BlockingScheduler,
          channel_token: str | None = None):
    runner = runner or Runner(config)
    scheduler = scheduler_class(timezone=config.tz, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS})
    for name, trigger in triggers(config).items():
        job = run_field if name == "field" else run_scheduled
        scheduler.add_job(job, trigger, args=(runner, name), id=name, name=name)
    changes = None
    if channel_token:
        from turfbook.jobs.filing_changes import InboxChanges

        changes = InboxChanges(config, runner.history, runner.connect)
    scheduler.add_job(poll, "interval", seconds=REQUEST_POLL_SECONDS, args=(runner, changes),
                      id="_requested", name="requested runs")
    if channel_token:
        watch = DriveWatch(config, channel_token, runner.clock, runner.history)
        scheduler.add_job(watch.maintain, "interval", seconds=WATCH_CHECK.total_seconds(), id="_drive_watch",
                          name="Drive push channel", next_run_time=runner.clock.now())
    return scheduler


def serve(config: Config) -> int:
    """Run until SIGTERM/SIGINT; a running job is allowed to finish first.

    The signal handler only records the signal: taking a lock there (logging, Event.set,
    scheduler.shutdown) deadlocks when the signal lands while the main thread holds that lock.
    """
    from turfbook.bootstrap import bootstrap
    from turfbook.config import secret

    scheduler = build(config, bootstrap(config).runner, scheduler_class=BackgroundScheduler,
                      channel_token=secret("DRIVE_CHANNEL_TOKEN"))
    received: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    for job in scheduler.get_jobs():
        if not job.id.startswith("_"):
            log.info("%s scheduled '%s' (%s)", job.id, getattr(config.schedule, job.id), config.organization.timezone)
    scheduler.start()
    while not received:
        time.sleep(STOP_POLL_SECONDS)
    log.info("received %s: waiting for running jobs, then stopping", signal.Signals(received[0]).name)
    scheduler.shutdown(wait=True)
    log.info("scheduler stopped")
    return 0
