"""One clock: business code takes "now" and "today" from turfbook.clock, never from the wall clock."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from turfbook.clock import Clock

SERVICE = Path(__file__).resolve().parents[2] / "service"
ALLOWED = {SERVICE / "clock.py"}
WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
              ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime")}
NY = ZoneInfo("America/New_York")


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, call) for each call that reads the wall clock: datetime.now(), dt.date.today(), time.time()…"""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in WALL_CLOCK:
                found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return found


def offenders(root: Path = SERVICE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        if path in ALLOWED:
            continue
        for line, call in wall_clock_reads(path.read_text(encoding="utf-8")):
            out.append(f"{path.relative_to(root.parent)}:{line}: {call}")
    return out


def test_no_wall_clock_outside_the_clock():
    found = offenders()
    assert not found, (
        "The wall clock is read outside service/clock.py:\n  " + "\n  ".join(found) + "\n"
        "Take the time from the clock instead: a job gets `clock` (turfbook.clock.Clock) from the runner — "
        "use clock.now() / clock.today() / clock.utcnow(); elsewhere take a Clock argument "
        "(Clock.for_config(config) where the caller builds it). Durations use time.monotonic().")


@pytest.mark.parametrize("line", ["datetime.now(tz)", "dt.datetime.now(dt.UTC)", "date.today()",
                                  "dt.date.today()", "time.time()", "datetime.datetime.utcnow()"])
def test_the_scan_finds_each_way_of_reading_the_wall_clock(line):
    assert wall_clock_reads(f"x = {line}\n"), line


def test_the_scan_names_a_job_that_reads_the_wall_clock(tmp_path):
    job = tmp_path / "service" / "jobs" / "late.py"
    job.parent.mkdir(parents=True)
    job.write_text("import datetime\n\ndef run(ws):\n    return datetime.datetime.now()\n")
    assert offenders(tmp_path / "service") == ["service/jobs/late.py:4: datetime.now()"]


def test_monotonic_durations_are_fine():
    assert wall_clock_reads("import time\nstarted = time.monotonic()\n") == []


def test_a_pinned_clock_keeps_its_day_and_the_time_of_day_runs():
    clock = Clock(NY, dt.date(2028, 2, 29))
    with time_machine.travel(dt.datetime(2026, 12, 6, 15, 4, 5, tzinfo=NY), tick=False):
        assert clock.today() == dt.date(2028, 2, 29)
        assert clock.now() == dt.datetime(2028, 2, 29, 15, 4, 5, tzinfo=NY)
        assert clock.utcnow() == dt.datetime(2028, 2, 29, 20, 4, 5, tzinfo=dt.UTC)


def test_today_is_the_org_timezone_date_not_utc():
    with time_machine.travel(dt.datetime(2027, 1, 1, 4, 30, tzinfo=dt.UTC), tick=False):
        assert Clock(NY).today() == dt.date(2026, 12, 31)
        assert Clock(dt.UTC).today() == dt.date(2027, 1, 1)
        assert Clock(NY).in_tz(ZoneInfo("Europe/Madrid")).today() == dt.date(2027, 1, 1)


def test_on_pins_and_none_leaves_the_clock_alone():
    clock = Clock(NY)
    assert clock.on(None) is clock
    assert clock.on(dt.date(2027, 3, 14)).today() == dt.date(2027, 3, 14)
