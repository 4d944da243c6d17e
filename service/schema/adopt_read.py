"""Jobs read an adopted workbook through its layout: `AdoptedSheets` wraps a Sheets so that reading
Turfbook's tabs (`read_tabs`, what every job's one values.batchGet goes through) reads the team's own
sheets instead and hands back the schema's tabs (adopt_layout.translate): their header row, wherever it
is, their column names (found again by their header text at each read), a tab per organizer, all
resolved in that one place.

Writing: the guarded paths (ids.apply_ids through `id_places`, which says where each sheet's header
and columns are) and the service tabs (`_Turfbook …`, Problems) are written as in Turfbook's own
workbook. A positional values write into one of the team's own sheets is refused (AdoptionNotApplied):
no job ever addresses a cell of a tab people edit by position. New rows (the field job's
`append_rows`) are not supported in an adopted workbook yet: refused with a clear error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from turfbook.schema.adopt_layout import Layout, SheetLayout, translate
from turfbook.schema.cells import cell_text
from turfbook.schema.id_places import Places
from turfbook.schema.ids import IdPlan, IdWrite, content_key
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.model import Problem
from turfbook.schema.service_tabs import views_of
from turfbook.schema.text import fold
from turfbook.workspace.errors import BadRequest

ADOPTION_FILE = "adoption.yaml"


class AdoptionNotApplied(RuntimeError):
    pass


class AdoptedSheets:
    def __init__(self, sheets, schema: Schema, layout: Layout):
        self._sheets = sheets
        self.schema = schema
        self.layout = layout
        self._tabs = {fold(s.tab): s.tab for s in layout.sheets}
        self.origins: dict[str, list[tuple[str, int]]] = {}    # tab -> (sheet, row) of each row last read
        self.raw: dict[str, list[list[Any]]] = {}              # sheet title -> its cells as last read
        self.renamed: dict[str, str | None] = {}               # stored title -> its title now (None: deleted)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheets, name)

    @property
    def adopted_tabs(self) -> set[str]:
        """Turfbook's tabs this workbook holds in sheets of its own (read through `read_tabs`)."""
        return {s.tab for s in self.layout.sheets}

    @property
    def id_places(self) -> AdoptedPlaces:
        return AdoptedPlaces(self.schema, self)

    def read_tabs(self, titles: list[str], render: str = "UNFORMATTED_VALUE") -> dict[str, list[list[Any]]]:
        """One values.batchGet: the adopted tabs' own sheets, and the other titles as they are. A sheet
        staff renamed since the adoption (400 "Unable to parse range") is found again by its sheetId
        (`retitle`) and read under its title now."""
        try:
            return self._read_tabs(titles, render)
        except BadRequest as exc:
            named = any(s.title in str(exc) for s in self.layout.sheets if s.sheet_id is not None)
            if not named or not self.retitle():   # another tab missing (Settings…): the caller's fallback
                raise
            return self._read_tabs(titles, render)

    def retitle(self) -> bool:
        """The stored sheets found again by their sheetId (one spreadsheets.get): a renamed one takes its
        title now, a deleted one is dropped (`renamed`: old title -> new, or None). Whether any changed."""
        now = {s["properties"]["sheetId"]: s["properties"]["title"]
               for s in self._sheets.metadata("sheets.properties(sheetId,title)").get("sheets", [])}
        kept, changed = [], False
        for sheet in self.layout.sheets:
            title = now.get(sheet.sheet_id) if sheet.sheet_id is not None else sheet.title
            if title != sheet.title:
                self.renamed[sheet.title] = title
                changed = True
            if title is not None:
                sheet.title = title
                kept.append(sheet)
        self.layout.sheets = kept
        return changed

    def _read_tabs(self, titles: list[str], render: str) -> dict[str, list[list[Any]]]:
        adopted = [t for t in titles if fold(t) in self._tabs]
        others = [t for t in titles if fold(t) not in self._tabs]
        real = [s.title for t in adopted for s in self.layout.of(self._tabs[fold(t)])]
        data = self._sheets.read_tabs(real + others, render)
        self.raw.update({t: data[t] for t in real})
        laid_out = translate(self.schema, self.layout, {t: data[t] for t in real})
        self.origins.update({self._tabs[fold(t)]: laid_out.origins.get(self._tabs[fold(t)], []) for t in adopted})
        return {**{t: laid_out.values.get(self._tabs[fold(t)], []) for t in adopted},
                **{t: data[t] for t in others}}

    def service_gaps(self) -> list[Problem]:
        """Each adopted sheet read (`read_tabs`) whose Turfbook columns (the ID, and each column its hidden
        tabs show) are missing or show an error (#REF!: staff deleted the ID column or a hidden tab): its
        values are not shown there, so a job says so and how to repair it (a21c finding 16). Pure."""
        out = []
        for s in self.layout.sheets:
            rows = self.raw.get(s.title)
            if not rows:
                continue
            tab = self.schema.tab(s.tab)
            shown = {k for k, _ in views_of(tab.name, [c.key for c in tab.columns])}
            want = [c for c in tab.columns if c.service and (c.key == "id" or c.key in shown)]
            at = s.current(rows[s.locate_header(rows) - 1])
            missing = [s.header_of(tab, c.key) for c in want if c.key not in at]
            if missing:
                out.append(Problem("schema", s.tab, None, None, (
                    f"'{s.title}': Turfbook's column(s) {', '.join(missing)} are missing or show #REF! (deleted, "
                    "or their ID column or hidden tab was); what Turfbook writes for them does not show. Run "
                    "`turfbook sheets adopt` to repair them (nothing of yours is changed)."), "service_column_missing"))
        return out

    def tab_titles(self) -> list[str]:
        titles = self._sheets.tab_titles()
        mine = {s.title for s in self.layout.sheets}
        return [t for t in titles if t not in mine] + sorted({s.tab for s in self.layout.sheets})

    def write(self, writes, *args, **kwargs):
        """Values writes to Turfbook's own tabs (service tabs, Problems); never by position into theirs."""
        mine = {s.title for s in self.layout.sheets} | {s.tab for s in self.layout.sheets}
        aimed = [w.range for w in writes if _title_of(w.range) in mine]
        if aimed:
            raise AdoptionNotApplied(
                f"refused a positional write into your own sheet ({aimed[0]}): in an adopted workbook Turfbook "
                "writes only IDs (guarded) and its own tabs / rechazada una escritura por posición en su propia "
                f"hoja ({aimed[0]}): en un libro adoptado Turfbook solo escribe ID (protegidos) y sus propias pestañas")
        return self._sheets.write(writes, *args, **kwargs)

    def append_rows(self, *args, **kwargs):
        raise AdoptionNotApplied(
            "refused an unguarded append into an adopted workbook: new rows go through row_appends (guarded) / "
            "rechazado: las filas nuevas de un libro adoptado pasan por row_appends (protegido)")

    def split_writes(self, tab: str, writes: list) -> list[tuple[str, str, list]] | None:
        """row_writes.write_rows into logical tab `tab`: every sheet of it, each with the writes' cells under
        its own header texts (the rows are found there by ID); None when `tab` is not adopted."""
        sheets = self.layout.of(self._tabs.get(fold(tab), ""))
        if not sheets:
            return None
        return [(s.title, self._header_of(s, "id"), [_with_cells(w, self._cells(s, w.cells)) for w in writes])
                for s in sheets]

    def split_appends(self, tab: str, rows: list) -> list[tuple[str, str, list]] | None:
        """row_appends.append_rows into logical tab `tab`: each new row to the sheet of its organizer (a tab
        per organizer), else the first sheet that names no organizer, else the first; its cells under that
        sheet's own header texts. A value for a column the sheet does not have is not written."""
        sheets = self.layout.of(self._tabs.get(fold(tab), ""))
        if not sheets:
            return None
        organizer = self.schema.tab(sheets[0].tab).column("organizer").header \
            if any(c.key == "organizer" for c in self.schema.tab(sheets[0].tab).columns) else None
        parts: dict[str, list] = {}
        for row in rows:
            who = fold(cell_text(row.cells.get(organizer, ""))) if organizer else ""
            sheet = next((s for s in sheets if s.organizer and fold(s.organizer) == who), None) \
                or next((s for s in sheets if not s.organizer), sheets[0])
            parts.setdefault(sheet.title, []).append(_with_cells(row, self._cells(sheet, row.cells)))
        by_title = {s.title: s for s in sheets}
        return [(t, self._header_of(by_title[t], "id"), r) for t, r in parts.items()]

    def _header_of(self, sheet: SheetLayout, key: str) -> str:
        at = sheet.mapping.get(key)
        return sheet.columns[at].text if at is not None else self.schema.tab(sheet.tab).column(key).header

    def _cells(self, sheet: SheetLayout, cells: dict[str, Any]) -> dict[str, Any]:
        """Cells keyed by Turfbook's header texts -> keyed by this sheet's own; the organizer a tab per
        organizer implies and columns the sheet lacks are left out."""
        tab = self.schema.tab(sheet.tab)
        out: dict[str, Any] = {}
        for name, value in cells.items():
            column = next((c for c in tab.columns if fold(c.header) == fold(name)), None)
            if column is not None and column.key in sheet.mapping:
                out[sheet.columns[sheet.mapping[column.key]].text] = value
        return out


