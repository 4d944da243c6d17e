"""The `ids` lock: whoever numbers rows holds it — `sheets check` (and init), the field job, and filing while it
gives new Media rows their IDs — so one number is never given twice (a23f: filing and `sheets check` at once
gave a photo and a row staff typed the same Media ID). A lock file under DATA_DIR/locks (locks.JobLock)."""

from __future__ import annotations

import time

IDS_LOCK = "ids"


def taken(config, seconds: float):
    """The lock once this process holds it (waiting up to `seconds`), or None if another run kept it."""
    from turfbook.locks import JobLock

    lock = JobLock.for_config(config, IDS_LOCK)
    deadline = time.monotonic() + seconds
    while not lock.acquire():
        if time.monotonic() > deadline:
            return None
        time.sleep(0.5)
    return lock
