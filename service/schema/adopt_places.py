"""Where IDs go in an adopted workbook (ids.Places over the team's own sheets): each sheet's header row
where it is now, its columns found by header text, the plan's rows located through the read's origins."""

from __future__ import annotations

from turfbook.schema.adopt_layout import SheetLayout
from turfbook.schema.adopt_read import AdoptedSheets
from turfbook.schema.cells import cell_text
from turfbook.schema.id_places import Places
from turfbook.schema.ids import IdPlan, IdWrite, content_key
from turfbook.schema.loader import Schema, Tab


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
        if sheet is None:
            return super().columns(title, header)
        rows, top = self.adopted.raw.get(title) or [], self.header_row(title)     # a group row above: as last read
        return sheet.current(sheet.with_group(rows[top - 2] if 1 < top <= len(rows) else [], header),
                             self.schema.tab(sheet.tab))

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
            columns = sheet.current(sheet.header_at(rows, top), self.schema.tab(sheet.tab))
            if "id" not in columns:
                continue                        # no ID column on this sheet (yet): `turfbook sheets adopt`
            cells = rows[number - 1]
            raw = {k: cells[i] for k, i in columns.items() if i < len(cells)}
            old = cell_text(raw.get("id", "")) or None
            out.writes.append(IdWrite(title, number, columns["id"], w.new_id, old,
                                      content_key(self.tab(title), raw), w.row))
        return out


