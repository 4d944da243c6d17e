"""Which view of the workbook the jobs read: an adopted workbook through its stored mapping (`view_for`),
a tab added after the adoption named (`not_adopted`), a mapping for another spreadsheet refused.

Every job asks here, so the adoption's own modules (adopt_read and what it brings: ~25 ms of CPU) are imported
only for a workbook that has a stored adoption (issue 22, the CLI's imports): Turfbook's own never loads them."""

from __future__ import annotations

from pathlib import Path

from turfbook.config_error import ConfigError
from turfbook.schema.adopt_file import ADOPTION_FILE
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem


def not_adopted(sheets, job: str) -> list[Problem]:
    """A problem for each sheet of an adopted workbook that the adoption did not see (a tab added since, like
    "Convos - Mia" duplicated from "Convos - Rosa"): never silently skipped. One spreadsheets.get of the
    titles, unless the job already made one through `sheets`. Not an adopted workbook: none."""
    if getattr(sheets, "layout", None) is None:      # not adopted (an AdoptedSheets has its layout): as held.py
        return []
    from turfbook.schema.adopt_tabs import service_tabs, turfbook_titles

    titles = sheets.titles_seen
    if titles is None:
        titles = [s["properties"]["title"] for s in sheets._sheets.metadata("sheets.properties.title")
                  .get("sheets", [])]
    layout = sheets.layout
    known = ({s.title for s in layout.sheets} | set(layout.ignored) | set(layout.own.theirs)
             | turfbook_titles(layout.own)
             | {t.name for t in service_tabs(sheets.schema) if t.name not in sheets.renamed}   # an older mapping
             | ({layout.settings.title} if layout.settings else set()))         # theirs read as Settings
    return [Problem(job, title, None, None, f"tab '{title}' is not adopted: run `turfbook sheets adopt` (its rows are "
                    f"not read until then) / la pestaña '{title}' no está adoptada: ejecute `turfbook sheets adopt` "
                    "(sus filas no se leen hasta entonces)", "not_adopted")
            for title in titles if title not in known and title not in sheets._back
            and not title.startswith("\u0000")]


def view_for(config, schema: Schema | None = None):
    """A `Workspace.sheets_view` for this config: AdoptedSheets over the adopted spreadsheet, or None when
    DATA_DIR/adoption.yaml does not exist."""
    stored = stored_layout(config, schema)
    if stored is None:
        return None
    layout, spreadsheet_id, schema = stored
    path = Path(config.data_dir) / ADOPTION_FILE
    configured = config.google.spreadsheet_id
    from turfbook.schema.adopt_read import AdoptedSheets
    from turfbook.schema.adopt_sorted import RowKeys

    keys = RowKeys(config.data_dir)

    def view(sheets):
        if sheets.spreadsheet_id == spreadsheet_id:
            return AdoptedSheets(sheets, schema, layout, row_keys=keys)
        if sheets.spreadsheet_id == configured:        # the jobs' workbook is not the one adopted: say so
            raise ConfigError(other_spreadsheet(path, spreadsheet_id, configured))
        return sheets
    return view


def stored_layout(config, schema: Schema | None = None):
    """(the stored layout, its spreadsheet ID, the schema), or None when DATA_DIR/adoption.yaml does not exist.
    No API call."""
    path = Path(config.data_dir) / ADOPTION_FILE if config.data_dir else None
    if path is None or not path.is_file():
        return None
    from turfbook.schema.adopt import load_layout, stored_spreadsheet
    from turfbook.schema.adopt_translate import title_named
    from turfbook.schema.loader import load_schema

    layout, spreadsheet_id = load_layout(path), stored_spreadsheet(path)
    schema = schema or load_schema(Path(config.schema_dir) / "workbook.yaml")
    for sheet in layout.sheets:              # the organizer a title names, even one not on the Organizers tab:
        known = [sheet.organizer] if sheet.organizer else []           # that sheet is hers (adopt_homes); by the
        sheet.from_title = title_named(sheet.title, schema, known)[1]  # one title rule ("convos - mia": Mia Chen)
    return layout, spreadsheet_id, schema


def other_spreadsheet(path: Path, adopted: str, configured: str) -> str:
    """A mapping for spreadsheet B while google.spreadsheet_id is A (EN/ES): which key to set."""
    return (f"{path} maps spreadsheet {adopted} (`turfbook sheets adopt`), but google.spreadsheet_id is "
            f"{configured}: set google.spreadsheet_id to {adopted} to run on the adopted workbook, or run "
            f"`turfbook sheets adopt` for {configured} (or remove {path.name} to use it as Turfbook's own) / "
            f"{path} corresponde a la hoja {adopted} (`turfbook sheets adopt`), pero google.spreadsheet_id es "
            f"{configured}: ponga google.spreadsheet_id en {adopted} para trabajar sobre el libro adoptado, o "
            f"ejecute `turfbook sheets adopt` para {configured} (o quite {path.name} para usarla como libro de "
            "Turfbook)")


def adopted_tabs(config, schema: Schema | None = None) -> dict[str, list[tuple[str, int | None]]]:
    """Schema tab -> the team's own sheets (title as adopted, sheetId) the stored adoption of the configured
    spreadsheet maps to it (none when there is no adoption, or it is of another spreadsheet): `sheets init`
    never adds a twin of those, and names each by its title now (a21n 10: renamed since). Their settings tab
    read as Settings ('Ajustes', adopt_settings) counts too."""
    stored = stored_layout(config, schema)
    if stored is None or stored[1] != config.google.spreadsheet_id:
        return {}
    out: dict[str, list[tuple[str, int | None]]] = {}
    for sheet in stored[0].sheets:
        out.setdefault(sheet.tab, []).append((sheet.title, sheet.sheet_id))
    settings = stored[0].settings                 # their 'Ajustes' read as Settings: no second one (a21n 7)
    if settings is not None:
        out["Settings"] = [(settings.title, settings.sheet_id)]
    return out
