"""config.yaml: strict keys named by path, env overrides, secrets from env or *_FILE."""

from __future__ import annotations

import pytest

from turfbook import config as cfg
from turfbook.cli import main


def write(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_the_shipped_config_loads():
    config = cfg.load("config.yaml", environ={})
    assert config.google.endpoint == "http://127.0.0.1:8765"
    assert config.organization.timezone == "America/New_York"


def test_unknown_key_is_named_by_its_path(tmp_path):
    path = write(tmp_path, "google:\n  drive:\n    inboxx: Uploads\n")
    with pytest.raises(cfg.ConfigError) as caught:
        cfg.load(path, environ={})
    assert "google.drive.inboxx: unknown key" in str(caught.value)


def test_duplicate_key_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "web:\n  base_url: http://a\n  base_url: http://b\n")
    with pytest.raises(cfg.ConfigError) as caught:
        cfg.load(path, environ={})
    assert "duplicate key 'base_url' at line 3" in str(caught.value)


def test_bad_timezone_and_bad_type_are_each_reported(tmp_path):
    path = write(tmp_path, "organization:\n  timezone: Mars/Olympus\nweb:\n  max_upload_mb: lots\n")
    with pytest.raises(cfg.ConfigError) as caught:
        cfg.load(path, environ={})
    message = str(caught.value)
    assert "organization.timezone: unknown timezone 'Mars/Olympus'" in message
    assert "web.max_upload_mb" in message


def test_env_overrides_nested_keys(tmp_path):
    path = write(tmp_path, "google:\n  spreadsheet_id: null\n")
    config = cfg.load(path, environ={"TURFBOOK_GOOGLE__SPREADSHEET_ID": "abc123",
                                     "TURFBOOK_WEB__MAX_UPLOAD_MB": "10"})
    assert config.google.spreadsheet_id == "abc123"
    assert config.web.max_upload_mb == 10


def test_env_override_with_unknown_key_is_an_error(tmp_path):
    path = write(tmp_path, "")
    with pytest.raises(cfg.ConfigError, match="google.spreadsheet: unknown key"):
        cfg.load(path, environ={"TURFBOOK_GOOGLE__SPREADSHEET": "x"})


def test_secret_from_env_or_file(tmp_path):
    secret_file = tmp_path / "token"
    secret_file.write_text("from-file\n")
    assert cfg.secret("ADMIN_TOKEN", {"TURFBOOK_ADMIN_TOKEN": "from-env"}) == "from-env"
    assert cfg.secret("ADMIN_TOKEN", {"TURFBOOK_ADMIN_TOKEN_FILE": str(secret_file)}) == "from-file"
    assert cfg.secret("ADMIN_TOKEN", {}) is None
    with pytest.raises(cfg.ConfigError, match="TURFBOOK_LINK_KEY_FILE"):
        cfg.secret("LINK_KEY", {"TURFBOOK_LINK_KEY_FILE": str(tmp_path / "missing")})


def test_cli_config_error_exits_2_naming_the_key(tmp_path, capsys):
    path = write(tmp_path, "mail:\n  transprt: smtp\n")
    assert main(["--config", str(path), "check"]) == 2
    assert "mail.transprt: unknown key" in capsys.readouterr().err


def test_cli_unknown_command_is_usage_error():
    assert main(["frobnicate"]) == 2


@pytest.mark.parametrize("sender", ["Director <director@example.org>", "director@example.org"])
def test_mail_sender_is_an_address_or_a_name_and_address(tmp_path, sender):
    path = write(tmp_path, f"mail:\n  sender: '{sender}'\n")
    assert cfg.sender_address(cfg.load(path, environ={}).mail.sender) == "director@example.org"


@pytest.mark.parametrize("sender", ["Director", "a@example.org, b@example.org", "Director <director>"])
def test_mail_sender_that_is_not_one_address_is_refused_naming_the_key(tmp_path, sender):
    path = write(tmp_path, f"mail:\n  sender: '{sender}'\n")
    with pytest.raises(cfg.ConfigError, match="mail.sender"):
        cfg.load(path, environ={})


def test_live_warnings_name_open_secret_files_and_a_gmail_sender_that_is_not_the_mailbox(tmp_path):
    from turfbook.workspace.live_warnings import live_warnings

    key = tmp_path / "key.json"
    key.write_text("{}")
    key.chmod(0o644)
    extra = tmp_path / "smtp-password"
    extra.write_text("x")
    extra.chmod(0o666)
    path = write(tmp_path, f"google:\n  credentials_file: {key}\n  delegated_user: ana@example.org\n"
                           "mail:\n  transport: gmail\n  sender: 'Director <director@example.org>'\n")
    config = cfg.load(path, environ={})
    warnings = live_warnings(config, environ={"TURFBOOK_SMTP_PASSWORD_FILE": str(extra)})
    assert any(f"chmod 600 {key}" in w and "google.credentials_file" in w for w in warnings)
    assert any(f"chmod 600 {extra}" in w and "TURFBOOK_SMTP_PASSWORD_FILE" in w for w in warnings)
    assert any("director@example.org is not the mailbox Gmail sends as (ana@example.org)" in w for w in warnings)
    key.chmod(0o600)
    extra.chmod(0o600)
    same = cfg.load(write(tmp_path, f"google:\n  credentials_file: {key}\n  delegated_user: ana@example.org\n"
                                    "mail:\n  transport: gmail\n  sender: 'Ana <ana@example.org>'\n"), environ={})
    assert live_warnings(same, environ={"TURFBOOK_SMTP_PASSWORD_FILE": str(extra)}) == []
