"""Issue 21, attack a21c: which tab titles name an organizer (header_match.title_organizer) and where Turfbook's
own tabs go when a team already has a tab of that name (adopt_tabs.plan_own_tabs). Pure."""

from __future__ import annotations

import pytest

from turfbook.schema.adopt_layout import plan_layout
from turfbook.schema.adopt_tabs import plan_own_tabs
from turfbook.schema.header_match import TITLE_SURE, title_organizer
from turfbook.schema.loader import load_schema

SCHEMA = load_schema()


@pytest.mark.parametrize(("title", "tab", "organizer", "sure"), [
    ("Contacts - Maria", "People", "Maria", True), ("Convos: Ana Rivera", "Conversations", "Ana Rivera", True),
    ("Convos – Mia", "Conversations", "Mia", True), ("María's contacts", "People", "María", True),
    ("Contactos de Rosa", "People", "Rosa", False), ("Convos (Luis)", "Conversations", "Luis", False),
    ("Old contacts", "People", "", False), ("Convos (archive)", "Conversations", "", False),
    ("Calls to make", "Conversations", "", False), ("Lista de espera", "People", "", False),
    ("Contacts - 2025", "People", "", False), ("Convos 2025", "Conversations", "", False),
])
def test_only_a_title_of_a_known_form_with_a_name_in_it_names_an_organizer(title, tab, organizer, sure):
    found, who, how_sure = title_organizer(title, SCHEMA)
    assert (found.key, who) == (tab, organizer)
    assert (how_sure >= TITLE_SURE) == sure


def test_a_teams_own_problems_and_wall_chart_keep_their_titles_turfbook_takes_another():
    theirs = {"Problems": [["Problem", "Worksite", "Since"], ["No heat", "Little Stars", "10/1/2026"]],
              "Wall chart": [["Worksite", "Ana"], ["Little Stars", "✔"]]}
    own = plan_own_tabs(SCHEMA, theirs)
    assert own.titles == {"Problems": "Turfbook problems", "Wall chart": "Turfbook wall chart"}
    assert own.theirs == ["Problems", "Wall chart"]
    ours = {**theirs, "Turfbook problems": [["Job", "Tab", "Row ID", "Column", "Problem", "Kind"]],
            "Turfbook wall chart": [["Wall chart"], ["Written by Turfbook on 2026-11-20; do not edit"]]}
    assert plan_own_tabs(SCHEMA, ours, own.titles).titles == own.titles          # the same on every run
    # a distinct title already there that the stored mapping does not give Turfbook is the team's (a21d 1)
    assert plan_own_tabs(SCHEMA, ours).titles == {"Problems": "Turfbook problems 2",
                                                  "Wall chart": "Turfbook wall chart 2"}
    assert plan_own_tabs(SCHEMA, {"Problems": [["Job", "Tab", "Row ID", "Column", "Problem", "Kind"]]}).titles == \
        {"Problems": "Problems", "Wall chart": "Wall chart"}
    assert plan_own_tabs(SCHEMA, {"Problems": []}).titles["Problems"] == "Turfbook problems"   # empty: theirs


def test_a_tab_known_only_by_its_header_needs_the_columns_that_tab_needs():
    layout = plan_layout(SCHEMA, {
        "Tasks": [["Task", "Owner", "Due", "Status", "Notes"], ["Print flyers", "Rosa", "11/5/2026", "open", ""]],
        "Budget": [["Item", "Cost", "Notes", "Status"], ["Pizza", "40", "meeting", "paid"]],
        "Visits 2026": [["Fecha", "Nombre", "Fecha de seguimiento"], ["11/3/2026", "Bea", "11/11/2026"]]})
    assert [(s.title, s.tab) for s in layout.sheets] == [("Visits 2026", "Conversations")]
    assert [t for t, _, _ in layout.unsure] == ["Tasks", "Budget"]
    assert layout.ignored == ["Tasks", "Budget"]


def test_a_first_name_in_a_title_is_the_organizer_of_that_unique_first_name():
    staff = [["Name", "Email"], ["Ana Rivera", "a@x.org"], ["Ben Cole", "b@x.org"], ["Ben Diaz", "c@x.org"]]
    convos = [["Date", "Name"], ["11/2/2026", "Maria"]]
    layout = plan_layout(SCHEMA, {"Staff": staff, "Convos - Ana": convos, "Convos - Ben": convos,
                                  "Convos - Mia": convos})
    by = {s.title: (s.organizer, s.organizer_note) for s in layout.sheets if s.tab == "Conversations"}
    assert by == {"Convos - Ana": ("Ana Rivera", "first_name"), "Convos - Ben": ("", "ambiguous:Ben Cole, Ben Diaz"),
                  "Convos - Mia": ("", "not_listed")}


STAFF = ["Rosa Díaz", "Luis Mora", "Mia Chen"]


@pytest.mark.parametrize(("title", "organizer"), [
    ("Rosa", "Rosa"), ("Rosa Díaz", "Rosa Díaz"), ("mia chen", "mia chen"), ("Pat", ""), ("Budget", ""),
    ("Rosa 2026", ""), ("Contacts", ""),
])
def test_a_title_that_is_a_listed_organizers_name_names_her_and_no_tab(title, organizer):
    from turfbook.schema.adopt_translate import title_named

    found, who, _ = title_named(title, SCHEMA, STAFF)
    assert who == organizer
    assert found.key is None or not organizer
    assert title_organizer(title, SCHEMA)[1] == ""          # without Staff's names: no one (a21m m12)


@pytest.mark.parametrize(("title", "names"), [
    ("Convos - Mia (from Rosa)", ["Mia Chen", "Rosa Díaz"]), ("Convos - Rosa (old)", ["Rosa Díaz"]),
    ("Convos 2026", []), ("Convos - rosa y MIA", ["Rosa Díaz", "Mia Chen"]),
])
def test_a_title_naming_no_one_organizer_says_which_it_names(title, names):
    from turfbook.schema.adopt_handover import mentioned

    assert mentioned(title, STAFF) == names
    assert mentioned("Convos - Ana", ["Ana Rivera", "Ana Torres"]) == []      # a first name two share: no one
