"""Issue 21, outside tester a21n (the fix21ap group): adoption and the Media log that filing writes, through the
real CLI against the emulator.

n8. check's advice on an adopted workbook (`sheets init`, then `sheets adopt`): the Media tab init made (Turfbook's
    exact headers) is Turfbook's, never adopted as the team's (no "kept as your own column … Turfbook uses its own
    'Turfbook drive file'"), and `run filing` files the photo under Media's headers, every night. No RecursionError
    ever: a logical tab kept in a sheet of the same title ('Media') is written once, not split again.
n12. The team's own photo list 'Fotos' (Fecha | Descripción | Enlace | Lugar) adopted as Media: every column filing
    writes is added at the right (said in the report, EN/ES) and filing logs the whole record there, their cells
    untouched; their rows get IDs. A Media sheet lacking a column filing writes (the adoption could not add it):
    filing refuses with a problem naming the sheet and the columns, the file stays in the inbox, no half row."""

from __future__ import annotations

from tests.integration.filing_support import inbox, upload
from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from turfbook.cli import main
from turfbook.demo import media_files
from turfbook.workspace import connect

BOOK = {"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"]],
        "Contactos": [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"]],
        "Convos": [["Date", "Name", "F/U date"], ["11/2/2026", "Ana Núñez", "11/17/2026"]]}
FOTOS = [["Fecha", "Descripción", "Enlace", "Lugar"],
         ["11/2/2026", "calefacción rota", "https://photos.example/1", "Little Stars"],
         ["11/3/2026", "moho en el baño", "https://photos.example/2", "Sunshine"]]


def _run(path: str, capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["--config", path, *args])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def _grid(sheets, title: str) -> list[list[str]]:
    rows = sheets.read_tabs([title])[title]
    width = max(map(len, rows))
    return [[str(c) for c in r] + [""] * (width - len(r)) for r in rows]


def _upload(made, name: str = "IMG_4821.JPG", **props) -> tuple:
    ws = connect(made.config)
    drive, inbox_id = inbox(ws)
    upload(ws, inbox_id, name, media_files.jpeg(name), organizer="Rosa Díaz", **props)
    return drive, inbox_id


def _inbox(drive, inbox_id: str) -> list[str]:
    return [f["name"] for f in drive.files_in(inbox_id) if f["name"].endswith(".JPG")]


def test_the_media_tab_init_made_is_turfbooks_and_filing_works_after_the_advice(emulator, book, capsys):  # noqa: F811
    sheets, path = book(BOOK, "USER_ENTERED")
    _run(path, capsys, "sheets", "adopt")
    _run(path, capsys, "sheets", "init")
    rc, report = _run(path, capsys, "sheets", "adopt")
    assert rc == 0 and "Turfbook uses its own 'Turfbook" not in report, report
    drive, inbox_id = _upload(book)
    for night in (1, 2):
        rc, out = _run(path, capsys, "run", "filing")
        assert rc == 0 and "RecursionError" not in out, (night, out)
    assert _inbox(drive, inbox_id) == []
    media = _grid(sheets, "Media")
    assert media[0][:3] == ["ID", "Drive file", "Original name"] and len(media) == 2, media
    row = dict(zip(media[0], media[1], strict=True))
    assert row["ID"] == "M-000001" and row["Original name"] == "IMG_4821.JPG" and row["Status"] == "needs review", row
    assert row["Folder"] and row["Link"].startswith("https://drive.google.com/file/d/"), row


