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
    # a25: a formula that does not parse is #ERROR! even when an argument before the fault is an error
    ("=IFERROR(1/0+, 5)", "#ERROR!"),
    ("=IFERROR(1/0 2, 5)", "#ERROR!"),
    ("=IFERROR(#N/A A1 B2, 5)", "#ERROR!"),
    ("=IF(FALSE, 1/0 +, 2)", "#ERROR!"),
    ("=ISNA(#REF!=)", "#ERROR!"),
    ("=IFERROR({1/0, 2), 5)", "#ERROR!"),
    ("=IFERROR((1/0}, 5)", "#ERROR!"),
    # a25: the lookups give an error given as any argument, their range included
    ('=VLOOKUP("x", 1/0, 1, FALSE)', "#DIV/0!"),
    ("=MATCH(1, 1/0, 0)", "#DIV/0!"),
    ("=ROW(1/0)", "#DIV/0!"),
    ("=ROW(#REF!)", "#REF!"),
    ('=IFNA(VLOOKUP("x", \'Nope\'!A:B, 1, FALSE), "none")', "#REF!"),
    ("=ISNA(MATCH(\"x\", 'Nope'!A:A, 0))", False),
    # a25: an array literal's element error is that element's own
    ("=INDEX({1, 1/0}, 1, 1)", 1),
    ("=INDEX({1, 1/0}, 1, 2)", "#DIV/0!"),
    # a25: a function the emulator lacks is #NAME? for the whole formula, never hidden by IFERROR/ISERROR
    ('=IFERROR(TEXT(1, "0.0"), "none")', "#NAME?"),
    ('=ISERROR(NOSUCHFUNCTION(1))', "#NAME?"),
    ("=IFERROR(1/0 + NOPE(1), 5)", "#NAME?"),               # a25b: after an error in the same argument too
    ('=ISERROR(#N/A & TEXT(1, "0"))', "#NAME?"),
    ("=IFERROR(NOPE(1), 5", "#ERROR!"),                     # one that does not parse: #ERROR! first
    ("=1/0 + NOPE(1)", "#NAME?"),                           # a25c: at the formula's top level too
    ('=#N/A & NOPE(1)', "#NAME?"),
    ("=(-8)^(1/3)", "#NUM!"),                               # a25c: no complex number (every read answered 500)
    # a25c: nesting as deep as the emulator followed before errors became values (~105), and deeper
    ("=" + "IF(A1=0, 1, " * 150 + "5" + ")" * 150, 5),
    ("=ARRAYFORMULA(" + "ABS(" * 150 + "-5" + ")" * 150 + ")", 5),
    # a25b: AND and OR read every value first (an error among them is theirs); HYPERLINK's URL too
    ("=AND(FALSE, 1/0)", "#DIV/0!"),
    ("=OR(TRUE, #N/A)", "#N/A"),
    ('=HYPERLINK(1/0, "label")', "#DIV/0!"),
    ('=REGEXMATCH(1/0, "(")', "#DIV/0!"),                   # the text's error before the pattern's
    # a25: IFNA needs its fallback; the IS functions take an error as a value
    ("=IFNA(#N/A)", "#N/A"),
    ("=ISNUMBER(1/0)", False),
    ("=ISTEXT(#N/A)", False),
    ("=ISBLANK(1/0)", False),
    # a25: a pattern that is no regular expression is an error value, not a failed read
    ('=REGEXMATCH("a", "(")', "#REF!"),
    ('=IFERROR(REGEXMATCH("a", "("), 1)', 1),
    # REGEXMATCH reads its pattern as Sheets does, by RE2: its syntax, and linear time (Python's re took 22 s on this
    # one, holding every other call of the emulator)
    ('=REGEXMATCH("' + "a" * 40 + '!", "(a+)+$")', False),
    ('=REGEXMATCH("aB", "\\p{Lu}")', True),
    ('=REGEXMATCH("aa", "(a)\\1")', "#REF!"),
    # nested past what the evaluator follows: an error value, not a failed read (every read answered 500)
    ("=" + "IFERROR(" * 120 + "1/0" + ", 1)" * 120, 1),
    ("=" + "IFERROR(" * 400 + "1/0" + ", 1)" * 400, "#ERROR!"),
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


def test_an_error_of_scalars_inside_arrayformula_is_one_per_element(emulator, config):
    """a25: `1/0 + A1:A3` inside ARRAYFORMULA is three errors (each element's), so IFERROR gives three values."""
    sheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    sid = sheets.create(body={"sheets": [{"properties": {"title": "S"}}]}).execute()["spreadsheetId"]
    sheets.values().update(spreadsheetId=sid, range="S!A1", valueInputOption="USER_ENTERED", body={"values": [
        [1, "=ARRAYFORMULA(IFERROR(1/0 + A1:A3, 5))", "=ARRAYFORMULA(IFERROR(1/0))", "=ARRAYFORMULA(IFERROR(1/0))",
         "=ARRAYFORMULA(IFERROR(#N/A + A1:A3, 6))", "=ARRAYFORMULA(ISNA(VLOOKUP(9, A1:A3, 1, FALSE) + A1:A3))",
         "=ARRAYFORMULA(IFERROR('Nope'!A1 + A1:A3, 7))"],
        [2], [3]]}).execute()
    got = sheets.values().get(spreadsheetId=sid, range="S!B1:G3", valueRenderOption="UNFORMATTED_VALUE",
                              majorDimension="COLUMNS").execute()
    # C and D blank, the second one too (a shared sub-expression: a25); an error literal, a function's error and a
    # sheet not there broadcast as well (a25b)
    assert got["values"] == [[5, 5, 5], [], [], [6, 6, 6], [True, True, True], [7, 7, 7]]


def test_a_lookup_index_is_not_reused_for_keys_that_only_compare_equal(emulator, config):
    """a25: FALSE == 0 in Python; an index built over [FALSE] must not serve a lookup over [0]."""
    sheets = transport.api_client(config, "sheets", "v4").spreadsheets()
    sid = sheets.create(body={"sheets": [{"properties": {"title": "S"}}]}).execute()["spreadsheetId"]
    sheets.values().update(spreadsheetId=sid, range="S!A1", valueInputOption="USER_ENTERED", body={"values": [
        ["", False, "", '=MATCH("a", B1)'], [0, "", "", "=MATCH(0, A2)"]]}).execute()
    got = sheets.values().get(spreadsheetId=sid, range="S!D1:D2", valueRenderOption="UNFORMATTED_VALUE",
                              majorDimension="COLUMNS").execute()
    assert got["values"] == [["#N/A", 1]]
