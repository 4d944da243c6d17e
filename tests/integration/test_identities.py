"""Identities as Google has them (GOOGLE_NOTES.md "Identities and ownership"), through the real clients:
a bare service account owns nothing and has no mailbox; domain-wide delegation only for authorized
subjects and scopes; an OAuth user (authorized_user file, refresh-token and authorization-code grants)
has a My Drive. Visibility follows ownership, sharing and shared-drive membership."""

from __future__ import annotations

import base64
import io
import json
import threading
import urllib.request
import webbrowser

import pytest
from google.auth.exceptions import RefreshError
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from turfbook.workspace import transport

SHEETS = "https://www.googleapis.com/auth/spreadsheets"
DRIVE = "https://www.googleapis.com/auth/drive"
GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"
ALL = {"supportsAllDrives": True}
QUOTA_MESSAGE = ("Service Accounts do not have storage quota. Leverage shared drives "
                 "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), "
                 "or use OAuth delegation (http://support.google.com/a/answer/7281227) instead.")
UNAUTHORIZED = ("Client is unauthorized to retrieve access tokens using this method, or client not authorized "
                "for any of the scopes requested.")


def api(config, name, version, creds):
    return transport.api_client(config, name, version, creds)


def service_account_creds(emulator, subject=None, scopes=(SHEETS, DRIVE, GMAIL_SEND)):
    creds = service_account.Credentials.from_service_account_file(str(emulator.credentials), scopes=list(scopes))
    return creds.with_subject(subject) if subject else creds


def error_of(caught) -> dict:
    return json.loads(caught.value.content)["error"]


def raw_message() -> dict:
    text = b"From: digest@example.org\r\nTo: director@example.org\r\nSubject: hi\r\n\r\nhello\r\n"
    return {"raw": base64.urlsafe_b64encode(text).decode()}


@pytest.fixture
def bare(emulator, config):
    creds = service_account_creds(emulator)
    return {name: api(config, name, version, creds) for name, version in
            (("sheets", "v4"), ("drive", "v3"), ("gmail", "v1"))}


def test_a_bare_service_account_may_not_create_a_spreadsheet(bare):
    with pytest.raises(HttpError) as caught:
        bare["sheets"].spreadsheets().create(body={"properties": {"title": "Book"}}).execute()
    error = error_of(caught)
    assert (error["code"], error["status"], error["message"]) == (403, "PERMISSION_DENIED",
                                                                   "The caller does not have permission")


@pytest.mark.parametrize("how", ["metadata", "multipart", "resumable", "copy", "move"])
def test_a_bare_service_account_has_no_my_drive(bare, how):
    drive = bare["drive"]
    shared = drive.drives().create(requestId="sa-" + how, body={"name": "Organizing"}).execute()["id"]
    made = drive.files().create(body={"name": "a.txt", "parents": [shared]}, **ALL,
                                media_body=MediaIoBaseUpload(io.BytesIO(b"a"), "text/plain")).execute()
    calls = {
        "metadata": lambda: drive.files().create(body={"name": "Folder",
                                                       "mimeType": "application/vnd.google-apps.folder"}),
        "multipart": lambda: drive.files().create(body={"name": "x.txt"},
                                                  media_body=MediaIoBaseUpload(io.BytesIO(b"x"), "text/plain")),
        "resumable": lambda: drive.files().create(body={"name": "x.txt"}, media_body=MediaIoBaseUpload(
            io.BytesIO(b"x"), "text/plain", resumable=True)),
        "copy": lambda: drive.files().copy(fileId=made["id"], body={"parents": ["root"]}, **ALL),
        "move": lambda: drive.files().update(fileId=made["id"], addParents="root", removeParents=shared, **ALL),
    }
    with pytest.raises(HttpError) as caught:
        calls[how]().execute()
    error = error_of(caught)
    assert error["code"] == 403 and error["message"] == QUOTA_MESSAGE
    assert error["errors"][0]["reason"] == "storageQuotaExceeded" and error["errors"][0]["domain"] == "usageLimits"


def test_a_bare_service_account_cannot_use_gmail(bare):
    with pytest.raises(HttpError) as caught:
        bare["gmail"].users().messages().send(userId="me", body=raw_message()).execute()
    error = error_of(caught)
    assert (error["code"], error["message"], error["status"]) == (400, "Precondition check failed.",
                                                                   "FAILED_PRECONDITION")
    assert error["errors"][0]["reason"] == "failedPrecondition"


@pytest.mark.parametrize("rules", [{"100000000000000000001": [DRIVE]},              # gmail.send not authorized
                                   {"100000000000000000002": [SHEETS, DRIVE, GMAIL_SEND]},   # another client
                                   {}])
def test_delegation_is_refused_unless_the_admin_authorized_the_client_and_every_scope(emulator, config, rules):
    emulator.delegation(rules)
    creds = service_account_creds(emulator, "director@example.org")
    with pytest.raises(RefreshError) as caught:
        api(config, "drive", "v3", creds).about().get(fields="user").execute()
    assert caught.value.args[0] == f"unauthorized_client: {UNAUTHORIZED}"
    assert caught.value.args[1]["error"] == "unauthorized_client"


