"""Gmail v1: users.messages.send (base64url `raw`, or the message/rfc822 upload path), list, get,
users.getProfile; sent mail is stored as DATA/gmail/<id>.eml and shown at /view/mail/.

The raw message must parse as RFC 822 with a From header and at least one recipient, otherwise
400 as Gmail answers. Gmail is for users: a service account without a subject (domain-wide
delegation) gets 400 failedPrecondition "Precondition check failed.", as at Google.

Each user has their own mailbox: list/get/getProfile see only the caller's messages (another user's
message id is 404, as at Google). A From address that is not the sender's own (the emulator has no
send-as aliases) is rewritten to the sender's address, keeping the display name, as Gmail does.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import secrets
import shutil
import time
from email import policy
from email.parser import BytesParser
from email.utils import formataddr, getaddresses, parsedate_to_datetime
from pathlib import Path

from turfbook_emulator import identity, registry
from turfbook_emulator.apis.index import page, section
from turfbook_emulator.errors import ApiError, bad_request
from turfbook_emulator.registry import Reply, handles

NAMESPACE = "gmail"
MAX_MESSAGE = 35 * 1024 * 1024


def _state(store) -> dict:
    return store.get(NAMESPACE, lambda: {"messages": []})


def _folder(emulator) -> Path:
    path = Path(emulator.data_dir) / "gmail"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_user(call) -> None:
    if identity.is_service_account(call.principal):
        # Gmail is for users: a service account without a subject (domain-wide delegation) gets this
        raise ApiError(400, "Precondition check failed.", reason="failedPrecondition", status="FAILED_PRECONDITION")
    user = call.path.get("userId", "me")
    if user != "me" and user.lower() != _me(call):
        raise ApiError(403, f"Delegation denied for {user}", reason="forbidden")


def _me(call) -> str:
    return identity.email(call.principal).lower()


def _mine(call) -> list[dict]:
    """The caller's mailbox (messages stored before mailboxes were per user have no owner: everyone's)."""
    me = _me(call)
    return [m for m in _state(call.store)["messages"] if m.get("owner", me) == me]


def _own_from(call, data: bytes, message):
    """Gmail sends only from the user's own address: any other From is rewritten to it."""
    me = identity.email(call.principal)
    senders = getaddresses([str(v) for v in message.get_all("From", [])])
    if len(senders) == 1 and senders[0][1].lower() == me.lower():
        return data, message
    name = next((n for n, _ in senders if n), "")
    del message["From"]
    message["From"] = formataddr((name, me)) if name else me
    data = message.as_bytes(policy=policy.SMTP)
    return data, message


def _decode_raw(raw: str) -> bytes:
    text = raw.strip().replace("+", "-").replace("/", "_")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise bad_request(f"Invalid value at 'message.raw' ({raw[:40]}...), invalid base64url") from None


def _parse(data: bytes):
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not message.keys() or message.defects and not message["From"]:
        raise bad_request("Invalid RFC 822 message: no headers could be parsed.", reason="invalidArgument")
    recipients = getaddresses([str(v) for k in ("To", "Cc", "Bcc") for v in message.get_all(k, [])])
    if not any(addr for _, addr in recipients):
        raise bad_request("Recipient address required", reason="invalidArgument")
    senders = getaddresses([str(v) for v in message.get_all("From", [])])
    if not any("@" in addr for _, addr in senders):
        raise bad_request("Invalid From header", reason="invalidArgument")
    return message


