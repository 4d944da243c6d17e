"""`turfbook init [DIR]`: start a team's own instance in a folder — a starter config.yaml plus editable
copies of the shipped sheets_schema/ and drive_rules/.

Never overwrites: a file that is already there is kept as it is (and said so), so init is safe to re-run
and never undoes a team's edits. Each file is written whole (temporary file, then rename).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from turfbook import defaults

STARTER_CONFIG = defaults.HERE / "config.yaml"
FOLDERS = ("sheets_schema", "drive_rules")


@dataclass(frozen=True)
class Written:
    path: Path
    created: bool           # False: it was already there and was kept


class InitError(OSError):
    """The folder cannot take a starter instance; the message names the path."""


def plan(target: Path) -> list[tuple[Path, Path]]:
    """(source, destination) for every file init writes into `target`."""
    pairs = [(STARTER_CONFIG, target / "config.yaml")]
    for name in FOLDERS:
        source = defaults.folder(name)
        pairs += [(path, target / name / path.relative_to(source))
                  for path in sorted(source.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    return pairs


def init(target: Path) -> list[Written]:
    if target.exists() and not target.is_dir():
        raise InitError(f"{target}: exists and is not a folder")
    out = []
    for source, destination in plan(target):
        if destination.is_symlink() and not destination.exists():
            raise InitError(f"{destination}: a symlink to {os.readlink(destination)}, which does not exist; "
                            "not replaced (remove the link or create its target)")
        if destination.exists() and not destination.is_file():
            raise InitError(f"{destination}: exists and is not a file")
        if destination.exists():
            out.append(Written(destination, created=False))
            continue
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            _write_whole(destination, source.read_bytes())
        except OSError as exc:
            raise InitError(f"{destination}: cannot write ({exc.strerror or exc})") from None
        out.append(Written(destination, created=True))
    return out


def _write_whole(path: Path, data: bytes) -> None:
    """Created with the umask's usual mode (0644 under umask 022): the config holds no secrets, and a service
    user or container other than the one who ran init must be able to read it."""
    temporary = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
