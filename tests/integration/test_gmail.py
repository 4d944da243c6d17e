"""Gmail v1 in the emulator, and the gmail mail transport, through googleapiclient only."""

from __future__ import annotations

import base64
import io
import json

import pytest
from google.oauth2 import service_account
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from turfbook.workspace import Workspace, mail, transport

READONLY = "https://www.googleapis.com/auth/gmail.readonly"


@pytest.fixture
def gmail_config(config):
    return config.model_copy(update={"mail": config.mail.model_copy(update={"transport": "gmail"})})


@pytest.fixture
def reader(gmail_config, emulator):
    creds = service_account.Credentials.from_service_account_file(str(emulator.credentials), scopes=[READONLY])
    creds = creds.with_subject(gmail_config.google.delegated_user)   # Gmail is for users (delegation)
    return transport.api_client(gmail_config, "gmail", "v1", creds)


def spanish_message():
    return mail.build_message(sender="Digest <digest@example.org>", to=["directora@example.org"],
                              subject="Resumen semanal: niños y educación",
                              text="Hola, María: 3 conversaciones atrasadas.",
                              html="<p>Hola, <b>María</b>: 3 conversaciones atrasadas.</p>")


def test_gmail_transport_sends_and_the_message_reads_back(gmail_config, reader, emulator):
    sent = mail.send(spanish_message(), gmail_config, Workspace(gmail_config))
    assert sent.transport == "gmail" and sent.message_id.startswith("<")
    assert emulator.stats()["by_method"]["gmail.users.messages.send"] == 1
    assert (emulator.data_dir / "gmail" / f"{sent.ref}.eml").exists()
    listed = reader.users().messages().list(userId="me").execute()
    assert listed["messages"] == [{"id": sent.ref, "threadId": sent.ref}]
    full = reader.users().messages().get(userId="me", id=sent.ref).execute()
    headers = {h["name"]: h["value"] for h in full["payload"]["headers"]}
    assert headers["Subject"] == "Resumen semanal: niños y educación"
    assert full["payload"]["mimeType"] == "multipart/alternative"
    parts = {p["mimeType"]: base64.urlsafe_b64decode(p["body"]["data"]).decode() for p in full["payload"]["parts"]}
    assert "María" in parts["text/plain"] and "<b>María</b>" in parts["text/html"]
    raw = reader.users().messages().get(userId="me", id=sent.ref, format="raw").execute()["raw"]
    assert b"Message-ID: " + sent.message_id.encode() in base64.urlsafe_b64decode(raw)


def test_send_scope_cannot_read(gmail_config):
    api = Workspace(gmail_config).gmail_api
    with pytest.raises(HttpError) as caught:
        api.users().messages().list(userId="me").execute()
    assert caught.value.resp.status == 403


@pytest.mark.parametrize("raw", [
    "this is not base64url!!",
    base64.urlsafe_b64encode(b"just some words, no headers").decode(),
    base64.urlsafe_b64encode(b"From: a@example.org\r\nSubject: no recipient\r\n\r\nhi").decode(),
])
def test_malformed_raw_is_400(gmail_config, raw):
    api = Workspace(gmail_config).gmail_api
    with pytest.raises(HttpError) as caught:
        api.users().messages().send(userId="me", body={"raw": raw}).execute()
    assert caught.value.resp.status == 400
    assert json.loads(caught.value.content)["error"]["status"] == "INVALID_ARGUMENT"


def test_upload_path_with_message_rfc822(gmail_config, reader):
    data = mail.as_bytes(spanish_message())
    api = Workspace(gmail_config).gmail_api
    sent = api.users().messages().send(userId="me", media_body=MediaIoBaseUpload(io.BytesIO(data), "message/rfc822"))\
        .execute()
    assert sent["labelIds"] == ["SENT"]
    got = reader.users().messages().get(userId="me", id=sent["id"], format="metadata",
                                        metadataHeaders=["Subject"]).execute()
    assert got["payload"]["headers"] == [{"name": "Subject", "value": "Resumen semanal: niños y educación"}]


def test_mail_view_lists_and_shows_a_message(gmail_config, emulator):
    import urllib.request

    sent = mail.send(spanish_message(), gmail_config, Workspace(gmail_config))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    listing = opener.open(emulator.base_url + "/view/mail/").read().decode()
    assert "Resumen semanal: niños y educación" in listing and f"/view/mail/{sent.ref}" in listing
    page = opener.open(emulator.base_url + f"/view/mail/{sent.ref}").read().decode()
    assert "<iframe sandbox" in page and "Hola, María: 3 conversaciones atrasadas." in page


def _gmail_as(gmail_config, emulator, who):
    scopes = ["https://www.googleapis.com/auth/gmail.send", READONLY]
    creds = service_account.Credentials.from_service_account_file(str(emulator.credentials), scopes=scopes)
    return transport.api_client(gmail_config, "gmail", "v1", creds.with_subject(who))


def _raw(sender: str) -> dict:
    text = f"From: {sender}\r\nTo: x@example.org\r\nSubject: hi\r\n\r\nhello\r\n".encode()
    return {"raw": base64.urlsafe_b64encode(text).decode()}


def test_each_user_has_their_own_mailbox(gmail_config, emulator):
    alice = _gmail_as(gmail_config, emulator, "alice@example.org")
    bob = _gmail_as(gmail_config, emulator, "bob@example.org")
    sent = alice.users().messages().send(userId="me", body=_raw("alice@example.org")).execute()
    with pytest.raises(HttpError) as caught:
        bob.users().messages().get(userId="me", id=sent["id"]).execute()
    assert caught.value.resp.status == 404
    assert "messages" not in bob.users().messages().list(userId="me").execute()
    assert bob.users().getProfile(userId="me").execute()["messagesTotal"] == 0
    assert alice.users().messages().get(userId="me", id=sent["id"]).execute()["id"] == sent["id"]
    with pytest.raises(HttpError) as caught:
        bob.users().messages().list(userId="alice@example.org").execute()
    assert caught.value.resp.status == 403


def test_a_from_that_is_not_the_senders_own_address_is_rewritten(gmail_config, emulator):
    alice = _gmail_as(gmail_config, emulator, "alice@example.org")
    sent = alice.users().messages().send(userId="me", body=_raw("The Director <director@elsewhere.org>")).execute()
    got = alice.users().messages().get(userId="me", id=sent["id"], format="metadata",
                                       metadataHeaders=["From"]).execute()
    assert got["payload"]["headers"] == [{"name": "From", "value": "The Director <alice@example.org>"}]
