"""Issue 23: the shipped schema and rules are used when the config names no folder (and the team has no
./sheets_schema, ./drive_rules); `turfbook init [DIR]` writes a starter instance and never overwrites;
setup failures say why in one line and exit 2."""

from __future__ import annotations

import pytest
import yaml

from turfbook import defaults
from turfbook.cli import main
from turfbook.config import Config, load
from turfbook.config_error import ConfigError


@pytest.fixture
def empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TURFBOOK_CONFIG", raising=False)
    return tmp_path


def test_an_unset_folder_is_the_teams_own_when_there_else_the_shipped_one(empty_folder):
    assert Config().schema_dir == defaults.schema_dir() and Config().rules_dir == defaults.rules_dir()
    assert (defaults.schema_dir() / defaults.SCHEMA_FILE).is_file()
    assert (defaults.rules_dir() / defaults.RULES_FILE).is_file()
    (empty_folder / "sheets_schema").mkdir()
    assert Config().schema_dir == empty_folder / "sheets_schema" and Config().rules_dir == defaults.rules_dir()


def test_a_named_folder_is_used_and_never_replaced_by_the_shipped_one(empty_folder, capsys):
    (empty_folder / "config.yaml").write_text("schema_dir: our_schema\n")
    with pytest.raises(ConfigError, match="schema_dir: our_schema is not a folder"):
        load(empty_folder / "config.yaml")
    for command in (["check"], ["run", "overdue", "--dry-run"], ["run", "filing", "--dry-run"],
                    ["run", "digest", "--dry-run"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "schema_dir: our_schema is not a folder" in err, (command, err)
    (empty_folder / "config.yaml").write_text("rules_dir: our_rules\n")
    assert main(["run", "filing", "--dry-run"]) == 2
    assert "rules_dir: our_rules is not a folder" in capsys.readouterr().err
    (empty_folder / "our_schema").mkdir()
    (empty_folder / "config.yaml").write_text("schema_dir: our_schema\n")
    assert str(load(empty_folder / "config.yaml").schema_dir) == "our_schema"
    assert main(["check"]) == 2        # named and there, but no workbook.yaml: one line, exit 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "our_schema/workbook.yaml: cannot read" in err


def test_init_writes_a_starter_instance_that_checks_clean(empty_folder, capsys):
    assert main(["init", "team"]) == 0
    out = capsys.readouterr().out
    team = empty_folder / "team"
    assert {p.relative_to(team).as_posix() for p in team.rglob("*") if p.is_file()} == {
        "config.yaml", "sheets_schema/workbook.yaml", "drive_rules/filing.yaml"}
    assert (team / "sheets_schema" / "workbook.yaml").read_bytes() == \
        (defaults.schema_dir() / "workbook.yaml").read_bytes()
    assert "cd team && turfbook check" in out
    config = yaml.safe_load((team / "config.yaml").read_text())
    assert config["schema_dir"] == "sheets_schema" and config["rules_dir"] == "drive_rules"
    assert main(["--config", "team/config.yaml", "check"]) == 0     # relative paths: next to the config file
    assert "schema from team/sheets_schema, rules from team/drive_rules" in capsys.readouterr().out
    assert load("team/config.yaml").data_dir == team.relative_to(empty_folder) / ".turfbook"
    overridden = load("team/config.yaml", environ={"TURFBOOK_GOOGLE__CREDENTIALS_FILE": "key.json"})
    assert overridden.google.credentials_file.as_posix() == "key.json"          # env: relative to here
    assert main(["init"]) == 0 and (empty_folder / "config.yaml").is_file()
    capsys.readouterr()
    assert main(["check"]) == 0                                              # and where it was written
    assert "schema from sheets_schema, rules from drive_rules" in capsys.readouterr().out


def test_init_never_overwrites_and_is_safe_to_rerun(empty_folder, capsys):
    assert main(["init"]) == 0
    edited = empty_folder / "drive_rules" / "filing.yaml"
    edited.write_text("# ours\n" + edited.read_text())
    (empty_folder / "config.yaml").unlink()
    capsys.readouterr()
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert edited.read_text().startswith("# ours\n")
    assert "wrote: config.yaml" in out and f"kept (already there): {'drive_rules/filing.yaml'}" in out
    assert not list(empty_folder.rglob("*.tmp"))


def test_init_into_a_file_says_why_in_one_line_and_exits_2(empty_folder, capsys):
    (empty_folder / "taken").write_text("x")
    assert main(["init", "taken"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "taken" in err


def test_a_broken_schema_is_a_setup_error_in_one_line(empty_folder, capsys):
    (empty_folder / "bad").mkdir()
    (empty_folder / "bad" / "workbook.yaml").write_text("version: 1\ntabs: nope\n")
    (empty_folder / "config.yaml").write_text(yaml.safe_dump({
        "schema_dir": "bad", "google": {"endpoint": "http://127.0.0.1:9", "credentials_file": "none.json"}}))
    assert main(["demo", "seed"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("setup error: bad/workbook.yaml") and "Traceback" not in err


def test_the_demo_without_an_emulator_endpoint_says_why_and_exits_2(empty_folder, capsys):
    (empty_folder / "config.yaml").write_text("google: {credentials_file: none.json}\n")
    assert main(["demo"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "setup error: google.endpoint is not set" in err


def test_init_writes_with_the_umasks_usual_mode(empty_folder, capsys):
    import os
    old = os.umask(0o022)
    try:
        assert main(["init"]) == 0
    finally:
        os.umask(old)
    for name in ("config.yaml", "sheets_schema/workbook.yaml", "drive_rules/filing.yaml"):
        assert (empty_folder / name).stat().st_mode & 0o777 == 0o644, name


def test_init_never_replaces_a_dangling_config_symlink(empty_folder, capsys):
    (empty_folder / "config.yaml").symlink_to(empty_folder / "elsewhere" / "config.yaml")
    assert main(["init"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err and "config.yaml" in err
    assert (empty_folder / "config.yaml").is_symlink()


def test_a_folder_named_config_yaml_is_one_line_and_exit_2(empty_folder, capsys):
    (empty_folder / "config.yaml").mkdir()
    assert main(["init"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config.yaml: exists and is not a file" in err
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a folder, not a config file" in err


@pytest.mark.parametrize(("text", "said"), [
    (b"google: [\n", "c.yaml:2: not valid YAML"),
    (b'organization:\n  name: "caf\xe9"\n', "c.yaml:2: not UTF-8 text (byte 0xe9)"),
])
def test_an_unusable_config_file_is_one_line_naming_file_and_line(empty_folder, capsys, text, said):
    (empty_folder / "c.yaml").write_bytes(text)
    assert main(["--config", "c.yaml", "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err and "Traceback" not in err


@pytest.mark.parametrize(("text", "said"), [(b"tabs: [\n", "s/workbook.yaml:2: not valid YAML"),
                                            (b'x: "\xff"\n', "s/workbook.yaml:1: not UTF-8 text")])
def test_check_with_an_unloadable_schema_is_one_line_and_exit_2(empty_folder, capsys, text, said):
    (empty_folder / "s").mkdir()
    (empty_folder / "s" / "workbook.yaml").write_bytes(text)
    (empty_folder / "config.yaml").write_text("schema_dir: s\n")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err


def test_a_data_dir_that_cannot_be_written_is_one_line_naming_data_dir(empty_folder, capsys):
    (empty_folder / "blocker").write_text("a file, so nothing can be made under it")
    (empty_folder / "config.yaml").write_text(yaml.safe_dump({
        "data_dir": "blocker/data", "google": {"endpoint": "http://127.0.0.1:9", "credentials_file": "none.json"}}))
    for command in (["run", "overdue"], ["demo"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "data_dir: cannot write" in err and "blocker/data" in err, (command, err)
    from turfbook.bootstrap import bootstrap
    bootstrap(load("config.yaml"))             # what --dry-run builds writes nothing
    assert (empty_folder / "blocker").is_file()