def test_a_delegated_subject_acts_as_that_user_with_a_my_drive_and_a_mailbox(emulator, config):
    creds = service_account_creds(emulator, "director@example.org")
    drive, gmail = api(config, "drive", "v3", creds), api(config, "gmail", "v1", creds)
    about = drive.about().get(fields="user(emailAddress),storageQuota(limit)").execute()
    assert about["user"]["emailAddress"] == "director@example.org" and about["storageQuota"]["limit"] != "0"
    made = drive.files().create(body={"name": "Notes"}, fields="id,owners(emailAddress),ownedByMe").execute()
    assert made["owners"] == [{"emailAddress": "director@example.org"}]
    sent = gmail.users().messages().send(userId="me", body=raw_message()).execute()
    assert sent["id"]


def test_visibility_follows_ownership_sharing_and_membership(emulator, config):
    ana = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org"))
    ben = api(config, "drive", "v3", service_account_creds(emulator, "ben@example.org"))
    folder = ana.files().create(body={"name": "Mine", "mimeType": "application/vnd.google-apps.folder"}).execute()
    inside = ana.files().create(body={"name": "a.txt", "parents": [folder["id"]]}).execute()
    shared = ana.drives().create(requestId="ana", body={"name": "Team"}).execute()["id"]
    with pytest.raises(HttpError) as caught:
        ben.files().get(fileId=inside["id"]).execute()
    assert caught.value.resp.status == 404
    assert ben.files().list(q="name = 'a.txt'").execute()["files"] == []
    assert ben.drives().list().execute()["drives"] == []
    ana.permissions().create(fileId=folder["id"], body={"role": "writer", "type": "user",
                                                        "emailAddress": "ben@example.org"}).execute()
    assert ben.files().get(fileId=inside["id"]).execute()["name"] == "a.txt"   # shared through its folder
    ana.permissions().create(fileId=shared, body={"role": "writer", "type": "user",
                                                  "emailAddress": "ben@example.org"}, **ALL).execute()
    assert [d["id"] for d in ben.drives().list().execute()["drives"]] == [shared]


def test_an_oauth_user_from_the_authorized_user_file_has_a_my_drive(emulator, config):
    info = json.loads(emulator.user_credentials.read_text())
    assert info["type"] == "authorized_user" and info["token_uri"] == emulator.base_url + "/token"
    creds = user_credentials.Credentials.from_authorized_user_file(str(emulator.user_credentials), [DRIVE])
    drive = api(config, "drive", "v3", creds)
    made = drive.files().create(body={"name": "Turfbook", "mimeType": "application/vnd.google-apps.folder"},
                                fields="id,owners(emailAddress)").execute()
    assert made["owners"] == [{"emailAddress": info["account"]}]


def test_a_wrong_refresh_token_is_invalid_grant(emulator, config, tmp_path):
    info = json.loads(emulator.user_credentials.read_text()) | {"refresh_token": "1//forged"}
    creds = user_credentials.Credentials.from_authorized_user_info(info, [DRIVE])
    with pytest.raises(RefreshError, match="invalid_grant"):
        api(config, "drive", "v3", creds).about().get(fields="user").execute()


class _ApprovingBrowser(webbrowser.BaseBrowser):
    """A 'browser' that opens the consent page and follows its redirect to the loopback server."""

    def open(self, url, new=0, autoraise=True):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        threading.Thread(target=lambda: opener.open(url, timeout=20).read(), daemon=True).start()
        return True


def test_the_installed_app_flow_runs_end_to_end_against_the_consent_page(emulator, config, monkeypatch):
    from google_auth_oauthlib.flow import InstalledAppFlow

    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")     # the emulator's token endpoint is plain http
    webbrowser.register("turfbook-approve", None, _ApprovingBrowser("turfbook-approve"))
    flow = InstalledAppFlow.from_client_secrets_file(str(emulator.data_dir / "client-secret.json"), [DRIVE])
    creds = flow.run_local_server(host="127.0.0.1", port=0, browser="turfbook-approve", timeout_seconds=20,
                                  authorization_prompt_message=None, login_hint="maria.personal@gmail.com")
    assert creds.refresh_token
    about = api(config, "drive", "v3", creds).about().get(fields="user(emailAddress)").execute()
    assert about["user"]["emailAddress"] == "maria.personal@gmail.com"
    creds.token = None                                           # the refresh token works on its own
    creds.refresh(__import__("google.auth.transport.requests", fromlist=["Request"]).Request())
    assert creds.token


def test_the_consent_page_refuses_the_out_of_band_redirect(emulator):
    from urllib.parse import urlencode

    query = urlencode({"client_id": json.loads((emulator.data_dir / "client-secret.json").read_text())
                       ["installed"]["client_id"], "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
                       "response_type": "code", "scope": DRIVE})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(f"{emulator.base_url}/o/oauth2/auth?{query}", timeout=10)
    assert caught.value.code == 400 and b"out-of-band" in caught.value.read()


