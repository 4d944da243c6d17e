"""Outside tester a21o findings fixed on fix21au: o4b (a waiting ID's advice names which row is which; the
RECORD's ID cleared instead of the copy's is said, never a silent move), o3b, o6b (adopt report wording), and
the cosmetic ones (both/neither for three rows; a bad ID cell names its row in English too)."""
from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _adopted, _night, paste_above
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book


def _waiting(book, capsys):
    """C-000001's record edited, then pasted above itself as a template with a new F/U date and note: both
    rows hold C-000001, cells differ, none as stored: they wait (the 11/17 night)."""
    sheets, path, flagged = _adopted(book, capsys)
    sheets.write([CellWrite("'Convos'!E2", [["visit; left msg 11/16; called 11/17"]])], input_option="RAW")
    paste_above(sheets, "call after the visit")
    return sheets, path, flagged, _night(path, capsys, "2026-11-17")


def test_o4b_the_advice_says_which_row_is_which(emulator, book, capsys):
    sheets, path, _flagged, night = _waiting(book, capsys)
    print(night)
    assert "What tells them apart: row 2 has Follow-up due 2026-12-30, row 3 has Follow-up due 2026-11-10" in night
    assert "Lo que las distingue: fila 2 tiene Fecha de seguimiento 2026-12-30, fila 3 tiene" in night


def test_o4b_the_record_s_id_cleared_instead_of_the_copy_s_is_said(emulator, book, capsys):
    """The record's ID cleared instead of the copy's: the cleared row is the new record (staff's word), and the
    night says so, which row keeps C-000001 and its flags, what tells them apart and how to swap them (EN/ES)."""
    sheets, path, flagged, _ = _waiting(book, capsys)
    idcol = chr(ord("A") + _rows(sheets)[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{idcol}3", [[""]])], input_option="RAW")   # the RECORD's ID cleared
    night = _night(path, capsys, "2026-11-18")
    said = [line for line in night.splitlines() if "its ID cell was cleared" in line]
    assert len(said) == 1, night
    assert ("'Convos' row 3: its ID cell was cleared while row 2 holds C-000001 with the same key cells: Turfbook "
            "took row 3 as the NEW record (the copy) and gave it C-000003; row 2 keeps C-000001 with its status and "
            "Flagged at") in said[0]
    assert "row 2 has Follow-up due 2026-12-30" in said[0] and "type C-000001 in row 3's ID cell" in said[0]
    assert "su celda ID se vació mientras la fila 2 tiene C-000001" in said[0]
    ids = [r[_rows(sheets)[0].index("ID")] for r in _rows(sheets)[1:3]]
    assert ids == ["C-000001", "C-000003"]            # staff's word taken; nothing else moved


def _out(path, capsys, *args) -> str:
    capsys.readouterr()
    main(["--config", path, *args])
    return capsys.readouterr().out


def test_o6b_a_first_adopt_of_tabs_titled_by_first_names_says_how_they_were_recognised(emulator, book, capsys):
    """o6b: 'Mia' recognised by its columns: the adopt (which reads the book again after adding Turfbook's
    columns) says so, as --dry-run does; never "adopted before" on a first adoption."""
    head = ["Date", "Name", "F/U date"]
    _sheets, path = book({"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Mia Chen", "m@x.org"]],
                          "Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bo Li", "2"]],
                          "Rosa": [head, ["11/2/2026", "Ana Ruiz", "11/10/2026"]],
                          "Mia": [head, ["11/3/2026", "Bo Li", "11/11/2026"]]}, "USER_ENTERED")
    dry = [line for line in _out(path, capsys, "sheets", "adopt", "--dry-run").splitlines() if "'Mia' →" in line]
    adopted = [line for line in _out(path, capsys, "sheets", "adopt").splitlines() if "'Mia' →" in line]
    assert dry and "recognised by its columns" in dry[0], dry
    assert adopted and "recognised by its columns" in adopted[0] and "adopted before" not in adopted[0], adopted


