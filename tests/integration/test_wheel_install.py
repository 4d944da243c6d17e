"""`pip install turfbook` is a working install, anywhere (issue 23, item 4). Done as a new user would, and as
the Dockerfile's two stages do, without Docker:

1. the build stage: copy exactly the files its COPY lines name into an empty folder and build the wheel there
   (a COPY left out, and the wheel lacks a package or the shipped schema, so a step below fails);
2. a fresh virtualenv in an empty temporary folder: install that wheel (with the `demo` extra), then
   `turfbook init`, `turfbook check` and the whole `turfbook demo` (emulator included), then `demo stop`;
3. the runtime stage: its own COPYs in its WORKDIR, the config where its ENV says, and its ENTRYPOINT + CMD
   (gunicorn) answering /healthz against the demo's emulator and workbook.

pip uses its cache and the configured package index, without byte-compiling (--no-compile); the install is most
of the test's ~2 minutes (figures: `make bench`, bench/bench_install.py)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OWN_PACKAGES = {"turfbook", "turfbook_emulator", "turfbook_demo"}


def stages(dockerfile: str) -> list[dict]:
    """Each stage's WORKDIR, ENV, COPY (source, destination, --from), RUN, ENTRYPOINT and CMD, in order."""
    out: list[dict] = []
    for line in re.sub(r"\\\n\s*", " ", dockerfile).splitlines():
        word, _, rest = line.strip().partition(" ")
        word = word.upper()
        if not word or word.startswith("#"):
            continue
        if word == "FROM":
            out.append({"from": rest, "workdir": "/", "env": {}, "copy": [], "run": [], "entrypoint": [], "cmd": []})
        elif word == "WORKDIR":
            out[-1]["workdir"] = rest
        elif word == "ENV":
            out[-1]["env"].update(dict(part.split("=", 1) for part in shlex.split(rest)))
        elif word == "COPY":
            parts = rest.split()
            origin = next((p.split("=", 1)[1] for p in parts if p.startswith("--from=")), None)
            paths = [p for p in parts if not p.startswith("--")]
            out[-1]["copy"] += [(source, paths[-1], origin) for source in paths[:-1]]
        elif word == "RUN":
            out[-1]["run"].append(rest)
        elif word in {"ENTRYPOINT", "CMD"}:
            out[-1][word.lower()] = json.loads(rest)
    return out


def copy_into(stage: dict, folder: Path) -> None:
    """What the stage's COPY lines from the build context do, with its WORKDIR as `folder`."""
    for source, destination, origin in stage["copy"]:
        if origin:
            continue
        src = ROOT / source
        assert src.exists(), f"Dockerfile: COPY {source}: not in the build context"
        target = folder / destination if destination.endswith("/") else folder / destination
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            target.mkdir(parents=True, exist_ok=True) if destination.endswith("/") else None
            shutil.copy2(src, target / src.name if destination.endswith("/") else target)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TURFBOOK_", "PYTHON", "VIRTUAL_ENV", "COVERAGE"))}
    return {**env, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", **extra}


def run(argv: list, cwd: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=clean_env(**env), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def dockerfile() -> list[dict]:
    return stages((ROOT / "Dockerfile").read_text())


@pytest.fixture(scope="module")
def wheel(dockerfile, tmp_path_factory) -> Path:
    """Stage one: the wheel built from exactly the files the build stage COPYs."""
    build = dockerfile[0]
    assert build["run"] and all("pip wheel" in step for step in build["run"]) and build["run"][-1].endswith(" .")
    src = tmp_path_factory.mktemp("build-src")
    copy_into(build, src)
    wheels = tmp_path_factory.mktemp("wheels")
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, "."], src)
    assert built.returncode == 0, built.stdout + built.stderr
    [whl] = wheels.glob("turfbook-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv, outside the repository, with the wheel installed as a user would."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    made = run([sys.executable, "-m", "venv", venv], venv.parent)
    assert made.returncode == 0, made.stderr
    # --no-compile: the same files; Python writes the bytecode of what is imported when it is first imported.
    # Byte-compiling all 78 packages up front was 8 of pip's 29 s of CPU.
    pip = run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-compile", f"{wheel}[demo]"],
              venv.parent, timeout=600)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv / "bin"


def test_a_stale_build_folder_does_not_reach_the_wheel(dockerfile, tmp_path):
    """A build/ left from before the rename (setuptools reuses build/lib) must not put the old top-level names
    back into `pip wheel .`: the wheel holds only turfbook*, turfbook_emulator*, turfbook_demo* (and its metadata)."""
    src = tmp_path / "src"
    copy_into(dockerfile[0], src)
    for old in ("service", "emulator", "demo"):
        (src / "build" / "lib" / old).mkdir(parents=True)
        (src / "build" / "lib" / old / "__init__.py").write_text("STALE = True\n")
    (src / "build" / "lib" / "turfbook").mkdir()
    (src / "build" / "lib" / "turfbook" / "gone_module.py").write_text("STALE = True\n")
    wheels = tmp_path / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, "."], src)
    assert built.returncode == 0, built.stdout + built.stderr
    [whl] = wheels.glob("turfbook-*.whl")
    names = zipfile.ZipFile(whl).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {name for name in top if not name.endswith(".dist-info")} == OWN_PACKAGES
    assert "turfbook/gone_module.py" not in names and "turfbook/cli.py" in names