def test_a_spreadsheet_is_open_only_to_its_owner_and_those_it_is_shared_with(emulator, config):
    ana = service_account_creds(emulator, "ana@example.org")
    ben = service_account_creds(emulator, "ben@example.org")
    made = api(config, "sheets", "v4", ana).spreadsheets().create(body={"properties": {"title": "Ana's"}}).execute()
    sid = made["spreadsheetId"]
    with pytest.raises(HttpError) as caught:
        api(config, "sheets", "v4", ben).spreadsheets().get(spreadsheetId=sid).execute()
    assert error_of(caught)["status"] == "PERMISSION_DENIED"
    api(config, "drive", "v3", ana).permissions().create(fileId=sid, body={
        "role": "writer", "type": "user", "emailAddress": "ben@example.org"}).execute()
    assert api(config, "sheets", "v4", ben).spreadsheets().get(spreadsheetId=sid).execute()["spreadsheetId"] == sid


@pytest.mark.parametrize("redirect", [
    "http://evil.example:18799\\@127.0.0.1/cb", "http://evil.example@127.0.0.1/cb", "http://evil.example@localhost/",
    "http://127.0.0.1\t.evil.example/", "http://127.0.0.1 /cb", "http://localhost.evil.example/",
    "http://127.0.0.1.nip.io/", "https://127.0.0.1/", "http://127.0.0.1/cb#frag", "http://user:pw@[::1]:80/"])
def test_the_consent_page_refuses_a_redirect_a_browser_would_send_elsewhere(emulator, redirect):
    from urllib.parse import urlencode

    query = urlencode({"client_id": json.loads((emulator.data_dir / "client-secret.json").read_text())
                       ["installed"]["client_id"], "redirect_uri": redirect, "response_type": "code", "scope": DRIVE})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(f"{emulator.base_url}/o/oauth2/auth?{query}", timeout=10)
    assert caught.value.code == 400 and b"redirect_uri_mismatch" in caught.value.read()


@pytest.mark.parametrize("redirect", ["http://127.0.0.1:8080/", "http://localhost:51234/cb?x=1", "http://[::1]:9/",
                                      "http://localhost/"])
def test_the_consent_page_accepts_a_plain_loopback_redirect(emulator, redirect):
    from turfbook_emulator.oauth import loopback_redirect

    assert loopback_redirect(redirect)


@pytest.mark.parametrize("subject", ["directr@example.org", "*@example.org", "nobody@elsewhere.org"])
def test_a_subject_that_is_not_a_user_of_the_domain_is_invalid_grant(emulator, config, subject):
    creds = service_account_creds(emulator, subject)
    with pytest.raises(RefreshError) as caught:
        api(config, "drive", "v3", creds).about().get(fields="user").execute()
    assert caught.value.args[1]["error"] == "invalid_grant"
    assert caught.value.args[1]["error_description"] == "Invalid email or User ID"


def test_delegation_is_granted_per_client_for_the_whole_domain_not_per_user(emulator, config):
    with pytest.raises(urllib.error.HTTPError, match="400"):
        emulator.delegation({"director@example.org": [DRIVE]})
    emulator.users(["director@example.org", "new.hire@example.org"])
    creds = service_account_creds(emulator, "new.hire@example.org")
    assert api(config, "drive", "v3", creds).about().get(fields="user").execute()["user"]["emailAddress"] == \
        "new.hire@example.org"


def test_app_properties_are_private_to_the_app_that_set_them_properties_are_not(emulator, config):
    owner_app = api(config, "drive", "v3",
                    user_credentials.Credentials.from_authorized_user_file(str(emulator.user_credentials), [DRIVE]))
    other_app = api(config, "drive", "v3", service_account_creds(emulator, "ana@example.org"))
    made = owner_app.files().create(body={"name": "Book", "appProperties": {"tag": "1"},
                                          "properties": {"tag": "1"}}).execute()
    owner_app.permissions().create(fileId=made["id"], body={"role": "writer", "type": "user",
                                                            "emailAddress": "ana@example.org"}).execute()
    q_app, q_public = "appProperties has { key='tag' and value='1' }", "properties has { key='tag' and value='1' }"
    mine = owner_app.files().get(fileId=made["id"], fields="appProperties,properties").execute()
    assert mine == {"appProperties": {"tag": "1"}, "properties": {"tag": "1"}}
    assert [f["id"] for f in owner_app.files().list(q=q_app).execute()["files"]] == [made["id"]]
    theirs = other_app.files().get(fileId=made["id"], fields="appProperties,properties").execute()
    assert theirs == {"properties": {"tag": "1"}}                  # another app sees no appProperties
    assert other_app.files().list(q=q_app).execute()["files"] == []
    assert [f["id"] for f in other_app.files().list(q=q_public).execute()["files"]] == [made["id"]]
    other_app.files().update(fileId=made["id"], body={"appProperties": {"tag": "2"}}).execute()
    assert owner_app.files().get(fileId=made["id"], fields="appProperties").execute()["appProperties"] == {"tag": "1"}
