"""What the upload page's browser and gunicorn tests share: a workbook with the tabs the page reads,
a link key, a real JPEG."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from service.workspace import connect
from service.workspace.drive import Drive
from service.workspace.sheets import CellWrite, Sheets

LINK_KEY = "e2e-link-key-0123456789abcdef0123"


def seed_workbook(config) -> str:
    """A workbook with just the tabs the upload page reads."""
    ws = connect(config)
    spreadsheet_id = Sheets.create(ws, "Turfbook e2e", ["Organizers", "Worksites", "Issues"])
    Sheets(ws, spreadsheet_id).write([
        CellWrite("Organizers!A1", [["ID", "Name", "Email", "Language", "Link version"],
                                    ["O-0001", "Ana Rivera", "ana@example.org", "en", 2]]),
        CellWrite("Worksites!A1", [["ID", "Name", "City"], ["W-0001", "Little Stars Center", "Hartford"],
                                   ["W-0002", "Ñandú Kids", "New Haven"]]),
        CellWrite("Issues!A1", [["ID", "Name"], ["I-0001", "broken heat"], ["I-0002", "mould"]]),
    ])
    Drive(ws).shared_drive(create=True)
    return spreadsheet_id


def photo(path: Path, color) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path
