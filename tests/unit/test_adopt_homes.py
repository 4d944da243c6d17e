"""Attack a21e 1 and 4, the pure halves: each sheet's day/month order (dates.row_orders) and which sheet a new
row of an organizer goes to (adopt_homes.home), held when no sheet is hers."""

from __future__ import annotations

from turfbook.schema.adopt_homes import held_message, held_problems, home
from turfbook.schema.adopt_layout import Layout, SheetLayout
from turfbook.schema.dates import DMY, EITHER, MDY, row_orders
from turfbook.schema.header_match import Match


def _sheet(title: str, organizer: str = "", keys=("date", "person")) -> SheetLayout:
    columns = [Match(k, k, "exact", 1.0) for k in keys]
    return SheetLayout(title, "Conversations", Match(title, "Conversations", "stored", 1.0), 1, columns, organizer,
                       from_title=title.split(" - ")[1] if " - " in title else "")


def test_each_sheet_of_a_tab_per_organizer_reads_its_own_order():
    dates = [["13/11/2026", "01/11/2026", "11/13/2026", "11/01/2026", "05/12/2026"]]
    sheets = ["Rosa", "Rosa", "Luis", "Luis", "Ann"]
    # Rosa told day/month, Luis month/day; Ann's tells nothing: the others' evidence, 1 each, the locale's vote
    assert row_orders(dates, sheets, "en_US") == (DMY, DMY, MDY, MDY, MDY)
    assert row_orders(dates, sheets, "es_ES") == (DMY, DMY, MDY, MDY, DMY)
    tie = [["13/11/2026", "14/11/2026", "11/13/2026", "05/12/2026"]]
    assert row_orders(tie, ["one"] * 4, "en_US") == EITHER                         # 2 against 1 + 1: no guess
    assert row_orders([["01/11/2026"]], ["A"], "es_ES") == DMY                     # untold: the locale


def test_a_new_row_goes_to_its_organizers_sheet_a_shared_one_with_an_organizer_column_or_is_held():
    rosa, luis = _sheet("Convos - Rosa", "Rosa Díaz"), _sheet("Convos - Luis", "Luis Mora")
    layout = Layout(sheets=[rosa, luis])
    assert home(layout, "Conversations", "Luis Mora") is luis
    assert home(layout, "Conversations", "Mia Chen") is None                      # never Rosa's
    assert "add a tab 'Convos - Mia'" in held_message(layout, "Conversations", "Mia Chen")
    shared = _sheet("Convos", keys=("date", "person", "organizer"))
    assert home(Layout(sheets=[rosa, _sheet("Notes"), shared]), "Conversations", "Mia Chen") is shared
    plain = _sheet("Convos")
    assert home(Layout(sheets=[plain]), "Conversations", "Mia Chen") is plain    # not kept per organizer
    assert home(Layout(sheets=[_sheet("Convos - Mia"), rosa]), "Conversations", "Mia Chen").title == "Convos - Mia"
    problems = held_problems(layout, [("Mia Chen", True), ("Mia Chen", False)], "overdue")
    assert [(p.tab, p.kind) for p in problems] == [("Conversations", "held_entry")]   # no People sheets here
