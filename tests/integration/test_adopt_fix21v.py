"""Issue 21, outside test round (fix21v): a lost key column is one problem, not one per row (i6); --accept-rows
after a sort told apart says only what it did (i7); the Spanish report has no English word left (i8); a
two-row header's group labels swapped are noticed, not followed (d6). The CLI against the emulator; staff
edits through the Sheets API."""

from __future__ import annotations

import re

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import SORTED, _adopt_out, _adopted, _overdue_out, _sort
from tests.integration.test_adopt_write_safety import CONVOS, _ids, _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book


def _check_out(path, capsys, *extra) -> str:
    capsys.readouterr()
    assert main(["--config", path, "sheets", "check", *extra]) in (0, 1)
    return capsys.readouterr().out


def _problem_cells(sheets, title: str) -> list[str]:
    rows = _rows(sheets, title)
    at = rows[0].index("Problems")
    return [str(r[at]) for r in rows[1:]]


@pytest.mark.parametrize(("title", "cell", "ours"), [("Contacts", "A1", "Name"), ("Convos", "B1", "Person")])
def test_i6_a_lost_key_column_is_one_problem_naming_it_not_one_per_row(emulator, book, capsys, title, cell, ours):
    """i6: a key column's header renamed past finding ("Name" -> "Columna X"): `sheets check` says ONE problem naming
    the column (EN, and its Spanish kind in the Problems tab), and no row's Problems cell says "is empty" (nor,
    People's names lost, "is not in People"): the cells are not empty, the column is missing."""
    sheets, path = _adopted(book, capsys)
    sheets.write([CellWrite(f"'{title}'!{cell}", [["Columna X"]])], input_option="RAW")
    out = _check_out(path, capsys)
    assert out.count("is not found any more") == 1 and f"({ours})" in out
    assert "is empty" not in out and "is not in People" not in out
    for tab in ("Contacts", "Convos"):
        assert not [c for c in _problem_cells(sheets, tab) if "is empty" in c or "is not in People" in c]
    listed = [r for r in _rows(sheets, "Problems") if "is not found any more" in str(r[4])]
    assert len(listed) == 1 and "Columna no encontrada" in str(listed[0])
    sheets.write([CellWrite(f"'{title}'!{cell}", [["Name"]])], input_option="RAW")
    assert "is not found any more" not in _check_out(path, capsys)


@pytest.mark.parametrize("language", ["en", "es"])
def test_i7_accept_rows_after_a_sort_told_apart_says_only_put_back_and_that_there_was_nothing_to_accept(
        emulator, book, capsys, language):
    """i7: every row told apart: `--accept-rows` puts the IDs back and says so, says it had nothing to take as it
    is, and never "rows taken as they are" (nor in --dry-run)."""
    sheets, path = _adopted(book, capsys)
    ids = _ids(sheets)
    _sort(sheets, 7)
    assert SORTED in _overdue_out(path, capsys)
    dry = _adopt_out(path, capsys, "--accept-rows", "--dry-run", "--language", language)
    out = _adopt_out(path, capsys, "--accept-rows", "--language", language)
    put, taken, nothing = {"en": ("put back with their rows", "taken as they are", "nothing to accept"),
                           "es": ("devuelto(s) a sus filas", "aceptadas como están", "nada que aceptar")}[language]
    assert put in out and taken not in out and nothing in out
    assert "would take the rows as they are" not in dry and "aceptaría las filas" not in dry and nothing in dry
    assert _ids(sheets) == ids


ENGLISH = frozenset((
    "row", "rows", "the", "and", "with", "put", "back", "got", "gets", "new", "left", "unused", "blank",
    "cleared", "was", "is", "are", "sorted", "their", "its", "it", "of", "to", "from", "by", "in", "on",
    "column", "columns", "tab", "tabs", "records", "record", "same", "key", "check", "which", "saved",
    "mapping", "report", "added", "nothing", "every", "told", "apart", "would", "also", "accept",
    "taken", "as", "they", "now", "run", "undo", "cannot", "holds", "shows", "not", "found"
))


def english_words(text: str) -> set[str]:
    """English words left in a Spanish text, outside what is quoted ('Convos', `turfbook sheets adopt`), file
    paths, options (--accept-rows) and a problem's detail marked as English ("en inglés: …")."""
    text = re.sub(r"\(en inglés: [^)]*\)", "", text)
    text = re.sub(r"'[^']*'|`[^`]*`|\S*/\S*|--[\w-]+", " ", text)
    return {w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH}


