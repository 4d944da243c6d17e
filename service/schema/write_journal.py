"""The intent journal of a guarded write (docs/write-path.md, "After a crash"): what a verify needs to
finish, recorded durably before the write is sent and deleted once the verify is done.

A guarded write's verify-and-repair runs in the process that wrote. A kill -9 between "write sent" and
"verify done" would leave a write that a staff "Sort range" put on other records' rows unrepaired; the
journal lets the next run of the same job finish that verify (the tags stay on the sheet until then).
One file per tag key in `<data_dir>/write-journal/`, written whole (temporary file, fsync, rename,
fsync of the folder): a reader sees the old journal, the new one, or none — never half of one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FOLDER = "write-journal"


class Journal:
    def __init__(self, data_dir: str | Path, key: str):
        self.path = Path(data_dir) / FOLDER / f"{key}.json"

    def record(self, intent: dict[str, Any]) -> None:
        """Durably replace the journal with `intent` (JSON-able)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(intent, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        _sync_folder(self.path.parent)

    def load(self) -> dict[str, Any] | None:
        """The intent left by a run that did not finish its verify; None when there is none. A journal
        that cannot be read (a torn temporary file is never renamed, so only a hand-edited one) is None."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            intent = json.loads(text)
        except ValueError:
            return None
        return intent if isinstance(intent, dict) else None

    def clear(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        _sync_folder(self.path.parent)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
