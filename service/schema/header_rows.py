"""Where a tab's header row is, for the guarded row writes (row_writes, row_appends): row 1 in Turfbook's
own tabs; an adopted workbook's own (issue 21: a header under a merged title), through its `id_places`
(schema/adopt_read.py)."""

from __future__ import annotations

from turfbook.workspace import a1


def header_row(sheets, title: str) -> int:
    places = getattr(sheets, "id_places", None)
    return places.header_row(title) if places is not None else 1


def header_range(sheets, title: str) -> str:
    row = header_row(sheets, title)
    return f"{a1.quote_sheet(title)}!{row}:{row}"
