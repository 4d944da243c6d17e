"""Shared set-up for the filing integration tests: a workbook with worksites, and an inbox."""

from __future__ import annotations

from turfbook.jobs.filing_drive import FilingDrive
from turfbook.schema import load_schema
from turfbook.schema.init import run_init
from turfbook.workspace import connect
from turfbook.workspace import drive_batch as gdrive
from turfbook.workspace.retry import Policy
from turfbook.workspace.sheets import CellWrite

WORKSITES = [("W-0001", "Little Stars Center", "child care center", "Hartford"),
             ("W-0002", "Pequeños Pasos", "family child care home", "New Haven"),
             ("W-0003", "Sunrise Family Child Care", "child care center", "Bridgeport"),
             ("W-0004", "Oak Street School", "school", "Waterbury")]


def fast(workspace):
    workspace.policy = Policy(base=0.01, cap=0.05, deadline=10, max_attempts=3, sleep=lambda _s: None)
    return workspace


def workbook(config):
    """Config pointing at a fresh initialised workbook with Worksites and Issues filled in."""
    ws = connect(config)
    result = run_init(ws, load_schema(config.schema_dir / "workbook.yaml"), None)
    config = config.model_copy(update={"google": config.google.model_copy(
        update={"spreadsheet_id": result.spreadsheet_id})})
    ws = connect(config)
    sheets = ws.sheets()
    header = sheets.read(["Worksites!1:1"])[0][0]
    keys = {"ID": 0, "Name": 1, "Kind": 2, "City": 3}
    rows = []
    for values in WORKSITES:
        row = [""] * len(header)
        for title, i in keys.items():
            row[header.index(title)] = values[i]
        rows.append(row)
    issues_header = sheets.read(["Issues!1:1"])[0][0]
    issues = [["" for _ in issues_header] for _ in range(2)]
    for row, (iid, name) in zip(issues, [("I-0001", "Broken heat"), ("I-0002", "Mould")], strict=True):
        row[issues_header.index("ID")], row[issues_header.index("Name")] = iid, name
    sheets.write([CellWrite(f"Worksites!A2:{chr(64 + len(header))}{1 + len(rows)}", rows),
                  CellWrite(f"Issues!A2:{chr(64 + len(issues_header))}3", issues)])
    return config


def inbox(workspace) -> tuple[FilingDrive, str]:
    drive = FilingDrive.open(workspace, create=True)
    return drive, drive.folder(tuple(workspace.config.google.drive.inbox.split("/")))


def upload(workspace, folder_id: str, name: str, data: bytes, mime: str = "image/jpeg", **props) -> str:
    return gdrive.upload_bytes(workspace, folder_id, name, mime, data, app_properties=props)["id"]
