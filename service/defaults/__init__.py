"""The workbook schema and filing rules Turfbook ships (package data), used when the config names no other.

In the repository they are the top-level sheets_schema/ and drive_rules/ (setup.py maps them here as
turfbook.defaults.sheets_schema and turfbook.defaults.drive_rules), so there is one copy of each.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA_FILE, RULES_FILE = "workbook.yaml", "filing.yaml"


def folder(name: str) -> Path:
    """The shipped `sheets_schema` or `drive_rules` folder: package data in an installed wheel, the
    repository's own folder in a checkout (an editable install imports turfbook from service/)."""
    for candidate in (HERE / name, HERE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"{name}/ is missing from the turfbook package ({HERE}): reinstall turfbook")


def schema_dir() -> Path:
    return folder("sheets_schema")


def rules_dir() -> Path:
    return folder("drive_rules")
