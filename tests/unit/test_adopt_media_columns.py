"""Issue 21, a21n 4 and 5, pure parts: the Media tab init made is Turfbook's; a team's photo tab adopted as Media
gets every column filing writes (named "Turfbook …"); rows holding nothing Turfbook reads are said."""

from __future__ import annotations

from turfbook.jobs.media_tab import COLUMNS, NEW_ROW_ONLY
from turfbook.schema import load_schema
from turfbook.schema.adopt_gaps import lacking
from turfbook.schema.adopt_layout import plan_layout
from turfbook.schema.adopt_read import AdoptedSheets
from turfbook.schema.adopt_service_columns import made_by_turfbook, row_written
from turfbook.schema.adopt_unread import unread

SCHEMA = load_schema()
MEDIA = SCHEMA.tab("Media")
OURS = [c.header for c in MEDIA.columns]
FOTOS = [["Fecha", "Descripción", "Enlace", "Lugar"],
         ["11/2/2026", "calefacción rota", "https://photos.example/1", "Little Stars"]]


def test_row_written_is_what_filing_writes():
    assert set(row_written(MEDIA)) == set(COLUMNS + NEW_ROW_ONLY) - {"id"}
    assert row_written(SCHEMA.tab("People")) == [] and row_written(SCHEMA.tab("Conversations")) == []


def test_a_tab_with_turfbooks_exact_headers_is_turfbooks_a_teams_is_not():
    assert made_by_turfbook(MEDIA, OURS, [])
    assert made_by_turfbook(MEDIA, OURS, [["M-000001"]])
    assert made_by_turfbook(MEDIA, [h for h in OURS if h != "Folder"], [])     # staff deleted one since
    assert not made_by_turfbook(MEDIA, OURS, [["101"]])                         # their own numbers under ID
    assert not made_by_turfbook(MEDIA, FOTOS[0] + ["ID"], [])
    assert not made_by_turfbook(MEDIA, OURS[:5], [])                            # a few alike headers
    assert not made_by_turfbook(SCHEMA.tab("People"), [c.header for c in SCHEMA.tab("People").columns], [])


def test_the_media_tab_init_made_keeps_every_column_as_turfbooks():
    layout = plan_layout(SCHEMA, {"Media": [OURS]})
    [sheet] = layout.of("Media")
    assert sheet.made and not sheet.theirs and sheet.to_add(MEDIA) == []
    assert set(sheet.mapping) == {c.key for c in MEDIA.columns}


def test_a_teams_photo_tab_gets_every_column_filing_writes_named_turfbooks():
    layout = plan_layout(SCHEMA, {"Fotos": FOTOS})
    [sheet] = layout.of("Media")
    added = [sheet.header_of(MEDIA, k) for k, _ in sheet.to_add(MEDIA)]
    assert added[0] == "ID" and "Turfbook link" in added and "Turfbook worksite" in added and added[-1] == "Notes"
    assert {k for k, _ in sheet.to_add(MEDIA)} == set(COLUMNS + NEW_ROW_ONLY)
    [problem] = unread(SCHEMA, layout, {"Fotos": FOTOS})
    assert problem.kind == "rows_not_read" and "its 1 row(s)" in problem.message and "sus 1 fila(s)" in problem.message


def test_lacking_names_each_sheet_and_column():
    layout = plan_layout(SCHEMA, {"Fotos": FOTOS})

    view = AdoptedSheets(None, SCHEMA, layout)
    view.raw = {"Fotos": FOTOS}          # as its read left it
    [(title, headers)] = lacking(view, MEDIA, list(COLUMNS), {})
    assert title == "Fotos" and "Turfbook drive file" in headers and "ID" in headers
    assert lacking(object(), MEDIA, ["link", "folder"], {"link": 3}) == [("Media", ["Folder"])]
