"""Sheets reads for the web worker, through gspread's thin HTTP client rather than googleapiclient: a
googleapiclient Sheets Resource costs ~70 MB of RSS (it pretty-prints every schema into docstrings),
which a web worker streaming uploads should not carry.

    LightSheets(config).read_tabs(titles) -> {title: rows}    one values.batchGet (a missing tab reads
                                                               as absent: then one call per tab)
    LightSheets(config).ping()                                 the cheapest call proving access
"""

from __future__ import annotations

from typing import Any

from turfbook.config import Config, ConfigError
from turfbook.workspace import a1


class LightSheets:
    def __init__(self, config: Config):
        self._config = config
        self._client = None

    def _http(self):
        if self._client is None:
            from turfbook.workspace.transport import gspread_client

            self._client = gspread_client(self._config)
        return self._client.http_client

    def _spreadsheet_id(self) -> str:
        spreadsheet_id = self._config.google.spreadsheet_id
        if not spreadsheet_id:
            raise ConfigError("google.spreadsheet_id: not set (run `turfbook sheets init --write-config`)")
        return spreadsheet_id

    @property
    def spreadsheet_id(self) -> str:
        return self._config.google.spreadsheet_id or ""

    def read_tabs(self, titles: list[str], render: str = "FORMATTED_VALUE") -> dict[str, list[list[Any]]]:
        from gspread.exceptions import APIError

        http, spreadsheet_id = self._http(), self._spreadsheet_id()
        params = {"valueRenderOption": render, "majorDimension": "ROWS"}
        try:
            answer = http.values_batch_get(spreadsheet_id, [a1.whole_sheet(t) for t in titles], dict(params))
            return {t: vr.get("values", []) for t, vr in zip(titles, answer.get("valueRanges", []), strict=False)}
        except APIError as exc:
            if exc.response.status_code != 400:
                raise
        tabs = {}  # a tab is missing (a workbook not yet upgraded): read the others one by one
        for title in titles:
            try:
                answer = http.values_batch_get(spreadsheet_id, [a1.whole_sheet(title)], dict(params))
                tabs[title] = answer["valueRanges"][0].get("values", [])
            except APIError as exc:
                if exc.response.status_code != 400:
                    raise
        return tabs

    def ping(self) -> None:
        self._http().fetch_sheet_metadata(self._spreadsheet_id(), params={"fields": "spreadsheetId"})


def token_works(workspace) -> None:
    """Prove the key works against the token endpoint (no workbook needed); raises when it does not."""
    from google.auth.transport.requests import Request

    from turfbook.workspace.transport import plain_session

    workspace.credentials.refresh(Request(session=plain_session(workspace.config)))
