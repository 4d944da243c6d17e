"""batchUpdate kinds for data sources (BigQuery / Looker "connected sheets"): addDataSource,
updateDataSource, deleteDataSource, refreshDataSource, cancelDataSourceRefresh.

The emulator connects to no BigQuery or Looker, so it answers as Google does for a caller with no
access to them and a spreadsheet with no data source: adding one is 403 PERMISSION_DENIED (Google
checks the caller's access to the BigQuery project or Looker instance); every request naming a data
source, or asking for all of them, is 400 since there is none. Never a silent success. The wording
of these messages is ours (Google's exact texts were not found); the codes are Google's.
"""

from __future__ import annotations

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind


def _none(body: dict, what: str) -> RequestError:
    if body.get("dataSourceId"):
        return RequestError(f"No data source with id: {body['dataSourceId']}")
    if body.get("isAll") or body.get("references"):
        return RequestError(f"The spreadsheet has no data source to {what}.")
    return RequestError("dataSourceId is required.")


@kind("addDataSource")
def add_data_source(ctx: Ctx, body: dict) -> None:
    spec = (body.get("dataSource") or {}).get("spec") or {}
    if not spec.get("bigQuery") and not spec.get("looker"):
        raise RequestError("dataSource.spec must set bigQuery or looker.")
    raise ApiError(403, "The caller does not have permission")  # Google's PERMISSION_DENIED text


@kind("updateDataSource")
def update_data_source(ctx: Ctx, body: dict) -> None:
    raise _none(body.get("dataSource") or {}, "update")


@kind("deleteDataSource")
def delete_data_source(ctx: Ctx, body: dict) -> None:
    raise _none(body, "delete")


@kind("refreshDataSource")
def refresh_data_source(ctx: Ctx, body: dict) -> None:
    raise _none(body, "refresh")


@kind("cancelDataSourceRefresh")
def cancel_data_source_refresh(ctx: Ctx, body: dict) -> None:
    raise _none(body, "cancel the refresh of")
