"""The emulator's developer metadata on the spreadsheet itself, as Google has it (what id_memory relies on,
fix23a): created with a metadataId of ours at `location: {spreadsheet: true}` (read back with locationType
SPREADSHEET), listed in spreadsheets.get's top-level `developerMetadata` and nowhere else, found by a lookup of
that location, its value set by updateDeveloperMetadata (the rest kept), kept when sheets come and go, and a
second create with the same metadataId refused (the whole atomic batch with it)."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError

from tests.integration import test_sheets_api as api_tests
from tests.integration.test_sheets_api import values

sheets, book = api_tests.sheets, api_tests.book        # the Sheets client and a new spreadsheet (fixtures)

KEY = "turfbook_ids_given"


def _create(metadata_id: int, value: str) -> dict:
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataId": metadata_id, "metadataKey": KEY, "metadataValue": value, "location": {"spreadsheet": True},
        "visibility": "DOCUMENT"}}}


def test_spreadsheet_metadata_as_google_has_it(sheets, book):
    api = sheets.spreadsheets()
    reply = api.batchUpdate(spreadsheetId=book, body={"requests": [_create(4242, '{"W":2}')]}).execute()
    created = reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]
    assert created == {"metadataId": 4242, "metadataKey": KEY, "metadataValue": '{"W":2}', "visibility": "DOCUMENT",
                       "location": {"locationType": "SPREADSHEET", "spreadsheet": True}}
    meta = api.get(spreadsheetId=book, fields="developerMetadata,sheets(properties(sheetId,title),developerMetadata)"
                   ).execute()
    assert meta["developerMetadata"] == [created]
    assert all("developerMetadata" not in s for s in meta["sheets"])          # the spreadsheet's, not a sheet's
    found = api.developerMetadata().search(spreadsheetId=book, body={"dataFilters": [{"developerMetadataLookup": {
        "metadataKey": KEY, "metadataLocation": {"spreadsheet": True}}}]}).execute()
    assert [m["developerMetadata"] for m in found["matchedDeveloperMetadata"]] == [created]
    api.batchUpdate(spreadsheetId=book, body={"requests": [
        {"updateDeveloperMetadata": {"dataFilters": [{"developerMetadataLookup": {"metadataId": 4242}}],
                                     "developerMetadata": {"metadataValue": '{"W":3}'}, "fields": "metadataValue"}},
        {"addSheet": {"properties": {"sheetId": 77, "title": "Gone soon"}}}]}).execute()
    api.batchUpdate(spreadsheetId=book, body={"requests": [{"deleteSheet": {"sheetId": 77}}]}).execute()
    assert api.get(spreadsheetId=book, fields="developerMetadata").execute()["developerMetadata"] == [
        {**created, "metadataValue": '{"W":3}'}]
    with pytest.raises(HttpError) as caught:         # the same metadataId again: refused, and nothing of the batch
        api.batchUpdate(spreadsheetId=book, body={"requests": [
            {"updateCells": {"start": {"sheetId": 0, "rowIndex": 5, "columnIndex": 0},
                             "rows": [{"values": [{"userEnteredValue": {"stringValue": "W-0004"}}]}],
                             "fields": "userEnteredValue"}},
            _create(4242, '{"W":4}')]}).execute()
    assert caught.value.resp.status == 400
    assert api.get(spreadsheetId=book, fields="developerMetadata").execute()["developerMetadata"][0][
        "metadataValue"] == '{"W":3}'
    assert "values" not in values(sheets).get(spreadsheetId=book, range="A6").execute()
