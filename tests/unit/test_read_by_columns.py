"""One parser, two shapes of the same cells (issue 22): a workbook read a column at a time (values.batchGet
majorDimension=COLUMNS, grid.Columns: Turfbook's own workbook) parses exactly as read row by row (an adopted
workbook, every test's rows): the same rows, values, raw cells, references and problems, bad cells included."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from tests.support.schema_workbook import BASE
from turfbook.schema import load_schema, parse_workbook
from turfbook.schema.grid import Columns, body_columns, header_of, rows_at
from turfbook.schema.service_tabs import ServiceTable
from turfbook.yamlfile import load_yaml

CORPUS = sorted((Path(__file__).parents[1] / "corpus" / "schema").glob("*.yaml"))
TODAY = date(2026, 11, 23)
SCHEMA = load_schema()


def as_read(rows: list[list]) -> list[list]:
    """Rows as Sheets gives them (majorDimension=ROWS): an empty cell "", trailing empty cells and rows left out."""
    out = [[("" if v is None else v) for v in row] for row in rows]
    out = [row[:max([i + 1 for i, v in enumerate(row) if v != ""], default=0)] for row in out]
    while out and not out[-1]:
        out.pop()
    return out


def as_columns(rows: list[list]) -> Columns:
    """The same cells as majorDimension=COLUMNS gives them: each column's trailing empty cells left out, an
    empty column between others [], trailing empty columns left out."""
    rows = as_read(rows)
    width = max(map(len, rows), default=0)
    columns = [[row[j] if j < len(row) else "" for row in rows] for j in range(width)]
    columns = [col[:max([i + 1 for i, v in enumerate(col) if v != ""], default=0)] for col in columns]
    while columns and not columns[-1]:
        columns.pop()
    return Columns(columns)


def _seen(snapshot) -> tuple:
    tabs = {name: ([(r.row_number, r.id, r.values, r.raw, r.refs) for r in tab.rows], tab.header, tab.columns)
            for name, tab in snapshot.tabs.items()}
    problems = [(p.tab, p.row_id, p.column, p.kind, p.message, p.row_number) for p in snapshot.problems]
    return tabs, problems, snapshot.settings


def _both(tabs: dict, **kwargs) -> tuple:
    rows = {t: as_read(v) for t, v in tabs.items()}
    columns = {t: as_columns(v) for t, v in tabs.items()}
    return _seen(parse_workbook(SCHEMA, rows, today=TODAY, **kwargs)), \
        _seen(parse_workbook(SCHEMA, columns, today=TODAY, consume=True, **kwargs))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_corpus_case_parses_the_same_by_columns(path):
    case = load_yaml(path)
    tabs = copy.deepcopy({**BASE, **case["tabs"]})
    if "huge" in case:
        huge = case["huge"]
        tabs[huge["tab"]][huge["row"]][huge["column"]] = "x" * huge["length"]
    by_rows, by_columns = _both(tabs)
    assert by_columns == by_rows


def test_blank_rows_short_rows_spaces_and_a_column_without_header():
    tabs = copy.deepcopy(BASE)
    tabs["People"] = [["ID", "Name", "Phone", "", "Worksite"],
                      ["P-000001", "Ana Ruiz", "", "", "Little Stars"],
                      [],                                              # a blank row between
                      ["", "Bea Soto"],                                # no ID yet, a short row
                      ["", "", "", "data"],                            # data under a blank header only
                      ["P-000003", "  ", 8605550103, "", "W-0001"],    # spaces only; a number as a phone
                      ["", "", 0],                                     # a 0 is a value
                      [],
                      ["P-000001", "Copy Ana", "", "", "Nowhere"]]     # a copied ID, an unknown worksite
    tabs["Conversations"] = [["ID", "Date", "Person", "Follow-up due"],
                             ["C-000001", 46300, "P-000001", "13/11/2026"],
                             ["C-000002", "11/12/2026", "Bea Soto", ""],
                             ["", "", "", ""], ["C-000004", True, "ana ruiz", 46310.5]]
    by_rows, by_columns = _both(tabs)
    assert by_columns == by_rows
    by_rows, by_columns = _both(tabs, columns={"People": {"name"}, "Conversations": {"date", "person"}})
    assert by_columns == by_rows


def test_grid_helpers_give_the_rows_cells():
    rows = [["ID", "Name", "", "X"], ["P-000001"], [], ["", "", "", "x"], ["P-000002", "Bea"]]
    columns = as_columns(rows)
    assert header_of(columns) == header_of(rows) == ["ID", "Name", "", "X"]
    assert rows_at(columns, 0, 10) == as_read(rows)
    by_rows, kept_rows, count_rows = body_columns(as_read(rows), 5)
    by_cols, kept_cols, count_cols = body_columns(columns, 5)
    assert list(map(list, by_cols)) == list(map(list, by_rows)) and list(kept_cols) == list(kept_rows) == [0, 2, 3]
    assert count_cols == count_rows == 4


def test_a_service_tab_by_columns_is_the_same_table():
    rows = [["ID", "Status", "Flagged at", "Problems"], ["C-000001", "OVERDUE 3d", 46300], [],
            ["C-000002", "", "", "x"]]
    for tab in ("Conversations", "People"):
        assert ServiceTable.parse(tab, as_columns(rows)).rows == ServiceTable.parse(tab, as_read(rows)).rows
