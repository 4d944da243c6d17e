"""Jobs read an adopted workbook through its layout: `AdoptedSheets` wraps a Sheets so that reading
Turfbook's tabs (`read_tabs`, what every job's one values.batchGet goes through) reads the team's own
sheets instead and hands back the schema's tabs (adopt_layout.translate): their header row, wherever it
is, their column names, a tab per organizer, all resolved in that one place.

Writing is refused (AdoptionNotApplied) until Turfbook's service columns and IDs are in the team's
sheets: a job writes by ID into service columns, and an adopted sheet has neither yet. `--dry-run`
runs, which write nothing, work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from turfbook.schema.adopt_layout import Layout, translate
from turfbook.schema.loader import Schema
from turfbook.schema.text import fold

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

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheets, name)

    def read_tabs(self, titles: list[str], render: str = "UNFORMATTED_VALUE") -> dict[str, list[list[Any]]]:
        """One values.batchGet: the adopted tabs' own sheets, and the other titles as they are."""
        adopted = [t for t in titles if fold(t) in self._tabs]
        others = [t for t in titles if fold(t) not in self._tabs]
        real = [s.title for t in adopted for s in self.layout.of(self._tabs[fold(t)])]
        data = self._sheets.read_tabs(real + others, render)
        laid_out = translate(self.schema, self.layout, {t: data[t] for t in real})
        self.origins.update({self._tabs[fold(t)]: laid_out.origins.get(self._tabs[fold(t)], []) for t in adopted})
        return {**{t: laid_out.values.get(self._tabs[fold(t)], []) for t in adopted},
                **{t: data[t] for t in others}}

    def tab_titles(self) -> list[str]:
        titles = self._sheets.tab_titles()
        mine = {s.title for s in self.layout.sheets}
        return [t for t in titles if t not in mine] + sorted({s.tab for s in self.layout.sheets})

    def _refuse(self, *args, **kwargs):
        raise AdoptionNotApplied(
            "this workbook is adopted (DATA_DIR/adoption.yaml) but Turfbook's service columns and IDs are not in "
            "it yet, so Turfbook writes nothing to it: run jobs with --dry-run / Este libro está adoptado pero aún "
            "no tiene las columnas ni los ID de Turfbook: Turfbook no escribe en él; use --dry-run")

    write = batch_update = append_rows = _refuse


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
