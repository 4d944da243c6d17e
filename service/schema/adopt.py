"""`turfbook sheets adopt`: recognise a team's existing workbook. Three reads, no write to the sheet.

Calls: ONE spreadsheets.get (every sheet's title, frozen rows, merges, filter) + ONE values.batchGet
(every sheet's cells) + ONE values.batchGet of the top rows as typed (FORMULA: Turfbook's header
formulas, so a team's own "Status" column is never taken for Turfbook's). From them the pure steps:
adopt_layout.plan_layout (which sheet is which tab,
where the header is, which column is which), adopt_values.value_problems (each value the schema
cannot read), adopt_report (the director's report, EN/ES). The layout is stored as YAML
(`adopt_layout.to_data`) for the jobs to read through (`read_adopted`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from turfbook.schema.adopt_gaps import needed_columns
from turfbook.schema.adopt_groups import merged_rows
from turfbook.schema.adopt_layout import HEADER_ROWS, Layout, SheetLayout, plan_layout, to_data
from turfbook.schema.adopt_nameless import nameless
from turfbook.schema.adopt_report import AdoptionReport
from turfbook.schema.adopt_settings import settings_problems, stored_settings
from turfbook.schema.adopt_tabs import OwnTabs
from turfbook.schema.adopt_translate import Translated, translate
from turfbook.schema.adopt_unread import unread
from turfbook.schema.adopt_values import value_problems
from turfbook.schema.header_match import Match
from turfbook.schema.loader import Schema
from turfbook.schema.service_tabs import header_of_formula, with_service_headers
from turfbook.workspace import a1
from turfbook.yamlfile import load_yaml

FIELDS = ("properties(locale),"
          "sheets(properties(sheetId,title,gridProperties(frozenRowCount,rowCount)),merges,basicFilter(range))")


@dataclass
class Adoption:
    spreadsheet_id: str
    layout: Layout
    report: AdoptionReport
    raw: dict[str, list[list[Any]]]
    formulas: dict[str, list[list[Any]]] = field(default_factory=dict)   # each sheet's top rows as typed

    def typed_headers(self) -> dict[str, list[Any]]:
        """Each adopted sheet's header row as typed (FORMULA render): Turfbook's header formulas."""
        out = {}
        for s in self.layout.sheets:
            top = self.formulas.get(s.title) or []
            out[s.title] = top[s.header_row - 1] if len(top) >= s.header_row else []
        return out

    def broken(self) -> dict[str, set[int]]:
        """Each adopted sheet's header cells holding Turfbook's header formula but showing an error (#REF!:
        staff deleted the ID column or the hidden tab it looks up): adopt_repair writes them again."""
        out = {}
        for s in self.layout.sheets:
            rows, typed = self.raw.get(s.title) or [], self.typed_headers().get(s.title) or []
            shown = rows[s.header_row - 1] if len(rows) >= s.header_row else []
            cells = {i for i, f in enumerate(typed) if header_of_formula(f) is not None
                     and (i >= len(shown) or str(shown[i]).startswith("#") or "#REF!" in str(f).upper())}
            if cells:
                out[s.title] = cells
        return out

    def data(self) -> dict:
        return to_data(self.layout, self.spreadsheet_id)


def read_sheets(sheets) -> tuple[dict[str, list[list[Any]]], dict[str, dict], dict[str, list[list[Any]]]]:
    meta = sheets.metadata(FIELDS)
    titles = [s["properties"]["title"] for s in meta.get("sheets", [])]
    properties = {s["properties"]["title"]: {
        "sheet_id": s["properties"].get("sheetId", 0),
        "frozen_rows": s["properties"].get("gridProperties", {}).get("frozenRowCount", 0),
        "has_filter": "basicFilter" in s,
        "merged_title": any(m.get("startRowIndex", 0) == 0 for m in s.get("merges", [])),
        "merged_rows": merged_rows(s.get("merges", []))}
        for s in meta.get("sheets", [])}
    properties[""] = {"locale": meta.get("properties", {}).get("locale", "")}   # the spreadsheet's own
    values = dict(zip(titles, sheets.read([a1.whole_sheet(t) for t in titles]), strict=True)) if titles else {}
    rows = {s["properties"]["title"]: s["properties"].get("gridProperties", {}).get("rowCount", 1)
            for s in meta.get("sheets", [])}
    tops = [f"{a1.quote_sheet(t)}!1:{max(1, min(HEADER_ROWS, rows[t]))}" for t in titles]
    formulas = dict(zip(titles, sheets.read(tops, render="FORMULA"), strict=True)) if titles else {}
    return values, properties, formulas


def adopt(sheets, schema: Schema, spreadsheet_id: str, today: date | None = None,
          locale: str = "en_US", known_own: dict[str, str] | None = None,
          own_ids: dict[str, int] | None = None, before: dict[int, str] | None = None,
          settings_id: int | None = None) -> Adoption:
    """`known_own`, `own_ids`: the titles and sheetIds Turfbook's own tabs have here (stored_own_tabs, or this
    run's before its writes); `before`: sheetId -> the organizer the last adoption gave it (`adopted_as`);
    `settings_id`: the sheetId of the team's tab adopted as Settings before (stored_settings_id): it stays so."""
    raw, properties, formulas = read_sheets(sheets)
    for props in properties.values():
        props.update({"adopted_as": before[props["sheet_id"]]} if props.get("sheet_id") in (before or {}) else {})
        props.update({"settings": True} if settings_id is not None and props.get("sheet_id") == settings_id else {})
    own_locale = properties.pop("", {}).get("locale", "")     # the spreadsheet's locale before the configured one
    locale, locale_from = (own_locale, "spreadsheet") if own_locale else (locale, "config")
    layout = plan_layout(schema, _ours_named(raw, formulas), properties, formulas, locale,
                         known_own=known_own, locale_from=locale_from, own_ids=own_ids)
    problems = needed_columns(schema, layout, "adopt") + nameless(schema, layout, raw) + unread(schema, layout, raw) \
        + value_problems(schema, layout, raw, today, locale) + settings_problems(layout.settings, "adopt", values=True)
    return Adoption(spreadsheet_id, layout, AdoptionReport(layout, problems), raw, formulas)


