"""Issue 21, pure parts: aliases, the header/tab matcher, header-row detection, values as teams type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from turfbook.schema import load_schema
from turfbook.schema.adopt_layout import plan_layout
from turfbook.schema.adopt_translate import translate
from turfbook.schema.adopt_values import value_problems
from turfbook.schema.cells import CellError, parse_value
from turfbook.schema.header_match import column_names, match_header, match_name, match_tab, normalise
from turfbook.schema.loader import SchemaError, loads_schema

SCHEMA = load_schema()


def test_every_tab_and_staff_column_has_english_and_spanish_aliases():
    for tab in SCHEMA.tabs:
        assert tab.aliases, tab.name
        for col in tab.columns:
            assert col.aliases, f"{tab.name}.{col.key}"


@pytest.mark.parametrize(("tab", "header", "key", "how"), [
    ("Conversations", "F/U date", "follow_up_due", "alias"),
    ("Conversations", "Fecha de seguimiento", "follow_up_due", "alias"),
    ("Conversations", "Next step", "follow_up_due", "alias"),
    ("Conversations", "follow-up DUE", "follow_up_due", "exact"),
    ("Conversations", "Seg. hecho", "follow_up_done", "normalised"),
    ("Conversations", "Folow-up due", "follow_up_due", "fuzzy"),
    ("People", "Rating (1-5)", "assessment", "alias"),
    ("People", "Evaluación", "assessment", "alias"),
    ("People", "Assessment [1-5]", "assessment", "normalised"),
    ("People", "Favorite color", None, "none"),
])
def test_headers_match_exactly_by_alias_normalised_or_fuzzy_and_say_how(tab, header, key, how):
    found = match_name(header, column_names(SCHEMA.tab(tab)))
    assert (found.key, found.how) == (key, how)
    assert (found.score == 1.0) == (how in ("exact", "alias"))
    assert how != "fuzzy" or 0.8 <= found.score < 0.95


def test_normalise_reads_abbreviations_and_drops_hints():
    assert normalise("F/U date") == "follow up date"
    assert normalise("Rating (1-5)") == "rating"
    assert normalise("Teléfono #") == "telefono number"


def test_a_column_goes_to_one_header_only_the_surest():
    found = match_header(SCHEMA.tab("Conversations"), ["Follow up", "F/U date", "Notes"])
    assert [m.key for m in found] == ["follow_up_due", None, "notes"]


@pytest.mark.parametrize(("title", "tab", "organizer"), [
    ("Contacts", "People", ""), ("Contactos", "People", ""), ("Roster", "People", ""),
    ("Contacts - Maria", "People", "Maria"), ("Contactos de Rosa", "People", "Rosa"),
    ("María's contacts", "People", "María"), ("Convos (Luis)", "Conversations", "Luis"),
    ("Convos", "Conversations", ""), ("Convos 2025", "Conversations", ""), ("Budget", None, ""),
])
def test_tabs_are_recognised_with_the_organizer_their_title_implies(title, tab, organizer):
    found, who = match_tab(title, SCHEMA)
    assert (found.key, who) == (tab, organizer)


def test_tab_aliases_may_not_name_two_tabs():
    text = """
tabs:
  - {name: People, aliases: [Contacts], columns: [{key: name, header: Name}]}
  - {name: Convos, aliases: [contacts], columns: [{key: name, header: Name}]}
