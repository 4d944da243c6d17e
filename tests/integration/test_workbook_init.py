"""`sheets init` makes the workbook through Drive inside the shared drive (a bare service account has no
My Drive), with an ID reserved first: a lost create answer leaves no orphan, and a second init finds
Turfbook's own workbook instead of making another. Gmail needs a user."""

from __future__ import annotations

import pytest

from turfbook.cli import main
from turfbook.config import ConfigError
from turfbook.schema import load_schema
from turfbook.schema.column_guard import GuardRefused
from turfbook.schema.init import run_init
from turfbook.workspace import connect, mail
from turfbook.workspace.drive import Drive

SPREADSHEET = "application/vnd.google-apps.spreadsheet"


@pytest.fixture
def bare_config(emulator, tmp_path):
    """The service account with no subject: everything must live in the shared drive (the admin made it)."""
    return emulator.config(tmp_path, delegated_user=None)


def workbooks(config) -> list[dict]:
    drive = Drive(connect(config))
    drive.shared_drive()
    return drive.find(f"mimeType = '{SPREADSHEET}' and trashed = false", fields="id,name,parents,properties")


def init(config):
    schema = load_schema(config.schema_dir / "workbook.yaml")
    return run_init(connect(config), schema, config.google.spreadsheet_id, title="Coalition",
                    time_zone="America/Chicago")


def test_init_creates_the_workbook_in_the_shared_drive_through_drive(bare_config, emulator):
    result = init(bare_config)
    assert result.created
    [book] = workbooks(bare_config)
    drive = Drive(connect(bare_config))
    assert book["id"] == result.spreadsheet_id and book["parents"] == [drive.shared_drive()]
    assert book["properties"]["turfbookWorkbook"] == "1"      # public: every identity and client sees it
    assert "turfbookSetup" not in book["properties"]          # the setup step landed: no pending mark
    calls = emulator.stats()["by_method"]
    assert "sheets.spreadsheets.create" not in calls and "drive.files.generateIds" not in calls
    sheets = connect(bare_config).sheets(result.spreadsheet_id)
    meta = sheets.metadata("properties(title,timeZone),sheets.properties.title")
    assert meta["properties"] == {"title": "Coalition", "timeZone": "America/Chicago"}
    assert "Sheet1" not in [s["properties"]["title"] for s in meta["sheets"]]


def test_a_dropped_create_answer_leaves_no_orphan(bare_config, emulator):
    emulator.fault(method="drive.files.create", drop="after", count=1)
    init(bare_config)
    calls = emulator.stats()["by_method"]
    assert calls["drive.files.create"] == 1                 # the lost answer: found by its token, not re-sent
    assert len(workbooks(bare_config)) == 1
    assert not (bare_config.data_dir / "workbook-create.json").exists()


def test_a_create_lost_before_it_landed_is_sent_again_once(bare_config, emulator):
    emulator.fault(method="drive.files.create", drop="before", count=1)
    init(bare_config)
    assert emulator.stats()["by_method"]["drive.files.create"] == 2
    assert len(workbooks(bare_config)) == 1


def test_a_run_killed_after_the_create_reuses_its_recorded_token(bare_config, emulator):
    import json

    bare_config.data_dir.mkdir(parents=True, exist_ok=True)
    (bare_config.data_dir / "workbook-create.json").write_text(json.dumps({"token": "abc123"}))
    result = init(bare_config)
    [book] = workbooks(bare_config)
    assert book["properties"]["turfbookCreate"] == "abc123" and result.created


def test_drive_refuses_a_generated_id_for_a_spreadsheet_as_google_does(bare_config):
    from turfbook.workspace.errors import GoogleError

    drive = Drive(connect(bare_config))
    root = drive.shared_drive()
    [file_id] = drive.ws.drive_api.files().generateIds(count=1).execute()["ids"]
    with pytest.raises(GoogleError) as caught:
        connect(bare_config).execute(drive.files.create(body={"id": file_id, "name": "x", "mimeType": SPREADSHEET,
                                                              "parents": [root]}, supportsAllDrives=True))
    assert caught.value.status == 400 and "generatedIdNotSupported" in caught.value.reasons
    folder = {"id": file_id, "name": "f", "mimeType": "application/vnd.google-apps.folder", "parents": [root]}
    assert drive.ws.drive_api.files().create(body=folder, supportsAllDrives=True).execute()["id"] == file_id


