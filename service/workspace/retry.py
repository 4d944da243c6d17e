"""Retries for Google calls: exponential backoff with full jitter, a cap and a deadline.

Retries 429, 5xx, 403 rate-limit reasons and dropped connections, honouring Retry-After.
A call marked non-idempotent is not re-sent after a dropped connection (the write may have
landed); its caller reconciles instead (e.g. by checking which IDs arrived).
"""

from __future__ import annotations

import json
import random
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httplib2
from googleapiclient.errors import HttpError

from turfbook.workspace.errors import translate

RETRY_STATUSES = {429, 500, 502, 503, 504}
RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}
CONNECTION_ERRORS = (ConnectionError, socket.timeout, TimeoutError, httplib2.HttpLib2Error, OSError)


REFUSED_ATTEMPTS = 3   # a refused connection is tried this many times, not for the whole deadline


def refused(exc: BaseException) -> bool:
    """The connection was refused (no request was sent, so nothing can have landed)."""
    return isinstance(exc, ConnectionRefusedError) or "connection refused" in str(exc).lower()


class AmbiguousWrite(Exception):
    """The connection dropped during a non-idempotent write: it may or may not have landed."""


@dataclass
class Policy:
    base: float = 1.0
    cap: float = 32.0
    deadline: float = 300.0
    max_attempts: int = 12
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


@dataclass
class CallLog:
    """Every Google call the process made, by discovery method id."""

    calls: Counter = field(default_factory=Counter)
    retries: int = 0

    @property
    def total(self) -> int:
        return sum(self.calls.values())


DEFAULT_POLICY = Policy()
CALLS = CallLog()


def execute(request, *, idempotent: bool = True, policy: Policy | None = None, log: CallLog = CALLS) -> Any:
    """Execute a googleapiclient HttpRequest (or any zero-argument callable) with retries."""
    policy = policy or DEFAULT_POLICY
    name = getattr(request, "methodId", None) or getattr(request, "__name__", "call")
    run = request.execute if hasattr(request, "execute") else request
    started = policy.clock()
    attempt = 0
    while True:
        attempt += 1
        log.calls[name] += 1
        try:
            return run()
        except HttpError as exc:
            if not is_retryable(exc):
                raise translate(exc) from exc
            wait = retry_after(exc)
            error: Exception = exc
        except CONNECTION_ERRORS as exc:
            if refused(exc) and attempt >= REFUSED_ATTEMPTS:
                raise   # nobody listens there (a stopped emulator, a wrong port): minutes of backoff help no one
            if not idempotent and not refused(exc):   # refused: nothing was sent, so nothing can have landed
                raise AmbiguousWrite(f"{name}: connection lost during a write ({exc})") from exc
            wait, error = None, exc
        delay = wait if wait is not None else random.uniform(0, min(policy.cap, policy.base * 2 ** (attempt - 1)))
        if attempt >= policy.max_attempts or policy.clock() - started + delay > policy.deadline:
            if isinstance(error, HttpError):
                raise translate(error) from error
            raise error
        log.retries += 1
        policy.sleep(delay)


def is_retryable(exc: HttpError) -> bool:
    status = exc.resp.status
    if status in RETRY_STATUSES:
        return True
    return status == 403 and bool(reasons(exc) & RATE_LIMIT_REASONS)


def reasons(exc: HttpError) -> set[str]:
    try:
        body = json.loads(exc.content or b"{}")
    except ValueError:
        return set()
    return {e.get("reason", "") for e in body.get("error", {}).get("errors", [])}


def retry_after(exc: HttpError) -> float | None:
    value = exc.resp.get("retry-after")
    try:
        return min(float(value), 64.0) if value else None
    except ValueError:
        return None
