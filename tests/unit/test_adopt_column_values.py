"""Issue 21, attack a21c, columns and values, the pure parts: which header is which column by its values
(adopt_columns.settle), day/month per column (dates.column_order), dates with no year, yes/no in the done
column, serials quoted as dates, and the schema's Spanish names."""

from __future__ import annotations

import re
from datetime import date

import pytest

from turfbook.schema import load_schema
from turfbook.schema.adopt_columns import settle
from turfbook.schema.adopt_layout import SheetLayout, plan_layout
from turfbook.schema.adopt_report import AdoptionReport
from turfbook.schema.cell_dates import YearlessDate, business_date, shown
from turfbook.schema.cells import CellError, ParseContext, make_parser
from turfbook.schema.dates import DMY, EITHER, MDY, DateError, column_order, parse_date
from turfbook.schema.header_match import Match, column_names, match_name
from turfbook.schema.loader import SchemaError, loads_schema
from turfbook.schema.spanish_names import label

SCHEMA = load_schema()
CONVERSATIONS = SCHEMA.tab("Conversations")


def keys(columns: list[Match]) -> list[str | None]:
    return [m.key for m in columns]


def test_of_two_names_of_one_column_the_one_holding_dates_is_the_date_column_whichever_is_left():
    header = ["Date", "Name", "Next step", "F/U date"]
    body = [["11/2/2026", "Ana", "invite to the meeting", "11/10/2026"], ["11/3/2026", "Bea", "call back", 46340]]
    columns, notes = settle(CONVERSATIONS, header, body)
    assert keys(columns) == ["date", "person", None, "follow_up_due"]
    assert columns[3].how == "alias" and columns[3].score == 1.0
    assert notes == {2: "lost:D"}
    columns, _ = settle(CONVERSATIONS, ["Fecha", "Seguimiento", "Fecha de seguimiento"],
                        [["11/5/2026", "llamar el lunes", "11/9/2026"]])
    assert keys(columns) == ["date", None, "follow_up_due"]


@pytest.mark.parametrize("body", [[], [["11/2/2026", "11/20/2026", "11/10/2026"]]])
def test_names_the_values_cannot_tell_apart_are_read_by_the_stronger_name_and_shown_unsure(body):
    columns, notes = settle(CONVERSATIONS, ["Date", "Next step date", "F/U date"], body)
    assert keys(columns) == ["date", None, "follow_up_due"]                # "F/U date" is the earlier alias
    assert (columns[2].how, columns[2].score) == ("unsure", 0.5)
    assert notes == {2: "unsure:B", 1: "lost:C"}


def test_the_same_header_twice_is_read_from_the_leftmost_and_sure():
    columns, notes = settle(CONVERSATIONS, ["Date", "Notes", "Notes"], [["11/2/2026", "a", "b"]])
    assert keys(columns) == ["date", "notes", None] and columns[1].how == "exact" and notes == {2: "lost:B"}


@pytest.mark.parametrize(("header", "tab"), [("Dues", "Conversations"), ("Task", "Conversations"),
                                             ("Dues", "People")])
def test_short_words_are_never_matched_by_spelling(header, tab):
    assert match_name(header, column_names(SCHEMA.tab(tab))).key is None


def test_a_date_column_matched_by_spelling_whose_values_are_not_dates_is_left_alone():
    columns, notes = settle(CONVERSATIONS, ["Date", "Folow-up due"], [["11/2/2026", "ask her sister"]])
    assert keys(columns) == ["date", None] and notes == {1: "not_dates"}
    columns, notes = settle(CONVERSATIONS, ["Date", "Folow-up due"], [["11/2/2026", "11/20/2026"]])
    assert keys(columns) == ["date", "follow_up_due"] and columns[1].how == "fuzzy" and not notes


@pytest.mark.parametrize(("cells", "expected"), [
    (["01/11/2026", "13/11/2026", "05/12/2026"], (DMY, "day_first", "13/11/2026")),
    (["11/01/2026", "11/13/2026", 46340], (MDY, "month_first", "11/13/2026")),
    (["01/11/2026", "05/12/2026"], (MDY, "locale", "")),
    ([46340, "2026-11-13", ""], (MDY, "", "")),
])
def test_day_month_is_the_columns(cells, expected):
    assert column_order(cells, "en_US") == expected
    order = column_order(cells, "en_US")[0]
    if expected[1] == "day_first":
        assert parse_date("05/12/2026", "en_US", order=order) == date(2026, 12, 5)