def test_i8_the_spanish_report_says_fila_and_has_no_english_word_left(emulator, book, capsys):
    """i8: a sort putting back, giving a new ID, leaving one unused, clearing a blank row's ID cell and two
    same-key records: the Spanish report, --dry-run and the report file say "fila", never "row", and no English
    word is left in them (the scan: ENGLISH outside quoted names, paths and commands)."""
    sheets, path = _adopted(book, capsys, CONVOS[:3] + [["", "", "", "", ""]] + CONVOS[3:]
                            + [["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", ""]])     # alike in every cell
    sheets.write([CellWrite("'Convos'!B3", [["Beatriz Ng"]])], input_option="USER_ENTERED")     # a word dropped
    _sort(sheets, 9)
    dry = _adopt_out(path, capsys, "--dry-run", "--language", "es")
    out = _adopt_out(path, capsys, "--language", "es")
    saved = (book.config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "ID NUEVO" in out and "ID sin usar: C-000002" in out and "compruebe cuál es cuál" in out
    assert "'Convos' fila " in out and "'Convos' fila " in dry and "celda ID vaciada en 'Convos' fila" in out
    for text in (dry, out, saved):
        assert english_words(text) == set(), english_words(text)
    assert english_words("'Convos' row 7 got C-000001") == {"row", "got"}       # the scan does find them


GROUPED = [["Primera visita", "", "Seguimiento", ""], ["Fecha", "Nombre", "Fecha", "Hecho"],
           ["11/2/2026", "Ana Ruiz", "11/10/2026", ""], ["11/3/2026", "Bea Soto", "11/30/2026", ""],
           ["11/4/2026", "Carla Paz", "11/12/2026", "sí"]]


def _grouped_book(book, capsys):
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"], ["Carla Paz", "3"]],
                         "Convos": GROUPED}, "USER_ENTERED")
    sheets.batch_update([{"mergeCells": {"range": {"sheetId": 1, "startRowIndex": 0, "endRowIndex": 1,
                                                   "startColumnIndex": a, "endColumnIndex": a + 2},
                                         "mergeType": "MERGE_ALL"}} for a in (0, 2)])
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    capsys.readouterr()
    return sheets, path


def _convos(sheets) -> list[list]:
    rows = sheets.read_tabs(["Convos"])["Convos"]
    width = max(map(len, rows))
    return [[str(c) for c in r] + [""] * (width - len(r)) for r in rows]


def test_d6_group_labels_swapped_are_noticed_and_said_not_followed(emulator, book, capsys):
    """d6: 'Primera visita' and 'Seguimiento' swapped over the same Fecha | Nombre, Fecha | Hecho: the mapping
    must not follow the new labels (Date and Follow-up due would trade columns). Said as a changed group row
    naming the columns read through it; overdue writes nothing (its flags kept), nor `sheets check`; renamed
    back, all reads as before; `sheets adopt` re-run takes the new labels (its report shows the mapping)."""
    sheets, path = _grouped_book(book, capsys)
    before = _convos(sheets)
    assert [r[before[1].index("Status")] for r in before[2:]] == ["OVERDUE 10d", "", "done"]
    sheets.write([CellWrite("'Convos'!A1", [["Seguimiento"]]), CellWrite("'Convos'!C1", [["Primera visita"]])],
                 input_option="RAW")
    out = _overdue_out(path, capsys, "2026-11-21")
    assert "group row" in out and "Primera visita | Seguimiento" in out and "Seguimiento | Primera visita" in out
    assert "Follow-up due" in out and "overdue flags kept as they were" in out
    now = _convos(sheets)
    assert [r[2:] for r in now[2:]] == [r[2:] for r in before[2:]]           # flags, statuses: as they were
    out = _check_out(path, capsys)
    assert "group row" in out and "is empty" not in out
    listed = [r for r in _rows(sheets, "Problems") if "group row" in str(r[4])]
    assert listed and all("Columna no encontrada" in str(r) for r in listed)
    sheets.write([CellWrite("'Convos'!A1", [["Primera visita"]]), CellWrite("'Convos'!C1", [["Seguimiento"]])],
                 input_option="RAW")
    out = _overdue_out(path, capsys, "2026-11-21")
    assert "group row" not in out and "open: 2 (overdue 1," in out, out
    sheets.write([CellWrite("'Convos'!A1", [["Seguimiento"]]), CellWrite("'Convos'!C1", [["Primera visita"]])],
                 input_option="RAW")
    out = _adopt_out(path, capsys)                      # re-run: the new labels taken, the mapping shown
    assert "A 'Fecha de Seguimiento' → Follow-up due" in out and "C 'Fecha de Primera visita'" not in out
    assert "group row" not in _overdue_out(path, capsys, "2026-11-21")
