"""The per-user cache's folder and entries (outside tester a22b, findings 2-5): the folder is opened once and
checked through that descriptor, every entry reached relative to it (a folder swapped for a symlink, or for
someone else's, is never used); entries are sealed (a marshal bomb or any entry that does not load is parsed
afresh and rewritten); the temp files of killed writes are pruned; never the working folder."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from turfbook import usercache
from turfbook.yamlfile import CACHE_KIND, _parse, loads_yaml

TEXT = "data_dir: here\nmail:\n  to: [director@example.org]\n"
PLANTED = {"data_dir": "/elsewhere/stolen", "mail": {"to": ["someone@example.net"]}}


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


def _name(text: str = TEXT) -> str:
    return usercache.key(CACHE_KIND, text.encode("utf-8"))


def _loaded(blob: bytes) -> object:
    return marshal.loads(blob)         # noqa: S302 - an entry this test wrote, in its own temp dir


def _planted_folder(tmp_path):
    """A folder holding a well-formed (sealed) entry for TEXT that says something else."""
    evil = tmp_path / "evil"
    evil.mkdir(mode=0o700)
    blob = marshal.dumps(PLANTED)
    (evil / _name()).write_bytes(usercache._seal(_name(), blob) + blob)
    return evil


def test_a_folder_swapped_for_a_symlink_after_its_check_is_never_used(tmp_path):
    parsed = _parse(TEXT, "t")
    assert loads_yaml(TEXT) == parsed
    real = usercache._folder()
    evil = _planted_folder(tmp_path)
    planted = sorted(evil.iterdir())
    folder = usercache._open_folder()                  # opened and checked once ...
    try:
        moved = real.rename(tmp_path / "moved")        # ... then the path is swapped for a symlink
        real.symlink_to(evil, target_is_directory=True)
        assert _loaded(usercache._read_entry(folder, _name())) == parsed      # still the folder checked
        assert usercache._write_entry(folder, "x-1", b"1") is not None
        usercache._prune(folder, 0.0)
    finally:
        os.close(folder)
    assert (moved / "x-1").is_file() and sorted(evil.iterdir()) == planted
    assert usercache.read(_name()) is None and usercache._folder() is None     # a symlink in its place: refused
    for _ in range(2):
        assert loads_yaml(TEXT) == parsed
    assert sorted(evil.iterdir()) == planted


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_a_folder_of_someone_else_swapped_in_is_refused(tmp_path):
    parsed = loads_yaml(TEXT)
    real = usercache._folder()
    evil = _planted_folder(tmp_path)
    shutil.chown(evil, 4242, 4242)
    shutil.chown(evil / _name(), 4242, 4242)
    real.rename(tmp_path / "moved")
    evil.rename(real)
    assert usercache.read(_name()) is None and loads_yaml(TEXT) == parsed
    shutil.chown(real, os.getuid(), os.getgid())       # our folder now, but the entry is not ours
    assert usercache.read(_name()) is None and loads_yaml(TEXT) == parsed


def test_an_entry_that_is_a_symlink_a_fifo_or_a_folder_is_not_read(tmp_path):
    evil = _planted_folder(tmp_path)
    folder = usercache._folder()
    (folder / _name()).symlink_to(evil / _name())
    assert usercache.read(_name()) is None and loads_yaml(TEXT) == _parse(TEXT, "t")
    os.mkfifo(folder / "fifo-1")
    assert usercache.read("fifo-1") is None                     # opened without blocking, refused
    (folder / _name()).unlink()
    (folder / _name()).mkdir()
    for _ in range(2):
        assert usercache.read(_name()) is None and loads_yaml(TEXT) == _parse(TEXT, "t")


def test_a_marshal_bomb_entry_is_parsed_afresh_and_rewritten():
    parsed = loads_yaml(TEXT)
    entry = usercache._folder() / _name()
    entry.write_bytes(b"(\xff\xff\xff\x7f")            # "a tuple of 2**31-1 items": 16 GB before marshal fails
    assert usercache.read(_name()) is None              # not sealed: never handed to marshal
    assert loads_yaml(TEXT) == parsed and _loaded(usercache.read(_name())) == parsed


def test_any_entry_that_does_not_load_is_parsed_afresh_and_rewritten():
    parsed = loads_yaml(TEXT)
    for bad in (b"\x00not marshal", b"", marshal.dumps(1)[:-1]):
        usercache.write(_name(), bad)                   # sealed, so only loading it can find it wrong
        assert usercache.read(_name()) == bad
        assert loads_yaml(TEXT) == parsed and _loaded(usercache.read(_name())) == parsed


def test_an_entry_renamed_damaged_or_too_big_is_not_read(monkeypatch):
    usercache.write("a-1", b"payload")
    folder = usercache._folder()
    os.link(folder / "a-1", folder / "b-1")                    # sealed with its own name only
    assert usercache.read("a-1") == b"payload" and usercache.read("b-1") is None
    data = (folder / "a-1").read_bytes()
    (folder / "a-1").write_bytes(data[:-1] + b"P")
    assert usercache.read("a-1") is None
    monkeypatch.setattr(usercache, "MAX_BYTES", 4)
    usercache.write("c-1", b"12345")
    usercache.write("d-1", b"1234")
    assert not (folder / "c-1").exists() and usercache.read("d-1") == b"1234"
    (folder / "d-1").write_bytes(data)                          # a file past the bound is not read
    assert usercache.read("d-1") is None


KILLED_WRITE = """import os, signal, sys, tempfile
tempfile.tempdir = sys.argv[1]
from turfbook import usercache
os.replace = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)    # killed before the rename
usercache.write("discovery1-" + sys.argv[2], b"x" * 76000)
"""


def test_the_temp_files_of_killed_writes_are_removed_once_a_few_minutes_old():
    for n in range(2):
        done = subprocess.run([sys.executable, "-c", KILLED_WRITE, tempfile.gettempdir(), str(n)], timeout=60)
        assert done.returncode == -9
    folder = usercache._folder()
    old, young = sorted(folder.glob(".new-*"))
    assert not list(folder.glob("discovery1-*"))                 # a half-written entry is never an entry
    then = old.stat().st_mtime - usercache.LITTER_SECONDS - 1
    os.utime(old, (then, then))
    usercache.write("x-1", b"")
    assert sorted(folder.glob(".new-*")) == [young]              # a young one may be a write still going on
    assert usercache.read("x-1") == b"" and usercache.read("discovery1-0") is None


def test_never_the_working_folder_tempfile_falls_back_to(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(work))   # gettempdir()'s answer when no temp dir is writable
    assert usercache._folder() is None
    for _ in range(2):
        assert loads_yaml(TEXT) == _parse(TEXT, "t")
    usercache.write("x-1", b"")
    assert list(work.iterdir()) == []
    monkeypatch.setenv("TMPDIR", str(work))               # a temp dir asked for by name is used
    assert usercache._folder() == work / f"turfbook-cache-{os.getuid()}"
