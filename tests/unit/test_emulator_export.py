"""files.export's XLSX and PDF are well-formed files (every XML part parses; every PDF xref entry
points at its object), CSV quotes as Drive does."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from turfbook_emulator.drive import export
from turfbook_emulator.sheets import a1, new_book, requests, values


def _book():
    book = new_book("t")
    values.write(book, book.sheets[0], a1.parse_cells("A1"), [["a<b", "1"], ['say "hi"', "TRUE"], ["ñ (x)", ""]],
                 "USER_ENTERED")
    book, _ = requests.apply(book, [{"addSheet": {"properties": {"title": "Two & \"more\""}}}])
    values.recalc(book)
    return book


def test_xlsx_parts_are_well_formed_and_typed():
    with zipfile.ZipFile(io.BytesIO(export.xlsx(_book()))) as zf:
        parts = {name: ElementTree.fromstring(zf.read(name)) for name in zf.namelist()}  # noqa: S314 - our own bytes
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet2.xml"} <= set(parts)
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    cells = {c.get("r"): c for c in parts["xl/worksheets/sheet1.xml"].iter(f"{ns}c")}
    assert cells["B1"].find(f"{ns}v").text == "1" and cells["B2"].get("t") == "b"
    assert cells["A1"].find(f"{ns}is/{ns}t").text == "a<b"


def test_pdf_xref_points_at_every_object():
    data = export.pdf(_book())
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[start:start + 4] == b"xref"
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n ", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())


def test_csv_is_the_first_sheet_quoted():
    assert export.delimited(_book(), ",") == 'a<b,1\r\n"say ""hi""",TRUE\r\nñ (x),\r\n'.encode()