def test_the_teams_fotos_tab_gets_every_column_filing_writes_and_the_whole_record(emulator, book, capsys):  # noqa: F811
    sheets, path = book({**BOOK, "Fotos": FOTOS}, "RAW")
    rc, report = _run(path, capsys, "sheets", "adopt")
    added = next(line for line in report.splitlines() if line.startswith("- 'Fotos': "))
    assert "T Turfbook link" in added and "R Turfbook status" in added and "F Turfbook drive file" in added, added
    assert "C 'Enlace': kept as your own column: Turfbook writes only under its own header, and uses its own " \
           "'Turfbook link'" in report and "T 'Turfbook link' → Link" in report, report
    problems = report.split("## Problems to fix")[1]
    assert "'Fotos' (Media): its 2 row(s) hold values only in your own columns ('Fecha', 'Descripción', " \
           "'Enlace', 'Lugar')" in problems and "they get no ID" in problems, problems
    _, es = _run(path, capsys, "sheets", "adopt", "--dry-run", "--language", "es")
    assert "T 'Turfbook link' → " in es and "sus 2 fila(s) solo tienen valores en columnas suyas" in es, es
    _, init = _run(path, capsys, "sheets", "init")             # check's advice: no empty Media beside 'Fotos'
    assert "Media" not in [s["properties"]["title"] for s in sheets.metadata("sheets.properties")["sheets"]], init
    fotos = _grid(sheets, "Fotos")
    assert [r[:4] for r in fotos[:3]] == FOTOS, fotos
    assert fotos[0][4:] == ["ID"] + [f"Turfbook {h}" for h in (
        "drive file", "original name", "filed name", "folder", "captured at", "capture source", "uploaded by",
        "worksite", "worksite name", "person", "person name", "issue", "status", "reason", "link", "md5",
        "filed at")] + ["Notes"], fotos[0]
    drive, inbox_id = _upload(book, note="la calefacción sigue rota")
    for night in (1, 2):
        rc, out = _run(path, capsys, "run", "filing")
        assert rc == 0, (night, out)
    assert _inbox(drive, inbox_id) == []
    fotos = _grid(sheets, "Fotos")
    assert [r[:4] for r in fotos[:3]] == FOTOS and len(fotos) == 4, fotos
    row = dict(zip(fotos[0], fotos[3], strict=True))
    assert row["ID"] == "M-000001" and row["Turfbook original name"] == "IMG_4821.JPG", row
    assert row["Turfbook status"] == "needs review" and row["Turfbook folder"], row
    assert row["Turfbook link"].startswith("https://drive.google.com/file/d/") and row["Enlace"] == "", row
    assert row["Notes"] == "la calefacción sigue rota", row
    _, again = _run(path, capsys, "sheets", "adopt")
    assert "Columns Turfbook adds at the right: none" in again.split("- 'Fotos' → ")[1], again


def test_filing_refuses_a_media_sheet_lacking_a_column_it_writes(emulator, book, capsys):  # noqa: F811
    """Staff deleted Turfbook's 'Turfbook folder' column after the adoption: no half row, the file waits."""
    sheets, path = book({**BOOK, "Fotos": FOTOS}, "RAW")
    _run(path, capsys, "sheets", "adopt")
    at = _grid(sheets, "Fotos")[0].index("Turfbook folder")
    sheet_id = next(s["properties"]["sheetId"] for s in sheets.metadata("sheets.properties")["sheets"]
                    if s["properties"]["title"] == "Fotos")
    sheets.batch_update([{"deleteDimension": {"range": {"sheetId": sheet_id, "dimension": "COLUMNS",
                                                        "startIndex": at, "endIndex": at + 1}}}])
    before = _grid(sheets, "Fotos")
    drive, inbox_id = _upload(book)
    rc, out = _run(path, capsys, "run", "filing")
    assert rc == 1 and "RecursionError" not in out, out
    assert "'Fotos' lacks 'Turfbook folder'" in out and "sheets adopt" in out and "le falta" in out, out
    assert _inbox(drive, inbox_id) == ["IMG_4821.JPG"], out
    assert _grid(sheets, "Fotos") == before
    problems = _grid(sheets, "Problems")
    assert any("'Fotos' lacks 'Turfbook folder'" in c for r in problems for c in r), problems
    _run(path, capsys, "sheets", "adopt")                     # adopt adds it back; the next night files
    rc, out = _run(path, capsys, "run", "filing")
    assert rc == 0 and _inbox(drive, inbox_id) == [], out
    fotos = _grid(sheets, "Fotos")
    row = dict(zip(fotos[0], fotos[3], strict=True))
    assert row["Turfbook folder"] and row["Turfbook original name"] == "IMG_4821.JPG", row
