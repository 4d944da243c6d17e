"""Google's error body: {"error": {"code", "message", "status", "errors": [...]}}."""

from __future__ import annotations

from typing import Any

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    412: "FAILED_PRECONDITION",
    413: "INVALID_ARGUMENT",
    416: "OUT_OF_RANGE",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}

DEFAULT_REASONS = {
    400: "badRequest",
    401: "authError",
    403: "forbidden",
    404: "notFound",
    409: "conflict",
    413: "uploadTooLarge",
    429: "rateLimitExceeded",
    500: "backendError",
    501: "notImplemented",
    503: "backendError",
}


class ApiError(Exception):
    """Raised by handlers; rendered in Google's error shape for the API being called."""

    def __init__(
        self,
        code: int,
        message: str,
        *,
        reason: str | None = None,
        location: str | None = None,
        location_type: str | None = None,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason or DEFAULT_REASONS.get(code, "unknown")
        self.location = location
        self.location_type = location_type
        self.status = status or STATUS_NAMES.get(code, "UNKNOWN")
        self.details = details
        self.headers = headers or {}

    def body(self, api: str = "sheets") -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        item: dict[str, Any] = {"message": self.message, "domain": "global", "reason": self.reason}
        if self.location:
            item["location"] = self.location
            item["locationType"] = self.location_type or "parameter"
        if api in ("drive", "gmail"):
            error["errors"] = [item]
            if api == "gmail":
                error["status"] = self.status
        else:
            error["status"] = self.status
            if self.code in (401, 403, 429):
                error["errors"] = [item]
        if self.details:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str, **kw: Any) -> ApiError:
    return ApiError(400, message, **kw)


def not_found(message: str, **kw: Any) -> ApiError:
    return ApiError(404, message, **kw)
