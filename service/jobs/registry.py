"""Which jobs exist, and running one safely: under its cross-process lock, recorded in history.

Job modules are imported when a job first runs (starting the CLI stays fast), and one that fails to
import makes only that job unavailable. The CLI, the scheduler, the web app's manual trigger and the
Drive webhook all run jobs through `Runner`, so "one run at a time" and "every run recorded" hold
everywhere.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from turfbook.clock import Clock
from turfbook.config import Config
from turfbook.history import ERROR, FAILED, OK, History, Run
from turfbook.locks import JobLock, JobRunning

log = logging.getLogger("turfbook.jobs")

JOB_MODULES: dict[str, str] = {
    "check": "turfbook.jobs.check",       # `sheets check` nightly: IDs, Problems, adopted rows' stored keys
    "overdue": "turfbook.jobs.overdue",
    "filing": "turfbook.jobs.filing",
    "digest": "turfbook.jobs.digest",
    "chart": "turfbook.jobs.digest:run_chart",
    "field": "turfbook.jobs.field_log",
}

JobFn = Callable[..., Any]


class JobUnavailable(Exception):
    """Unknown job name, or its module is missing or broken."""

    def __init__(self, name: str, reason: str, known: bool = True):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason, self.known = name, reason, known


class Registry:
    """Job name → "module" (whose `run` is used), "module:function", or a callable."""

    def __init__(self, jobs: dict[str, str | JobFn] | None = None):
        self.jobs = dict(JOB_MODULES if jobs is None else jobs)

    def names(self) -> list[str]:
        return list(self.jobs)

    def get(self, name: str) -> JobFn:
        target = self.jobs.get(name)
        if target is None:
            raise JobUnavailable(name, f"no such job (known: {', '.join(self.jobs)})", known=False)
        if callable(target):
            return target
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # a broken job module must not take the others down
            raise JobUnavailable(name, f"cannot import {module_name}: {type(exc).__name__}: {exc}") from None
        fn = getattr(module, attr or "run", None)
        if not callable(fn):
            raise JobUnavailable(name, f"{module_name} has no {attr or 'run'}()")
        return fn

    def status(self) -> dict[str, str | None]:
        """Job name → None when runnable, else why not."""
        out: dict[str, str | None] = {}
        for name in self.jobs:
            try:
                self.get(name)
                out[name] = None
            except JobUnavailable as exc:
                out[name] = exc.reason
        return out


def describe(exc: Exception, config: Config) -> str:
    """An error in plain words: Google's named by what to fix, others as `Type: message`."""
    from turfbook.workspace.errors import plain

    said = plain(exc, config)
    return said.message if said else f"{type(exc).__name__}: {exc}"


def _connect(config: Config):
    """The jobs' Workspace; an adopted workbook (DATA_DIR/adoption.yaml, `turfbook sheets adopt`) is read
    through its layout (schema/adopt_read.py)."""
    from turfbook.schema.adopt_view import view_for
    from turfbook.workspace import connect

    workspace = connect(config)
    workspace.sheets_view = view_for(config)
    return workspace


