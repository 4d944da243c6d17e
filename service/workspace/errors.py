"""Google's errors in plain words, for the command line and run history.

    plain(exc, config) -> Plain | None     None: not an error from Google

A raw HttpError prints a URL and a JSON body; an organizer needs to know which setting to fix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plain:
    message: str
    config: bool          # fixing it means changing the config (exit 2), not re-running


def plain(exc: BaseException, config) -> Plain | None:
    from googleapiclient.errors import HttpError

    if not isinstance(exc, HttpError):
        return None
    status = exc.resp.status
    url = str(getattr(exc, "uri", "") or "")
    reason = (exc.reason or "").strip() if hasattr(exc, "reason") else ""
    spreadsheet = config.google.spreadsheet_id
    if "/v4/spreadsheets/" in url and status in (403, 404):
        what = "does not exist" if status == 404 else "is not shared with the service account"
        return Plain(f"google.spreadsheet_id: the spreadsheet {spreadsheet} {what} "
                     f"(check the ID in the config, or share the sheet with the service account)", True)
    if status in (401, 403):
        return Plain(f"Google refused the call ({status}): {reason or 'permission denied'}; "
                     "`turfbook check --live` says what to fix", True)
    if status == 429:
        return Plain("Google's quota is used up for now (429); the next run will pick up where this one stopped",
                     False)
    return Plain(f"Google answered {status}: {reason or 'error'}", False)