def as_first_read(layout: Layout, first: Layout) -> None:
    """The layout read again after this run added Turfbook's columns: a sheet they now mark as adopted
    ("formulas") keeps how this run's first read recognised it (its title, its columns): on a first adoption
    the report never says "adopted before" (outside tester a21o o6b)."""
    was = {(s.sheet_id if s.sheet_id is not None else s.title): s for s in first.sheets}
    for s in layout.sheets:
        old = was.get(s.sheet_id if s.sheet_id is not None else s.title)
        if s.how.how == "formulas" and old is not None and old.tab == s.tab and old.how.how != "formulas":
            s.how = old.how


def _ours_named(raw: dict[str, list[list[Any]]], formulas: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The cells with each of Turfbook's header formulas in the top rows read as its header text, whatever
    it shows: one broken by staff (its ID column or hidden tab deleted: #REF!) is still Turfbook's column,
    found by the layout and repaired (adopt_repair), never added a second time (a21c finding 16)."""
    out = {}
    for title, rows in raw.items():
        typed = formulas.get(title) or []
        out[title] = [with_service_headers(r, typed[i]) if i < len(typed) else r for i, r in enumerate(rows)]
    return out


def save(adoption: Adoption, path: Path) -> None:
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Written by `turfbook sheets adopt`: where each Turfbook tab and column is in your workbook.\n"
    path.write_text(text + yaml.safe_dump(adoption.data(), allow_unicode=True, sort_keys=False), encoding="utf-8")


def load_layout(path: Path) -> Layout:
    """The stored layout (save) back as a Layout: the one mapping every job reads through."""
    data = load_yaml(path)
    layout = Layout(ignored=list(data.get("ignored") or []), locale=str(data.get("locale") or ""),
                    own=OwnTabs(dict(data.get("own_tabs") or {}), list(data.get("theirs_named_as_ours") or []),
                                ids={k: int(v) for k, v in (data.get("own_tabs_ids") or {}).items()}),
                    settings=stored_settings(data))
    for s in data.get("sheets") or []:
        width = max([_index(c["column"]) for c in s["columns"].values()] + [-1]) + 1
        columns = [Match("", None, "none", 0.0) for _ in range(width)]
        for key, c in s["columns"].items():
            columns[_index(c["column"])] = Match(c["header"], key, c["how"], c["score"])
        layout.sheets.append(SheetLayout(s["title"], s["tab"], Match(s["title"], s["tab"], "stored", 1.0),
                                         s["header_row"], columns, s.get("organizer") or "",
                                         sheet_id=s.get("sheet_id"), grouped=bool(s.get("grouped")),
                                         made=bool(s.get("made")),
                                         groups=[str(g) for g in s.get("groups") or []],
                                         group_cells=[[str(c) for c in b] for b in s.get("group_cells") or []]))
    return layout


def stored_organizers(path: Path, spreadsheet_id: str) -> dict[int, str]:
    """sheetId -> the organizer the stored mapping gives that sheet (a title's, "Convos - Rosa": Rosa Díaz)."""
    if not path.exists() or stored_spreadsheet(path) != spreadsheet_id:
        return {}
    return {int(s["sheet_id"]): s["organizer"] for s in load_yaml(path).get("sheets") or []
            if s.get("organizer") and s.get("sheet_id") is not None}


def stored_own_tabs(path: Path, spreadsheet_id: str, key: str = "own_tabs") -> dict:
    """The titles the stored mapping gives Turfbook's own tabs (Problems -> "Turfbook problems"; `key`
    "own_tabs_ids": their sheetIds), {} when there is none or it is another spreadsheet's."""
    if not path.exists() or stored_spreadsheet(path) != spreadsheet_id:
        return {}
    return dict(load_yaml(path).get(key) or {})


def stored_settings_id(path: Path, spreadsheet_id: str) -> int | None:
    """The sheetId of the team's tab the stored mapping reads as Settings ('Ajustes'), None when none."""
    if not path.exists() or stored_spreadsheet(path) != spreadsheet_id:
        return None
    sheet = stored_settings(load_yaml(path))
    return sheet.sheet_id if sheet is not None else None


def settings_id_of(adoption: Adoption) -> int | None:
    """The sheetId this adoption reads as Settings: the same tab on its next read (sheets_adopt)."""
    return adoption.layout.settings.sheet_id if adoption.layout.settings is not None else None


def stored_spreadsheet(path: Path) -> str:
    return str(load_yaml(path).get("spreadsheet_id") or "")


def _index(letter: str) -> int:
    number = 0
    for ch in letter:
        number = number * 26 + ord(ch.upper()) - 64
    return number - 1


def read_adopted(sheets, schema: Schema, layout: Layout) -> Translated:
    """Every adopted sheet's cells in one values.batchGet, as the schema's tabs (adopt_translate.translate):
    what a job's read gives `parse_workbook`."""
    titles = [s.title for s in layout.sheets]
    raw = dict(zip(titles, sheets.read([a1.whole_sheet(t) for t in titles]), strict=True)) if titles else {}
    return translate(schema, layout, raw)