def test_day_month_weighs_the_telling_dates_in_any_order():
    """Attack a21e 1: contrary evidence is weighed, never ignored. Each telling cell is a vote (the locale's order
    one more); a 2-to-1 majority decides and the other cells are problems; closer, dates that could be either are
    problems. The answer does not depend on the cells' order."""
    cells = ["11/01/2026"] * 50 + [46340.0] * 50 + ["11/13/2026", "13/11/2026", "11/13/2026"]
    assert column_order(cells, "en_US") == (MDY, "mostly", "13/11/2026")
    assert column_order(reversed(cells), "en_US") == (MDY, "mostly", "13/11/2026")
    assert column_order(cells, "es_MX") == (EITHER, "tie", "13/11/2026, 11/13/2026")   # 2 + 0 against 1 + 1
    assert column_order(cells + ["14/11/2026"] * 3, "es_MX")[:2] == (DMY, "mostly")
    assert column_order(cells[:-2], "es_MX")[:2] == (MDY, "month_first")
    with pytest.raises(DateError, match="reads day/month, but most dates of this sheet read month/day: type it "
                                        "11/13/2026"):
        parse_date("13/11/2026", "en_US", order=MDY)
    with pytest.raises(DateError, match="could be day/month or month/day"):
        parse_date("11/01/2026", "en_US", order=EITHER)
    assert parse_date("13/11/2026", order=EITHER) == date(2026, 11, 13)
    assert parse_date("05/05/2026", order=EITHER) == date(2026, 5, 5)          # the same either way


def test_an_untold_column_follows_the_locale():
    assert column_order(["01/11/2026"], "es_MX")[:2] == (DMY, "locale")


def test_the_parser_reads_every_date_column_of_a_tab_in_the_tabs_order():
    from turfbook.schema.rows import parse_rows

    values = [["Date", "Person", "Follow-up due"], ["01/11/2026", "Ana", "13/11/2026"],
              ["04/11/2026", "Carla", "05/12/2026"]]
    rows, problems = parse_rows(CONVERSATIONS, values, {"date": 0, "person": 1, "follow_up_due": 2}, values[0],
                                ParseContext())
    assert [r.values["follow_up_due"] for r in rows] == [date(2026, 11, 13), date(2026, 12, 5)]
    assert [r.values["date"] for r in rows] == [date(2026, 11, 1), date(2026, 11, 4)]    # told by follow-up


@pytest.mark.parametrize("typed", ["Jan 5", "5 ene", "11/21", "21 de noviembre"])
def test_a_date_with_no_year_is_a_problem_not_a_date_this_year(typed):
    with pytest.raises(YearlessDate, match="has no year"):
        business_date(typed, "en_US", date(2026, 12, 6))
    assert business_date("Jan 5 2027") == date(2027, 1, 5)


@pytest.mark.parametrize(("value", "answer"), [("Sí", True), ("✔", True), (True, True), ("N", False),
                                               ("no", False), ("hecho", True), ("listo", True), ("Done", True),
                                               ("pendiente", False), ("not yet", False), ("todavía no", False),
                                               ("no hecho", False), ("falta", False), ("pending", False),
                                               ("☑️", True), ("✅", True), ("✔️", True), ("✓", True), ("☑", True),
                                               ("Sí ✔", True), ("done ✅", True), ("yes ☑️", True),
                                               # a21l 6: as typed on a phone, several answers that agree
                                               ("Sí✔", True), ("✅✅", True), ("👍", True), ("👍🏽", True),
                                               ("sí, hecho", True), ("yes (left msg)", True),
                                               ("hecho y listo", True), ("yep", True),
                                               ("yeah", True), ("no (left msg)", False), ("✖", False),
                                               ("❌", False), ("nope", False), ("👎", False)])
def test_yes_no_in_the_done_column_is_its_answer_not_a_problem(value, answer):
    done = make_parser(CONVERSATIONS.column("follow_up_done"), ParseContext(today=date(2026, 11, 20)))
    assert done(value) is answer
    assert done("11/12/2026") == date(2026, 11, 12)
    due = make_parser(CONVERSATIONS.column("follow_up_due"), ParseContext(today=date(2026, 11, 20)))
    with pytest.raises(CellError):
        due(value)


