"""Issue 18 item 3: the last batchUpdate kinds (tables, autoFill, comment threads, data sources)
through the real googleapiclient, schema check on."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError

from turfbook.workspace import transport


@pytest.fixture
def sheets(config):
    return transport.api_client(config, "sheets", "v4")


@pytest.fixture
def book(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Kinds"}}).execute()["spreadsheetId"]


def _grid(r0, r1, c0, c1, sheet_id=0):
    return {"sheetId": sheet_id, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def _batch(sheets, book, *requests):
    return sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": list(requests)}).execute()


def _refused(sheets, book, request) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught:
        _batch(sheets, book, request)
    return caught.value.resp.status, caught.value.error_details or caught.value.reason


def _values(sheets, book, cells, render="UNFORMATTED_VALUE"):
    got = sheets.spreadsheets().values().get(spreadsheetId=book, range=cells, valueRenderOption=render).execute()
    return got.get("values", [])


DROPDOWN = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "Open"},
                                                            {"userEnteredValue": "Done"}]}}


def test_tables_add_update_delete_and_show_in_get(sheets, book):
    table = {"name": "Contacts", "range": _grid(0, 10, 0, 3), "columnProperties": [
        {"columnIndex": 0, "columnName": "Person", "columnType": "TEXT"},
        {"columnIndex": 2, "columnName": "Status", "columnType": "DROPDOWN", "dataValidationRule": DROPDOWN}]}
    added = _batch(sheets, book, {"addTable": {"table": table}})["replies"][0]["addTable"]["table"]
    table_id = added["tableId"]
    assert isinstance(table_id, str) and added["name"] == "Contacts"
    assert added["range"] == {"startRowIndex": 0, "endRowIndex": 10, "startColumnIndex": 0, "endColumnIndex": 3}
    assert [(c["columnIndex"], c["columnName"], c.get("columnType")) for c in added["columnProperties"]] == [
        (0, "Person", "TEXT"), (1, "Column 2", None), (2, "Status", "DROPDOWN")]
    _batch(sheets, book, {"updateTable": {"table": {"tableId": table_id, "name": "People",
                                                    "range": _grid(0, 20, 0, 2)}, "fields": "name,range"}})
    shown = sheets.spreadsheets().get(spreadsheetId=book, fields="sheets.tables").execute()["sheets"][0]["tables"]
    assert [(t["tableId"], t["name"], t["range"]["endRowIndex"], len(t["columnProperties"])) for t in shown] == [
        (table_id, "People", 20, 2)]
    assert _refused(sheets, book, {"addTable": {"table": {"name": "people", "range": _grid(30, 32, 0, 2)}}})[0] == 400
    status, detail = _refused(sheets, book, {"addTable": {"table": {"range": _grid(5, 25, 1, 4)}}})
    assert status == 400 and "requests[0].addTable" in str(detail) and "overlaps" in str(detail)
    bad_dropdown = {"addTable": {"table": {"range": _grid(30, 32, 0, 1),
                                           "columnProperties": [{"columnIndex": 0, "columnType": "DROPDOWN"}]}}}
    assert "ONE_OF_LIST" in str(_refused(sheets, book, bad_dropdown)[1])
    typed_rule = {"addTable": {"table": {"range": _grid(30, 32, 0, 1), "columnProperties": [
        {"columnIndex": 0, "columnType": "TEXT", "dataValidationRule": DROPDOWN}]}}}
    assert _refused(sheets, book, typed_rule)[0] == 400
    _batch(sheets, book, {"deleteTable": {"tableId": table_id}})
    assert "tables" not in sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"][0]
    assert "No table with id" in str(_refused(sheets, book, {"deleteTable": {"tableId": table_id}})[1])


def test_autofill_series_over_a_range_and_from_a_source(sheets, book):
    sheets.spreadsheets().values().update(
        spreadsheetId=book, range="A1", valueInputOption="USER_ENTERED",
        body={"values": [[1, "Item 1", "x", "2026-11-21", "=A1*2", 5],
                         [3, "Item 3", "y", "", "", ""]]}).execute()
    _batch(sheets, book, {"autoFill": {"range": _grid(0, 5, 0, 3)}})
    assert _values(sheets, book, "A1:C5") == [[1, "Item 1", "x"], [3, "Item 3", "y"], [5, "Item 5", "x"],
                                              [7, "Item 7", "y"], [9, "Item 9", "x"]]
    _batch(sheets, book, {"autoFill": {"sourceAndDestination": {"source": _grid(0, 1, 3, 6), "dimension": "ROWS",
                                                                "fillLength": 2}}})
    assert _values(sheets, book, "D2:F3", "FORMATTED_VALUE") == [["2026-11-22", "6", "5"],
                                                                ["2026-11-23", "10", "5"]]  # date counts, =A2*2
    _batch(sheets, book, {"autoFill": {"useAlternateSeries": True, "sourceAndDestination": {
        "source": _grid(0, 1, 5, 6), "dimension": "COLUMNS", "fillLength": 2}}})
    assert _values(sheets, book, "F1:H1") == [[5, 6, 7]]  # the alternate series counts a single number on
    _batch(sheets, book, {"autoFill": {"sourceAndDestination": {"source": _grid(3, 5, 0, 1), "dimension": "ROWS",
                                                                "fillLength": -3}}})
    assert _values(sheets, book, "A1:A3") == [[1], [3], [5]]  # backwards along the trend 7, 9
    assert _refused(sheets, book, {"autoFill": {}})[0] == 400
    past = {"autoFill": {"sourceAndDestination": {"source": _grid(0, 1, 0, 1), "dimension": "ROWS",
                                                  "fillLength": 5000}}}
    assert "exceeds grid limits" in str(_refused(sheets, book, past)[1])


def test_comment_threads_insert_reply_resolve_edit_and_delete(sheets, book):
    sheets.spreadsheets().values().update(spreadsheetId=book, range="B2", valueInputOption="RAW",
                                          body={"values": [["Ana"]]}).execute()
    thread = _batch(sheets, book, {"insertComment": {
        "coordinate": {"sheetId": 0, "rowIndex": 1, "columnIndex": 1}, "content": "Call back?",
        "assigneeEmailAddress": "ana@example.org"}})["replies"][0]["insertComment"]["commentThread"]
    assert thread["status"] == "OPEN" and thread["plainTextQuote"] == "Ana"
    assert thread["headPost"]["content"] == "Call back?" and thread["headPost"]["author"]["me"] is True
    assert thread["headPost"]["assigneeEmail"] == "ana@example.org"
    anchors = sheets.spreadsheets().get(spreadsheetId=book, fields="sheets.commentAnchors").execute()
    cell = {"startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 1, "endColumnIndex": 2}  # sheetId 0 left out
    assert anchors["sheets"][0]["commentAnchors"] == [{"anchorId": thread["anchorId"], "range": cell}]
    comment = thread["commentId"]
    post = _batch(sheets, book, {"addCommentReply": {"commentId": comment, "post": {
        "content": "Done", "commentAction": "RESOLVE"}}})["replies"][0]["addCommentReply"]["post"]
    assert post["commentAction"] == "RESOLVE" and post["postId"]
    _batch(sheets, book, {"updateCommentPost": {"commentId": comment, "postId": post["postId"], "content": "Done!"}},
           {"deleteCommentReply": {"commentId": comment, "postId": post["postId"]}})
    assert _refused(sheets, book, {"addCommentReply": {"commentId": comment, "post": {}}})[0] == 400  # no content
    assigning_resolve = {"addCommentReply": {"commentId": comment, "post": {
        "commentAction": "REOPEN", "assigneeEmail": "bo@example.org"}}}
    assert _refused(sheets, book, assigning_resolve)[0] == 400
    _batch(sheets, book, {"deleteComment": {"commentId": comment}})
    assert "commentAnchors" not in sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"][0]
    assert "No comment with id" in str(_refused(sheets, book, {"deleteComment": {"commentId": comment}})[1])


def test_data_sources_answer_as_for_a_caller_without_bigquery_and_a_book_without_sources(sheets, book):
    spec = {"bigQuery": {"projectId": "p", "tableSpec": {"datasetId": "d", "tableId": "t"}}}
    status, _ = _refused(sheets, book, {"addDataSource": {"dataSource": {"spec": spec}}})
    assert status == 403
    for request in ({"updateDataSource": {"dataSource": {"dataSourceId": "ds1", "spec": spec}, "fields": "spec"}},
                    {"deleteDataSource": {"dataSourceId": "ds1"}},
                    {"refreshDataSource": {"dataSourceId": "ds1"}},
                    {"refreshDataSource": {"isAll": True}},
                    {"cancelDataSourceRefresh": {"isAll": True}}):
        status, detail = _refused(sheets, book, request)
        assert status == 400 and f"requests[0].{next(iter(request))}" in str(detail), request


def test_a_chart_on_a_new_sheet_of_its_own(sheets, book):
    spec = {"title": "Contacts", "basicChart": {"chartType": "COLUMN", "domains": [], "series": []}}
    chart = _batch(sheets, book, {"addChart": {"chart": {"spec": spec, "position": {"newSheet": True}}}})
    chart = chart["replies"][0]["addChart"]["chart"]
    got = sheets.spreadsheets().get(spreadsheetId=book, includeGridData=True).execute()["sheets"]
    own = got[1]["properties"]
    assert own == {"sheetId": chart["position"]["sheetId"], "title": "Chart1", "index": 1, "sheetType": "OBJECT"}
    assert [c["chartId"] for c in got[1]["charts"]] == [chart["chartId"]] and "data" not in got[1]
    moved = _batch(sheets, book, {"updateEmbeddedObjectPosition": {"objectId": chart["chartId"],
                                                                   "newPosition": {"newSheet": True},
                                                                   "fields": "*"}})
    new_id = moved["replies"][0]["updateEmbeddedObjectPosition"]["position"]["sheetId"]
    titles = [(s["properties"]["sheetId"], s["properties"]["title"])
              for s in sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"]]
    assert titles == [(0, "Sheet1"), (new_id, "Chart2")]  # the emptied Chart1 went with its chart
    _batch(sheets, book, {"deleteEmbeddedObject": {"objectId": chart["chartId"]}})
    assert len(sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"]) == 1


def test_only_a_posts_author_may_change_or_delete_it(emulator, config):
    from google.oauth2 import service_account

    def creds(subject):
        return service_account.Credentials.from_service_account_file(
            str(emulator.credentials), scopes=["https://www.googleapis.com/auth/spreadsheets",
                                               "https://www.googleapis.com/auth/drive"]).with_subject(subject)

    ana, ben = (transport.api_client(config, "sheets", "v4", creds(who)) for who in ("ana@example.org",
                                                                                     "ben@example.org"))
    book = ana.spreadsheets().create(body={"properties": {"title": "Shared"}}).execute()["spreadsheetId"]
    transport.api_client(config, "drive", "v3", creds("ana@example.org")).permissions().create(
        fileId=book, body={"role": "writer", "type": "user", "emailAddress": "ben@example.org"}).execute()
    thread = _batch(ana, book, {"insertComment": {"coordinate": {"sheetId": 0}, "content": "Mine"}})
    comment = thread["replies"][0]["insertComment"]["commentThread"]
    reply = _batch(ben, book, {"addCommentReply": {"commentId": comment["commentId"], "post": {"content": "Ok"}}})
    post = reply["replies"][0]["addCommentReply"]["post"]
    assert post["author"] == {"displayName": "ben", "me": True}
    edit = {"updateCommentPost": {"commentId": comment["commentId"], "postId": comment["headPost"]["postId"],
                                  "content": "Ben's now"}}
    assert _refused(ben, book, edit)[0] == 403
    assert _refused(ben, book, {"deleteComment": {"commentId": comment["commentId"]}})[0] == 403
    assert _refused(ana, book, {"deleteCommentReply": {"commentId": comment["commentId"],
                                                        "postId": post["postId"]}})[0] == 403
    _batch(ana, book, {"deleteComment": {"commentId": comment["commentId"]}})


def test_duplicating_a_sheet_copies_its_tables_under_new_ids_and_not_its_comments(sheets, book):
    table = _batch(sheets, book, {"addTable": {"table": {"name": "People", "range": _grid(0, 3, 0, 2)}}},
                   {"insertComment": {"coordinate": {"sheetId": 0}, "content": "Hi"}})["replies"][0]["addTable"]
    copy_id = _batch(sheets, book, {"duplicateSheet": {"sourceSheetId": 0}})["replies"][0]["duplicateSheet"]
    copy_id = copy_id["properties"]["sheetId"]
    twin = sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"][1]
    assert [(t["name"], t["range"]["sheetId"]) for t in twin["tables"]] == [("People_1", copy_id)]
    assert twin["tables"][0]["tableId"] != table["table"]["tableId"] and "commentAnchors" not in twin


def test_a_duplicated_sheet_has_its_own_cells_a_write_to_either_leaves_the_other_alone(sheets, book):
    """As Sheets: the copy is a snapshot. The emulator's copy once shared its row lists with the source, so a
    values write to the source showed in the copy too (outside tester a21h, finding 6)."""
    values = sheets.spreadsheets().values()
    values.update(spreadsheetId=book, range="Sheet1!A1:B2", valueInputOption="RAW",
                  body={"values": [["h1", "h2"], ["x", "y"]]}).execute()
    _batch(sheets, book, {"duplicateSheet": {"sourceSheetId": 0, "newSheetId": 55, "newSheetName": "B"}})
    for cells, text in (("Sheet1!A2", "changed"), ("B!B2", "mine")):
        values.update(spreadsheetId=book, range=cells, valueInputOption="RAW", body={"values": [[text]]}).execute()
    assert values.get(spreadsheetId=book, range="B!A1:B2").execute()["values"] == [["h1", "h2"], ["x", "mine"]]
    assert values.get(spreadsheetId=book, range="Sheet1!A1:B2").execute()["values"] == [["h1", "h2"], ["changed", "y"]]
