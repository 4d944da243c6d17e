"""What the upload page's browser and gunicorn tests share: a workbook with the tabs the page reads,
a link key, a real JPEG."""

from __future__ import annotations

import io
import os
from pathlib import Path

import yaml
from PIL import Image

from tests.support.emulator import DEMO_USER
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive
from turfbook.workspace.sheets import CellWrite, Sheets

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


def web_config(emulator, tmp_path: Path, spreadsheet_id: str, port: int) -> tuple[Path, dict]:
    """A config file for a web app on `port` against the test emulator, and the environment (secrets
    included) to start it with."""
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": emulator.base_url, "credentials_file": str(emulator.credentials),
                   "delegated_user": DEMO_USER, "spreadsheet_id": spreadsheet_id},
        "mail": {"transport": "outbox", "outbox_dir": str(tmp_path / "outbox")},
        "web": {"base_url": f"http://127.0.0.1:{port}", "max_upload_mb": 50},
        "data_dir": str(tmp_path / "data"),
    }))
    env = {**os.environ, "TURFBOOK_CONFIG": str(config_file), "TURFBOOK_LINK_KEY": LINK_KEY,
           "TURFBOOK_ADMIN_TOKEN": "e2e-admin-token-0123456789abcdef", "NO_PROXY": "127.0.0.1,localhost"}
    return config_file, env
