"""Turning a rendered digest into an RFC 822 message (text + HTML alternatives) and handing it to the
configured transport in service/workspace/mail.py (Gmail API, SMTP or outbox)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from turfbook.config import sender_address, sender_name
from turfbook.digest.render import Rendered


def build(rendered: Rendered, *, sender: str, to: str, organization: str = "", language: str = "en",
          period_key: str = "", now: datetime | None = None) -> EmailMessage:
    """`now` (from the clock) dates the message; without it the transport dates it when sending."""
    message = EmailMessage()
    address = sender_address(sender)   # mail.sender may carry its own display name: it wins
    name = sender_name(sender) or (f"{organization} digest" if organization else "Turfbook")
    message["From"] = formataddr((name, address))
    message["To"] = to
    message["Subject"] = rendered.subject
    if now is not None:
        message["Date"] = format_datetime(now.astimezone(UTC), usegmt=True)
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "turfbook.local")
    message["Content-Language"] = language
    message["Auto-Submitted"] = "auto-generated"
    if period_key:
        message["X-Turfbook-Period"] = period_key
    # quoted-printable keeps accents intact through any relay (as turfbook.workspace.mail does)
    message.set_content(rendered.text, charset="utf-8", cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def deliver(workspace, message: EmailMessage) -> str:
    """Send through turfbook.workspace.mail (never retried: a retry could deliver twice).
    Returns the message's Message-ID, which the ledger keeps."""
    from turfbook.workspace import mail

    sent = mail.send(message, workspace.config, workspace)
    return sent.message_id
