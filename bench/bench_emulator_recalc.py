"""The emulator's recalculation of lookup array formulas (issue 22): the staff tab's header formula of
docs/write-path.md (sorted VLOOKUP plus an equality check) and an exact-match VLOOKUP, over 25k and 100k
rows. Each figure is one values.update of one service-tab cell and then a values.get of one staff row's
formula cell: the update leaves the book stale, the read recalculates it (every formula that reads the
changed cell evaluates again over every row), as a client sees Google: the change shows on the next read.
Lookups are hash/bisect indexes (emulator/sheets/lookups.py), so
the time should grow about linearly: the 100k / 25k ratio near 4 (a search per row would make it 16).
A second figure: one staff note cell changed, then read (issue 22: a write recalculates only the formulas
that read what it changed; the header formula reads column A and the service tab, not the notes).
A third: one spreadsheets.batchUpdate such as the schema job sends (the header row's format, a validation,
frozen rows, a staff note cell written by updateCells), then read (issue 22, perf22h: requests that say
what they change recalculate only what reads it, as values writes do; before, every batchUpdate
recalculated every formula).
The emulator's cost is a proxy only: Google recalculates in its own way (GOOGLE_NOTES.md).
"""

from __future__ import annotations

from bench.env import timed
from turfbook.workspace import transport

SIZES = (25_000, 100_000)
SERVICE = "_Svc"
FORMULAS = {
    "sorted VLOOKUP + equality check": (
        f"=ARRAYFORMULA(IF(ROW(A:A)=1, \"Status\", IF(A:A=\"\",, IFERROR(IF("
        f"VLOOKUP(A:A, '{SERVICE}'!A:A, 1, TRUE) = A:A, VLOOKUP(A:A, '{SERVICE}'!A:C, 2, TRUE), ), ))))"),
    "exact VLOOKUP (FALSE)": (
        f"=ARRAYFORMULA(IF(ROW(A:A)=1, \"Status\", IF(A:A=\"\",, IFERROR("
        f"VLOOKUP(A:A, '{SERVICE}'!A:C, 2, FALSE), ))))"),
}


def run(report, env) -> None:
    config = env.config()
    sheets = transport.api_client(config, "sheets", "v4")
    for label, formula in FORMULAS.items():
        seconds, staff = {}, {}
        for n in SIZES:
            seconds[n], staff[n] = _one(sheets, n, formula)
        report(f"emulator recalc: {label}, one service cell changed, then read", **{f"s_{n // 1000}k": round(s, 3)
               for n, s in seconds.items()}, ratio_100k_25k=round(seconds[SIZES[-1]] / seconds[SIZES[0]], 1),
               linear_ratio=SIZES[-1] // SIZES[0])
        report(f"emulator recalc: {label}, one staff note cell changed, then read",
               **{f"s_{n // 1000}k": round(s[0], 3) for n, s in staff.items()})
        report(f"emulator recalc: {label}, a batchUpdate of formats and a note cell, then read",
               **{f"s_{n // 1000}k": round(s[1], 3) for n, s in staff.items()})


def _one(sheets, n: int, formula: str) -> float:
    sid = sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": "Staff", "gridProperties": {"rowCount": n + 10, "columnCount": 4}}},
        {"properties": {"title": SERVICE, "gridProperties": {"rowCount": n + 10, "columnCount": 3}}},
    ]}).execute()["spreadsheetId"]
    values = sheets.spreadsheets().values()
    ids = [f"C-{i:06d}" for i in range(n)]
    staff = [[k, f"note {i}"] for i, k in enumerate(reversed(ids))]          # staff rows in any order
    service = [[k, "OVERDUE" if i % 7 == 0 else "open", ""] for i, k in enumerate(ids)]   # sorted by ID
    values.batchUpdate(spreadsheetId=sid, body={"valueInputOption": "RAW", "data": [
        {"range": "Staff!A2", "values": staff}, {"range": f"{SERVICE}!A2", "values": service}]}).execute()
    values.update(spreadsheetId=sid, range="Staff!C1", valueInputOption="USER_ENTERED",
                  body={"values": [[formula]]}).execute()
    best = float("inf")
    for turn in range(2):
        with timed() as t:
            values.update(spreadsheetId=sid, range=f"{SERVICE}!B{2 + turn}", valueInputOption="RAW",
                          body={"values": [[f"changed {turn}"]]}).execute()
            seen = values.get(spreadsheetId=sid, range=f"Staff!C{n + 1 - turn}").execute()["values"]
        assert seen == [[f"changed {turn}"]], seen
        best = min(best, t.seconds)
    # C-000000 is the staff tab's last row: it must show the service tab's new value
    shown = values.get(spreadsheetId=sid, range=f"Staff!A{n + 1}:C{n + 1}").execute().get("values", [])
    assert shown == [["C-000000", f"note {n - 1}", "changed 0"]], shown
    # issue 22: a staff edit the header formula does not read (the note column) recalculates nothing
    staff = float("inf")
    for turn in range(2):
        with timed() as t:
            values.update(spreadsheetId=sid, range=f"Staff!B{n + 1}", valueInputOption="RAW",
                          body={"values": [[f"edited {turn}"]]}).execute()
            seen = values.get(spreadsheetId=sid, range=f"Staff!B{n + 1}:C{n + 1}").execute()["values"]
        assert seen == [[f"edited {turn}", "changed 0"]], seen
        staff = min(staff, t.seconds)
    tab = sheets.spreadsheets().get(spreadsheetId=sid, fields="sheets.properties").execute()["sheets"][0]
    whole = {"sheetId": tab["properties"]["sheetId"]}
    requests = [
        {"repeatCell": {"range": {**whole, "endRowIndex": 1}, "cell": {"userEnteredFormat": {
            "textFormat": {"bold": True}}}, "fields": "userEnteredFormat.textFormat.bold"}},
        {"setDataValidation": {"range": {**whole, "startRowIndex": 1, "startColumnIndex": 1, "endColumnIndex": 2},
                               "rule": {"condition": {"type": "TEXT_NOT_CONTAINS", "values": [
                                   {"userEnteredValue": "@@"}]}}}},
        {"updateSheetProperties": {"properties": {**whole, "gridProperties": {"frozenRowCount": 1}},
                                   "fields": "gridProperties.frozenRowCount"}},
        {"updateCells": {"start": {**whole, "rowIndex": n, "columnIndex": 1}, "fields": "userEnteredValue",
                         "rows": [{"values": [{"userEnteredValue": {"stringValue": "by request"}}]}]}},
    ]
    requested = float("inf")
    for _turn in range(2):
        with timed() as t:
            sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": requests}).execute()
            seen = values.get(spreadsheetId=sid, range=f"Staff!B{n + 1}:C{n + 1}").execute()["values"]
        assert seen == [["by request", "changed 0"]], seen
        requested = min(requested, t.seconds)
    return best, (staff, requested)
