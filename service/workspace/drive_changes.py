"""Drive's change log and push channels, for the Drive class (service/workspace/drive.py)."""

from __future__ import annotations

from typing import Any

PAGE_SIZE = 1000


class DriveChanges:
    """Mixed into Drive: needs `ws`, `drive_id` and `shared_drive()`."""

    def _changes_drive(self) -> str | None:
        """The shared drive whose log to read; None (the user's own changes) without a shared drive."""
        if self.drive_id:
            return self.drive_id
        self.shared_drive()
        return self.drive_id

    # ----- change log ---------------------------------------------------------------------------
    def start_page_token(self) -> str:
        """Where the shared drive's change log ends now (changes.getStartPageToken)."""
        drive_id = self._changes_drive()
        answer = self.ws.execute(self.ws.drive_api.changes().getStartPageToken(driveId=drive_id,
                                                                                supportsAllDrives=True))
        return answer["startPageToken"]

    def changes_since(self, page_token: str, file_fields: str = "id,name,mimeType,parents,trashed,appProperties"
                      ) -> tuple[list[dict], str]:
        """Every change to the shared drive after `page_token` (following nextPageToken), and the token
        to start from next time (newStartPageToken). Each change shows the file as it is now, or
        `removed: true` when it is gone."""
        drive_id = self._changes_drive()
        changes = self.ws.drive_api.changes()
        out, token = [], page_token
        while True:
            page = self.ws.execute(changes.list(
                pageToken=token, driveId=drive_id, supportsAllDrives=True, includeItemsFromAllDrives=True,
                includeRemoved=True, pageSize=PAGE_SIZE,
                fields=f"nextPageToken,newStartPageToken,changes(changeType,removed,fileId,file({file_fields}))"))
            out += page.get("changes", [])
            if page.get("newStartPageToken"):
                return out, page["newStartPageToken"]
            token = page["nextPageToken"]

    # ----- push notifications -------------------------------------------------------------------
    def watch_changes(self, address: str, token: str, channel_id: str, expiration_ms: int | None = None) -> dict:
        """Open a changes.watch push channel on the shared drive: Drive POSTs to `address` (HTTPS in
        production) with X-Goog-Channel-Token = `token` after each change. Returns the channel
        (id, resourceId, expiration) and the startPageToken it watches from; channels expire and
        must be reopened."""
        drive_id = self._changes_drive()
        changes = self.ws.drive_api.changes()
        start = self.ws.execute(changes.getStartPageToken(driveId=drive_id, supportsAllDrives=True))
        body: dict[str, Any] = {"id": channel_id, "type": "web_hook", "address": address, "token": token}
        if expiration_ms:
            body["expiration"] = str(expiration_ms)
        channel = self.ws.execute(changes.watch(pageToken=start["startPageToken"], driveId=drive_id, body=body,
                                                supportsAllDrives=True, includeItemsFromAllDrives=True),
                                  idempotent=False)
        return {**channel, "startPageToken": start["startPageToken"]}

    def stop_channel(self, channel_id: str, resource_id: str) -> None:
        self.ws.execute(self.ws.drive_api.channels().stop(body={"id": channel_id, "resourceId": resource_id}))
