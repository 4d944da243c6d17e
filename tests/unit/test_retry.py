"""retry.execute: backoff with full jitter, Retry-After, deadline, no blind re-send of writes."""

from __future__ import annotations

import json

import httplib2
import pytest
from googleapiclient.errors import HttpError

from turfbook.workspace import retry


def http_error(status, reason=None, retry_after=None):
    headers = {"status": str(status)}
    if retry_after:
        headers["retry-after"] = str(retry_after)
    body = {"error": {"code": status, "message": "x", "errors": [{"reason": reason}] if reason else []}}
    return HttpError(httplib2.Response(headers), json.dumps(body).encode())


class Flaky:
    def __init__(self, *failures, result="ok"):
        self.failures = list(failures)
        self.calls = 0
        self.result = result
        self.__name__ = "flaky"

    def __call__(self):
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return self.result


def policy(sleeps):
    return retry.Policy(base=1, cap=8, deadline=100, sleep=sleeps.append, clock=lambda: 0.0)


def test_retries_429_and_5xx_then_succeeds_with_jittered_backoff():
    sleeps = []
    call = Flaky(http_error(429), http_error(503), http_error(500))
    log = retry.CallLog()
    assert retry.execute(call, policy=policy(sleeps), log=log) == "ok"
    assert call.calls == 4 and log.retries == 3 and log.calls["flaky"] == 4
    assert all(0 <= s <= cap for s, cap in zip(sleeps, [1, 2, 4], strict=True))


def test_honours_retry_after():
    sleeps = []
    retry.execute(Flaky(http_error(429, retry_after=7)), policy=policy(sleeps), log=retry.CallLog())
    assert sleeps == [7.0]


def test_403_rate_limit_is_retried_but_other_403_is_not():
    sleeps = []
    retry.execute(Flaky(http_error(403, "userRateLimitExceeded")), policy=policy(sleeps), log=retry.CallLog())
    with pytest.raises(HttpError):
        retry.execute(Flaky(http_error(403, "storageQuotaExceeded")), policy=policy(sleeps), log=retry.CallLog())


def test_400_is_not_retried():
    call = Flaky(http_error(400))
    with pytest.raises(HttpError):
        retry.execute(call, policy=policy([]), log=retry.CallLog())
    assert call.calls == 1


def test_gives_up_at_the_deadline():
    now = [0.0]
    p = retry.Policy(base=10, cap=10, deadline=15, sleep=lambda s: now.__setitem__(0, now[0] + s),
                     clock=lambda: now[0])
    call = Flaky(*[http_error(503, retry_after=10)] * 5)
    with pytest.raises(HttpError):
        retry.execute(call, policy=p, log=retry.CallLog())
    assert call.calls == 2


def test_dropped_connection_is_retried_for_reads_but_ambiguous_for_writes():
    assert retry.execute(Flaky(ConnectionResetError()), policy=policy([]), log=retry.CallLog()) == "ok"
    with pytest.raises(retry.AmbiguousWrite):
        retry.execute(Flaky(ConnectionResetError()), idempotent=False, policy=policy([]), log=retry.CallLog())
