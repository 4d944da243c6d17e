"""A small per-user cache of derived data, each entry named by a hash of what it was derived from (issue 22).

Every `turfbook` process parses the same YAML files and checks the same service-account key: work whose
result depends only on bytes it can hash. An entry's name carries the SHA-256 of those bytes, so an edited
file never finds an old entry (no mtime, no staleness). The folder is the user's own under the temp dir
(made 0700; refused when someone else owns it or may write in it, as Jinja's bytecode cache does);
entries are written whole (a temp file renamed over them), so a reader never sees half of one. Anything
wrong with the folder or an entry means "not cached": the caller does the work, never an error.
The folder keeps at most KEEP entries: a write past that removes the oldest ones.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

KEEP = 256


def key(kind: str, data: bytes) -> str:
    """An entry's name: its kind and the SHA-256 of the bytes it depends on."""
    return f"{kind}-{hashlib.sha256(data).hexdigest()}"


def read(name: str) -> bytes | None:
    folder = _folder()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write(name: str, blob: bytes) -> None:
    folder = _folder()
    if folder is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".new-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(blob)
        os.replace(tmp, folder / name)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    try:
        entries = [e for e in os.scandir(folder) if not e.name.startswith(".")]
        if len(entries) <= KEEP:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime)
        for entry in entries[:len(entries) - KEEP // 2]:
            os.unlink(entry.path)
    except OSError:
        pass


def _folder() -> Path | None:
    folder = Path(tempfile.gettempdir()) / f"turfbook-cache-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder
