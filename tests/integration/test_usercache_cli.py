"""The per-user cache through the real CLI (outside tester a22b, findings 1, 3 and 5): a key file google-auth
refuses is refused warm as cold; a cache entry that would exhaust memory costs only the parse; with no
writable temp dir nothing is cached, and nothing is left in the folder a command is run from."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.integration.filing_support import workbook
from turfbook import usercache, yamlfile
from turfbook.cli import main
from turfbook.init import init
from turfbook.workspace import auth


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


def _loaded(blob: bytes) -> object:
    return marshal.loads(blob)         # noqa: S302 - an entry this test wrote, in its own temp dir


def _config_file(config, tmp_path, **google) -> str:
    data = config.model_dump(mode="json", exclude={"source"})
    data["google"].update(google)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("save", [lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
                                  lambda text: text.encode("utf-16")], ids=["utf8-bom", "utf16"])
def test_a_key_saved_with_a_bom_or_as_utf16_is_refused_with_or_without_the_cache(config, tmp_path, capsys, save):
    book = workbook(config)
    assert main(["--config", _config_file(book, tmp_path), "sheets", "check"]) == 0, capsys.readouterr().err
    assert list(usercache._folder().glob(auth.KEY_CHECKED + "-*"))          # the plain key: recorded as checked
    resaved = tmp_path / "resaved.json"
    resaved.write_bytes(save(book.google.credentials_file.read_text(encoding="utf-8")))
    path = _config_file(book, tmp_path, credentials_file=str(resaved))
    capsys.readouterr()
    said = []
    for _cache in ("warm", "cold"):
        assert main(["--config", path, "sheets", "check"]) == 2
        said.append(capsys.readouterr().err)
        shutil.rmtree(usercache._folder())
    assert said[0] == said[1] and f"google.credentials_file: {resaved} is not a service-account key" in said[0]


def _check(folder: Path, env: dict | None = None, memory: int | None = None) -> subprocess.CompletedProcess:
    def limit():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "turfbook", "check"], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120, preexec_fn=limit if memory else None)


@pytest.fixture
def team_folder(tmp_path) -> Path:
    folder = tmp_path / "team"
    init(folder)
    return folder


def test_a_marshal_bomb_for_the_config_costs_only_the_parse(team_folder):
    env = os.environ | {"TMPDIR": tempfile.gettempdir()}
    assert _check(team_folder, env).returncode == 0                         # the cache warmed
    text = (team_folder / "config.yaml").read_text(encoding="utf-8")
    name = usercache.key(yamlfile.CACHE_KIND, text.encode("utf-8"))
    entry = usercache._folder() / name
    parsed = _loaded(usercache.read(name))
    bomb = b"(\xff\xff\xff\x7f"                       # "a tuple of 2**31-1 items": 16 GB before marshal fails
    for planted in (bomb, usercache._seal(name, bomb) + bomb):   # as found, and sealed (only loading it fails)
        entry.write_bytes(planted)
        for _ in range(2):
            done = _check(team_folder, env, memory=3 << 30)
            assert done.returncode == 0 and "config config.yaml: ok" in done.stdout, done.stderr
        assert _loaded(usercache.read(name)) == parsed                # rewritten whole at the first run


NO_TEMP_DIR = """mount --make-rprivate / && mount --bind "$1" "$1" && for d in /tmp /var/tmp /usr/tmp; do
  if [ -d $d ]; then mount --rbind $d $d && mount -o remount,bind,ro $d || exit 97; fi; done
cd "$1" && exec env -u TMPDIR -u TEMP -u TMP "$2" -m turfbook check"""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="a read-only /tmp needs root")
def test_with_no_writable_temp_dir_nothing_is_cached_in_the_working_folder(team_folder):
    before = sorted(team_folder.iterdir())
    usual = _check(team_folder, os.environ | {"TMPDIR": tempfile.gettempdir()})
    done = subprocess.run(["unshare", "-m", "sh", "-c", NO_TEMP_DIR, "sh", str(team_folder), sys.executable],
                          capture_output=True, text=True, timeout=120)
    if done.returncode == 97 or "unshare failed" in done.stderr:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    assert usual.returncode == 0 and (done.returncode, done.stdout) == (0, usual.stdout), done.stderr
    assert sorted(team_folder.iterdir()) == before