@handles("gmail.users.messages.send")
def send(call):
    _check_user(call)
    if call.route.upload:
        kind = call.query.get("uploadType") or "media"
        if kind == "multipart":
            outer = BytesParser().parsebytes(b"Content-Type: " + call.headers.get("Content-Type", "").encode()
                                             + b"\r\n\r\n" + call.body)
            parts = outer.get_payload() if outer.is_multipart() else []
            if len(parts) != 2:
                raise bad_request("Bad multipart upload: expected metadata and message/rfc822 parts.")
            data = parts[1].get_payload(decode=True) or b""
            if not data and isinstance(parts[1].get_payload(), list):
                data = parts[1].get_payload()[0].as_bytes()
        elif kind == "media":
            if call.length > MAX_MESSAGE:
                raise ApiError(413, "Request payload size exceeds the limit.", reason="uploadTooLarge")
            data = call.stream.read(call.length) if call.stream is not None else call.body
        else:
            raise bad_request(f"Invalid upload type: {kind}", location="uploadType")
    else:
        raw = call.json().get("raw")
        if not raw:
            raise bad_request("'raw' RFC822 payload message string or uploading message via /upload/* URL required",
                              reason="invalidArgument")
        data = _decode_raw(raw)
    data, message = _own_from(call, data, _parse(data))
    return Reply(200, _store(call, data, message))


def _store(call, data: bytes, message) -> dict:
    st = _state(call.store)
    message_id = format(int(time.time() * 1000), "x")[-11:] + secrets.token_hex(3)[:5]
    thread_id = message_id
    refs = " ".join(str(message.get(k, "")) for k in ("In-Reply-To", "References")).split()
    for earlier in _mine(call):
        if earlier.get("messageId") and earlier["messageId"] in refs:
            thread_id = earlier["threadId"]
    (_folder(call.emulator) / f"{message_id}.eml").write_bytes(data)
    text = _first_part(message, "text/plain") or ""
    st["messages"].append({
        "id": message_id, "threadId": thread_id, "labelIds": ["SENT"], "internalDate": str(int(time.time() * 1000)),
        "sizeEstimate": len(data), "snippet": " ".join(text.split())[:200], "subject": str(message.get("Subject", "")),
        "from": str(message.get("From", "")), "to": str(message.get("To", "")),
        "messageId": str(message.get("Message-ID", "")).strip(), "owner": _me(call),
    })
    call.store.dirty(NAMESPACE)
    return {"id": message_id, "threadId": thread_id, "labelIds": ["SENT"]}


def _first_part(message, mime: str) -> str | None:
    for part in message.walk():
        if part.get_content_type() == mime and not part.is_attachment():
            try:
                return part.get_content()
            except (LookupError, ValueError):
                return None
    return None


@handles("gmail.users.messages.list")
def list_messages(call):
    _check_user(call)
    found = list(reversed(_mine(call)))
    labels = call.query.get("labelIds")
    if labels:
        found = [m for m in found if set(labels.split(",")) <= set(m["labelIds"])]
    if call.query.get("q"):
        needle = call.query["q"].casefold()
        found = [m for m in found if needle in (m["subject"] + " " + m["to"] + " " + m["from"]).casefold()]
    size = max(1, min(int(call.query.get("maxResults") or 100), 500))
    start = int(call.query.get("pageToken") or 0) if str(call.query.get("pageToken") or "0").isdigit() else 0
    body: dict = {"resultSizeEstimate": len(found)}
    if found[start:start + size]:
        body["messages"] = [{"id": m["id"], "threadId": m["threadId"]} for m in found[start:start + size]]
    if start + size < len(found):
        body["nextPageToken"] = str(start + size)
    return Reply(200, body)


def _find(call) -> dict:
    for item in _mine(call):
        if item["id"] == call.path["id"]:
            return item
    raise ApiError(404, "Requested entity was not found.", reason="notFound")


@handles("gmail.users.messages.get")
def get_message(call):
    _check_user(call)
    item = _find(call)
    data = (_folder(call.emulator) / f"{item['id']}.eml").read_bytes()
    fmt = call.query.get("format") or "full"
    body = {"id": item["id"], "threadId": item["threadId"], "labelIds": item["labelIds"],
            "snippet": item["snippet"], "sizeEstimate": item["sizeEstimate"], "historyId": "1",
            "internalDate": item["internalDate"]}
    if fmt == "raw":
        body["raw"] = base64.urlsafe_b64encode(data).decode()
    elif fmt in ("full", "metadata"):
        message = BytesParser(policy=policy.default).parsebytes(data)
        wanted = call.query.get("metadataHeaders")
        body["payload"] = _payload(message, "", fmt == "full", wanted)
    return Reply(200, body)


