"""Bodies Google refuses are a 400 and store nothing, never a 500 (a22d a05, a06): a null row, a cell that is
an object or a list, NaN / Infinity / a number beyond a double, a lone surrogate."""

from __future__ import annotations

import pytest

from turfbook.workspace import transport


@pytest.fixture
def wire(emulator, config):
    """(book id, send): send(method, path, body bytes) -> (status, JSON answer), exact bytes on the wire."""
    session = emulator.session(transport.credentials(config))
    sheets = transport.api_client(config, "sheets", "v4")
    book = sheets.spreadsheets().create(body={"properties": {"title": "R"}}).execute()["spreadsheetId"]
    base = f"{emulator.base_url.rstrip('/')}/v4/spreadsheets/{book}"

    def send(method: str, path: str, body: bytes | None = None, **params):
        answer = session.request(method, base + path, data=body, params=params,
                                 headers={"Content-Type": "application/json"})
        return answer.status_code, answer.json()

    assert send("PUT", "/values/Sheet1!A1", b'{"values": [["keep", "me"]]}', valueInputOption="RAW")[0] == 200
    return book, send


def _kept(send) -> None:
    status, got = send("GET", "/values/Sheet1!A1:Z9", valueRenderOption="UNFORMATTED_VALUE")
    assert (status, got["values"]) == (200, [["keep", "me"]])


@pytest.mark.parametrize("body, option", [
    (b'{"values": [null, ["a"]]}', "RAW"),
    (b'{"values": [["b"], null]}', "USER_ENTERED"),
    (b'{"values": [null, ["c"]], "majorDimension": "COLUMNS"}', "RAW"),
])
def test_a_null_row_is_a_400_naming_it(wire, body, option):
    _, send = wire
    status, got = send("PUT", "/values/Sheet1!A1", body, valueInputOption=option)
    assert status == 400 and got["error"]["status"] == "INVALID_ARGUMENT"
    assert "ListValue" in got["error"]["message"] and "values[" in got["error"]["message"]
    _kept(send)


def test_a_null_row_in_values_batch_update_is_a_400(wire):
    _, send = wire
    status, got = send("POST", "/values:batchUpdate", b'{"data": [{"range": "Sheet1!A1", "values": [["x"]]}, '
                       b'{"range": "Sheet1!A5", "values": [null, ["z"]]}], "valueInputOption": "RAW"}')
    assert status == 400 and "data[1].values[0]" in got["error"]["message"]
    _kept(send)


@pytest.mark.parametrize("body, option, said", [
    (b'{"values": [[NaN, 1]]}', "RAW", "Invalid JSON payload received"),
    (b'{"values": [[1, Infinity]]}', "USER_ENTERED", "Invalid JSON payload received"),
    (b'{"values": [[-Infinity]]}', "RAW", "Invalid JSON payload received"),
    (b'{"values": [[1e400]]}', "RAW", "Invalid JSON payload received"),
    (b'{"values": [["\\ud800", "ok"]]}', "RAW", "Invalid JSON payload received"),
    (b'{"values": [[{"a": 1}, "x"]]}', "RAW", "Invalid values[0][0]: struct_value"),
    (b'{"values": [["x", "y"], [4, [1, 2]]]}', "USER_ENTERED", "Invalid values[1][1]: list_value"),
    (b'{"values": [["x"], [[3]]], "majorDimension": "COLUMNS"}', "RAW", "list_value"),
])
def test_a_cell_google_refuses_is_a_400_and_nothing_is_stored(wire, body, option, said):
    _, send = wire
    status, got = send("PUT", "/values/Sheet1!A1", body, valueInputOption=option)
    assert status == 400 and got["error"]["status"] == "INVALID_ARGUMENT" and said in got["error"]["message"]
    _kept(send)


def test_a_refused_cell_in_a_later_range_of_values_batch_update_stores_nothing(wire):
    _, send = wire
    status, _ = send("POST", "/values:batchUpdate", b'{"data": [{"range": "Sheet1!A1", "values": [["x"]]}, '
                     b'{"range": "Sheet1!A5", "values": [[{"b": 2}]]}], "valueInputOption": "RAW"}')
    assert status == 400
    _kept(send)


def test_an_int_beyond_64_bits_is_still_json(wire):
    _, send = wire
    status, _ = send("PUT", "/values/Sheet1!A3", b'{"values": [[123456789012345678901234567890]]}',
                     valueInputOption="RAW")
    assert status == 200