def _with_cells(write, cells: dict[str, Any]):
    from dataclasses import replace

    return replace(write, cells=cells)


def _title_of(a1_range: str) -> str:
    title = a1_range.rsplit("!", 1)[0] if "!" in a1_range else a1_range
    return title[1:-1].replace("''", "'") if title.startswith("'") and title.endswith("'") else title


class AdoptedPlaces(Places):
    """ids.Places for an adopted workbook: the sheets are the team's, each with its own header row, its
    columns found by their header text as they are now (SheetLayout.current), and the plan's rows
    (read as Turfbook's tabs) located on their sheets through the read's origins."""

    def __init__(self, schema: Schema, adopted: AdoptedSheets):
        super().__init__(schema)
        self.adopted = adopted
        self.sheets = {s.title: s for s in adopted.layout.sheets}

    def _sheet(self, title: str) -> SheetLayout | None:
        return self.sheets.get(title)

    def tab(self, title: str) -> Tab:
        sheet = self._sheet(title)
        return self.schema.tab(sheet.tab if sheet else title)

    def header_row(self, title: str) -> int:
        """The sheet's header row where it is now in the last read (rows inserted or deleted above it since
        the adoption: SheetLayout.locate_header), the stored one before any read."""
        sheet = self._sheet(title)
        if sheet is None:
            return 1
        rows = self.adopted.raw.get(title)
        return sheet.locate_header(rows) if rows else sheet.header_row

    def columns(self, title: str, header: list) -> dict[str, int]:
        sheet = self._sheet(title)
        return sheet.current(header) if sheet else super().columns(title, header)

    def locate(self, plan: IdPlan) -> IdPlan:
        out = IdPlan(problems=plan.problems)
        for w in plan.writes:
            origins = self.adopted.origins.get(w.tab)
            if origins is None:
                out.writes.append(w)            # one of Turfbook's own tabs
                continue
            title, number = origins[w.row_number - 2]
            sheet, rows = self.sheets[title], self.adopted.raw.get(title, [])
            top = sheet.locate_header(rows)
            if len(rows) < number or len(rows) < top:
                continue
            columns = sheet.current(rows[top - 1])
            if "id" not in columns:
                continue                        # no ID column on this sheet (yet): `turfbook sheets adopt`
            cells = rows[number - 1]
            raw = {k: cells[i] for k, i in columns.items() if i < len(cells)}
            old = cell_text(raw.get("id", "")) or None
            out.writes.append(IdWrite(title, number, columns["id"], w.new_id, old,
                                      content_key(self.tab(title), raw), w.row))
        return out


def view_for(config, schema: Schema | None = None):
    """A `Workspace.sheets_view` for this config: AdoptedSheets over the adopted spreadsheet, or None when
    DATA_DIR/adoption.yaml does not exist."""
    path = Path(config.data_dir) / ADOPTION_FILE
    if not path.is_file():
        return None
    from turfbook.schema.adopt import load_layout, stored_spreadsheet
    from turfbook.schema.loader import load_schema

    layout, spreadsheet_id = load_layout(path), stored_spreadsheet(path)
    schema = schema or load_schema(Path(config.schema_dir) / "workbook.yaml")

    def view(sheets):
        return AdoptedSheets(sheets, schema, layout) if sheets.spreadsheet_id == spreadsheet_id else sheets
    return view
