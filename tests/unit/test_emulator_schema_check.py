"""The schema test mode finds unknown keys and wrong types in a response, by discovery's schemas."""

from __future__ import annotations

from turfbook_emulator import schema_check
from turfbook_emulator.sheets import new_book, resource


def test_a_fresh_spreadsheet_resource_matches_its_schema():
    assert schema_check.violations("sheets", "Spreadsheet", resource.spreadsheet(new_book("t"))) == []


def test_unknown_keys_wrong_types_and_int64_numbers_are_named():
    body = {"spreadsheetId": "x", "properties": {"title": 5, "bogus": 1},
            "sheets": [{"properties": {"sheetId": "0", "hidden": "no"}}]}
    assert schema_check.violations("sheets", "Spreadsheet", body) == [
        "properties.title: expected string, got int 5",
        "properties.bogus: not in schema SpreadsheetProperties",
        "sheets[0].properties.sheetId: expected integer (int32), got str \"0\"",
        "sheets[0].properties.hidden: expected boolean, got str \"no\"",
    ]
    assert schema_check.violations("drive", "File", {"id": "a", "size": 12}) == [
        "size: expected string (int64), got int 12"]
