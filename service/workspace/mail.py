"""Sending mail: one `send(message)` over the transport config.mail.transport names.

- gmail: users.messages.send with the base64url RFC 822 bytes (needs the gmail.send scope;
  with real Google, domain-wide delegation to the sender's mailbox: google.delegated_user).
- smtp: STARTTLS (default, port 587), implicit TLS ("ssl", port 465) or none; the password comes
  from TURFBOOK_SMTP_PASSWORD / TURFBOOK_SMTP_PASSWORD_FILE, never from the config file.
- outbox: one .eml file per message in config.mail.outbox_dir (for demos, tests and air-gapped use).

Sending is never retried blindly (a second try could deliver twice): every message gets a
Message-ID before it leaves, which callers can keep in their own ledger.
"""

from __future__ import annotations

import base64
import hashlib
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from turfbook.config import Config, ConfigError, secret
from turfbook.workspace.errors import GoogleError

if TYPE_CHECKING:
    from turfbook.workspace import Workspace


def build_message(*, sender: str, to: str | Sequence[str], subject: str, text: str, html: str | None = None,
                  cc: str | Sequence[str] = (), reply_to: str | None = None,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    """A UTF-8 message: the text part, plus an HTML alternative when given."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    if cc:
        message["Cc"] = cc if isinstance(cc, str) else ", ".join(cc)
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">") or None)
    for name, value in (headers or {}).items():
        message[name] = value
    # quoted-printable keeps accents intact through any relay, 8BITMIME or not
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def _prepare(message: EmailMessage, sender: str) -> EmailMessage:
    if not message["From"]:
        message["From"] = sender
    if not message["Date"]:
        message["Date"] = formatdate(usegmt=True)
    if not message["Message-ID"]:
        message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or None)
    return message


def as_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=policy.SMTP)


@dataclass
class Sent:
    """Where a message went: transport, its Message-ID, and the Gmail id or .eml path."""

    transport: str
    message_id: str
    ref: str


GMAIL_NEEDS_USER = (
    "mail.transport is gmail but Turfbook signs in as a bare service account, which has no mailbox (Gmail "
    "answers 400 failedPrecondition). Set google.delegated_user to the sending mailbox and, in the Google "
    "Admin console, Security → API controls → Domain-wide delegation → Add new: the service account's client "
    "ID with scope https://www.googleapis.com/auth/gmail.send; or sign in as a user (`turfbook auth login`); "
    "or use mail.transport: smtp.")


def gmail_user_configured(config: Config) -> bool:
    """Gmail needs a user: a delegated subject, or an OAuth user's credentials."""
    return bool(config.google.delegated_user or config.google.user_credentials_file)


class Mailer:
    def __init__(self, config: Config, workspace: Workspace | None = None):
        self.config = config
        self.workspace = workspace

    def send(self, message: EmailMessage) -> Sent:
        settings = self.config.mail
        message = _prepare(message, settings.sender)
        transport = settings.transport
        if transport == "gmail":
            ref = self._gmail(message)
        elif transport == "smtp":
            ref = self._smtp(message)
        else:
            ref = str(self._outbox(message))
        return Sent(transport, str(message["Message-ID"]), ref)

    def _gmail(self, message: EmailMessage) -> str:
        if not gmail_user_configured(self.config):
            raise ConfigError(GMAIL_NEEDS_USER)
        if self.workspace is None:
            from turfbook.workspace import connect

            self.workspace = connect(self.config)
        raw = base64.urlsafe_b64encode(as_bytes(message)).decode("ascii")
        request = self.workspace.gmail_api.users().messages().send(userId="me", body={"raw": raw})
        try:
            return self.workspace.execute(request, idempotent=False)["id"]
        except GoogleError as exc:
            if exc.status == 400 and "failedPrecondition" in exc.reasons:   # Google: Gmail is for users
                raise ConfigError(GMAIL_NEEDS_USER) from None
            raise

    def _smtp(self, message: EmailMessage) -> str:
        smtp = self.config.mail.smtp
        password = secret("SMTP_PASSWORD")
        if smtp.username and not password:
            raise ConfigError("mail.smtp.username is set but TURFBOOK_SMTP_PASSWORD (or _FILE) is not")
        context = ssl.create_default_context()
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if smtp.username:
                _login(client, smtp.username, password or "")
            client.send_message(message)
        return str(message["Message-ID"])

    def _outbox(self, message: EmailMessage) -> Path:
        folder = Path(self.config.mail.outbox_dir)
        folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha1(str(message["Message-ID"]).encode()).hexdigest()[:10]  # noqa: S324 - a file name
        sent = parsedate_to_datetime(message["Date"]).astimezone(UTC)     # _prepare dated it
        path = folder / f"{sent:%Y%m%d-%H%M%S}-{digest}.eml"
        temp = path.with_suffix(".tmp")
        temp.write_bytes(as_bytes(message))
        temp.replace(path)
        return path


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib.login encodes credentials as ASCII; send AUTH PLAIN as UTF-8 ourselves when needed."""
    if (username + password).isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def send(message: EmailMessage, config: Config, workspace: Workspace | None = None) -> Sent:
    """Send one message over the configured transport."""
    return Mailer(config, workspace).send(message)
