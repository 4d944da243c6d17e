"""Emulator state on disk: one pickle per namespace, written atomically in the background.

Handlers run under one lock (`Store.lock`), which makes every API call atomic, as Google's are.
Writes mark a namespace dirty; a flusher thread persists dirty namespaces shortly after, and
`close()` flushes everything, so state survives a restart.

Pickling a 100,000-row workbook takes a few tenths of a second, and the lock must be held for a
consistent copy. So where the OS can fork, the flusher holds the lock only to fork: the child
writes the copy-on-write snapshot (at low priority) while the parent goes on serving. It waits
for `QUIET` seconds without API calls (`touch()`), at most `MAX_DELAY` seconds. An explicit
`flush()` waits for a forked write to finish, then writes in-process: the newest state lands last.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUIET = 2.0                # seconds without an API call: a job is done with the emulator for now
MAX_DELAY = 10.0           # seconds a change may wait for such a pause before it is written anyway


class Store:
    def __init__(self, data_dir: Path, flush_interval: float = 0.5):
        self.data_dir = Path(data_dir)
        self.state_dir = self.data_dir / "state"
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self._namespaces: dict[str, Any] = {}
        self._factories: dict[str, Callable[[], Any]] = {}
        self._dirty: set[str] = set()
        self._retry: set[str] = set()         # names a forked write failed to save
        self._idle = threading.Event()        # no forked write in progress
        self._idle.set()
        self._last_call = 0.0                 # time.monotonic() of the latest API call
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_loop, args=(flush_interval,), daemon=True)
        self._flusher.start()

    def get(self, name: str, factory: Callable[[], Any]) -> Any:
        """The namespace's state object, loaded from disk the first time."""
        with self.lock:
            if name not in self._namespaces:
                self._factories[name] = factory
                path = self.state_dir / f"{name}.pickle"
                if path.exists():
                    with path.open("rb") as fh:
                        self._namespaces[name] = pickle.load(fh)  # noqa: S301 - our own state file
                else:
                    self._namespaces[name] = factory()
            return self._namespaces[name]

    def dirty(self, name: str) -> None:
        self._dirty.add(name)

    def touch(self) -> None:
        """An API call was served: the flusher waits for a pause in them."""
        self._last_call = time.monotonic()

    def reset(self) -> None:
        """Empty every namespace: the ones loaded in memory and the ones still only on disk (a
        freshly started emulator loads a namespace lazily, on its first use after the reset)."""
        with self.lock:
            self._idle.wait()                 # a forked write in progress lands first, then goes
            self._retry = set()
            for path in [*self.state_dir.glob("*.pickle"), *self.state_dir.glob("*.tmp")]:
                if path.stem not in self._factories:
                    path.unlink(missing_ok=True)
            for name, factory in self._factories.items():
                self._namespaces[name] = factory()
                self._dirty.add(name)
            self.flush()

    def flush(self) -> None:
        with self.lock:
            self._idle.wait()                 # a forked write in progress lands first
            names = self._taken()
            for name in names:
                self._write(name)

    def _taken(self) -> set[str]:
        names, self._dirty = self._dirty, set()
        names |= self._retry
        self._retry = set()
        return names

    def _flush_forked(self) -> None:
        with self.lock:
            names = self._taken()
            if not names:
                return
            self._idle.clear()
            pid = os.fork()
            if pid == 0:                      # the child: write the snapshot, and nothing else
                code = 1
                try:
                    os.nice(10)
                    for name in names:
                        self._write(name)
                    code = 0
                finally:
                    os._exit(code)
        try:
            _, status = os.waitpid(pid, 0)
            if status != 0:
                self._retry = names
        finally:
            self._idle.set()

    def _write(self, name: str) -> None:
        path = self.state_dir / f"{name}.pickle"
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(self._namespaces[name], fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def _flush_loop(self, interval: float) -> None:
        waited = 0.0
        while not self._stop.wait(interval):
            if not self._dirty:
                waited = 0.0
                continue
            waited += interval
            if time.monotonic() - self._last_call < QUIET and waited < MAX_DELAY:
                continue                      # calls are coming in: write in the next pause
            waited = 0.0
            self._flush_forked() if hasattr(os, "fork") else self.flush()

    def close(self) -> None:
        self._stop.set()
        self.flush()
