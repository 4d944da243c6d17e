"""Issue 21, outside tester a21l l4 (pure): a group row's label retyped in another case or accents
('seguimiento') is the same label, and a label typed over each column of its group (the cells unmerged and
filled in: 'Seguimiento' twice) is the same group row as the merged one: read once, at adoption (no merges
needed) and in the jobs' comparison alike (adopt_groups.spread)."""

from __future__ import annotations

from turfbook.schema.adopt_groups import blocks, change, combine, is_group_row, labels, spread
from turfbook.schema.adopt_layout import plan_layout
from turfbook.schema.loader import load_schema

SCHEMA = load_schema()
GROUP = ["Primera visita", "", "Seguimiento", ""]
FILLED = ["Primera visita", "Primera visita", "Seguimiento", "Seguimiento"]
HEADER = ["Fecha", "Nombre", "Fecha", "Hecho"]
DATA = ["2026-11-02", "Ana", "2026-11-10", ""]


def test_a_label_typed_over_each_column_of_its_group_is_read_once():
    assert spread(FILLED) == GROUP
    assert spread(["Seguimiento", "seguimiento ", "Primera visita", "PRIMERA VISITA"]) == [
        "Seguimiento", "", "Primera visita", ""]
    assert spread(["A", "", "A", "B", "A"]) == ["A", "", "", "B", "A"]     # the same label again after another
    assert labels(FILLED) == ["Primera visita", "Seguimiento"]
    assert blocks(FILLED, HEADER) == blocks(GROUP, HEADER) == [["Fecha", "Nombre"], ["Fecha", "Hecho"]]
    known = {"Fecha de Seguimiento", "Fecha de Primera visita"}
    assert combine(FILLED, HEADER, known.__contains__) == combine(GROUP, HEADER, known.__contains__)


def test_a_filled_group_row_is_a_group_row_without_merges_and_a_repeated_title_or_one_label_is_not():
    assert is_group_row([FILLED, HEADER], 0) and not is_group_row([GROUP, HEADER], 0)
    assert is_group_row([GROUP, HEADER], 0, {0})
    assert not is_group_row([["Notas", "Notas", "", ""], HEADER], 0)          # one group: a title, not a group row
    assert not is_group_row([["Contacto", "Seguimiento", "", ""], HEADER], 0)  # two words, nothing repeated


def test_a_label_retyped_in_another_case_or_filled_in_is_no_change_and_a_real_one_still_is():
    [sheet] = plan_layout(SCHEMA, {"Convos": [GROUP, HEADER, DATA]}, {"Convos": {"merged_rows": {0}}}).sheets
    tab = SCHEMA.tab(sheet.tab)
    for above in (["Primera visita", "", "seguimiento", ""], ["primera VISITA", "", "Seguimiénto ", ""], FILLED,
                  ["Primera visita", "primera visita", "SEGUIMIENTO", "Seguimiento"]):
        assert change(sheet.groups, sheet.group_cells, above, HEADER) == "", above
        assert sheet.group_changed([above, HEADER, DATA], 2, tab) == {}
        assert sheet.current(sheet.header_at([above, HEADER, DATA], 2)) == {
            "date": 0, "person": 1, "follow_up_due": 2, "follow_up_done": 3}
    swapped = ["Seguimiento", "Seguimiento", "Primera visita", "Primera visita"]
    held = sheet.group_changed([swapped, HEADER, DATA], 2, tab)
    assert held["follow_up_due"] == "group:Primera visita | Seguimiento>Seguimiento | Primera visita"


def test_plan_layout_adopts_a_filled_group_row_as_the_merged_one():
    [merged] = plan_layout(SCHEMA, {"Convos": [GROUP, HEADER, DATA]}, {"Convos": {"merged_rows": {0}}}).sheets
    [filled] = plan_layout(SCHEMA, {"Convos": [FILLED, HEADER, DATA]}).sheets
    assert filled.grouped and filled.header_row == 2
    assert (filled.groups, filled.group_cells) == (merged.groups, merged.group_cells)
    assert {k: filled.columns[i].text for k, i in filled.mapping.items()} == {
        k: merged.columns[i].text for k, i in merged.mapping.items()}
    assert filled.columns[filled.mapping["follow_up_due"]].text == "Fecha de Seguimiento"
