"""Emulator state on disk: one pickle per namespace, written atomically in the background.

Handlers run under one lock (`Store.lock`), which makes every API call atomic, as Google's are.
Writes mark a namespace dirty; a flusher thread persists dirty namespaces shortly after, and
`close()` flushes everything, so state survives a restart.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Store:
    def __init__(self, data_dir: Path, flush_interval: float = 0.5):
        self.data_dir = Path(data_dir)
        self.state_dir = self.data_dir / "state"
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self._namespaces: dict[str, Any] = {}
        self._factories: dict[str, Callable[[], Any]] = {}
        self._dirty: set[str] = set()
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

    def reset(self) -> None:
        with self.lock:
            for name, factory in self._factories.items():
                self._namespaces[name] = factory()
                self._dirty.add(name)
            self.flush()

    def flush(self) -> None:
        with self.lock:
            names, self._dirty = self._dirty, set()
            for name in names:
                self._write(name)

    def _write(self, name: str) -> None:
        path = self.state_dir / f"{name}.pickle"
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(self._namespaces[name], fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def _flush_loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            if self._dirty:
                self.flush()

    def close(self) -> None:
        self._stop.set()
        self.flush()