def test_a_second_init_finds_the_first_workbook(bare_config, emulator, capsys, tmp_path):
    first = init(bare_config)
    second = init(bare_config)
    assert (second.created, second.spreadsheet_id) == (False, first.spreadsheet_id)
    assert second.found_in == "shared drive 'Organizing'"
    path = tmp_path / "config.yaml"
    path.write_text(f"google:\n  endpoint: {emulator.base_url}\n  credentials_file: {emulator.credentials}\n"
                    f"data_dir: {tmp_path / 'data'}\n")
    assert main(["--config", str(path), "sheets", "init"]) == 0
    out = capsys.readouterr().out
    assert f"already exists in the shared drive 'Organizing': {first.spreadsheet_id}" in out
    assert f"google.spreadsheet_id: {first.spreadsheet_id}" in out
    assert len(workbooks(bare_config)) == 1


def test_gmail_without_a_user_says_which_setting_and_admin_step(bare_config):
    config = bare_config.model_copy(update={"mail": bare_config.mail.model_copy(update={"transport": "gmail"})})
    message = mail.build_message(sender="digest@example.org", to="director@example.org", subject="s", text="t")
    with pytest.raises(ConfigError) as caught:
        mail.send(message, config)
    text = str(caught.value)
    assert "google.delegated_user" in text and "Domain-wide delegation" in text and "gmail.send" in text


def test_a_run_stopped_after_the_create_finishes_the_first_setup_step_on_re_run(bare_config, emulator):
    emulator.fault(method="sheets.spreadsheets.batchUpdate", status=403, count=1)   # stops right after create
    with pytest.raises(Exception):
        init(bare_config)
    [book] = workbooks(bare_config)
    assert book["properties"]["turfbookSetup"] == "pending"
    result = init(bare_config)
    assert not result.created and result.spreadsheet_id == book["id"]
    meta = connect(bare_config).sheets(book["id"]).metadata("properties(title,timeZone),sheets.properties.title")
    assert meta["properties"] == {"title": "Coalition", "timeZone": "America/Chicago"}
    tabs = [s["properties"]["title"] for s in meta["sheets"]]
    assert "Sheet1" not in tabs and tabs[0] == "People" and len(tabs) == len(set(tabs))
    assert "turfbookSetup" not in workbooks(bare_config)[0]["properties"]


def test_a_shared_drive_not_shared_with_the_identity_stops_and_makes_no_second_drive(emulator, tmp_path):
    someone = emulator.config(tmp_path / "ana", delegated_user="ana@example.org", shared_drive_made=False)
    Drive(connect(someone)).shared_drive(create=True)         # exists, but only Ana is a member
    emulator.control("POST", "/_emulator/stats/reset")
    config = emulator.config(tmp_path, delegated_user=None, shared_drive_made=False)
    with pytest.raises(ConfigError, match="google.drive.shared_drive"):
        init(config)
    assert "drive.drives.create" not in emulator.stats()["by_method"]


def test_a_workbook_moved_into_a_subfolder_is_still_found(bare_config, emulator):
    first = init(bare_config)
    drive = Drive(connect(bare_config))
    root = drive.shared_drive()
    sub = drive.folder("Archive/2026")
    drive.ws.drive_api.files().update(fileId=first.spreadsheet_id, addParents=sub, removeParents=root,
                                      supportsAllDrives=True).execute()
    again = init(bare_config)
    assert not again.created and again.spreadsheet_id == first.spreadsheet_id
    assert len(workbooks(bare_config)) == 1


def test_two_inits_at_once_say_which_workbook_to_use_and_delete_nothing(bare_config, emulator):
    import threading

    emulator.fault(method="drive.files.create", latency_ms=1500, count=2)
    results, errors = [], []

    def one():
        try:
            results.append(init(bare_config))
        except Exception as exc:   # reported below, with what it was
            errors.append(exc)

    runs = [threading.Thread(target=one) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    # Both runs then shape the one workbook at once: each one's guarded writes may see the other's columns
    # move, and a run that keeps seeing that refuses with nothing written (run it again) — never half-written.
    # Under load both may refuse (each saw the other move); then the one re-run a person makes shapes it.
    assert all(isinstance(e, GuardRefused) for e in errors), errors
    if errors:
        results.append(init(bare_config))
    books = workbooks(bare_config)
    assert len(books) == 2                                   # both kept: never deleted
    ids = {r.spreadsheet_id for r in results}
    assert len(ids) == 1                                      # both runs name the same one to use
    [use] = ids
    # the run whose create landed first may have looked for another before the other's create landed (it
    # cannot know of it then); the other one, or the re-run, sees both and says which to use
    warned = [r for r in results if r.warning]
    assert warned, results
    assert all(use in r.warning and all(b["id"] in r.warning for b in books) and "Aviso" in r.warning
               for r in warned)
