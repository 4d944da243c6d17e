"""What `turfbook check` runs: each subsystem registers a function returning its problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from turfbook.config import Config

CHECKS: list[tuple[str, Callable[[Config], list[str]]]] = []


def check(name: str):
    """Register fn(config) -> list of problem strings (empty when all is well)."""
    def register(fn):
        CHECKS.append((name, fn))
        return fn
    return register


def run_all(config: Config) -> dict[str, list[str]]:
    results = {}
    for name, fn in CHECKS:
        try:
            results[name] = fn(config)
        except Exception as exc:  # a check that crashes is itself a problem to report
            results[name] = [f"{type(exc).__name__}: {exc}"]
    return results
