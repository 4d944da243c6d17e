"""A new, empty spreadsheet in the team's shared drive, as a team's own workbook starts (the adoption tests)."""

from __future__ import annotations

from turfbook.workspace import connect
from turfbook.workspace.drive import Drive
from turfbook.workspace.workbook_file import SPREADSHEET


def new_team_book(config, name: str = "Team book"):
    """(spreadsheet ID, its Sheets): a new spreadsheet in the team's shared drive."""
    workspace = connect(config)
    drive = Drive(workspace)
    parent = drive.shared_drive(config.google.drive.shared_drive, create=False)
    sheet_id = workspace.execute(drive.files.create(body={"name": name, "mimeType": SPREADSHEET,
                                                          "parents": [parent]}, fields="id",
                                                    supportsAllDrives=True))["id"]
    return sheet_id, workspace.sheets(sheet_id)