def test_o3b_a_renamed_turfbook_link_column_is_reported_with_no_blank_name(emulator, book, capsys):
    """o3b: 'Turfbook link' renamed 'Link' in an adopted 'Fotos': their 'Enlace' and 'Link' are both kept as
    theirs, each said plainly (no "its name is also one for ," and no "its values are not Turfbook's")."""
    from pathlib import Path

    from tests.integration.filing_support import inbox, upload
    from turfbook.demo import media_files
    from turfbook.workspace import connect

    fotos = [["Fecha", "Descripción", "Enlace", "Lugar"],
             ["11/2/2026", "calefacción rota", "https://photos.example/1", "Little Stars"]]
    sheets, path = book({"Contactos": [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"]], "Fotos": fotos}, "RAW")
    _out(path, capsys, "sheets", "adopt")
    ws = connect(book.config)
    upload(ws, inbox(ws)[1], "IMG_0001.JPG", media_files.jpeg("a"))
    _out(path, capsys, "run", "filing")
    header = sheets.read_tabs(["Fotos"])["Fotos"][0]
    sheets.write([CellWrite(f"'Fotos'!{chr(65 + header.index('Turfbook link'))}1", [["Link"]])], input_option="RAW")
    report = _out(path, capsys, "sheets", "adopt")
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "    - C 'Enlace': kept as your own column\n" in report, report
    assert "'Link': kept as your own column: Turfbook writes only under its own header, and uses its own " \
           "'Turfbook link'" in report, report
    assert "    - C 'Enlace': se queda como columna suya\n" in es, es
    assert "for ," not in report and "de ," not in es and "its values are not Turfbook's" not in report


def test_three_rows_alike_say_all_and_none_not_both_and_neither():
    from turfbook.schema.id_copies import alike_message

    text = alike_message([("Conversations", 2), ("Conversations", 3), ("Conversations", 4)], "C-000001", True, True)
    assert "rows 2, 3 and 4 all hold C-000001" in text and "it gives none of them a new ID" in text, text
    assert "tienen todas C-000001" in text and "a ninguna de ellas" in text and "both" not in text, text
    two = alike_message([("Conversations", 2), ("Conversations", 3)], "C-000001")
    assert "rows 2 and 3 both hold" in two and "gives neither" in two and "tienen ambas" in two, two


def test_a_cell_that_is_no_id_names_its_row_number_in_english_too(emulator, book, capsys):
    from tests.integration.test_adopt_fix21an import TABS, _check_out, _id_column

    sheets, path = book(TABS, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    sheets.write([CellWrite(f"'Convos'!{_id_column(sheets, 'Convos')}2", [["C-000001."]])], input_option="RAW")
    check = _check_out(path, capsys)
    assert "Conversations row 2: ID 'C-000001.' is not a C- ID" in check, check
    assert "Conversations fila 2: el ID 'C-000001.'" in check, check


def test_the_spanish_report_names_a_sheet_with_no_organizer_in_spanish(emulator, book, capsys):
    """'Mia' when two organizers are Mia: the .es.md line says Conversaciones and columna Organizador/a."""
    from pathlib import Path

    head = ["Date", "Name", "F/U date"]
    _sheets, path = book({"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Mia Chen", "m@x.org"],
                                    ["Mia Park", "p@x.org"]],
                          "Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bo Li", "2"]],
                          "Rosa": [head, ["11/2/2026", "Ana Ruiz", "11/10/2026"]],
                          "Mia": [head, ["11/3/2026", "Bo Li", "11/11/2026"]]}, "USER_ENTERED")
    _out(path, capsys, "sheets", "adopt")
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    line = [x for x in es.splitlines() if "'Mia': " in x and "varias hojas" in x]
    assert line and "Conversaciones, columna Organizador/a: 'Mia': Conversaciones está en varias hojas" in line[0], es
    assert "Conversations" not in line[0] and "columna Organizer" not in line[0], line
