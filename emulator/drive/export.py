"""files.export of a spreadsheet: CSV and TSV of the first sheet (as Drive exports them), XLSX of
every sheet and PDF, built from the cells' formatted values.

XLSX is a minimal Office Open XML workbook (inline strings, numbers as numbers) and PDF a plain
text listing of each sheet: both are valid files a reader opens, not Google's rendering (no
formats, merges, charts; docs/emulator.md). Drive refuses exports over 10 MB with 403
exportSizeLimitExceeded.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.sax.saxutils import escape

from turfbook_emulator.sheets import a1, values
from turfbook_emulator.sheets.model import Book, Sheet

CSV, TSV = "text/csv", "text/tab-separated-values"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
ODS = "application/x-vnd.oasis.opendocument.spreadsheet"
FORMATS = (CSV, TSV, XLSX, PDF)
LIMIT = 10 * 1024 * 1024


def grid(sheet: Sheet, render: str = "FORMATTED_VALUE") -> list[list]:
    rows, cols = sheet.data_extent()
    if not rows:
        return []
    got = values.read(sheet, a1.Span(0, 0, rows, cols), render).get("values", [])
    return [row + [""] * (cols - len(row)) for row in got] + [[""] * cols for _ in range(rows - len(got))]


def delimited(book: Book, delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in grid(book.sheets[0]) if book.sheets else []:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _cell(ref: str, value) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if value in ("", None):
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def xlsx(book: Book) -> bytes:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(book.sheets)))
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/xl/workbook.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>")
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{rel_ns}/officeDocument" Target="xl/workbook.xml"/>'
                    "</Relationships>")
        sheets = "".join(f'<sheet name="{escape(s.title, {chr(34): "&quot;"})}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                         for i, s in enumerate(book.sheets))
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} '
                                       f'xmlns:r="{rel_ns}"><sheets>{sheets}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{rel_ns}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                       for i in range(len(book.sheets)))
        zf.writestr("xl/_rels/workbook.xml.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                    f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for i, sheet in enumerate(book.sheets):
            rows = "".join(
                f'<row r="{r + 1}">' + "".join(_cell(a1.cell_name(r, c), v) for c, v in enumerate(row)) + "</row>"
                for r, row in enumerate(grid(sheet, "UNFORMATTED_VALUE")))
            head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            zf.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                        f"{head}<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>")
    return buffer.getvalue()


def _pdf_text(text: str) -> str:
    latin = text.encode("latin-1", "replace").decode("latin-1")
    return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(book: Book) -> bytes:
    """One page per 60 lines: each sheet's title, then its rows with cells separated by spaces."""
    lines: list[str] = []
    for sheet in book.sheets:
        lines.append(sheet.title)
        lines += ["  ".join(str(v) for v in row) for row in grid(sheet)]
        lines.append("")
    pages = [lines[i:i + 60] for i in range(0, max(len(lines), 1), 60)] or [[]]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        text = "BT /F1 9 Tf 40 800 Td 12 TL " + " ".join(f"({_pdf_text(line[:150])}) '" for line in page) + " ET"
        stream = text.encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{text}\nendstream")
        content_id = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(out.tell())
        out.write(f"{i + 1} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def export(book: Book, mime: str) -> bytes:
    if mime == CSV:
        return delimited(book, ",")
    if mime == TSV:
        return delimited(book, "\t")
    if mime == XLSX:
        return xlsx(book)
    return pdf(book)
