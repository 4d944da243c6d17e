"""The only code that knows Google. `connect(config)` wires the real clients for everyone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from turfbook.config import Config
from turfbook.workspace import deferred, retry, transport  # noqa: F401 - deferred first: before httplib2


@dataclass
class Workspace:
    config: Config
    log: retry.CallLog = field(default_factory=retry.CallLog)
    policy: retry.Policy = field(default_factory=retry.Policy)
    sheets_view: Callable[[Any], Any] | None = None     # wraps sheets() (an adopted workbook: schema.adopt_read)

    @cached_property
    def credentials(self):
        from turfbook.workspace.auth import credentials

        return credentials(self.config)

    @cached_property
    def sheets_api(self):
        return transport.api_client(self.config, "sheets", "v4", self.credentials)

    @cached_property
    def spreadsheets(self):
        # googleapiclient builds a Resource from the whole discovery document on every
        # .spreadsheets()/.values() call (~100 ms for Sheets), so build them once per workspace.
        return self.sheets_api.spreadsheets()

    @cached_property
    def values(self):
        return self.spreadsheets.values()

    @cached_property
    def drive_api(self):
        return transport.api_client(self.config, "drive", "v3", self.credentials)

    @cached_property
    def drive_files(self):
        """Drive's files resource, built once per workspace (each .files() re-reads the discovery document)."""
        return self.drive_api.files()

    @cached_property
    def gmail_api(self):
        return transport.api_client(self.config, "gmail", "v1", self.credentials)

    def execute(self, request, *, idempotent: bool = True):
        return retry.execute(request, idempotent=idempotent, policy=self.policy, log=self.log)

    def sheets(self, spreadsheet_id: str | None = None):
        from turfbook.workspace.sheets import Sheets

        spreadsheet_id = spreadsheet_id or self.config.google.spreadsheet_id
        if not spreadsheet_id:
            from turfbook.config import ConfigError

            raise ConfigError("google.spreadsheet_id: not set (run `turfbook sheets init --write-config`)")
        sheets = Sheets(self, spreadsheet_id)
        return self.sheets_view(sheets) if self.sheets_view else sheets


def connect(config: Config) -> Workspace:
    return Workspace(config)
