"""A new, empty spreadsheet in the team's shared drive, as a team's own workbook starts (the adoption tests)."""

from __future__ import annotations

from turfbook.workspace import connect
from turfbook.workspace.drive import Drive
from turfbook.workspace.workbook_file import SPREADSHEET


def new_team_book(config, name: str = "Team book", tabs: tuple[str, ...] = ()):
    """(spreadsheet ID, its Sheets): a new spreadsheet in the team's shared drive; `tabs`: its sheets' titles
    (the first sheet renamed, the others added with sheetIds 5, 6, ...)."""
    workspace = connect(config)
    drive = Drive(workspace)
    parent = drive.shared_drive(config.google.drive.shared_drive, create=False)
    sheet_id = workspace.execute(drive.files.create(body={"name": name, "mimeType": SPREADSHEET,
                                                          "parents": [parent]}, fields="id",
                                                    supportsAllDrives=True))["id"]
    sheets = workspace.sheets(sheet_id)
    if tabs:
        sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": 0, "title": tabs[0]},
                                                        "fields": "title"}}]
                            + [{"addSheet": {"properties": {"sheetId": 5 + n, "title": title}}}
                               for n, title in enumerate(tabs[1:])])
    return sheet_id, sheets
