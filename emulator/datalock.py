"""One emulator per data folder: `<data>/emulator.lock`, held (fcntl.flock) by the emulator serving it.

Two emulators on one data folder would each flush their own copy of the store over the other's. The kernel
releases a flock when its holder exits however it exits (kill -9 included), so a lock is never stale: a lock
file nobody holds is free, whatever it says. While held, the file says who holds it:
{"pid": ..., "base_url": ..., "data": ...} (`holder()` reads it; the demo uses it to find the emulator).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

FILE = "emulator.lock"


class DataFolderBusy(Exception):
    """Another emulator serves this data folder."""

    def __init__(self, data: Path, held: dict):
        self.data, self.held = data, held
        super().__init__(f"the data folder {data} is already served by the emulator at "
                         f"{held.get('base_url', '(address unknown)')} (pid {held.get('pid', '?')}): use that one, "
                         f"or stop it first / la carpeta de datos {data} ya la sirve el emulador en "
                         f"{held.get('base_url', '(dirección desconocida)')} (pid {held.get('pid', '?')}): use ese "
                         "o deténgalo antes")


class DataLock:
    def __init__(self, data: Path):
        self.data = Path(data).resolve()
        self.path = self.data / FILE
        self._fd: int | None = None

    def acquire(self) -> DataLock:
        """Take the lock or raise DataFolderBusy naming the emulator that holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + 1     # a `holder()` probe holds it for an instant
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                os.close(fd)
                raise DataFolderBusy(self.data, holder(self.data) or {}) from None
        self._fd = fd
        self.announce("")
        return self

    def announce(self, base_url: str) -> None:
        """Say in the lock file who holds it (once the address is known)."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, json.dumps({"pid": os.getpid(), "base_url": base_url, "data": str(self.data)}).encode(),
                  0)

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)   # closing the only descriptor releases the flock


def holder(data: Path) -> dict | None:
    """Who holds the data folder's lock ({"pid", "base_url", "data"}), or None when no emulator serves it."""
    path = Path(data).resolve() / FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return json.loads(os.pread(fd, 4096, 0) or b"{}")
            except ValueError:
                return {}
        return None       # we got it: nobody holds it (left by an emulator that exited, even by kill -9)
    finally:
        os.close(fd)      # releases the probe's shared lock, if taken
