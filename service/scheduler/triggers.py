"""Cron triggers from `config.schedule`, in the organization's timezone, safe across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from turfbook.config import Config

DISABLED = {"", "off", "none", "never"}
LATE_AFTER_PERIODS = 2


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
            from turfbook.config import ConfigError

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
