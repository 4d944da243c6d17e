"""The schema test mode finds unknown keys and wrong types in a response, by discovery's schemas."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from turfbook_emulator import discovery, reply_shape, schema_check
from turfbook_emulator.errors import ApiError
from turfbook_emulator.pytest_plugin import fail_on_schema_violations
from turfbook_emulator.registry import Reply
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


def test_strict_mode_answers_500_and_the_test_fixture_fails_naming_the_key(tmp_path):
    """A violation is loud: the emulator answers 500 at once (strict), records it, and the fixtures' teardown
    check (conftest's `emulator`, the plugin's `google_workspace_emulator`) fails the test with it."""
    route = next(r for r in discovery.apis()["sheets"].routes if r.method_id == "sheets.spreadsheets.get")
    emulator = SimpleNamespace(protojson=True, check_schema="strict", data_dir=tmp_path)
    bad = Reply(body={"spreadsheetId": "x", "surplus": 1})
    with pytest.raises(ApiError) as raised:
        reply_shape.shape(emulator, route, None, bad)
    assert raised.value.code == 500 and "sheets.spreadsheets.get" in raised.value.message
    with pytest.raises(pytest.fail.Exception, match="surplus: not in schema Spreadsheet"):
        fail_on_schema_violations(tmp_path)
    fail_on_schema_violations(tmp_path)  # emptied: the next test starts clean
    emulator.check_schema = "1"  # recorded only; the answer goes out, and the teardown check still fails
    assert reply_shape.shape(emulator, route, None, Reply(body={"spreadsheetId": "x", "surplus": 1})).status == 200
    with pytest.raises(pytest.fail.Exception, match="surplus"):
        fail_on_schema_violations(tmp_path)


def test_the_suite_runs_every_emulator_in_strict_schema_mode(emulator):
    assert os.environ["TURFBOOK_EMULATOR_CHECK_SCHEMA"] == "strict"
    with open(f"/proc/{emulator.process.pid}/environ", "rb") as fh:
        assert b"TURFBOOK_EMULATOR_CHECK_SCHEMA=strict" in fh.read().split(b"\0")
