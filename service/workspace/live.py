"""`turfbook check --live`: verify each permission Turfbook needs with the cheapest call.

Each check answers in plain words what is wrong and how to fix it, instead of an HTTP status.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable

from googleapiclient.errors import HttpError

from turfbook.config import Config, ConfigError, secret
from turfbook.workspace import Workspace, connect
from turfbook.workspace.auth import scopes_for
from turfbook.workspace.errors import endpoint_problem
from turfbook.workspace.mail import GMAIL_NEEDS_USER, gmail_user_configured

FOLDER = "application/vnd.google-apps.folder"


def live_checks(config: Config, workspace: Workspace | None = None) -> list[str]:
    """Problems found, in plain words; empty when every permission is in place."""
    try:
        workspace = workspace or connect(config)
        workspace.credentials.refresh(_auth_request(workspace))
    except ConfigError as exc:
        return [str(exc)]
    except Exception as exc:  # any failure to get a token is the first thing to fix
        said = endpoint_problem(exc, config)
        return [said.message if said else _sign_in_problem(config, workspace, exc)]
    problems: list[str] = []
    for check in (_spreadsheet, _shared_drive, _mail):
        try:
            problem = check(config, workspace)
        except HttpError as exc:
            said = endpoint_problem(exc, config)   # another emulator: one line, not a 401 per check
            if said:
                return [said.message]
            problem = _explain(check.__name__.strip("_"), exc, workspace)
        if problem:
            problems.append(problem)
    return problems


def _sign_in_problem(config: Config, workspace: Workspace, exc: Exception) -> str:
    """What a refused sign-in means for the identity in use, and the step that fixes it."""
    text = str(exc)
    if config.google.user_credentials_file and "invalid_scope" in text:
        return (f"The sign-in in {config.google.user_credentials_file} allows less than Turfbook now asks for "
                f"({', '.join(scopes_for(config))}; e.g. mail.transport became gmail after you signed in): run "
                "`turfbook auth login` again to approve them.")
    if config.google.user_credentials_file:
        return (f"Could not sign in as the Google user in {config.google.user_credentials_file}: {text}. The "
                "sign-in was revoked or has expired: run `turfbook auth login` again.")
    if "unauthorized_client" in text and config.google.delegated_user:
        client_id = getattr(workspace.credentials, "_client_id", None) or _client_id(config)
        scopes = ",".join(scopes_for(config))
        return (f"The Workspace admin has not allowed the service account to act as {config.google.delegated_user} "
                f"(Google answered unauthorized_client). In the Google Admin console: Security → API controls → "
                f"Domain-wide delegation → Add new, client ID {client_id}, scopes {scopes}. Or remove "
                "google.delegated_user and use a shared drive with mail.transport: smtp.")
    if "invalid_grant" in text and "Invalid email or User ID" in text and config.google.delegated_user:
        return (f"google.delegated_user: Google does not know {config.google.delegated_user} as a user of the "
                f"Workspace domain the service account may act for ({text}). Set it to an existing user of your "
                "Workspace domain (not a personal or other-domain address), or remove it.")
    return (f"Could not sign in with the service-account key {config.google.credentials_file}: {text}. "
            "Check the key file is current (not deleted in the Cloud console) and the clock is right.")


def _bare_service_account(config: Config) -> bool:
    """A service account acting as itself (no user sign-in, no delegated user): it owns nothing."""
    return not config.google.user_credentials_file and not config.google.delegated_user


def _client_id(config: Config) -> str:
    import json

    try:
        return str(json.loads(config.google.credentials_file.read_text()).get("client_id") or "(see the key file)")
    except (OSError, ValueError):
        return "(see the key file's client_id)"


def _auth_request(workspace: Workspace):
    from google.auth.transport.requests import Request

    from turfbook.workspace.transport import plain_session

    return Request(plain_session(workspace.config))


def _email(workspace: Workspace) -> str:
    """Who Google sees: the delegated user (through the service account), the OAuth user, or the account."""
    google = workspace.config.google
    account = getattr(workspace.credentials, "service_account_email", None)
    if google.delegated_user and account:
        return f"{google.delegated_user} (through {account})"
    return account or getattr(workspace.credentials, "account", None) or "the signed-in Google user"


def _spreadsheet(config: Config, workspace: Workspace) -> str | None:
    if not config.google.spreadsheet_id:
        return "google.spreadsheet_id is not set: run `turfbook sheets init --write-config` to create the workbook."
    sid = config.google.spreadsheet_id
    title = workspace.execute(workspace.spreadsheets.get(spreadsheetId=sid, fields="properties.title"))
    # Reading is not enough: setting the title to itself proves edit access and changes nothing.
    same = {"updateSpreadsheetProperties": {"properties": {"title": title["properties"]["title"]}, "fields": "title"}}
    workspace.execute(workspace.spreadsheets.batchUpdate(spreadsheetId=sid, body={"requests": [same]}))
    return None


def _shared_drive(config: Config, workspace: Workspace) -> str | None:
    name = config.google.drive.shared_drive
    if not name and _bare_service_account(config):
        return (f"google.drive.shared_drive is not set, and {_email(workspace)} is a service account: it has no My "
                "Drive (Google refuses to store files for it: storageQuotaExceeded). Use a shared drive (set "
                "google.drive.shared_drive and add the account as Content manager), or domain-wide delegation "
                "(set google.delegated_user), or sign in as a user with `turfbook auth login`.")
    if not name:
        return _own_folder(config, workspace)
    drives = workspace.execute(workspace.drive_api.drives().list(
        q=f"name = '{_quote(name)}'", pageSize=10,
        fields="drives(id,name,capabilities(canAddChildren,canTrashChildren))")
    ).get("drives", [])
    if not drives:
        return (f"The shared drive '{name}' is not visible to {_email(workspace)}. In Google Drive, open the "
                f"shared drive, choose Manage members, and add that address as Content manager.")
    if not drives[0].get("capabilities", {}).get("canAddChildren", True):
        return (f"{_email(workspace)} can only read the shared drive '{name}'. In Google Drive, open the shared "
                f"drive, choose Manage members, and change that address to Content manager.")
    if not drives[0].get("capabilities", {}).get("canTrashChildren", True):   # Content manager and above
        return (f"{_email(workspace)} is a Contributor of the shared drive '{name}': it can add files but not move "
                f"them, and filing moves files. In Google Drive, open the shared drive, choose Manage members, and "
                f"change that address to Content manager.")
    drive_id = drives[0]["id"]
    inbox = config.google.drive.inbox
    found = workspace.execute(workspace.drive_files.list(
        q=f"name = '{_quote(inbox)}' and mimeType = '{FOLDER}' and trashed = false",
        corpora="drive", driveId=drive_id, includeItemsFromAllDrives=True, supportsAllDrives=True,
        pageSize=1, fields="files(id,capabilities(canAddChildren))")).get("files", [])
    if found and not found[0].get("capabilities", {}).get("canAddChildren", True):
        return f"{_email(workspace)} cannot add files to the inbox folder '{inbox}': make it a Content manager."
    return None


def _own_folder(config: Config, workspace: Workspace) -> str | None:
    """No shared drive (setup C): the folder google.drive.folder in the user's My Drive, and its inbox."""
    folder = config.google.drive.folder
    found = workspace.execute(workspace.drive_files.list(
        q=f"name = '{_quote(folder)}' and mimeType = '{FOLDER}' and 'root' in parents and trashed = false",
        pageSize=1, fields="files(id,capabilities(canAddChildren))")).get("files", [])
    if not found:
        return (f"The folder '{folder}' is not in the My Drive of {_email(workspace)}: run "
                "`turfbook sheets init` to create it.")
    inbox = [p for p in config.google.drive.inbox.split("/") if p]
    parent, where = found[0], folder
    for part in inbox:
        children = workspace.execute(workspace.drive_files.list(
            q=f"name = '{_quote(part)}' and mimeType = '{FOLDER}' and '{_quote(parent['id'])}' in parents "
              "and trashed = false",
            pageSize=1, fields="files(id,capabilities(canAddChildren))")).get("files", [])
        if not children:
            break
        parent, where = children[0], f"{where}/{part}"
    if not parent.get("capabilities", {}).get("canAddChildren", True):
        return f"{_email(workspace)} cannot add files to the folder '{where}': it needs edit access to it."
    return None