def _payload(part, part_id: str, full: bool, wanted=None) -> dict:
    headers = [{"name": k, "value": str(v)} for k, v in part.items()]
    if wanted:
        names = {w.casefold() for w in ([wanted] if isinstance(wanted, str) else wanted)}
        headers = [h for h in headers if h["name"].casefold() in names]
    out: dict = {"partId": part_id, "mimeType": part.get_content_type(), "filename": part.get_filename() or "",
                 "headers": headers}
    if not full:
        return out
    if part.is_multipart():
        out["body"] = {"size": 0}
        out["parts"] = [_payload(p, f"{part_id + '.' if part_id else ''}{i}", True)
                        for i, p in enumerate(part.get_payload())]
    else:
        data = part.get_payload(decode=True) or b""
        out["body"] = {"size": len(data), "data": base64.urlsafe_b64encode(data).decode()}
    return out


@handles("gmail.users.getProfile")
def profile(call):
    _check_user(call)
    count = len(_mine(call))
    return Reply(200, {"emailAddress": identity.email(call.principal), "messagesTotal": count, "threadsTotal": count,
                       "historyId": "1"})


def _reset(emulator) -> None:
    shutil.rmtree(Path(emulator.data_dir) / "gmail", ignore_errors=True)


registry.RESETTERS.append(_reset)


# ----- HTML view -----------------------------------------------------------------------------
@section
def index_section(emulator) -> str:
    count = len(_state(emulator.store)["messages"])
    return f"<h2>Mail</h2><p><a href='/view/mail/'>{count} sent message(s)</a></p>"


@registry.view("/view/mail/")
def mail_view(emulator, rest, query):
    st = _state(emulator.store)
    if rest:
        item = next((m for m in st["messages"] if m["id"] == rest.strip("/")), None)
        if item is None:
            raise ApiError(404, "No such message")
        return page(item["subject"] or "(no subject)", _message_html(emulator, item))
    rows = "".join(
        f"<tr><td>{html.escape(_when(m))}</td><td>{html.escape(m['from'])}</td><td>{html.escape(m['to'])}</td>"
        f"<td><a href='/view/mail/{m['id']}'>{html.escape(m['subject'] or '(no subject)')}</a></td></tr>"
        for m in reversed(st["messages"]))
    return page("Sent mail", "<h1>Sent mail</h1><table><tr><th>Sent</th><th>From</th><th>To</th><th>Subject</th>"
                             f"</tr>{rows}</table>")


def _when(item: dict) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(int(item["internalDate"]) / 1000))


def _message_html(emulator, item: dict) -> str:
    message = BytesParser(policy=policy.default).parsebytes((_folder(emulator) / f"{item['id']}.eml").read_bytes())
    head = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(message.get(k, '')))}</td></tr>"
                   for k in ("From", "To", "Cc", "Subject", "Date") if message.get(k))
    parts = [f"<h1>{html.escape(item['subject'] or '(no subject)')}</h1><table>{head}</table>"]
    rich = _first_part(message, "text/html")
    if rich:
        parts.append("<h2>HTML part</h2><iframe sandbox style='width:100%;height:60vh;border:1px solid #ccc' "
                     f"srcdoc=\"{html.escape(rich, quote=True)}\"></iframe>")
    text = _first_part(message, "text/plain")
    if text:
        parts.append(f"<h2>Text part</h2><pre style='white-space:pre-wrap'>{html.escape(text)}</pre>")
    parts.append(f"<p class='muted'>Stored as gmail/{item['id']}.eml · "
                 f"<a href='/view/mail/'>all mail</a> · {json.dumps(item['labelIds'])}</p>")
    try:
        parts.append(f"<p class='muted'>Date header: {parsedate_to_datetime(str(message['Date']))}</p>")
    except (TypeError, ValueError):
        pass
    return "".join(parts)
