"""The data folder (config `data_dir`: run history, locks, the digest ledger, the demo's files): made on
first write, and a folder that cannot be written is a setup error naming `data_dir` and the path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from turfbook.config_error import ConfigError


def unwritable(path: Path, exc: OSError | sqlite3.Error) -> ConfigError:
    why = getattr(exc, "strerror", None) or str(exc)
    return ConfigError(f"data_dir: cannot write {Path(path).absolute()} ({why}); set data_dir in the config to a "
                       "folder turfbook may write")


def make(path: str | Path) -> Path:
    """`path` (the data folder or one inside it), created if needed; ConfigError when it cannot be."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(path, exc) from None
    return path
