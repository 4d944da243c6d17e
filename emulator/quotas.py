"""Per-minute request quotas like Google's defaults, over a sliding 60-second window.

Sheets: 60 read and 60 write requests per minute per user, 300 each per project.
Drive: 12,000 requests per minute per user. Gmail: 15,000 quota units per minute per user
(messages.send costs 100). A scale factor multiplies every limit; 0 turns quotas off.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque

from turfbook_emulator.errors import ApiError

WINDOW_SECONDS = 60.0
LIMITS = {
    # (api, kind, scope) -> requests per minute
    ("sheets", "read", "user"): 60,
    ("sheets", "write", "user"): 60,
    ("sheets", "read", "project"): 300,
    ("sheets", "write", "project"): 300,
    ("drive", "any", "user"): 12_000,
    ("gmail", "any", "user"): 150,
}
METRIC_NAMES = {"read": "Read requests", "write": "Write requests", "any": "Queries"}
SERVICE_HOSTS = {"sheets": "sheets.googleapis.com", "drive": "drive.googleapis.com", "gmail": "gmail.googleapis.com"}


class Quotas:
    def __init__(self, scale: float = 1.0, clock=time.monotonic):
        self.scale = scale
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple, deque] = defaultdict(deque)

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()

    def charge(self, api: str, http_method: str, user: str, project: str = "turfbook-emulator") -> None:
        """Count one request, or raise Google's 429 if a limit is already used up."""
        if self.scale <= 0:
            return
        kind = "read" if http_method == "GET" else "write"
        checks = []
        for (limit_api, limit_kind, scope), per_minute in LIMITS.items():
            if limit_api != api or limit_kind not in (kind, "any"):
                continue
            limit = max(1, math.floor(per_minute * self.scale))
            key = (limit_api, limit_kind, scope, user if scope == "user" else project)
            checks.append((key, limit, limit_kind, scope))
        now = self.clock()
        with self._lock:
            for key, limit, limit_kind, scope in checks:
                window = self._windows[key]
                while window and now - window[0] >= WINDOW_SECONDS:
                    window.popleft()
                if len(window) >= limit:
                    retry_after = max(1, math.ceil(WINDOW_SECONDS - (now - window[0])))
                    raise _exhausted(api, limit_kind, scope, retry_after)
            for key, *_ in checks:
                self._windows[key].append(now)


def _exhausted(api: str, kind: str, scope: str, retry_after: int) -> ApiError:
    metric = METRIC_NAMES[kind]
    per = "per user" if scope == "user" else ""
    service = SERVICE_HOSTS[api]
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{metric} per minute {per}'"
        f" of service '{service}' for consumer 'project_number:000000000000'."
    ).replace("  ", " ").replace(" '", " '")
    reason = "rateLimitExceeded" if scope == "user" else "userRateLimitExceeded"
    return ApiError(
        429,
        message,
        reason=reason,
        details=[{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {"service": service, "quota_metric": f"{service}/{kind}_requests",
                         "quota_limit": f"{kind.capitalize()}RequestsPerMinutePer{scope.capitalize()}"},
        }],
        headers={"Retry-After": str(retry_after)},
    )
