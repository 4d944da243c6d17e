"""`turfbook run <job>` from the command line: every real run goes through the runner (lock + run
history, so /runs shows it), exit codes as the README says, errors printed once in plain words."""

from __future__ import annotations

import pytest
import yaml

from tests.integration.filing_support import workbook
from turfbook.cli import main
from turfbook.history import History


def write_config(config, tmp_path, **google) -> str:
    data = config.model_dump(mode="json", exclude={"source"})
    data["google"].update(google)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def book(config):
    return workbook(config)


def test_every_job_run_from_the_cli_is_in_run_history(book, tmp_path, capsys):
    path = write_config(book, tmp_path)
    for job in ("overdue", "filing", "digest", "chart"):
        assert main(["--config", path, "run", job, *(["--to", "me@example.org"] if job == "digest" else [])]) == 0, \
            capsys.readouterr().err
    runs = History.for_config(book).recent()
    assert sorted((r.job, r.trigger, r.status) for r in runs) == [
        ("chart", "cli", "ok"), ("digest", "cli", "ok"), ("filing", "cli", "ok"), ("overdue", "cli", "ok")]


def test_a_dry_run_leaves_no_history(book, tmp_path):
    path = write_config(book, tmp_path)
    for job in ("overdue", "filing", "digest", "chart"):
        assert main(["--config", path, "run", job, "--dry-run"]) == 0
    assert History.for_config(book).recent() == []


@pytest.mark.parametrize("job", ["overdue", "digest", "chart"])   # filing with an empty inbox needs no sheet
def test_a_missing_spreadsheet_id_is_a_config_error_said_once(config, tmp_path, capsys, job):
    path = write_config(config, tmp_path, spreadsheet_id=None)
    assert main(["--config", path, "run", job]) == 2
    err = capsys.readouterr().err
    assert err.count("google.spreadsheet_id") == 1 and "sheets init" in err, err


def test_a_wrong_spreadsheet_id_names_the_setting_not_a_url(book, tmp_path, capsys):
    path = write_config(book, tmp_path, spreadsheet_id="1NoSuchSheetAtAllxxxxxxxxxxxxxxxxxxxxxxxxxx")
    assert main(["--config", path, "run", "overdue"]) == 2
    err = capsys.readouterr().err
    assert "google.spreadsheet_id" in err and "does not exist" in err, err
    assert "http" not in err and "HttpError" not in err and err.count("\n") == 1, err


def test_a_sheet_not_shared_with_the_delegated_user_names_that_user_in_jobs_and_init(emulator, tmp_path, capsys):
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import Sheets

    ana = connect(emulator.config(tmp_path / "ana", delegated_user="ana@example.org", shared_drive_made=False))
    sid = Sheets.create(ana, "Ana's", ["People"])                         # carl cannot open it
    carl = emulator.config(tmp_path / "carl", delegated_user="carl@example.org", shared_drive_made=False)
    path = write_config(carl, tmp_path, spreadsheet_id=sid)
    for command in (["run", "overdue"], ["sheets", "init"]):
        assert main(["--config", path, *command]) == 2, command
        err = capsys.readouterr().err
        assert "is not shared with carl@example.org (google.delegated_user" in err, err
        assert "PermissionDenied" not in err and err.count("\n") == 1, err
