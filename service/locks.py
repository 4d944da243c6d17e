"""A per-job lock shared by every process (scheduler, web workers, CLI): a job never runs twice at once.

`fcntl.flock` on a file in the data dir: the kernel drops it when the holder dies, so a crash
never leaves a stale lock, and separate `open()`s conflict even inside one process (threads).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from turfbook import data_dir
from turfbook.config import Config


class JobRunning(Exception):
    """The job is already running (in this or another process)."""

    def __init__(self, job: str):
        super().__init__(f"{job} is already running")
        self.job = job


class JobLock:
    def __init__(self, directory: Path, job: str):
        self.path = Path(directory) / f"{job}.lock"
        self.job = job
        self._fd: int | None = None

    @classmethod
    def for_config(cls, config: Config, job: str) -> JobLock:
        return cls(Path(config.data_dir) / "locks", job)

    def acquire(self) -> bool:
        """Take the lock without waiting; False when someone else holds it."""
        if self._fd is not None:
            return False
        data_dir.make(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def is_locked(self) -> bool:
        """Whether anyone (including this object) holds the lock right now."""
        if self._fd is not None:
            return True
        probe = JobLock(self.path.parent, self.job)
        if probe.acquire():
            probe.release()
            return False
        return True

    def __enter__(self) -> JobLock:
        if not self.acquire():
            raise JobRunning(self.job)
        return self

    def __exit__(self, *exc) -> None:
        self.release()
