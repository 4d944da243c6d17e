"""Where going live would fail on Google while passing against the emulator (issue 17, follow-up): the
per-file scope drive.file, the `q` terms that depend on the permission model (sharedWithMe, owners,
writers, readers), shared drives seen by a non-member, and useDomainAdminAccess by a non-administrator."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from google.oauth2 import credentials as user_credentials
from googleapiclient.errors import HttpError

from tests.integration.test_identities import ALL, DRIVE, SHEETS, api, service_account_creds

DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
FOLDER = "application/vnd.google-apps.folder"
SPREADSHEET = "application/vnd.google-apps.spreadsheet"
IN_DRIVE = {"corpora": "drive", "includeItemsFromAllDrives": True, "supportsAllDrives": True}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def oauth_creds(emulator, who: str, scopes: list[str]):
    """A user's credentials from the installed-app OAuth client, through the consent page and the
    authorization-code grant (the emulator approves at once)."""
    client = json.loads((emulator.data_dir / "client-secret.json").read_text())["installed"]
    redirect = "http://127.0.0.1:9/"
    query = urlencode({"client_id": client["client_id"], "redirect_uri": redirect, "response_type": "code",
                       "scope": " ".join(scopes), "login_hint": who})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    with pytest.raises(urllib.error.HTTPError) as caught:       # the 302 back to the loopback address
        opener.open(f"{emulator.base_url}/o/oauth2/auth?{query}", timeout=10)
    code = parse_qs(urlparse(caught.value.headers["Location"]).query)["code"][0]
    form = urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                      "client_id": client["client_id"], "client_secret": client["client_secret"]}).encode()
    with opener.open(urllib.request.Request(client["token_uri"], data=form), timeout=10) as answer:
        token = json.loads(answer.read())
    return user_credentials.Credentials(token["access_token"], refresh_token=token["refresh_token"],
                                        token_uri=client["token_uri"], client_id=client["client_id"],
                                        client_secret=client["client_secret"], scopes=scopes)


def refused(call, status: int) -> dict:
    with pytest.raises(HttpError) as caught:
        call.execute()
    assert caught.value.resp.status == status, caught.value.content
    return json.loads(caught.value.content)["error"]


def names(drive, q: str) -> set[str]:
    return {f["name"] for f in drive.files().list(q=q + " and trashed = false").execute()["files"]}


# ----- 1. drive.file reaches only the app's own files ----------------------------------------------------

def test_drive_file_scope_reaches_only_files_its_app_created(emulator, config):
    full = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org", [SHEETS, DRIVE]))
    other_app = full.files().create(body={"name": "from the other app"}).execute()["id"]
    scoped = oauth_creds(emulator, "ana@example.org", [DRIVE_FILE])
    drive, sheets = api(config, "drive", "v3", scoped), api(config, "sheets", "v4", scoped)
    mine = drive.files().create(body={"name": "from this app"}).execute()["id"]
    book = drive.files().create(body={"name": "Book", "mimeType": SPREADSHEET}).execute()["id"]

    assert drive.files().get(fileId=mine).execute()["id"] == mine
    error = refused(drive.files().get(fileId=other_app), 404)
    assert error["message"] == f"File not found: {other_app}." and error["errors"][0]["reason"] == "notFound"
    assert names(drive, "name != ''") == {"from this app", "Book"}
    refused(drive.files().update(fileId=other_app, body={"name": "x"}), 404)
    assert names(full, "name != ''") >= {"from the other app", "from this app", "Book"}   # full drive: all of them

    assert sheets.spreadsheets().get(spreadsheetId=book).execute()["spreadsheetId"] == book
    other_book = api(config, "sheets", "v4", service_account_creds(emulator, "ana@example.org", [SHEETS, DRIVE])) \
        .spreadsheets().create(body={"properties": {"title": "Other"}}).execute()["spreadsheetId"]
    error = refused(sheets.spreadsheets().get(spreadsheetId=other_book), 403)
    assert error["status"] == "PERMISSION_DENIED"


def test_drive_file_scope_cannot_add_to_a_folder_its_app_did_not_create(emulator, config):
    full = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org", [SHEETS, DRIVE]))
    folder = full.files().create(body={"name": "Theirs", "mimeType": FOLDER}).execute()["id"]
    drive = api(config, "drive", "v3", oauth_creds(emulator, "ana@example.org", [DRIVE_FILE]))
    error = refused(drive.files().create(body={"name": "x", "parents": [folder]}), 404)
    assert error["errors"][0]["reason"] == "notFound"


# ----- 2. owners, writers, readers, sharedWithMe from the permission model -------------------------------

def test_query_terms_follow_the_permission_model(emulator, config):
    ana = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org"))
    ben = api(config, "drive", "v3", service_account_creds(emulator, "ben@example.org"))
    made = {}
    for name, mime in (("edit", None), ("read", None), ("Folder", FOLDER), ("mine", None)):
        made[name] = ana.files().create(body={"name": name, **({"mimeType": mime} if mime else {})}).execute()["id"]
    made["inside"] = ana.files().create(body={"name": "inside", "parents": [made["Folder"]]}).execute()["id"]
    for name, role in (("edit", "writer"), ("read", "reader"), ("Folder", "commenter")):
        ana.permissions().create(fileId=made[name], body={"role": role, "type": "user",
                                                          "emailAddress": "ben@example.org"}).execute()
    ben.files().create(body={"name": "bens"}).execute()

    assert names(ben, "sharedWithMe = true") == {"edit", "read", "Folder"}     # not "inside": reached by its folder
    assert names(ben, "sharedWithMe = false") == {"bens", "inside"}
    assert names(ben, "'me' in owners") == {"bens"}
    assert names(ben, "'ana@example.org' in owners") == {"edit", "read", "Folder", "inside"}
    assert names(ben, "'me' in writers") == {"edit"}
    assert names(ben, "'ben@example.org' in readers") == {"read", "Folder", "inside"}
    assert names(ana, "'ben@example.org' in writers") == {"edit"}
    assert names(ana, "'me' in owners") == {"edit", "read", "Folder", "inside", "mine"}
    assert names(ana, "'me' in writers") == set() and names(ana, "sharedWithMe = true") == set()
    assert names(ana, "'eve@example.org' in readers") == set()


def test_shared_drive_members_are_its_writers_and_readers(emulator, config):
    ana = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org"))
    shared = ana.drives().create(requestId="ana-w", body={"name": "Team"}).execute()["id"]
    ana.permissions().create(fileId=shared, body={"role": "reader", "type": "user",
                                                  "emailAddress": "ben@example.org"}, **ALL).execute()
    ana.files().create(body={"name": "team.txt", "parents": [shared]}, **ALL).execute()

    def found(q):
        return {f["name"] for f in ana.files().list(q=q, driveId=shared, **IN_DRIVE).execute()["files"]}

    assert found("'ana@example.org' in writers") == {"team.txt"}
    assert found("'ben@example.org' in readers") == {"team.txt"}
    assert found("'ana@example.org' in owners") == set()                        # shared-drive items have no owner


# ----- 3. shared drives: non-members and useDomainAdminAccess ---------------------------------------------

def test_a_non_member_does_not_find_a_shared_drive(emulator, config):
    ana = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org"))
    ben = api(config, "drive", "v3", service_account_creds(emulator, "ben@example.org"))
    shared = ana.drives().create(requestId="ana-nm", body={"name": "Team"}).execute()["id"]
    ana.files().create(body={"name": "team.txt", "parents": [shared]}, **ALL).execute()
    for call in (ben.files().list(driveId=shared, **IN_DRIVE), ben.drives().get(driveId=shared)):
        error = refused(call, 404)
        assert error["message"] == f"Shared drive not found: {shared}" and error["errors"][0]["reason"] == "notFound"
    assert [f["name"] for f in ana.files().list(driveId=shared, **IN_DRIVE).execute()["files"]] == ["team.txt"]


def test_use_domain_admin_access_needs_an_administrator(emulator, config):
    ana = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org"))
    shared = ana.drives().create(requestId="ana-adm", body={"name": "Team"}).execute()["id"]
    dave = api(config, "drive", "v3", service_account_creds(emulator, "dave@example.org"))
    for call in (dave.drives().get(driveId=shared, useDomainAdminAccess=True),
                 dave.drives().list(useDomainAdminAccess=True),
                 dave.permissions().list(fileId=shared, useDomainAdminAccess=True, supportsAllDrives=True)):
        error = refused(call, 403)
        assert error["errors"][0]["reason"] == "insufficientAdministratorPrivileges"
    bare = api(config, "drive", "v3", service_account_creds(emulator))      # a service account is never an admin
    refused(bare.drives().list(useDomainAdminAccess=True), 403)

    emulator.admins(["dave@example.org"])
    assert dave.drives().get(driveId=shared, useDomainAdminAccess=True).execute()["id"] == shared
    assert shared in [d["id"] for d in dave.drives().list(useDomainAdminAccess=True).execute()["drives"]]
    members = dave.permissions().list(fileId=shared, useDomainAdminAccess=True, supportsAllDrives=True,
                                          fields="permissions(emailAddress)").execute()
    assert [p.get("emailAddress") for p in members["permissions"]] == ["ana@example.org"]
    refused(dave.drives().get(driveId=shared), 404)                      # without the flag: not a member
    assert dave.drives().list().execute()["drives"] == []


# ----- 4. other places where Google is stricter ---------------------------------------------------------

def test_a_token_for_no_scope_is_refused_at_the_token_endpoint(emulator, config):
    import google.auth.transport.requests as gatr
    from google.auth.exceptions import RefreshError

    from turfbook.workspace import transport

    creds = service_account_creds(emulator, scopes=[])
    with pytest.raises(RefreshError, match="invalid_scope"):
        creds.refresh(gatr.Request(transport.plain_session(config)))


def test_a_personal_account_cannot_create_a_shared_drive(emulator, config):
    personal = api(config, "drive", "v3", oauth_creds(emulator, "maria.personal@gmail.com", [DRIVE]))
    error = refused(personal.drives().create(requestId="maria", body={"name": "Team"}), 403)
    assert error["errors"][0]["reason"] == "forbidden"
    workspace_user = api(config, "drive", "v3", oauth_creds(emulator, "rosa@example.org", [DRIVE]))
    assert workspace_user.drives().create(requestId="rosa", body={"name": "Team"}).execute()["name"] == "Team"


def test_gmail_send_scope_sends_but_reads_nothing(emulator, config):
    """Turfbook asks for gmail.send only: it sends the digest and never reads a mailbox (getProfile would 403)."""
    from tests.integration.test_identities import GMAIL_SEND, raw_message

    gmail = api(config, "gmail", "v1", service_account_creds(emulator, "digest@example.org", [GMAIL_SEND]))
    assert gmail.users().messages().send(userId="me", body=raw_message()).execute()["id"]
    for call in (gmail.users().getProfile(userId="me"), gmail.users().messages().list(userId="me")):
        error = refused(call, 403)
        assert error["message"] == "Request had insufficient authentication scopes."