"""
    with pytest.raises(SchemaError, match="alias 'contacts' also names tab 'People'"):
        loads_schema(text)


@pytest.mark.parametrize(("value", "expected"), [
    ("Y", True), ("Sí", True), ("si", True), ("x", True), ("✔", True), ("yes", True), ("TRUE", True),
    ("no", False), ("N", False), ("", False), (True, True)])
def test_booleans_as_teams_type_them(value, expected):
    assert parse_value(SCHEMA.tab("People").column("leader"), value) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("1 - leader", 1), ("L", 1), ("líder", 1), ("2", 2), (2.0, 2), ("3 undecided", 3), ("5) opposed", 5),
    ("en contra", 5), ("S", 2)])
def test_assessments_map_to_the_schema_scale(value, expected):
    assert parse_value(SCHEMA.tab("People").column("assessment"), value) == expected


@pytest.mark.parametrize("value", ["maybe", "tal vez", "1 - opposed", "7", "6 - wow"])
def test_values_that_cannot_be_mapped_are_errors(value):
    column = SCHEMA.tab("People").column("leader" if value == "maybe" else "assessment")
    with pytest.raises(CellError):
        parse_value(column, value)


@given(st.integers(min_value=1, max_value=5), st.sampled_from([" - ", ") ", ": ", " "]),
       st.sampled_from(["leader", "supporter", "undecided", "leaning against", "opposed"]))
def test_a_number_with_words_reads_as_the_number_only_when_the_words_agree(number, separator, words):
    column = SCHEMA.tab("People").column("assessment")
    agrees = ["leader", "supporter", "undecided", "leaning against", "opposed"].index(words) + 1 == number
    try:
        assert parse_value(column, f"{number}{separator}{words}") == number and agrees
    except CellError:
        assert not agrees


ROSA = [["Contactos de Rosa"], [], ["Nombre", "Teléfono", "Evaluación", "Líder", "Cumpleaños"],
        ["Ana", "860-555-0101", "1 - leader", "Sí", "3/4"], [], ["Bea", "860-555-0102", "tal vez", "✔"]]
LUIS = [["Nombre", "Teléfono", "Evaluación", "Líder", "Cumpleaños"], ["Eva", "203-555-0201", "L", "no"]]


def test_the_header_under_a_title_and_a_blank_row_is_found_and_organizer_tabs_are_one_tab():
    layout = plan_layout(SCHEMA, {"Contactos - Rosa": ROSA, "Contactos - Luis": LUIS, "Budget": [["Item", "Cost"]]})
    rosa, luis = layout.sheets
    assert (rosa.tab, rosa.header_row, rosa.organizer, rosa.rows) == ("People", 3, "Rosa", 2)
    assert (luis.header_row, luis.organizer) == (1, "Luis")
    assert rosa.mapping == {"name": 0, "phone": 1, "assessment": 2, "leader": 3}
    assert rosa.staff_extra == [4] and layout.ignored == ["Budget"]
    # the ID and the four columns a service tab's formula shows (Created: nothing writes it in an adopted workbook)
    assert [letter for _, letter in rosa.to_add(SCHEMA.tab("People"))] == ["F", "G", "H", "I", "J"]
    laid = translate(SCHEMA, layout, {"Contactos - Rosa": ROSA, "Contactos - Luis": LUIS})
    assert laid.values["People"][0] == ["Name", "Phone", "Organizer", "Assessment", "Leader"]
    assert [r[0] for r in laid.values["People"][1:]] == ["Ana", "Bea", "Eva"]
    assert [r[2] for r in laid.values["People"][1:]] == ["Rosa", "Rosa", "Luis"]
    assert laid.origins["People"] == [("Contactos - Rosa", 4), ("Contactos - Rosa", 6), ("Contactos - Luis", 2)]
    problems = value_problems(SCHEMA, layout, {"Contactos - Rosa": ROSA, "Contactos - Luis": LUIS})
    assert [(p.tab, p.row_number, p.column) for p in problems] == [("Contactos - Rosa", 6, "Evaluación")]
    assert "'tal vez'" in problems[0].message


def test_a_sheet_with_another_title_is_recognised_by_its_header():
    layout = plan_layout(SCHEMA, {"Sheet1": [["Fecha", "Nombre", "F/U date", "Notas"], [46300, "Ana", 46310, ""]]})
    [sheet] = layout.sheets
    assert (sheet.tab, sheet.how.how) == ("Conversations", "header")
