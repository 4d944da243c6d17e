"""Commands that need a config, run where there is none, say so and exit 2 without creating anything
(issue 19, item 5): no defaults, no `.turfbook/` in the current folder, no run history written."""

from __future__ import annotations

import pytest

from turfbook.cli import main

NEEDS_CONFIG = [["check"], ["run", "overdue"], ["run", "filing"], ["run", "digest"], ["run", "chart"],
                ["run", "overdue", "--dry-run"], ["sheets", "init"], ["sheets", "check"], ["links"],
                ["serve"], ["scheduler"], ["demo"], ["demo", "seed"]]


@pytest.fixture
def empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TURFBOOK_CONFIG", raising=False)
    return tmp_path


@pytest.mark.parametrize("argv", NEEDS_CONFIG, ids=" ".join)
def test_a_command_without_a_config_file_exits_2_and_creates_nothing(empty_folder, capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"no config file at {empty_folder / 'config.yaml'}" in err and "--config PATH" in err
    assert err.count("config error") == 1
    assert list(empty_folder.iterdir()) == []


def test_a_named_config_that_is_missing_is_said_too(empty_folder, capsys, monkeypatch):
    assert main(["--config", "elsewhere/turfbook.yaml", "run", "overdue"]) == 2
    assert f"no config file at {empty_folder / 'elsewhere' / 'turfbook.yaml'}" in capsys.readouterr().err
    monkeypatch.setenv("TURFBOOK_CONFIG", str(empty_folder / "from-env.yaml"))
    assert main(["run", "overdue"]) == 2
    assert "from-env.yaml" in capsys.readouterr().err
    assert list(empty_folder.iterdir()) == []


def test_commands_that_need_no_config_work_anywhere(empty_folder, capsys):
    assert main(["--help"]) == 0
    assert main(["emulator", "--help"]) == 0
    assert main(["run", "overdue", "--help"]) == 0
    assert list(empty_folder.iterdir()) == []
