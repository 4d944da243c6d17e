"""The one wiring point: config, clock, job registry, run history and runner, built once.

    core = bootstrap(config, today=None)        the CLI, the web app and the scheduler all start here
    core.runner.run("overdue", "cli")           every job run goes through it: lock, history, summary
    core.workspace()                            a Workspace (Google clients) for this thread

Tests call the same function with their own config (an emulator endpoint), registry or clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from turfbook.clock import Clock
from turfbook.config import Config
from turfbook.history import History
from turfbook.jobs.registry import Registry, Runner


@dataclass
class Core:
    config: Config
    clock: Clock
    registry: Registry
    history: History
    runner: Runner

    def workspace(self):
        """A new Workspace: httplib2 connections must not be shared between threads."""
        return self.runner.connect(self.config)


def bootstrap(config: Config | None = None, *, today: dt.date | None = None, registry: Registry | None = None,
              clock: Clock | None = None, connect: Callable[[Config], Any] | None = None,
              one_run: bool = False) -> Core:
    """`one_run`: this process runs one job and exits (`turfbook run`): no garbage collection after it."""
    if config is None:
        from turfbook import config as config_module

        config = config_module.load()
    clock = (clock or Clock.for_config(config)).on(today)
    registry = registry or Registry()
    history = History.for_config(config, clock)
    runner = Runner(config, registry, history, clock=clock, collect_after_run=not one_run,
                    **({"connect": connect} if connect else {}))
    return Core(config, clock, registry, history, runner)
