"""Sharing roles as Google enforces them: Viewer/Commenter read only, an Editor may not trash or delete the
owner's My Drive file, and shared-drive members act by role (Viewer, Commenter, Contributor, Content
manager, Manager)."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError

from tests.integration.test_identities import api, service_account_creds

NO_PERMISSION = "The user does not have sufficient permissions for this file."


def clients(emulator, config, who):
    creds = service_account_creds(emulator, who)
    return api(config, "drive", "v3", creds), api(config, "sheets", "v4", creds)


def refused(call) -> dict:
    with pytest.raises(HttpError) as caught:
        call.execute()
    assert caught.value.resp.status == 403, caught.value.content
    return json.loads(caught.value.content)["error"]


def file_refused(call) -> None:
    error = refused(call)
    assert error["message"] == NO_PERMISSION and error["errors"][0]["reason"] == "insufficientFilePermissions"


@pytest.mark.parametrize("role", ["reader", "commenter"])
def test_a_viewer_or_commenter_reads_but_cannot_write(emulator, config, role):
    drive_a, sheets_a = clients(emulator, config, "ana@example.org")
    drive_b, sheets_b = clients(emulator, config, "ben@example.org")
    sid = sheets_a.spreadsheets().create(body={"properties": {"title": "Ana's"}}).execute()["spreadsheetId"]
    drive_a.permissions().create(fileId=sid, body={"role": role, "type": "user",
                                                   "emailAddress": "ben@example.org"}).execute()
    assert sheets_b.spreadsheets().get(spreadsheetId=sid).execute()["spreadsheetId"] == sid
    for call in (sheets_b.spreadsheets().values().update(spreadsheetId=sid, range="A1", valueInputOption="RAW",
                                                         body={"values": [["ben"]]}),
                 sheets_b.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [
                     {"addSheet": {"properties": {"title": "ben"}}}]})):
        error = refused(call)
        assert error["message"] == "The caller does not have permission" and error["status"] == "PERMISSION_DENIED"
    for call in (drive_b.files().update(fileId=sid, body={"name": "renamed"}),
                 drive_b.files().update(fileId=sid, body={"trashed": True}),
                 drive_b.files().delete(fileId=sid),
                 drive_b.permissions().create(fileId=sid, body={"role": "writer", "type": "user",
                                                                "emailAddress": "eve@example.org"})):
        file_refused(call)
    caps = drive_b.files().get(fileId=sid, fields="capabilities").execute()["capabilities"]
    assert not caps["canEdit"] and not caps["canTrash"] and not caps["canDelete"]
    assert drive_a.files().get(fileId=sid, fields="name,trashed").execute() == {"name": "Ana's", "trashed": False}


def test_an_editor_writes_but_cannot_trash_or_delete_the_owners_file(emulator, config):
    drive_a, sheets_a = clients(emulator, config, "ana@example.org")
    drive_b, sheets_b = clients(emulator, config, "ben@example.org")
    sid = sheets_a.spreadsheets().create(body={"properties": {"title": "Ana's"}}).execute()["spreadsheetId"]
    drive_a.permissions().create(fileId=sid, body={"role": "writer", "type": "user",
                                                   "emailAddress": "ben@example.org"}).execute()
    sheets_b.spreadsheets().values().update(spreadsheetId=sid, range="A1", valueInputOption="RAW",
                                            body={"values": [["ben"]]}).execute()
    drive_b.files().update(fileId=sid, body={"name": "Renamed by Ben"}).execute()
    file_refused(drive_b.files().update(fileId=sid, body={"trashed": True}))
    file_refused(drive_b.files().delete(fileId=sid))
    assert drive_a.files().get(fileId=sid, fields="trashed").execute() == {"trashed": False}


def test_a_viewer_cannot_add_to_a_shared_folder(emulator, config):
    drive_a, _ = clients(emulator, config, "ana@example.org")
    drive_b, _ = clients(emulator, config, "ben@example.org")
    folder = drive_a.files().create(body={"name": "Box", "mimeType": "application/vnd.google-apps.folder"}).execute()
    drive_a.permissions().create(fileId=folder["id"], body={"role": "reader", "type": "user",
                                                            "emailAddress": "ben@example.org"}).execute()
    refused(drive_b.files().create(body={"name": "x", "parents": [folder["id"]]}))


def test_shared_drive_members_act_by_role(emulator, config):
    boss, _ = clients(emulator, config, "ana@example.org")
    drive = boss.drives().create(requestId="roles", body={"name": "Team"}).execute()["id"]
    inbox = boss.files().create(body={"name": "Inbox", "mimeType": "application/vnd.google-apps.folder",
                                      "parents": [drive]}, supportsAllDrives=True).execute()["id"]
    members = {}
    for role, who in (("reader", "rita@example.org"), ("commenter", "carl@example.org"),
                      ("writer", "will@example.org"), ("fileOrganizer", "fay@example.org"),
                      ("organizer", "otto@example.org")):
        boss.permissions().create(fileId=drive, body={"role": role, "type": "user", "emailAddress": who},
                                  supportsAllDrives=True).execute()
        members[role] = clients(emulator, config, who)[0]

    def new_file(as_drive):
        return as_drive.files().create(body={"name": "f", "parents": [inbox]}, supportsAllDrives=True).execute()["id"]

    for role in ("reader", "commenter"):
        member = members[role]
        refused(member.files().create(body={"name": "f", "parents": [inbox]}, supportsAllDrives=True))
        file_refused(member.files().update(fileId=inbox, body={"trashed": True}, supportsAllDrives=True))
        file_refused(member.drives().update(driveId=drive, body={"name": "Mine"}))
        file_refused(member.permissions().create(fileId=drive, supportsAllDrives=True, body={
            "role": "organizer", "type": "user", "emailAddress": "eve@example.org"}))
        [seen] = member.drives().list(fields="drives(capabilities)").execute()["drives"]
        assert not seen["capabilities"]["canAddChildren"]
        caps = member.files().get(fileId=inbox, fields="capabilities", supportsAllDrives=True).execute()
        assert not caps["capabilities"]["canAddChildren"]
    writer = members["writer"]
    made = new_file(writer)
    writer.files().update(fileId=made, body={"name": "g"}, supportsAllDrives=True).execute()
    file_refused(writer.files().update(fileId=made, body={"trashed": True}, supportsAllDrives=True))
    file_refused(writer.drives().update(driveId=drive, body={"name": "Mine"}))
    organizer_of_files = members["fileOrganizer"]
    organizer_of_files.files().update(fileId=made, body={"trashed": True}, supportsAllDrives=True).execute()
    file_refused(organizer_of_files.files().delete(fileId=made, supportsAllDrives=True))
    file_refused(organizer_of_files.drives().update(driveId=drive, body={"name": "Mine"}))
    manager = members["organizer"]
    manager.files().delete(fileId=made, supportsAllDrives=True).execute()
    assert manager.drives().update(driveId=drive, body={"name": "Team 2"}).execute()["name"] == "Team 2"
