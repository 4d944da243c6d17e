"""A1 notation as the emulator parses and echoes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from turfbook_emulator.sheets import a1, new_book, values
from turfbook_emulator.sheets.model import Sheet


@pytest.mark.parametrize("text, span", [
    ("A1", (0, 0, 1, 1)),
    ("B2:D5", (1, 1, 5, 4)),
    ("D4:A1", (0, 0, 4, 4)),
    ("A4:D1", (0, 0, 4, 4)),
    ("A:C", (0, 0, None, 3)),
    ("C:A", (0, 0, None, 3)),
    ("A2:C", (1, 0, None, 3)),
    ("2:2", (1, 0, 2, None)),
    ("3:1", (0, 0, 3, None)),
    ("$A$1:$B$2", (0, 0, 2, 2)),
    ("AA10", (9, 26, 10, 27)),
])
def test_cells(text, span):
    assert tuple(a1.parse_cells(text)) == span


@pytest.mark.parametrize("text", ["A", "7", "A:5", "A1:", "foo", "A0", "A1:B2:C3", ""])
def test_bad_cells(text):
    with pytest.raises(a1.A1Error):
        a1.parse_cells(text)


@pytest.mark.parametrize("text, expected", [
    ("'My tab'!A1:B2", ("My tab", "A1:B2")),
    ("'It''s here'!A1", ("It's here", "A1")),
    ("Sheet1!A:B", ("Sheet1", "A:B")),
    ("'Structure tests'", ("Structure tests", None)),
    ("🙂 tab!A1", ("🙂 tab", "A1")),
    ("Sheet1", (None, "Sheet1")),
])
def test_split_sheet(text, expected):
    assert a1.split_sheet(text) == expected


@pytest.mark.parametrize("title, quoted", [
    ("Sheet1", "Sheet1"), ("My tab", "'My tab'"), ("It's", "'It''s'"), ("A1", "'A1'"), ("2024", "'2024'"),
    ("People", "People"), ("🙂", "'🙂'"),
])
def test_quote_title(title, quoted):
    assert a1.quote_title(title) == quoted


def test_format_range_single_cell_and_block():
    assert a1.format_range("My tab", 0, 0, 5, 4) == "'My tab'!A1:D5"
    assert a1.format_range("Sheet1", 2, 1, 3, 2) == "Sheet1!B3"


@given(st.integers(min_value=0, max_value=18277))
def test_column_letters_round_trip(index):
    assert a1.column_index(a1.column_letters(index)) == index


@given(st.text(min_size=1, max_size=20).filter(lambda t: t.strip() == t and "!" not in t))
def test_quoted_titles_round_trip(title):
    name, cells = a1.split_sheet(a1.quote_title(title) + "!A1")
    assert (name, cells) == (title, "A1")


@pytest.fixture
def book():
    book = new_book("t")
    book.sheets.append(Sheet(sheet_id=7, title="My tab", index=1, row_count=50, col_count=5))
    return book


def test_resolve_against_a_book(book):
    sheet, span = values.resolve(book, "'my TAB'!B2:C")
    assert sheet.title == "My tab" and tuple(span) == (1, 1, None, 3)
    assert values.echo(sheet, span) == "'My tab'!B2:C50"
    first, span = values.resolve(book, "A1:B2")
    assert first.title == "Sheet1"
    whole, span = values.resolve(book, "My tab")
    assert values.echo(whole, span) == "'My tab'!A1:E50"


@pytest.mark.parametrize("text", ["Nope!A1", "'Unclosed!A1", "Sheet1!A1:B2:C", "Nope"])
def test_resolve_errors_like_google(book, text):
    with pytest.raises(Exception) as caught:
        values.resolve(book, text)
    assert str(caught.value) == f"Unable to parse range: {text}"


@pytest.mark.parametrize("text, span", [
    ("R2C3", (1, 2, 2, 3)),
    ("R[1]C[1]", (1, 1, 2, 2)),
    ("R1C1:R[2]C[2]", (0, 0, 3, 3)),
    ("R1C1:R2", (0, 0, 2, None)),
    ("R1C1:C2", (0, 0, None, 2)),
    ("RC", (0, 0, 1, 1)),
    ("R[1]", (1, 0, 2, None)),
    ("R01C01", (0, 0, 1, 1)),
    ("R1", (0, 17, 1, 18)),  # A1 first: column R
    ("C2", (1, 2, 2, 3)),
])
def test_r1c1_like_google(text, span):
    assert tuple(a1.parse_cells(text)) == span


@pytest.mark.parametrize("text", ["R[-1]C1", "R0C1", "A1:R2C2", "R1C1:B2", "R+1C1"])
def test_bad_r1c1(text):
    with pytest.raises(a1.A1Error):
        a1.parse_cells(text)