def test_the_wheel_installs_only_names_turfbook_owns(installed):
    listed = run([installed / "python", "-c", "import importlib.metadata as m; "
                  "print(m.distribution('turfbook').read_text('top_level.txt') or '')"], installed)
    site = Path(run([installed / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    installed).stdout.strip())
    assert set(listed.stdout.split()) == OWN_PACKAGES
    assert not [name for name in ("service", "emulator", "demo") if (site / name).exists()]


def test_init_check_and_the_whole_demo_in_an_empty_folder(installed, tmp_path, dockerfile):
    team = tmp_path / "our-team"
    team.mkdir()
    turfbook = installed / "turfbook"
    emulator_port = free_port()        # the default 8765 may be another checkout's demo
    env = {"TURFBOOK_GOOGLE__ENDPOINT": f"http://127.0.0.1:{emulator_port}"}

    before_init = run([turfbook, "check"], team)
    assert before_init.returncode == 2 and "turfbook init" in before_init.stderr

    made = run([turfbook, "init"], team)
    assert made.returncode == 0, made.stderr
    assert (team / "config.yaml").is_file()
    assert (team / "sheets_schema" / "workbook.yaml").is_file() and (team / "drive_rules" / "filing.yaml").is_file()
    again = run([turfbook, "init"], team)
    assert again.returncode == 0 and "wrote" not in again.stdout and again.stdout.count("kept") == 3

    checked = run([turfbook, "check"], team, **env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "schema from sheets_schema, rules from drive_rules" in checked.stdout

    try:
        demo = run([turfbook, "demo"], team, timeout=600, **env)
        assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
        assert "== Done in" in demo.stdout and (team / ".turfbook" / "demo" / "digest.html").is_file()
        assert f"127.0.0.1:{emulator_port}/view/sheets/" in demo.stdout
        # the starter config sends the digest (it names google.delegated_user): mail went out, none failed
        assert "sent director digest" in demo.stdout and " 0 failed (" in demo.stdout, demo.stdout[-3000:]
        no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with no_proxy.open(f"http://127.0.0.1:{emulator_port}/view/mail/", timeout=30) as page:
            assert "coalition.director@example.org" in page.read().decode()
        runtime_stage_answers_healthz(installed, tmp_path / "image", team, dockerfile[-1])
    finally:
        stopped = run([turfbook, "demo", "stop"], team, **env)
    assert stopped.returncode == 0 and "emulator: stopped" in stopped.stdout, stopped.stdout + stopped.stderr


def runtime_stage_answers_healthz(bin_dir: Path, image: Path, team: Path, stage: dict) -> None:
    """Stage two, against the demo's running emulator and workbook: the stage's files in its WORKDIR, the
    config where its ENV puts it, its ENTRYPOINT + CMD (gunicorn) on a free port, then GET /healthz."""
    assert any(origin == "build" for _, _, origin in stage["copy"]), "the runtime stage installs the built wheel"
    app = image / stage["workdir"].lstrip("/")
    app.mkdir(parents=True)
    copy_into(stage, app)
    config_path = image / stage["env"]["TURFBOOK_CONFIG"].lstrip("/")
    config_path.parent.mkdir(parents=True)
    demo = yaml.safe_load((team / ".turfbook" / "demo.yaml").read_text())
    demo.pop("schema_dir"), demo.pop("rules_dir")          # as a deployment's config: the image's own files
    demo["google"]["credentials_file"] = str((team / demo["google"]["credentials_file"]).resolve())
    demo["data_dir"] = str(image / "data")
    config_path.write_text(yaml.safe_dump(demo))
    env = {k: v for k, v in stage["env"].items() if k != "TURFBOOK_CONFIG"}
    env["TURFBOOK_CONFIG"] = str(config_path)

    checked = run([bin_dir / "turfbook", "check"], app, **env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"schema from {app / 'sheets_schema'}, rules from {app / 'drive_rules'}" in checked.stdout  # its COPYs

    port = free_port()
    command = [*stage["entrypoint"], *stage["cmd"]]
    assert command[0] == "turfbook" and "8000" in command
    command = [str(bin_dir / "turfbook"), *[{"8000": str(port), "0.0.0.0": "127.0.0.1"}.get(a, a) for a in command[1:]]]
    log = (image / "serve.log").open("w")
    server = subprocess.Popen(command, cwd=app, env=clean_env(**env), stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with opener.open(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    answer = (response.status, json.loads(response.read()))
                break
            except OSError:
                time.sleep(0.3)
        assert answer == (200, {"status": "ok"}), (image / "serve.log").read_text()[-3000:]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        log.close()


def test_the_emulator_plugin_works_in_another_projects_tests(installed, tmp_path):
    """docs/pytest-plugin.md's examples (gspread, googleapiclient), as another project's tests, in the fresh
    virtualenv."""
    pip = run([installed / "python", "-m", "pip", "install", "--quiet", "--no-compile", "pytest"], tmp_path,
              timeout=600)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    doc = (ROOT / "docs" / "pytest-plugin.md").read_text()
    examples = re.findall(r"^```python file=(\S+)\n(.*?)^```", doc, re.S | re.M)
    assert len(examples) == 2
    for name, body in examples:
        (tmp_path / name).write_text(body)
    tested = run([installed / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "."], tmp_path,
                 TURFBOOK_EMULATOR_CHECK_SCHEMA="strict")
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
    assert re.search(r"\b5 passed", tested.stdout), tested.stdout[-3000:]