@pytest.mark.parametrize("value", ["left voicemail", "n/a", "called twice", "no ✔", "pendiente ✅", "called ✔",
                                   "No ✔", "sí y no", "(x)", "👍 👎", "yes, pending"])
def test_other_words_in_the_done_column_are_one_problem_saying_so_not_a_date_problem(value):
    """a21j 4: neither done nor not done: "can't tell if ... means done" (EN/ES), never "is not a date"."""
    done = make_parser(CONVERSATIONS.column("follow_up_done"), ParseContext(today=date(2026, 11, 20)))
    with pytest.raises(CellError, match=re.escape(f"can't tell if '{value}' means done")) as why:
        done(value)
    assert "is not a date" not in str(why.value) and "no se sabe si" in str(why.value)


@pytest.mark.parametrize("value", ["pendiente 11/20", "11/40", "13/13/2026"])
def test_a_bad_date_in_the_done_column_says_the_follow_up_stays_open(value):
    """a21l 6: a done cell with digits that reads as neither a date nor an answer keeps its date problem and says
    what that means for the follow-up (EN/ES); a not-done word beside a date is not read as done."""
    done = make_parser(CONVERSATIONS.column("follow_up_done"), ParseContext(today=date(2026, 11, 20)))
    with pytest.raises(CellError, match="until then the follow-up stays open") as why:
        done(value)
    assert "sigue abierto" in str(why.value)


def test_a_serial_in_a_date_column_is_quoted_as_its_date():
    assert shown(46380) == "2026-12-24" and shown("46380") == "2026-12-24"
    assert shown(40) == "40" and shown("paid") == "paid"


def test_the_spanish_report_names_turfbooks_tabs_and_columns_in_spanish_and_headers_on_one_line():
    raw = {"Conversaciones": [["Fecha", "Nombre", "Fecha de\nseguimiento"], ["11/5/2026", "Ana", "11/9/2026"]]}
    layout = plan_layout(SCHEMA, raw)
    es = AdoptionReport(layout, []).render(SCHEMA, "es")
    assert "- 'Conversaciones' → Conversaciones (" in es
    assert "    - C 'Fecha de seguimiento' → Fecha de seguimiento (nombre conocido, seguro 100%)" in es
    assert "Status (Estado)" in es
    en = AdoptionReport(layout, []).render(SCHEMA, "en")
    assert "→ Conversations (" in en and "C 'Fecha de seguimiento' → Follow-up due" in en


def test_spanish_names_must_name_the_schemas_tabs_and_columns():
    base = "tabs:\n  - {name: People, columns: [{key: name, header: Name}]}\n"
    schema = loads_schema(base + "spanish: {tabs: {People: Personas}, columns: {People: {name: Nombre}}}\n")
    assert (label(schema, "People", "name", "es"), label(schema, "People", "", "es")) == ("Nombre", "Personas")
    assert label(schema, "People", "name") == "Name"
    with pytest.raises(SchemaError, match="no column 'phone'"):
        loads_schema(base + "spanish: {columns: {People: {phone: Teléfono}}}\n")


def test_a_renamed_header_is_found_again_by_the_columns_names_never_by_spelling_or_for_a_service_column():
    sheet = SheetLayout("Convos", "Conversations", Match("Convos", "Conversations", "alias", 1.0), 1,
                        [Match("Date", "date", "exact", 1.0), Match("F/U date", "follow_up_due", "alias", 1.0),
                         Match("ID", "id", "exact", 1.0)])
    assert sheet.found_again(["Date", "Fecha de seguimiento", "ID"], CONVERSATIONS) == \
        ({"date": 0, "follow_up_due": 1, "id": 2}, {})
    assert sheet.found_again(["Date", "F/U date", "ID", "F/U date"], CONVERSATIONS)[1] == \
        {"follow_up_due": "twice:B,D"}
    assert sheet.found_again(["Date", "When to call", "Identifier"], CONVERSATIONS) == \
        ({"date": 0}, {"follow_up_due": "missing"})
    assert sheet.found_again(["Date", "F/U date", "ID", "ID"], CONVERSATIONS)[0] == {"date": 0, "follow_up_due": 1}
    assert sheet.found_again(["Date", "Folow-up due", "ID"], CONVERSATIONS)[1] == {"follow_up_due": "missing"}