@dataclass
class Runner:
    config: Config
    registry: Registry = field(default_factory=Registry)
    history: History | None = None
    connect: Callable[[Config], Any] = _connect
    clock: Clock | None = None          # every run's time (None: the org's real clock)
    # a process that runs jobs for months (scheduler, web app, demo) frees a run's garbage at its end;
    # a process that runs one job and exits (`turfbook run`) leaves it to the exit
    collect_after_run: bool = True

    def __post_init__(self) -> None:
        if self.clock is None:
            self.clock = Clock.for_config(self.config)
        if self.history is None:
            self.history = History.for_config(self.config, self.clock)

    def lock(self, name: str) -> JobLock:
        return JobLock.for_config(self.config, name)

    def is_running(self, name: str) -> bool:
        return self.lock(name).is_locked()

    def begin(self, name: str, trigger: str) -> tuple[JobFn, JobLock, int]:
        """Resolve the job, take its lock and open its history row; raises JobUnavailable or JobRunning."""
        fn = self.registry.get(name)
        lock = self.lock(name)
        if not lock.acquire():
            raise JobRunning(name)
        try:
            self.history.interrupt_stale(name)
            run_id = self.history.start(name, trigger)
        except BaseException:
            lock.release()
            raise
        return fn, lock, run_id

    def execute(self, name: str, trigger: str, fn: JobFn, lock: JobLock, run_id: int, **options) -> Run:
        """Run a begun job to the end; never raises for a job failure (it is recorded instead)."""
        return self._execute(name, trigger, fn, lock, run_id, **options)[0]

    def _execute(self, name: str, trigger: str, fn: JobFn, lock: JobLock, run_id: int, **options):
        started = time.monotonic()
        status, counts, error, result, raised = ERROR, {}, None, None, None
        try:
            result = fn(self.connect(self.config), **{"clock": self.clock, **options})
            counts = dict(getattr(result, "counts", None) or {})
            problems = getattr(result, "problems", None)
            if problems:
                counts.setdefault("problems", len(problems))
            status = OK if getattr(result, "ok", True) else FAILED
            if status == FAILED:
                error = (getattr(result, "summary", "") or "the job reported a failure").strip()
        except Exception as exc:
            raised, error = exc, describe(exc, self.config)
            log.debug("%s failed:\n%s", name, traceback.format_exc())
        finally:
            seconds = time.monotonic() - started
            self.history.finish(run_id, status, counts, error)
            lock.release()
            # A run leaves tens of MB of cyclic garbage (API clients built from discovery documents,
            # a failed call's traceback and the frames it holds); CPython's full collections come only
            # when the oldest generation grew by a quarter, so a scheduler running jobs for months held
            # ever more of it (issue #14). One full collection per run frees it now (30-50 ms of a
            # job's CPU, so not in a process that is about to exit anyway).
            if self.collect_after_run:
                gc.collect()
        shown = " ".join(f"{k}={v}" for k, v in counts.items())
        fields = {"run": {"id": run_id, "job": name, "trigger": trigger, "status": status,
                          "seconds": round(seconds, 3), "counts": counts, "error": error}}
        if status == OK:
            log.info("%s OK in %.2f s (run %d, %s) %s", name, seconds, run_id, trigger, shown, extra=fields)
        else:
            log.error("%s %s in %.2f s (run %d, %s): %s", name, status, seconds, run_id, trigger, error,
                      extra=fields)
        return self.history.get(run_id), result, raised

    def run(self, name: str, trigger: str, **options) -> Run:
        """Run now in this thread; raises JobRunning / JobUnavailable before anything starts."""
        fn, lock, run_id = self.begin(name, trigger)
        return self.execute(name, trigger, fn, lock, run_id, **options)

    def run_with_result(self, name: str, trigger: str = "cli", **options) -> tuple[Run, Any]:
        """Like run(), also giving the JobResult (None if the job raised)."""
        return self.run_reporting(name, trigger, **options)[:2]

    def run_reporting(self, name: str, trigger: str = "cli", **options) -> tuple[Run, Any, Exception | None]:
        """For `turfbook run <job>`: (run, JobResult or None, the exception the job raised or None)."""
        fn, lock, run_id = self.begin(name, trigger)
        return self._execute(name, trigger, fn, lock, run_id, **options)

    def run_in_background(self, name: str, trigger: str, **options) -> int:
        """Take the lock here (so a refusal is immediate), run in a thread; returns the run id."""
        fn, lock, run_id = self.begin(name, trigger)
        thread = threading.Thread(target=self.execute, args=(name, trigger, fn, lock, run_id), kwargs=options,
                                  name=f"job-{name}-{run_id}", daemon=True)
        thread.start()
        return run_id
