"""`turfbook check --live` against the emulator refusing each permission in turn."""

from __future__ import annotations

import pytest

from turfbook.workspace import connect
from turfbook.workspace.live import live_checks
from turfbook.workspace.sheets import Sheets


@pytest.fixture
def live_config(emulator, tmp_path):
    base = emulator.config(tmp_path)
    workspace = connect(base)
    spreadsheet_id = Sheets.create(workspace, "Live", ["People"])
    workspace.drive_api.drives().create(requestId="live-check", body={"name": base.google.drive.shared_drive}).execute()
    google = base.google.model_copy(update={"spreadsheet_id": spreadsheet_id})
    return base.model_copy(update={"google": google})


def test_everything_in_place_means_no_problems(live_config):
    assert live_checks(live_config) == []


def test_missing_spreadsheet_id_says_how_to_create_it(emulator, tmp_path):
    config = emulator.config(tmp_path)
    connect(config).drive_api.drives().create(requestId="x", body={"name": "Organizing"}).execute()
    assert any("turfbook sheets init --write-config" in p for p in live_checks(config))


@pytest.mark.parametrize("method", ["sheets.spreadsheets.get", "sheets.spreadsheets.batchUpdate"])
def test_spreadsheet_not_shared_says_share_as_editor(emulator, live_config, method):
    emulator.fault(method=method, status=403, message="The caller does not have permission", count=20)
    problems = live_checks(live_config)
    assert len(problems) == 1
    assert "click Share, and add that address as Editor" in problems[0]
    assert "turfbook@" in problems[0]


def test_unknown_spreadsheet_is_named(emulator, live_config):
    google = live_config.google.model_copy(update={"spreadsheet_id": "1DoesNotExist"})
    problems = live_checks(live_config.model_copy(update={"google": google}))
    assert problems == [p for p in problems if "1DoesNotExist" in p] and problems


def test_shared_drive_not_shared_says_add_as_content_manager(emulator, tmp_path):
    config = emulator.config(tmp_path, shared_drive_made=False)
    workspace = connect(config)
    google = config.google.model_copy(update={"spreadsheet_id": Sheets.create(workspace, "Live", ["People"])})
    problems = live_checks(config.model_copy(update={"google": google}))
    assert len(problems) == 1 and "Manage members" in problems[0] and "Content manager" in problems[0]


def test_drive_refused_is_explained(emulator, live_config):
    emulator.fault(method="drive.drives.list", status=403, message="Insufficient permissions", count=20)
    problems = live_checks(live_config)
    assert len(problems) == 1 and "Content manager" in problems[0]


def test_a_key_the_server_does_not_know_cannot_sign_in(emulator, live_config, tmp_path):
    from turfbook_emulator.auth import Keys

    (tmp_path / "other").mkdir()
    other = Keys(tmp_path / "other")
    other.write_credentials(tmp_path / "other.json", emulator.base_url)
    google = live_config.google.model_copy(update={"credentials_file": tmp_path / "other.json"})
    problems = live_checks(live_config.model_copy(update={"google": google}))
    assert len(problems) == 1 and "Could not sign in" in problems[0]


def test_smtp_that_does_not_answer_is_explained(live_config):
    from tests.support.emulator import free_port

    mail = live_config.mail.model_copy(update={
        "transport": "smtp", "smtp": live_config.mail.smtp.model_copy(update={"port": free_port(), "host": "127.0.0.1",
                                                                              "timeout_seconds": 2})})
    problems = live_checks(live_config.model_copy(update={"mail": mail}))
    assert len(problems) == 1 and "Cannot sign in to the SMTP server 127.0.0.1" in problems[0]


def test_cli_check_live_exits_1_on_a_refusal(emulator, live_config, tmp_path, capsys):
    import yaml

    from turfbook.cli import main

    path = tmp_path / "live.yaml"
    data = live_config.model_dump(mode="json", exclude={"source"})
    path.write_text(yaml.safe_dump(data))
    assert main(["--config", str(path), "check", "--live"]) == 0
    emulator.fault(method="sheets.spreadsheets.get", status=403, count=20)
    assert main(["--config", str(path), "check", "--live"]) == 1
    assert "live: 1 problem(s)" in capsys.readouterr().out


# ----- the identity in use, with the emulator refusing as Google does (no injected faults) -------------

def test_delegation_the_admin_did_not_allow_names_the_admin_console_step(emulator, live_config):
    emulator.delegation({"100000000000000000001": ["https://www.googleapis.com/auth/drive"]})
    [problem] = live_checks(live_config)
    assert "unauthorized_client" in problem and "Domain-wide delegation" in problem
    assert "100000000000000000001" in problem and "https://www.googleapis.com/auth/spreadsheets" in problem


def test_gmail_for_a_bare_service_account_says_how_to_get_a_user(emulator, tmp_path):
    config = emulator.config(tmp_path, delegated_user=None)
    connect(config).drive_api.drives().create(requestId="bare", body={"name": "Organizing"}).execute()
    config = config.model_copy(update={"mail": config.mail.model_copy(update={"transport": "gmail"})})
    problems = live_checks(config)
    assert any("google.delegated_user" in p and "Domain-wide delegation" in p and "smtp" in p for p in problems)


def test_a_spreadsheet_someone_else_owns_says_share_it_with_the_user_in_use(emulator, live_config, tmp_path):
    other = connect(emulator.config(tmp_path, delegated_user="ana@example.org"))
    google = live_config.google.model_copy(update={"spreadsheet_id": Sheets.create(other, "Ana's", ["People"])})
    [problem] = live_checks(live_config.model_copy(update={"google": google}))
    assert "director@example.org (through turfbook@" in problem and "add that address as Editor" in problem


