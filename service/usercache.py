"""A small per-user cache of derived data, each entry named by a hash of what it was derived from (issue 22).

Every `turfbook` process parses the same YAML files and checks the same service-account key: work whose
result depends only on bytes it can hash. An entry's name carries the SHA-256 of those bytes, so an edited
file never finds an old entry (no mtime, no staleness). The folder is the user's own under the temp dir
(made 0700; refused when someone else owns it or may write in it, as Jinja's bytecode cache does), never the
working folder tempfile falls back to when no temp dir is writable (no cache then). The folder is opened
once per read or write, checked through that descriptor, and every entry is reached relative to it
(a symlink in the folder's place, or a folder swapped in after the check, is never used); an entry is a
regular file of ours, opened without following links. Entries are written whole (a temp file renamed over
them), so a reader never sees half of one, and sealed: a SHA-256 of the entry's name and payload, checked
before a caller sees the payload, and a size bound (a damaged, truncated or crafted entry is not read).
Anything wrong with the folder or an entry means "not cached": the caller does the work, never an error.
The folder keeps at most KEEP entries: a write past that removes the oldest ones; the temp files of writes
killed before their rename are removed by a later write once LITTER_SECONDS old.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import tempfile
from pathlib import Path

KEEP = 256
MAX_BYTES = 16 << 20          # an entry past this is not read (the shrunk Sheets discovery document: ~80 KB)
LITTER_SECONDS = 300          # a `.new-` file this much older than a fresh one is a killed write's
_SEAL = hashlib.sha256().digest_size
_TEMP = ".new-"
_ENTRY_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC     # O_NONBLOCK: a FIFO never blocks
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def key(kind: str, data: bytes) -> str:
    """An entry's name: its kind and the SHA-256 of the bytes it depends on."""
    return f"{kind}-{hashlib.sha256(data).hexdigest()}"


def read(name: str) -> bytes | None:
    """The payload written under `name`, or None (no entry, or anything wrong with the folder or the entry)."""
    folder = _open_folder()
    if folder is None:
        return None
    try:
        return _read_entry(folder, name)
    finally:
        os.close(folder)


def write(name: str, blob: bytes) -> None:
    if len(blob) > MAX_BYTES:
        return
    folder = _open_folder()
    if folder is None:
        return
    try:
        now = _write_entry(folder, name, blob)
        if now is not None:
            _prune(folder, now)
    finally:
        os.close(folder)


def _seal(name: str, blob: bytes) -> bytes:
    digest = hashlib.sha256(b"turfbook-cache1\0" + name.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(blob)
    return digest.digest()


def _read_entry(folder: int, name: str) -> bytes | None:
    try:
        fd = os.open(name, _ENTRY_FLAGS, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() \
            or info.st_size > _SEAL + MAX_BYTES:
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(info.st_size + 1)     # grown since fstat: the bound and seal decide
        except OSError:
            return None
    blob = data[_SEAL:]
    if len(data) < _SEAL or len(blob) > MAX_BYTES or data[:_SEAL] != _seal(name, blob):
        return None
    return blob


def _write_entry(folder: int, name: str, blob: bytes) -> float | None:
    """Writes the entry whole (a temp file renamed over it); the temp file's mtime (the file system's "now",
    for _prune), or None when it could not be written."""
    temp = _TEMP + secrets.token_hex(8)
    try:
        fd = os.open(temp, _NEW_FLAGS, 0o600, dir_fd=folder)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(_seal(name, blob))
            file.write(blob)
            file.flush()
            now = os.fstat(file.fileno()).st_mtime
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        _unlink(folder, temp)
        return None
    return now


def _prune(folder: int, now: float) -> None:
    """Removes the temp files of killed writes (LITTER_SECONDS older than `now`), and the oldest entries when
    there are more than KEEP."""
    entries = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.startswith(_TEMP):
                    if entry.stat(follow_symlinks=False).st_mtime < now - LITTER_SECONDS:
                        _unlink(folder, entry.name)
                elif not entry.name.startswith("."):
                    entries.append(entry)
        if len(entries) <= KEEP:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime)
    except OSError:
        return
    for entry in entries[:len(entries) - KEEP // 2]:
        _unlink(folder, entry.name)


def _unlink(folder: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=folder)
    except OSError:
        pass


def _open_folder() -> int | None:
    """The cache folder, opened once (a descriptor the caller closes) and checked through it: a folder (not
    a symlink to one), ours, that no one else may write in; None when there is no such folder."""
    path = _path()
    if path is None:
        return None
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        fd = os.open(path, _FOLDER_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    except OSError:
        info = None
    if info is None or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        os.close(fd)
        return None
    return fd


def _path() -> str | None:
    """The folder's path under the temp dir; None when tempfile found no temp dir but the working folder."""
    try:
        base = tempfile.gettempdir()
        here = os.getcwd()
    except OSError:                  # no usable temp dir at all, or a working folder since removed
        return None
    if base in (os.curdir, here) and base not in _temp_dirs_named():
        return None
    return os.path.join(base, f"turfbook-cache-{os.getuid()}")


def _temp_dirs_named() -> set[str]:
    """The temp dirs tempfile tries before the working folder: $TMPDIR, $TEMP, $TMP and the system ones."""
    named = {os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")} | {"/tmp", "/var/tmp", "/usr/tmp"}  # noqa: S108
    return {os.path.abspath(path) for path in named if path}


def _folder() -> Path | None:
    """The folder's path when it is usable (for tests and a look by hand: entries are reached by descriptor)."""
    fd = _open_folder()
    if fd is None:
        return None
    os.close(fd)
    return Path(_path())
