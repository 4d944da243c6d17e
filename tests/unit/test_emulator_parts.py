"""Emulator pieces that need no server: fields masks, quotas, faults, routing from discovery."""

from __future__ import annotations

import pytest

from turfbook_emulator import discovery, fields
from turfbook_emulator.errors import ApiError
from turfbook_emulator.faults import Faults
from turfbook_emulator.quotas import Quotas


def test_fields_mask_both_spellings_select_the_same():
    value = {"sheets": [{"properties": {"title": "A", "sheetId": 1}, "data": [1]}], "spreadsheetId": "x"}
    expected = {"sheets": [{"properties": {"title": "A"}}]}
    assert fields.apply(value, fields.parse("sheets.properties.title")) == expected
    assert fields.apply(value, fields.parse("sheets(properties(title))")) == expected
    assert fields.apply(value, fields.parse("*")) == value


def test_bad_fields_mask_is_400():
    with pytest.raises(ApiError) as caught:
        fields.parse("files(id,name")
    assert caught.value.code == 400


def test_quota_sixty_reads_per_minute_then_429_with_retry_after():
    now = [0.0]
    quotas = Quotas(scale=1, clock=lambda: now[0])
    for _ in range(60):
        quotas.charge("sheets", "GET", "user")
    with pytest.raises(ApiError) as caught:
        quotas.charge("sheets", "GET", "user")
    assert caught.value.code == 429 and caught.value.status == "RESOURCE_EXHAUSTED"
    assert caught.value.headers["Retry-After"] == "60"
    quotas.charge("sheets", "POST", "user")  # writes have their own bucket
    now[0] = 60.0
    quotas.charge("sheets", "GET", "user")  # the window slid


def test_quota_scale_zero_turns_quotas_off_and_scale_multiplies():
    off = Quotas(scale=0)
    for _ in range(1000):
        off.charge("sheets", "GET", "u")
    half = Quotas(scale=0.5, clock=lambda: 0.0)
    for _ in range(30):
        half.charge("sheets", "POST", "u")
    with pytest.raises(ApiError):
        half.charge("sheets", "POST", "u")


def test_faults_count_down_and_let_calls_through_first():
    faults = Faults()
    faults.add({"method": "drive.files.update", "status": 500, "count": 2, "after_calls": 1})
    assert faults.take("drive.files.update") is None
    assert faults.take("sheets.spreadsheets.get") is None
    assert faults.take("drive.files.update").status == 500
    assert faults.take("drive.files.update").status == 500
    assert faults.take("drive.files.update") is None


def test_fault_spec_errors_are_clear():
    with pytest.raises(ValueError, match="unknown fault field"):
        Faults().add({"method": "*", "stauts": 500})
    with pytest.raises(ValueError, match="needs status, drop, latency_ms or hold"):
        Faults().add({"method": "*"})
    with pytest.raises(ValueError, match="unknown fault field"):     # the hold's event is the emulator's own
        Faults().add({"method": "*", "hold": True, "released": None})


@pytest.mark.parametrize(("method", "path", "method_id"), [
    ("GET", "/v4/spreadsheets/abc/values/Sheet1!A1:B2", "sheets.spreadsheets.values.get"),
    ("GET", "/v4/spreadsheets/abc/values:batchGet", "sheets.spreadsheets.values.batchGet"),
    ("POST", "/v4/spreadsheets/abc/values/%27My%20tab%27!A1:append", "sheets.spreadsheets.values.append"),
    ("POST", "/v4/spreadsheets/abc:batchUpdate", "sheets.spreadsheets.batchUpdate"),
    ("DELETE", "/drive/v3/files/trash", "drive.files.emptyTrash"),
    ("DELETE", "/drive/v3/files/x1", "drive.files.delete"),
    ("POST", "/upload/drive/v3/files", "drive.files.create"),
    ("POST", "/gmail/v1/users/me/messages/send", "gmail.users.messages.send"),
])
def test_routes_come_from_the_discovery_documents(method, path, method_id):
    route, _ = discovery.match(method, path)
    assert route.method_id == method_id


def test_drive_ignores_unlisted_query_parameters_and_python_booleans():
    route, _ = discovery.match("GET", "/drive/v3/files/abc")
    query = discovery.coerce_query(route, {"includeItemsFromAllDrives": "True", "supportsAllDrives": "False"})
    assert query["supportsAllDrives"] is False


def test_unknown_body_field_is_named_and_null_means_unset():
    route, _ = discovery.match("POST", "/v4/spreadsheets")
    discovery.validate_body(route, {"properties": {"title": "x", "locale": None}})
    with pytest.raises(ApiError, match='Unknown name "colour" at \'properties\''):
        discovery.validate_body(route, {"properties": {"colour": "red"}})


def test_grid_data_cells_stay_in_their_columns_past_a_rows_values():
    """GridData.rowData[].values is positional: a note right of a row's last value keeps its column."""
    from turfbook_emulator.sheets.grid import grid_data
    from turfbook_emulator.sheets.model import Sheet

    sheet = Sheet(sheet_id=1, title="T", rows=[["a", "b"], ["x"]])
    sheet.notes[(1, 4)] = "n"
    rows = grid_data(sheet, 0, 0, 2, 6)["rowData"]
    assert [c.get("formattedValue") for c in rows[0]["values"]] == ["a", "b"]
    assert [c.get("note") for c in rows[1]["values"]] == [None, None, None, None, "n"]
    assert rows[1]["values"][1:4] == [{}, {}, {}]
