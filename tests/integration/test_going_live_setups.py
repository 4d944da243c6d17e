"""README "Going live", each setup end to end against the emulator with that identity:
init → seed → overdue → filing → digest.

1. Workspace with a shared drive: the bare service account (no My Drive, no Gmail), mail by outbox/SMTP.
2. Gmail by domain-wide delegation: the service account acting as the sending mailbox.
3. A personal account through OAuth (`turfbook auth login`): the workbook and media in a folder it owns.
"""

from __future__ import annotations

import threading
import urllib.request
import webbrowser

import pytest
from google.oauth2 import service_account

from turfbook.cli import main
from turfbook.clock import Clock
from turfbook.demo.media import seed_media
from turfbook.demo.workbook import ensure_workbook, seed_workbook
from turfbook.workspace import connect, transport
from turfbook.workspace.drive import Drive
from turfbook_demo.run import run_jobs, with_spreadsheet

FOLDER = "application/vnd.google-apps.folder"
JOBS = (("overdue", "overdue", {}), ("filing", "filing", {}), ("digest", "digest", {}))


def full_flow(config):
    today = Clock.for_config(config).today()
    config = with_spreadsheet(config, ensure_workbook(connect(config), config))
    workspace = connect(config)
    seed_workbook(workspace, config.google.spreadsheet_id, people=12, conversations=30, worksites=3, seed=5,
                  today=today)
    seed_media(workspace, config, count=3, seed=5, videos=0)
    runs = run_jobs(config, workspace, today, JOBS)
    assert [(r.job, r.status) for r in runs] == [("overdue", "ok"), ("filing", "ok"), ("digest", "ok")], \
        [r.error for r in runs]
    return config


def filed(config) -> list[dict]:
    """The photos that left the inbox for the media tree."""
    drive = Drive(connect(config))
    drive.shared_drive(create=False)
    inbox = drive.folder(config.google.drive.inbox, create=False)
    assert drive.folder(config.google.drive.media_root, create=False)
    return [f for f in drive.find(f"mimeType != '{FOLDER}' and trashed = false",
                                  fields="id,name,parents,owners(emailAddress),driveId")
            if f["name"].endswith(".jpg") and inbox not in f["parents"]]


def test_setup_1_workspace_shared_drive_bare_service_account(emulator, tmp_path):
    config = emulator.config(tmp_path, delegated_user=None)
    config = full_flow(config)
    assert "sheets.spreadsheets.create" not in emulator.stats()["by_method"]
    book = connect(config).drive_api.files().get(fileId=config.google.spreadsheet_id, fields="driveId",
                                                 supportsAllDrives=True).execute()
    assert book["driveId"]                                             # in the shared drive
    assert filed(config) and all(f.get("driveId") for f in filed(config))
    assert list((tmp_path / "outbox").glob("*.eml"))                  # the digest went out


def test_setup_2_gmail_by_delegation(emulator, tmp_path):
    config = emulator.config(tmp_path, delegated_user="digest@example.org")
    config = config.model_copy(update={"mail": config.mail.model_copy(update={"transport": "gmail"})})
    full_flow(config)
    reader = service_account.Credentials.from_service_account_file(
        str(emulator.credentials), scopes=["https://www.googleapis.com/auth/gmail.readonly"]).with_subject(
        "digest@example.org")
    sent = transport.api_client(config, "gmail", "v1", reader).users().messages().list(userId="me").execute()
    assert sent.get("messages")


class _ApprovingBrowser(webbrowser.BaseBrowser):
    def open(self, url, new=0, autoraise=True):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        threading.Thread(target=lambda: opener.open(url, timeout=20).read(), daemon=True).start()
        return True


@pytest.mark.timeout(180)
def test_setup_3_personal_account_through_oauth(emulator, tmp_path, capsys):
    webbrowser.register("turfbook-approve", None, _ApprovingBrowser("turfbook-approve"))
    secret = tmp_path / "secrets" / "google-user.json"
    path = tmp_path / "config.yaml"
    path.write_text(f"google:\n  endpoint: {emulator.base_url}\n  credentials_file: {emulator.credentials}\n"
                    f"  user_credentials_file: {secret}\n  drive:\n    shared_drive: null\n"
                    f"mail:\n  transport: gmail\ndata_dir: {tmp_path / 'data'}\n")
    assert main(["--config", str(path), "auth", "login", "--browser", "turfbook-approve"]) == 0
    assert secret.stat().st_mode & 0o777 == 0o600
    base = emulator.config(tmp_path, delegated_user=None)
    google = base.google.model_copy(update={"user_credentials_file": secret, "drive": base.google.drive.model_copy(
        update={"shared_drive": None})})
    config = base.model_copy(update={"google": google, "mail": base.mail.model_copy(update={"transport": "gmail"})})
    config = full_flow(config)
    drive = connect(config).drive_api
    book = drive.files().get(fileId=config.google.spreadsheet_id, fields="parents,owners(emailAddress)").execute()
    [home] = drive.files().list(q=f"name = 'Turfbook' and mimeType = '{FOLDER}' and 'root' in parents",
                                fields="files(id)").execute()["files"]
    assert book["parents"] == [home["id"]]
    assert book["owners"] == [{"emailAddress": "coalition.organizer@gmail.com"}]
    media = filed(config)
    assert media and all(f["owners"] == [{"emailAddress": "coalition.organizer@gmail.com"}] for f in media)
    own = Drive(connect(config))                   # filing's change log: the user's own, no shared drive
    start = own.start_page_token()
    seed_media(connect(config), config, count=1, seed=9, videos=0)
    changes, _ = own.changes_since(start)
    assert [c for c in changes if c.get("file", {}).get("mimeType", "").startswith("image/")]
