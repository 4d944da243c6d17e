"""An error inside a function's argument is that argument's value, as in Sheets (left from a22e): IFERROR(1/0, 5)
is 5, not #DIV/0!; ISNA(VLOOKUP(...)) sees the #N/A; IF evaluates to its chosen branch whatever the other holds;
IFERROR without a fallback gives a blank (Google's IFERROR help: "or a blank if the second argument is absent").
A function that uses an error value still gives it, and a formula that does not parse stays #ERROR!."""

from __future__ import annotations

from turfbook.workspace import transport

CASES = [
    ("=IFERROR(1/0, 5)", 5),
    ("=IFERROR(1/0)", ""),
    ("=IFERROR(1/0)+1", 1),
    ('=IFERROR(1/0)&"z"', "z"),
    ("=IFERROR((1/0)*2, 7)", 7),
    ("=IFERROR(SUM(1/0, 2), 8)", 8),
    ("=IFERROR(#N/A, 9)", 9),
    ('=IFERROR(VLOOKUP("zz", A1:A3, 1, FALSE), "none")', "none"),
    ("=IFERROR(A1, 4)", 1),
    ("=IF(TRUE, 1, 1/0)", 1),
    ("=IF(FALSE, 1/0, 2)", 2),
    ('=IF(ISNA(VLOOKUP("zz", A1:A3, 1, FALSE)), "-", "found")', "-"),
    ('=IF(ISNA(VLOOKUP("a", A1:A3, 1, FALSE)), "-", "found")', "found"),
    ("=ISERROR(1/0)", True),
    ("=ISERROR(A1)", False),
    ("=ISERR(1/0)", True),
    ("=ISERR(#N/A)", False),
    ('=IFNA(VLOOKUP("zz", A1:A3, 1, FALSE), "none")', "none"),
    ("=IFNA(1/0, 3)", "#DIV/0!"),
    ("=SUM(1/0, 2)", "#DIV/0!"),
    ("=SUM(2, 1/0)", "#DIV/0!"),
    ("=IF(1/0, 1, 2)", "#DIV/0!"),
    ("=IFERROR(1+, 5)", "#ERROR!"),
    ("=IFERROR(1/0, 5", "#ERROR!"),
]


def test_an_error_in_an_argument_is_its_value(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    sid = sheets.create(body={"sheets": [{"properties": {"title": "S"}}]}).execute()["spreadsheetId"]
    rows = [[1 if i == 0 else 0 if i == 1 else "a" if i == 2 else "", f] for i, (f, _) in enumerate(CASES)]
    sheets.values().update(spreadsheetId=sid, range="S!A1", valueInputOption="USER_ENTERED",
                           body={"values": rows}).execute()
    got = sheets.values().get(spreadsheetId=sid, range=f"S!B1:B{len(CASES)}", valueRenderOption="UNFORMATTED_VALUE",
                              majorDimension="COLUMNS").execute()["values"][0]
    got += [""] * (len(CASES) - len(got))
    assert [(f, v) for (f, _), v in zip(CASES, got, strict=True)] == CASES


def test_each_element_of_an_array_is_tested_on_its_own(emulator, config):
    sheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    sid = sheets.create(body={"sheets": [{"properties": {"title": "S"}}]}).execute()["spreadsheetId"]
    sheets.values().update(spreadsheetId=sid, range="S!A1", valueInputOption="USER_ENTERED", body={"values": [
        [1, "=ARRAYFORMULA(ISERROR(1/A1:A3))", "=ARRAYFORMULA(IFNA(VLOOKUP(A1:A3, A1:A3, 1, FALSE), \"-\"))",
         "=ARRAYFORMULA(IFERROR(1/A1:A3))"], [0], ["a"]]}).execute()
    got = sheets.values().get(spreadsheetId=sid, range="S!B1:D3", valueRenderOption="UNFORMATTED_VALUE").execute()
    assert got["values"] == [[False, 1, 1], [True, 0], [True, "a"]]     # a blank at the end of a row: left out
