"""Shared fixtures: one real emulator process per test session, reset before each test."""

from __future__ import annotations

import os

import pytest

from tests.support.emulator import EmulatorProcess

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
# issue 18: every emulator the suite starts (fixtures, plugin, subprocesses) checks each JSON answer against
# discovery's response schema; a violation is a 500 at once and fails the test in teardown (see below)
os.environ.setdefault("TURFBOOK_EMULATOR_CHECK_SCHEMA", "strict")

pytest_plugins = ["tests.support.xdist_reports"]   # the corpus and fault summaries under pytest-xdist too

@pytest.fixture(scope="session")
def emulator_process(tmp_path_factory):
    handle = EmulatorProcess.start(tmp_path_factory.mktemp("emulator"), quota_scale=0)
    yield handle
    handle.stop()


@pytest.fixture
def emulator(emulator_process):
    """The session's emulator with empty state, no faults, quotas off and zeroed stats."""
    emulator_process.reset()
    emulator_process.quota_scale(0)
    yield emulator_process
    emulator_process.clear_faults()
    emulator_process.fail_on_schema_violations()


@pytest.fixture
def config(emulator, tmp_path):
    return emulator.config(tmp_path)


@pytest.fixture
def offline_config(tmp_path):
    """A config whose Google endpoint refuses connections: for web tests that must not reach it."""
    from turfbook.config import Config

    return Config(google={"endpoint": "http://127.0.0.1:9", "credentials_file": tmp_path / "none.json"},
                  data_dir=tmp_path)


@pytest.fixture
def drive(config):
    """The config's Drive with its shared drive made (the upload tests' inbox lives there)."""
    from turfbook.workspace import connect
    from turfbook.workspace.drive import Drive

    d = Drive(connect(config))
    d.shared_drive(create=True)
    return d
