"""Error values' messages as Google gives them after a recalculation (a22e): a formula's #N/A kept the
placeholder message ('pending') a new formula holds until it is computed, and a blank VLOOKUP key was shown as
'None'."""

from __future__ import annotations

from turfbook.workspace import transport


def test_a_computed_error_has_its_own_message_never_the_placeholder(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    sid = sheets.create(body={"sheets": [{"properties": {"title": "S"}}]}).execute()["spreadsheetId"]
    sheets.values().update(spreadsheetId=sid, range="S!A1", valueInputOption="USER_ENTERED", body={"values": [
        ["a", "one", "", '=VLOOKUP("zz",A1:B2,2,FALSE)'],
        ["b", "two", "", "=ARRAYFORMULA(VLOOKUP(A3:A3,A1:B2,2,FALSE))"],
        ["", "", "", "=VLOOKUP(A3,A1:B2,2,FALSE)"], ["", "", "", "=D1"]]}).execute()
    grid = sheets.get(spreadsheetId=sid, ranges=["S!D1:D4"], includeGridData=True).execute()
    cells = [row["values"][0]["effectiveValue"]["errorValue"] for row in grid["sheets"][0]["data"][0]["rowData"]]
    assert cells == [{"type": "N_A", "message": "Did not find value 'zz' in VLOOKUP evaluation."},
                     {"type": "N_A", "message": "Did not find value '' in VLOOKUP evaluation."},
                     {"type": "N_A", "message": "Did not find value '' in VLOOKUP evaluation."},
                     {"type": "N_A", "message": "Did not find value 'zz' in VLOOKUP evaluation."}]
