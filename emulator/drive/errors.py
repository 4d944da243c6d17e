"""Drive's error answers: a file not found, an error whose domain is not "global", a service account's
missing storage quota."""

from __future__ import annotations

from typing import Any

from turfbook_emulator.errors import ApiError


def not_found(file_id: str, location: str = "fileId") -> ApiError:
    return ApiError(404, f"File not found: {file_id}.", reason="notFound", location=location)


class DriveError(ApiError):
    """An ApiError whose errors[0].domain is not "global" (e.g. usageLimits)."""

    def __init__(self, code: int, message: str, *, domain: str, **kw):
        super().__init__(code, message, **kw)
        self.domain = domain

    def body(self, api: str = "drive") -> dict[str, Any]:
        body = super().body(api)
        body["error"]["errors"][0]["domain"] = self.domain
        return body


def storage_quota_exceeded() -> DriveError:
    return DriveError(403, "Service Accounts do not have storage quota. Leverage shared drives "
                           "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), "
                           "or use OAuth delegation (http://support.google.com/a/answer/7281227) instead.",
                      domain="usageLimits", reason="storageQuotaExceeded")