def _mail(config: Config, workspace: Workspace) -> str | None:
    if config.mail.transport == "smtp":
        return _smtp(config)
    if config.mail.transport == "gmail" and not gmail_user_configured(config):
        return GMAIL_NEEDS_USER
    return None


def _smtp(config: Config) -> str | None:
    smtp = config.mail.smtp
    try:
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
        with client:
            client.ehlo()
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if smtp.username:
                client.login(smtp.username, secret("SMTP_PASSWORD") or "")
    except (OSError, smtplib.SMTPException) as exc:
        return (f"Cannot sign in to the SMTP server {smtp.host}:{smtp.port} ({exc}). Check mail.smtp.* and "
                "TURFBOOK_SMTP_PASSWORD.")
    return None


EXPLANATIONS: dict[tuple[str, int], Callable[[str, str], str]] = {
    ("spreadsheet", 403): lambda email, sid: (
        f"{email} may not open or edit the spreadsheet {sid}. Open it in Google Sheets, click Share, and add "
        f"that address as Editor."),
    ("spreadsheet", 404): lambda email, sid: (
        f"The spreadsheet {sid} does not exist (or is invisible to {email}). Check google.spreadsheet_id."),
    ("shared_drive", 403): lambda email, _: (
        f"{email} may not use Google Drive: enable the Drive API in the Cloud project and add the account to "
        f"the shared drive as Content manager."),
}


def _explain(what: str, exc: HttpError, workspace: Workspace) -> str:
    status = exc.resp.status
    explain = EXPLANATIONS.get((what, status))
    if explain:
        return explain(_email(workspace), workspace.config.google.spreadsheet_id or "")
    if status == 403 and "has not been used" in str(exc):
        return f"The {what.replace('_', ' ')} API is not enabled in the Cloud project: enable it in the console."
    return f"{what.replace('_', ' ')}: Google answered {status}: {exc.reason}"


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
