"""The emulator's core through the real clients: auth, errors, quotas, faults, stats."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from google.oauth2 import service_account
from googleapiclient.errors import HttpError

from turfbook.workspace import retry, transport


def _get(url, token=None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return opener.open(request, timeout=10)


def test_real_jwt_bearer_flow_gets_a_token(emulator, config):
    creds = service_account.Credentials.from_service_account_file(
        str(emulator.credentials), scopes=["https://www.googleapis.com/auth/drive"])
    import google.auth.transport.requests as gatr

    creds.refresh(gatr.Request(transport.plain_session(config)))
    assert creds.token.startswith("ya29.")
    assert creds.valid


@pytest.mark.parametrize("token", [None, "ya29.forged"])
def test_missing_or_wrong_token_is_401_in_googles_shape(emulator, token):
    with pytest.raises(urllib.error.HTTPError) as caught:
        _get(emulator.base_url + "/drive/v3/files", token)
    assert caught.value.code == 401
    body = json.loads(caught.value.read())
    assert body["error"]["code"] == 401
    assert body["error"]["errors"][0]["reason"] == "authError"


def test_unknown_query_parameter_is_400_for_sheets(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4")
    request = sheets.spreadsheets().get(spreadsheetId="nope")
    request.uri += "&bogusParam=1"
    with pytest.raises(HttpError) as caught:
        request.execute()
    assert caught.value.resp.status == 400
    assert "bogusParam" in str(caught.value)


def test_unknown_body_field_is_400_naming_it(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4")
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().create(body={"properties": {"title": "x", "colour": "red"}}).execute()
    assert caught.value.resp.status == 400
    assert '"colour"' in caught.value.reason or "colour" in str(caught.value.content)


def test_injected_faults_are_survived_by_retry(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4")
    emulator.fault(method="sheets.spreadsheets.create", status=503, count=3)
    log = retry.CallLog()
    policy = retry.Policy(base=0.01, cap=0.05)
    created = retry.execute(sheets.spreadsheets().create(body={"properties": {"title": "Faulty"}}),
                            policy=policy, log=log)
    assert created["properties"]["title"] == "Faulty"
    assert log.retries == 3
    assert emulator.stats()["by_method"]["sheets.spreadsheets.create"] == 4


def test_sixty_first_read_in_a_minute_is_429(emulator, config):
    spreadsheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    created = spreadsheets.create(body={"properties": {"title": "Quota"}}).execute()
    emulator.quota_scale(1)
    for _ in range(60):
        spreadsheets.get(spreadsheetId=created["spreadsheetId"]).execute()
    with pytest.raises(HttpError) as caught:
        spreadsheets.get(spreadsheetId=created["spreadsheetId"]).execute()
    assert caught.value.resp.status == 429
    assert json.loads(caught.value.content)["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert int(caught.value.resp["retry-after"]) >= 1


def test_stats_count_calls_reads_and_writes(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4")
    emulator.reset_stats()
    created = sheets.spreadsheets().create(body={"properties": {"title": "Count"}}).execute()
    sheets.spreadsheets().get(spreadsheetId=created["spreadsheetId"]).execute()
    stats = emulator.stats()
    assert stats["total"] == 2 and stats["reads"] == 1 and stats["writes"] == 1
    assert stats["by_method"] == {"sheets.spreadsheets.create": 1, "sheets.spreadsheets.get": 1}
    assert stats["http_requests"] >= 2
    spent = stats["seconds_by_method"]           # the server's own time per method (issue 22)
    assert set(spent) == set(stats["by_method"])
    assert all(s["cpu"] >= 0 and 0 < s["wall"] < 60 for s in spent.values())
    emulator.reset_stats()
    assert emulator.stats()["seconds_by_method"] == {}


def test_a_method_is_in_seconds_by_method_as_soon_as_its_answer_is_read(emulator, config):
    """Its time so far is counted before the answer is written (a full run with 3 workers once read the stats
    between the answer's last byte and the count)."""
    sheets = transport.api_client(config, "sheets", "v4")
    created = sheets.spreadsheets().create(body={"properties": {"title": "Count"}}).execute()
    for _ in range(40):
        emulator.reset_stats()
        sheets.spreadsheets().get(spreadsheetId=created["spreadsheetId"]).execute()
        assert set(emulator.stats()["seconds_by_method"]) == {"sheets.spreadsheets.get"}


def test_dropped_connection_after_apply_does_not_duplicate_an_append(emulator, config):
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import Sheets

    workspace = connect(config)
    spreadsheet_id = Sheets.create(workspace, "Append", ["Log"])
    sheets = workspace.sheets(spreadsheet_id)
    sheets.write([sheets_write("'Log'!A1:B1", [["ID", "Note"]])])
    emulator.fault(method="sheets.spreadsheets.values.append", drop="after")
    sheets.append_rows("Log", [["C-000001", "first"], ["C-000002", "second"]])
    assert sheets.read(["'Log'!A:B"])[0] == [["ID", "Note"], ["C-000001", "first"], ["C-000002", "second"]]
    assert emulator.stats()["by_method"]["sheets.spreadsheets.values.append"] == 1


def test_dropped_connection_before_apply_is_resent_once(emulator, config):
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import Sheets

    workspace = connect(config)
    spreadsheet_id = Sheets.create(workspace, "Append", ["Log"])
    sheets = workspace.sheets(spreadsheet_id)
    emulator.fault(method="sheets.spreadsheets.values.append", drop="before")
    sheets.append_rows("Log", [["C-000001", "only"]])
    assert sheets.read(["'Log'!A:B"])[0] == [["C-000001", "only"]]


def test_state_and_tokens_survive_a_restart(tmp_path):
    from tests.support.emulator import EmulatorProcess, free_port
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import Sheets

    port = free_port()
    first = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        workspace = connect(first.config(tmp_path))
        spreadsheet_id = Sheets.create(workspace, "Durable", ["People"])
        workspace.sheets(spreadsheet_id).write([sheets_write("'People'!A1", [["P-000001"]])])
    finally:
        first.stop()
    second = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        assert workspace.sheets(spreadsheet_id).read(["'People'!A1"])[0] == [["P-000001"]]
    finally:
        second.stop()


def test_reset_after_a_restart_empties_what_is_still_only_on_disk(tmp_path):
    """Issue 19 attack (demo_restart.sh): a new emulator loads its state lazily, so a reset straight
    after a restart must empty the namespaces still on disk (Drive, Sheets) and the blobs too."""
    import io

    from tests.support.emulator import EmulatorProcess, free_port
    from turfbook.workspace import connect
    from turfbook.workspace.drive import Drive
    from turfbook.workspace.sheets import Sheets

    port = free_port()
    first = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        workspace = connect(first.config(tmp_path))
        spreadsheet_id = Sheets.create(workspace, "Old demo", ["People"])
        drive = Drive(workspace)
        drive.shared_drive(create=True)
        drive.upload(io.BytesIO(b"\xff\xd8\xff\xe0" + bytes(1000)), "IMG_1.jpg", drive.folder("Inbox"), "image/jpeg")
    finally:
        first.stop()
    assert any((tmp_path / "emu" / "drive-blobs").iterdir())
    for round_ in ("reset", "restarted after the reset"):
        emulator = EmulatorProcess.start(tmp_path / "emu", port=port)
        try:
            if round_ == "reset":
                emulator.reset()
            with pytest.raises(HttpError) as caught:
                workspace.sheets(spreadsheet_id).read(["'People'!A1"])
            assert caught.value.resp.status == 404, round_
            drive = Drive(workspace)
            drive.shared_drive(create=True)
            assert drive.find("name = 'IMG_1.jpg'") == [], round_
            assert not any((tmp_path / "emu" / "drive-blobs").glob("*")), round_
        finally:
            emulator.stop()


def sheets_write(range_, values):
    from turfbook.workspace.sheets import CellWrite

    return CellWrite(range_, values)


def test_batch_answers_long_request_ids_that_the_client_folded(emulator, config):
    drive = transport.api_client(config, "drive", "v3")
    shared = drive.drives().create(requestId="batch-ids", body={"name": "Org"}).execute()
    created = drive.files().create(body={"name": "a", "parents": [shared["id"]]}, supportsAllDrives=True).execute()
    answers = {}
    batch = drive.new_batch_http_request(callback=lambda rid, resp, exc: answers.__setitem__(rid, (resp, exc)))
    long_id = created["id"] + "-" + created["id"]
    batch.add(drive.files().update(fileId=created["id"], body={"name": "b"}, supportsAllDrives=True),
              request_id=long_id)
    batch.execute()
    assert answers[long_id][1] is None and answers[long_id][0]["name"] == "b"


def test_nothing_reaches_for_googles_hosts_when_an_endpoint_is_set(emulator, config, monkeypatch):
    """google-auth's own calls (token, access-boundary lookup) must go to the endpoint too."""
    import socket
    import time

    looked_up = []
    real = socket.getaddrinfo

    def recording(host, *args, **kwargs):
        looked_up.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording)
    spreadsheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    created = spreadsheets.create(body={"properties": {"title": "Local"}}).execute()
    client = transport.gspread_client(config)
    client.open_by_key(created["spreadsheetId"]).sheet1.get_all_values()
    time.sleep(0.3)  # the access-boundary lookup runs in a background thread
    assert [h for h in looked_up if "googleapis.com" in str(h)] == []
