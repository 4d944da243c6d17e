"""The Drive push channel feeding the web app's /webhooks/drive, reopened before it expires."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from turfbook.clock import Clock
from turfbook.config import Config
from turfbook.history import DRIVE_LOG, History

log = logging.getLogger("turfbook.scheduler")
WATCH_LIFETIME = timedelta(hours=24)   # Drive allows up to a week for changes channels
WATCH_RENEW = timedelta(hours=12)     # reopen when less than this is left
WATCH_CHECK = timedelta(minutes=5)    # how often the channel is looked at


class DriveWatch:
    """Keeps a Drive push channel (changes.watch on the shared drive) pointed at the web app's
    /webhooks/drive, reopening it before it expires; the webhook then requests a filing run."""

    def __init__(self, config: Config, token: str, clock: Clock | None = None, history: History | None = None):
        self.config, self.token, self.history = config, token, history
        self.clock = clock or Clock.for_config(config)
        self.channel: dict | None = None
        self.expires: datetime | None = None

    def maintain(self) -> None:
        """Called every WATCH_CHECK: open the channel if there is none (e.g. the shared drive did not
        exist yet), or reopen it when it is within WATCH_RENEW of expiring."""
        if self.channel is None or self.expires is None or self.expires - self.clock.utcnow() < WATCH_RENEW:
            self.renew()

    @property
    def address(self) -> str:
        return self.config.web.base_url.rstrip("/") + "/webhooks/drive"

    def renew(self) -> dict | None:
        from turfbook.workspace import connect
        from turfbook.workspace.drive import Drive

        if not self.address.startswith("https://") and not self.config.google.endpoint:
            log.warning("Drive push is off: Google only calls HTTPS addresses (web.base_url is %s)",
                        self.config.web.base_url)
            return None
        drive = Drive(connect(self.config))
        expires = self.clock.utcnow() + WATCH_LIFETIME
        try:
            opened = drive.watch_changes(self.address, self.token, f"turfbook-{uuid.uuid4()}",
                                         int(expires.timestamp() * 1000))
        except Exception as exc:
            log.error("Drive push channel could not be opened: %s: %s", type(exc).__name__, exc)
            return None
        if self.history is not None and self.history.page_token(DRIVE_LOG) is None:
            self.history.save_page_token(DRIVE_LOG, opened["startPageToken"])   # the change log starts here
        previous, self.channel = self.channel, opened
        self.expires = expires
        if previous:
            try:
                drive.stop_channel(previous["id"], previous["resourceId"])
            except Exception as exc:  # it expires on its own anyway
                log.info("old Drive channel %s not stopped: %s", previous["id"], exc)
        log.info("Drive push channel %s open until %s -> %s", opened["id"], expires.isoformat(timespec="minutes"),
                 self.address)
        return opened
