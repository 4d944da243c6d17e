"""Issue 21, attack a21e 2 and 3 (pure): a group row of merged cells above the header names the cells under it
(adopt_groups), a merged title across the sheet does not; a header that clearly says another tab outweighs a
title naming one plainly, a header that merely could be another tab does not (adopt_header_find)."""

from __future__ import annotations

import pytest

from turfbook.schema.adopt_groups import blocks, change, combine, is_group_row, merged_rows
from turfbook.schema.adopt_layout import plan_layout
from turfbook.schema.loader import load_schema

SCHEMA = load_schema()
GROUP = ["Contacto", "", "Seguimiento", ""]
HEADER = ["Fecha", "Nombre", "Fecha", "Hecho"]


def test_a_group_row_names_the_cells_under_it_only_as_names_turfbook_knows():
    known = {"Fecha de Contacto", "Fecha de Seguimiento", "Seguimiento Hecho"}
    assert combine(GROUP, HEADER, known.__contains__) == ["Fecha de Contacto", "Nombre", "Fecha de Seguimiento",
                                                          "Seguimiento Hecho"]
    assert combine([], HEADER, known.__contains__) == HEADER


def test_a_merged_title_across_the_sheet_is_not_a_group_row():
    merges = [{"startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 9},
              {"startRowIndex": 3, "endRowIndex": 5, "startColumnIndex": 0, "endColumnIndex": 2}]
    assert merged_rows(merges) == {0}
    assert not is_group_row([["Conversaciones — fall 2026"], HEADER], 0, {0})
    assert is_group_row([GROUP, HEADER], 0, {0}) and not is_group_row([GROUP, HEADER], 0, set())


def test_plan_layout_reads_a_two_row_header_as_the_follow_up_columns():
    rows = [GROUP, HEADER, ["2026-11-02", "Ana", "2026-11-10", ""]]
    layout = plan_layout(SCHEMA, {"Convos": rows}, {"Convos": {"merged_rows": {0}}})
    [sheet] = layout.sheets
    assert sheet.grouped and sheet.header_row == 2
    assert {k: sheet.columns[i].text for k, i in sheet.mapping.items()} == {
        "date": "Fecha de Contacto", "person": "Nombre", "follow_up_due": "Fecha de Seguimiento",
        "follow_up_done": "Seguimiento Hecho"}


def test_group_labels_are_stored_and_a_changed_group_row_loses_the_columns_read_through_it():
    """fix21v d6: the labels swapped (or one renamed) lose every column named through them; unchanged, a
    row inserted above the header (the group row found above the header where it is now), or a sheet
    stored without labels: nothing lost."""
    rows = [GROUP, HEADER, ["2026-11-02", "Ana", "2026-11-10", ""]]
    [sheet] = plan_layout(SCHEMA, {"Convos": rows}, {"Convos": {"merged_rows": {0}}}).sheets
    tab = SCHEMA.tab(sheet.tab)
    assert sheet.groups == ["Contacto", "Seguimiento"]
    assert sheet.group_changed(rows, 2, tab) == {}
    assert sheet.group_changed([["Titulo"], *rows], 3, tab) == {}
    swapped = sheet.group_changed([["Seguimiento", "", "Contacto", ""], *rows[1:]], 2, tab)
    assert set(swapped) == {"date", "follow_up_due", "follow_up_done"}
    assert swapped["date"] == "group:Contacto | Seguimiento>Seguimiento | Contacto"
    assert set(sheet.group_changed([["Contacto", "", "Seguimientos", ""], *rows[1:]], 2, tab)) == set(swapped)
    sheet.groups = []
    assert sheet.group_changed([["Seguimiento", "", "Contacto", ""], *rows[1:]], 2, tab) == {}
    assert sheet.current(sheet.header_at(rows, 2)) == {"date": 0, "person": 1, "follow_up_due": 2, "follow_up_done": 3}


def test_a_group_dragged_with_its_label_is_moved_not_changed_and_labels_off_their_columns_are_mixed():
    """a21k k7: each label's cells read through it stored (blocks); the 'Seguimiento' block dragged to the front
    (label with it) is "moved" (read by combined names, nothing lost); the labels then retyped in their old
    order sit over other columns: "mixed" (date held too: its 'Fecha' is typed like a grouped one); swapped
    over the same columns: "relabelled"; reordered over blocks alike: "ambiguous"; a column added: no change."""
    rows = [GROUP, HEADER, ["2026-11-02", "Ana", "2026-11-10", ""]]
    [sheet] = plan_layout(SCHEMA, {"Convos": rows}, {"Convos": {"merged_rows": {0}}}).sheets
    tab = SCHEMA.tab(sheet.tab)
    assert sheet.group_cells == [["Fecha"], ["Fecha", "Hecho"]]
    assert blocks(GROUP, HEADER) == [["Fecha", "Nombre"], ["Fecha", "Hecho"]]
    dragged = [["Seguimiento", "", "Contacto", ""], ["Fecha", "Hecho", "Fecha", "Nombre"]]
    assert change(sheet.groups, sheet.group_cells, *dragged) == "moved"
    assert sheet.group_changed(dragged + rows[2:], 2, tab) == {}
    assert sheet.current(sheet.header_at(dragged, 2)) == {"date": 2, "person": 3, "follow_up_due": 0,
                                                          "follow_up_done": 1}
    retyped = [GROUP, dragged[1]]
    assert change(sheet.groups, sheet.group_cells, *retyped) == "mixed"
    held = sheet.group_changed(retyped, 2, tab)
    assert set(held) == {"date", "follow_up_due", "follow_up_done"} and held["date"].startswith("groupmixed:")
    assert change(sheet.groups, sheet.group_cells, dragged[0], HEADER) == "relabelled"
    assert change(["A", "B"], [["Fecha"], ["Fecha"]], ["B", "", "A", ""], HEADER) == "ambiguous"
    assert change(sheet.groups, sheet.group_cells, GROUP, ["Fecha", "Notas", "Nombre", "Fecha", "Hecho"]) == ""
    assert change(sheet.groups, sheet.group_cells, GROUP + ["", "Otro"], HEADER + ["ID", "Notas"]) == ""
    assert change(sheet.groups, sheet.group_cells, GROUP[:3] + ["Otro"], HEADER) == "mixed"   # 'Hecho' taken
    assert change(sheet.groups, [], dragged[0], dragged[1]) == "relabelled"        # stored before: as before


@pytest.mark.parametrize(("title", "header", "tab"), [
    ("Contactos", ["Fecha", "Nombre", "Fecha de seguimiento", "Notas"], "Conversations"),
    ("Llamadas", ["Name", "Phone", "Email", "Site"], "People"),
    ("Contacts", ["Name"], "People"),                          # only its required column: the title stands
    ("Contacts", ["Name", "Phone", "Date"], "People"),         # could be a log, not clearly one
    ("Convos", ["Date", "Name", "Notes"], "Conversations"),
    ("Staff", ["Name", "Phone", "Email", "Role", "Site"], "Organizers"),   # People's columns, no column apart
])
def test_a_header_outweighs_a_title_only_when_it_clearly_says_another_tab(title, header, tab):
    [sheet] = plan_layout(SCHEMA, {title: [header, ["x"] * len(header)]}).sheets
    assert sheet.tab == tab
    assert (sheet.how.how == "header_over_title") == (title in ("Contactos", "Llamadas"))
