"""Push notification channels (files.watch, changes.watch): Drive POSTs to the channel's address.

Notifications carry no body, only headers (X-Goog-Channel-ID, -Token, -Expiration, X-Goog-Resource-ID,
-URI, -State, X-Goog-Message-Number, and X-Goog-Changed for files.watch). A "sync" message is sent when
a channel opens. Delivery happens on a background thread so a slow receiver never blocks the API.
"""

from __future__ import annotations

import http.client
import queue
import threading
import time
from urllib.parse import urlsplit

_OUTBOX: queue.Queue = queue.Queue()
_SENDER: threading.Thread | None = None
_LOCK = threading.Lock()


def changed(st, file: dict, removed: bool) -> None:
    """Called for every change to a file: queue notifications for the channels watching it."""
    now_ms = int(time.time() * 1000)
    for channel in list(st.channels.values()):
        if channel.get("expiration") and int(channel["expiration"]) < now_ms:
            continue
        if channel["kind"] == "file" and channel["fileId"] != file["id"]:
            continue
        if channel["kind"] == "changes" and channel.get("driveId") and channel["driveId"] != file.get("driveId"):
            continue
        if channel["kind"] == "file":
            state = "remove" if removed else ("trash" if file.get("trashed") else "update")
            notify(channel, state, changed_what="properties,content,parents")
        else:
            notify(channel, "change")


def notify(channel: dict, resource_state: str, changed_what: str | None = None) -> None:
    channel["messageNumber"] = int(channel.get("messageNumber", 0)) + 1
    headers = {
        "X-Goog-Channel-ID": channel["id"],
        "X-Goog-Message-Number": str(channel["messageNumber"]),
        "X-Goog-Resource-ID": channel["resourceId"],
        "X-Goog-Resource-URI": channel["resourceUri"],
        "X-Goog-Resource-State": resource_state,
        "Content-Length": "0",
    }
    if channel.get("token"):
        headers["X-Goog-Channel-Token"] = channel["token"]
    if channel.get("expiration"):
        headers["X-Goog-Channel-Expiration"] = time.strftime(
            "%a, %d %b %Y %H:%M:%S GMT", time.gmtime(int(channel["expiration"]) / 1000))
    if changed_what and resource_state == "update":
        headers["X-Goog-Changed"] = changed_what
    _start_sender()
    _OUTBOX.put((channel["address"], headers))


def _start_sender() -> None:
    global _SENDER
    with _LOCK:
        if _SENDER is None or not _SENDER.is_alive():
            _SENDER = threading.Thread(target=_send_loop, name="drive-push", daemon=True)
            _SENDER.start()


def _send_loop() -> None:
    while True:
        address, headers = _OUTBOX.get()
        try:
            _post(address, headers)
        except (OSError, http.client.HTTPException):
            pass  # Drive drops notifications a receiver does not accept; so do we


def _post(address: str, headers: dict[str, str]) -> None:
    """POST with the header names spelled exactly as Google spells them (urllib would recapitalize)."""
    parts = urlsplit(address)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname, parts.port, timeout=5)
    try:
        conn.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body=b"",
                     headers=headers)
        conn.getresponse().read()
    finally:
        conn.close()


def pending() -> int:
    return _OUTBOX.qsize()
