"""What an outside tester found around the emulator (issue 23): real emulator processes on real ports, the real
`turfbook` command in a subprocess, kill -9 where the tester used it.

1. the emulator killed mid-run: one line naming the endpoint and what to do (EN/ES), exit 1, no traceback;
2. an instance whose config points at another instance's emulator: one line naming the endpoint, the key and the
   data folder it expected, exit 2 (config);
3. never two emulators on one data folder: a lock in the data folder, which kill -9 does not leave stale; the demo
   reuses the emulator already serving its folder and refuses a port held by anything else, naming the owner.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.emulator import EmulatorProcess, free_port
from turfbook.config import Config
from turfbook_demo.emulator import ensure_running
from turfbook_emulator import datalock


def turfbook(config_path: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TURFBOOK_")}
    env |= {"NO_PROXY": "127.0.0.1,localhost", "TURFBOOK_LINK_KEY": "k" * 32}
    return subprocess.run([sys.executable, "-m", "turfbook", "--config", str(config_path), *argv],
                          capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def write_config(path: Path, endpoint: str, credentials: Path) -> Path:
    path.write_text(yaml.safe_dump({
        "google": {"endpoint": endpoint, "credentials_file": str(credentials), "spreadsheet_id": "sheet-of-b",
                   "delegated_user": "digest@example.org"},
        "mail": {"transport": "outbox", "outbox_dir": str(path.parent / "outbox")},
        "data_dir": str(path.parent / ".turfbook")}))
    return path


def kill9(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def emulators():
    started: list[EmulatorProcess] = []

    def start(data: Path, port: int | None = None) -> EmulatorProcess:
        started.append(EmulatorProcess.start(data, port=port))
        return started[-1]
    yield start
    for handle in started:
        handle.stop()


def one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


def test_an_emulator_killed_mid_run_is_named_in_one_line_and_the_run_fails(tmp_path, emulators):
    emulator = emulators(tmp_path / "emulator")
    config = write_config(tmp_path / "config.yaml", emulator.base_url, emulator.credentials)
    kill9(emulator.process)
    for command in (["run", "overdue"], ["sheets", "check"], ["run", "filing", "--dry-run"]):
        done = turfbook(config, *command)
        assert done.returncode == 1, (command, done.stderr)
        line = one_line(done.stderr)
        assert f"could not reach the Google endpoint {emulator.base_url} (connection refused)" in line, line
        assert "start the emulator" in line and "google.endpoint" in line and "no se pudo conectar" in line


def test_another_instances_emulator_is_named_with_the_key_and_data_folder_it_expected(tmp_path, emulators):
    instance_a = emulators(tmp_path / "a" / "emulator")
    instance_b = emulators(tmp_path / "b" / "emulator")
    config = write_config(tmp_path / "b" / "config.yaml", instance_a.base_url, instance_b.credentials)
    for _ in ("B's emulator running", "B's emulator killed"):
        done = turfbook(config, "run", "overdue")
        assert done.returncode == 2, done.stderr
        line = one_line(done.stderr)
        assert line.startswith(f"config error: google.endpoint: the emulator at {instance_a.base_url} does not know "
                               f"the credentials in {instance_b.credentials}"), line
        assert f"the emulator at {instance_b.base_url} (data folder {instance_b.data_dir})" in line
        assert "no conoce las credenciales" in line
        kill9(instance_b.process)


def test_b_s_emulator_restarted_on_a_s_port_with_other_data_is_a_config_error(tmp_path, emulators):
    """Same port, other data folder (another instance's emulator took the port): the key is unknown to it."""
    instance_b = emulators(tmp_path / "b" / "emulator")
    port = int(instance_b.base_url.rsplit(":", 1)[1])
    key = tmp_path / "b-key.json"
    key.write_bytes(instance_b.credentials.read_bytes())
    instance_b.stop()
    instance_a = emulators(tmp_path / "a" / "emulator", port=port)
    done = turfbook(write_config(tmp_path / "config.yaml", instance_a.base_url, key), "run", "overdue")
    assert done.returncode == 2, done.stderr
    line = one_line(done.stderr)
    assert line.startswith(f"config error: Could not sign in with the service-account key {key}: the emulator at "
                           f"{instance_a.base_url} does not know it (it is not the emulator serving the data folder "
                           f"{key.parent}"), line


def test_one_emulator_per_data_folder_and_kill_9_leaves_no_stale_lock(tmp_path, emulators):
    data = tmp_path / "emulator"
    first = emulators(data)
    assert datalock.holder(data) == {"pid": first.process.pid, "base_url": first.base_url, "data": str(data)}
    second = subprocess.run([sys.executable, "-m", "turfbook_emulator", "--port", str(free_port()), "--data",
                             str(data)], capture_output=True, text=True, timeout=60)
    assert second.returncode == 2
    assert one_line(second.stderr) == (f"emulator: the data folder {data} is already served by the emulator at "
                                       f"{first.base_url} (pid {first.process.pid}): use that one, or stop it first "
                                       f"/ la carpeta de datos {data} ya la sirve el emulador en {first.base_url} "
                                       f"(pid {first.process.pid}): use ese o deténgalo antes\n")
    kill9(first.process)
    assert (data / datalock.FILE).exists() and datalock.holder(data) is None   # the kernel let go of it
    again = emulators(data)
    assert datalock.holder(data)["pid"] == again.process.pid


def demo_config(endpoint: str, data: Path) -> Config:
    return Config(google={"endpoint": endpoint, "credentials_file": data / "credentials.json"},
                  data_dir=data.parent / ".turfbook")


def test_the_demo_reuses_the_emulator_left_serving_its_data_folder(tmp_path, emulators):
    data = tmp_path / ".turfbook" / "emulator"
    left_behind = emulators(data)
    said: list[str] = []
    # the configured port, or another one: the lock file says where the folder's emulator is
    for endpoint in (left_behind.base_url, f"http://127.0.0.1:{free_port()}"):
        assert ensure_running(demo_config(endpoint, data), log=said.append) == left_behind.base_url
    assert all(line.startswith(f"Using the emulator already serving {data}") for line in said), said
    assert not (data / "emulator.pid").exists()      # it started nothing
    assert datalock.holder(data)["pid"] == left_behind.process.pid


def test_the_demo_refuses_a_port_held_by_another_folders_emulator_or_another_program(tmp_path, emulators):
    other = emulators(tmp_path / "elsewhere" / "emulator")
    data = tmp_path / "ours" / "emulator"
    with pytest.raises(SystemExit) as refused:
        ensure_running(demo_config(other.base_url, data))
    port = other.base_url.rsplit(":", 1)[1]
    assert str(refused.value).startswith(
        f"port {port} (google.endpoint {other.base_url}) is in use by the emulator serving "
        f"{other.data_dir} (pid {other.process.pid}), not by an emulator of {data}: stop it"), refused.value

    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    try:
        port = squatter.getsockname()[1]
        with pytest.raises(SystemExit) as refused:
            ensure_running(demo_config(f"http://127.0.0.1:{port}", data))
        assert f"port {port} (google.endpoint http://127.0.0.1:{port}) is in use by pid {os.getpid()} (" \
            in str(refused.value), refused.value
    finally:
        squatter.close()
    assert datalock.holder(data) is None and not (data / "emulator.pid").exists()