def test_a_revoked_user_sign_in_says_log_in_again(emulator, live_config, tmp_path):
    import json

    info = json.loads(emulator.user_credentials.read_text()) | {"refresh_token": "1//revoked"}
    (tmp_path / "user.json").write_text(json.dumps(info))
    google = live_config.google.model_copy(update={"user_credentials_file": tmp_path / "user.json"})
    [problem] = live_checks(live_config.model_copy(update={"google": google}))
    assert "turfbook auth login" in problem and "invalid_grant" in problem


def test_setup_c_without_a_shared_drive_checks_the_my_drive_folder(emulator, tmp_path):
    base = emulator.config(tmp_path, delegated_user=None)
    google = base.google.model_copy(update={"user_credentials_file": emulator.user_credentials,
                                            "drive": base.google.drive.model_copy(update={"shared_drive": None})})
    config = base.model_copy(update={"google": google})
    workspace = connect(config)
    google = google.model_copy(update={"spreadsheet_id": Sheets.create(workspace, "Live", ["People"])})
    config = config.model_copy(update={"google": google})
    [problem] = live_checks(config)
    assert "'Turfbook'" in problem and "turfbook sheets init" in problem
    workspace.drive_api.files().create(body={"name": "Turfbook", "mimeType": "application/vnd.google-apps.folder",
                                             "parents": ["root"]}).execute()
    assert live_checks(config) == []


def test_a_read_only_member_of_the_shared_drive_or_a_viewer_of_the_sheet_is_told_what_to_change(emulator, tmp_path):
    owner = connect(emulator.config(tmp_path / "ana", delegated_user="ana@example.org", shared_drive_made=False))
    drive_id = owner.drive_api.drives().create(requestId="ana", body={"name": "Organizing"}).execute()["id"]
    sid = Sheets.create(owner, "Ana's", ["People"])
    for file_id in (drive_id, sid):
        owner.drive_api.permissions().create(fileId=file_id, supportsAllDrives=True, body={
            "role": "reader", "type": "user", "emailAddress": "director@example.org"}).execute()
    base = emulator.config(tmp_path, shared_drive_made=False)
    config = base.model_copy(update={"google": base.google.model_copy(update={"spreadsheet_id": sid})})
    problems = live_checks(config)
    assert len(problems) == 2
    assert any("add that address as Editor" in p for p in problems)
    assert any("can only read the shared drive" in p and "Content manager" in p for p in problems)


def test_a_user_sign_in_for_fewer_scopes_says_log_in_again(emulator, live_config, tmp_path):
    """Signed in while mail went by SMTP, then switched to Gmail: Google refuses the wider refresh
    (invalid_scope); the check names the scopes and the command that asks for them."""
    import json

    from tests.integration.test_live_fidelity import oauth_creds
    from turfbook.workspace.auth import DRIVE, SHEETS

    creds = oauth_creds(emulator, "maria.personal@gmail.com", [SHEETS, DRIVE])
    info = json.loads(creds.to_json()) | {"type": "authorized_user"}
    (tmp_path / "user.json").write_text(json.dumps(info))
    google = live_config.google.model_copy(update={"user_credentials_file": tmp_path / "user.json"})
    mail = live_config.mail.model_copy(update={"transport": "gmail"})
    [problem] = live_checks(live_config.model_copy(update={"google": google, "mail": mail}))
    assert "gmail.send" in problem and "turfbook auth login" in problem


def test_a_contributor_of_the_shared_drive_is_told_to_become_content_manager(emulator, tmp_path):
    owner = connect(emulator.config(tmp_path / "ana", delegated_user="ana@example.org", shared_drive_made=False))
    drive_id = owner.drive_api.drives().create(requestId="ana-c", body={"name": "Organizing"}).execute()["id"]
    owner.drive_api.permissions().create(fileId=drive_id, supportsAllDrives=True, body={
        "role": "writer", "type": "user", "emailAddress": "director@example.org"}).execute()
    sid = Sheets.create(owner, "Ana's", ["People"])
    owner.drive_api.permissions().create(fileId=sid, body={
        "role": "writer", "type": "user", "emailAddress": "director@example.org"}).execute()
    base = emulator.config(tmp_path, shared_drive_made=False)
    [problem] = live_checks(base.model_copy(update={"google": base.google.model_copy(update={"spreadsheet_id": sid})}))
    assert "Contributor" in problem and "Content manager" in problem and "director@example.org" in problem


def test_a_bare_service_account_without_a_shared_drive_is_told_its_three_ways(emulator, tmp_path):
    base = emulator.config(tmp_path, delegated_user=None, shared_drive_made=False)
    google = base.google.model_copy(update={"drive": base.google.drive.model_copy(update={"shared_drive": None})})
    problems = live_checks(base.model_copy(update={"google": google}))
    [problem] = [p for p in problems if "My Drive" in p]
    assert "no My Drive" in problem and "google.drive.shared_drive" in problem
    assert "google.delegated_user" in problem and "turfbook auth login" in problem


def test_a_delegated_user_outside_the_domain_names_the_setting(emulator, live_config):
    google = live_config.google.model_copy(update={"delegated_user": "ana@other.org"})
    [problem] = live_checks(live_config.model_copy(update={"google": google}))
    assert problem.startswith("google.delegated_user:") and "ana@other.org" in problem
