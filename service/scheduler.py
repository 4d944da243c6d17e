"""`turfbook scheduler`: the one process that runs jobs on time (never inside gunicorn workers).

APScheduler 3.x with cron triggers from `config.schedule` in the organization's timezone,
`coalesce=True` (a backlog of missed runs becomes one run), `max_instances=1`, and an explicit
misfire grace. The cross-process job lock (service.locks) keeps manual and webhook runs from
overlapping scheduled ones. A failed run is simply retried at the next tick; `job_health` reports a
job that has not succeeded for two periods (shown by /healthz and the director digest).
A short poll reads the Drive change log after a push reached the webhook and runs requested jobs
(service.jobs.filing_changes, History.request), and the Drive push channel feeding that webhook is
reopened here before it expires (DriveWatch).
"""

from __future__ import annotations

import logging
import signal
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from service.clock import Clock
from service.config import Config
from service.history import DRIVE_LOG, History, Run
from service.jobs.registry import JobUnavailable, Runner
from service.locks import JobRunning

log = logging.getLogger("turfbook.scheduler")

MISFIRE_GRACE_SECONDS = 3600      # a run up to an hour late (host asleep, restart) still happens, once
REQUEST_POLL_SECONDS = 10         # how often requested (webhook) runs are looked for
LATE_AFTER_PERIODS = 2
STOP_POLL_SECONDS = 0.2          # how quickly a SIGTERM is noticed
DISABLED = {"", "off", "none", "never"}
WATCH_LIFETIME = timedelta(hours=24)   # Drive allows up to a week for changes channels
WATCH_RENEW = timedelta(hours=12)     # reopen when less than this is left
WATCH_CHECK = timedelta(minutes=5)    # how often the channel is looked at


class LocalCronTrigger(CronTrigger):
    """Cron in local wall-clock time that fires once per wall-clock time.

    In spring a time that does not exist (02:30 on the night clocks go forward) fires an hour later;
    in autumn the repeated hour would make APScheduler fire twice, so the second pass is skipped.
    """

    def get_next_fire_time(self, previous_fire_time, now):
        fire = super().get_next_fire_time(previous_fire_time, now)
        while fire is not None and fire.fold == 1 and fire.replace(fold=0).utcoffset() != fire.utcoffset():
            after = (fire.astimezone(UTC) + timedelta(seconds=1)).astimezone(fire.tzinfo)
            fire = super().get_next_fire_time(fire, after)
        return fire


def triggers(config: Config) -> dict[str, LocalCronTrigger]:
    """Job name → trigger for every job with a schedule (a schedule of "off" disables a job)."""
    out = {}
    for name, expression in config.schedule.model_dump().items():
        if expression is None or str(expression).strip().lower() in DISABLED:
            continue
        try:
            out[name] = LocalCronTrigger.from_crontab(str(expression), timezone=config.tz)
        except ValueError as exc:
            from service.config import ConfigError

            raise ConfigError(f"schedule.{name}: '{expression}' is not a cron expression ({exc})") from None
    return out


def previous_fire_times(trigger: CronTrigger, now: datetime, count: int = LATE_AFTER_PERIODS) -> list[datetime]:
    """The last `count` fire times at or before `now`, most recent first."""
    window = timedelta(days=2)
    while window < timedelta(days=800):
        fires, previous = [], None
        moment = now - window
        while True:
            fire = trigger.get_next_fire_time(previous, moment)
            if fire is None or fire > now:
                break
            fires.append(fire)
            previous, moment = fire, fire + timedelta(seconds=1)
        if len(fires) >= count:
            return fires[::-1][:count]
        window *= 4
    return []


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


def run_scheduled(runner: Runner, name: str, trigger: str = "schedule") -> Run | None:
    try:
        return runner.run(name, trigger)
    except JobRunning:
        log.warning("%s skipped (%s): already running", name, trigger)
    except JobUnavailable as exc:
        log.error("%s skipped (%s): %s", name, trigger, exc.reason)
    return None


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


class DriveWatch:
    """Keeps a Drive push channel (changes.watch on the shared drive) pointed at the web app's
    /webhooks/drive, reopening it before it expires; the webhook then requests a filing run."""

    def __init__(self, config: Config, token: str, clock: Clock | None = None, history: History | None = None):
        self.config, self.token, self.history = config, token, history
        self.clock = clock or Clock.for_config(config)
        self.channel: dict | None = None
        self.expires: datetime | None = None

    def maintain(self) -> None:
        """Called every WATCH_CHECK: open the channel if there is none (e.g. the shared drive did not
        exist yet), or reopen it when it is within WATCH_RENEW of expiring."""
        if self.channel is None or self.expires is None or self.expires - self.clock.utcnow() < WATCH_RENEW:
            self.renew()

    @property
    def address(self) -> str:
        return self.config.web.base_url.rstrip("/") + "/webhooks/drive"

    def renew(self) -> dict | None:
        from service.workspace import connect
        from service.workspace.drive import Drive

        if not self.address.startswith("https://") and not self.config.google.endpoint:
            log.warning("Drive push is off: Google only calls HTTPS addresses (web.base_url is %s)",
                        self.config.web.base_url)
            return None
        drive = Drive(connect(self.config))
        expires = self.clock.utcnow() + WATCH_LIFETIME
        try:
            opened = drive.watch_changes(self.address, self.token, f"turfbook-{uuid.uuid4()}",
                                         int(expires.timestamp() * 1000))
        except Exception as exc:
            log.error("Drive push channel could not be opened: %s: %s", type(exc).__name__, exc)
            return None
        if self.history is not None and self.history.page_token(DRIVE_LOG) is None:
            self.history.save_page_token(DRIVE_LOG, opened["startPageToken"])   # the change log starts here
        previous, self.channel = self.channel, opened
        self.expires = expires
        if previous:
            try:
                drive.stop_channel(previous["id"], previous["resourceId"])
            except Exception as exc:  # it expires on its own anyway
                log.info("old Drive channel %s not stopped: %s", previous["id"], exc)
        log.info("Drive push channel %s open until %s -> %s", opened["id"], expires.isoformat(timespec="minutes"),
                 self.address)
        return opened


def build(config: Config, runner: Runner | None = None, scheduler_class=BlockingScheduler,
          channel_token: str | None = None):
    runner = runner or Runner(config)
    scheduler = scheduler_class(timezone=config.tz, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS})
    for name, trigger in triggers(config).items():
        scheduler.add_job(run_scheduled, trigger, args=(runner, name), id=name, name=name)
    changes = None
    if channel_token:
        from service.jobs.filing_changes import InboxChanges

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
    from service.bootstrap import bootstrap
    from service.config import secret

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
