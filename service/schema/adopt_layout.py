"""Where a team's own workbook keeps each schema tab and column: the adoption layout. Pure, no I/O.

A sheet is recognised by its title (header_match.match_tab: "Contacts", "Convos (Luis)") or, failing
that, by its header. The header row is the first of the top HEADER_ROWS rows whose cells match the
most columns (a merged title and a blank row above it are skipped). Several sheets with the same
logical tab are one tab: "Contacts - Maria" and "Contacts - Luis" are People, the organizer implied
by the title when the rows do not say it.

`translate` is the one place that turns their cells into the schema's tabs: our header on the first
row, then every data row of every sheet of that tab, each cell read from the column the layout
found (never from row 1, never by our header names), with `origins` saying where each row came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema.adopt_columns import settle
from turfbook.schema.adopt_groups import blocks, change, combine, is_group_row, labels, through_group
from turfbook.schema.adopt_header_find import (
    HEADER_ROWS,
    OVER_TITLE,
    by_header,
    confidence,
    find_header,
    header_outweighs,
    needs_of,
    used_width,
)
from turfbook.schema.adopt_orders import tab_orders
from turfbook.schema.adopt_service_columns import made_by_turfbook, own_service_columns, row_written, service_header
from turfbook.schema.adopt_settings import SettingsSheet, find_settings, settings_data
from turfbook.schema.adopt_tabs import OwnTabs, plan_own_tabs, turfbook_titles
from turfbook.schema.header_match import Match, column_names, match_name, title_organizer
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.service_tabs import header_of_formula, tab_of_formulas, views_of
from turfbook.schema.text import header_key
from turfbook.workspace import a1

ORGANIZERS = "Organizers"
SURE_HOWS = ("exact", "alias", "normalised")   # a group row's name taken only when this sure


@dataclass
class SheetLayout:
    title: str
    tab: str                                  # the schema tab it holds
    how: Match                                # how the title (or header) was recognised
    header_row: int                           # 1-based sheet row of the header
    columns: list[Match]                      # one per header cell, left to right
    organizer: str = ""                       # implied by the title ("Contacts - Maria" -> Maria)
    rows: int = 0                             # data rows below the header (blank rows not counted)
    frozen_rows: int = 0
    has_filter: bool = False
    merged_title: bool = False
    width: int = 0                            # columns used from the header row down (data may pass the header)
    theirs: dict[str, int] = field(default_factory=dict)   # service key -> the team's own column of that name
    from_title: str = ""                      # the organizer as the title says it ("Ana")
    organizer_sure: float = 0.0               # how sure that is (header_match.TITLE_FORMS; 1.0 found in Organizers)
    organizer_note: str = ""                  # listed | first_name | not_listed | ambiguous:<names> ("": no list)
    notes: dict[int, str] = field(default_factory=dict)    # column -> adopt_columns.settle's note, for the report
    orders: dict[int, tuple[str, str, str]] = field(default_factory=dict)   # date column -> dates.sheet_order,
    locale: str = "en_US"                                                    # the order a sheet follows untold
    locale_from: str = "config"               # where `locale` came from: "spreadsheet" (its own) or "config"
    sheet_id: int | None = None               # Google's sheetId: the sheet found again when staff rename it
    grouped: bool = False                     # a group row above the header names its cells too (adopt_groups)
    adopted_as: str = ""                      # the organizer the last adoption gave it (adopt_translate)
    handed_from: str = ""                     # its organizer before a renamed title handed it over (adopt_handover)
    groups: list[str] = field(default_factory=list)   # the group row's labels as adopted (adopt_groups.labels)
    group_cells: list[list[str]] = field(default_factory=list)   # the header cells read through each (blocks)
    made: bool = False                        # a sheet Turfbook made (adopt_service_columns.made_by_turfbook)

    def header_of(self, tab: Tab, key: str) -> str:
        """The header Turfbook gives its column `key` here: its own, or "Turfbook <header>" when the team
        has a column of that name that is not Turfbook's (kept as theirs), and always for a column a job writes
        on the row (row_written) in a team's own sheet: found again as Turfbook's by that name (a21n 5)."""
        ours = key in self.theirs or (not self.made and tab.column(key).service and key in row_written(tab))
        return service_header(tab, key) if ours else tab.column(key).header

    @property
    def mapping(self) -> dict[str, int]:
        """Schema column key -> 0-based sheet column."""
        return {m.key: i for i, m in enumerate(self.columns) if m.key}

    @property
    def staff_extra(self) -> list[int]:
        return [i for i, m in enumerate(self.columns) if not m.key and m.text.strip()]

    def current(self, header: list, tab: Tab | None = None) -> dict[str, int]:
        """Schema column key -> 0-based column in `header` (the header row as it is NOW): each column
        found again by its header text, so a column staff inserted, deleted or moved since the adoption
        never makes a value read from (or an ID written to) another column. A staff header found twice
        (a second "F/U date" added at the right) is read from the leftmost, given `tab` (a service column's
        header must be there exactly once: it is written). A staff header no longer found (renamed
        since: "F/U date" -> "Follow-up due" or "Fecha de seguimiento") is found again, given `tab`, by the
        column's own names (our header, its aliases, the same words; not by spelling): when exactly one
        header not already read names it. Otherwise it is left out (its values read blank, never another
        column's) and `lost` says so."""
        return self.found_again(header, tab)[0]

    def found_again(self, header: list, tab: Tab | None = None) -> tuple[dict[str, int], dict[str, str]]:
        """(current, {key: why it was not found: "missing" | "ambiguous:<letters>" | "twice:<letters>"})."""
        texts = [header_key(h if isinstance(h, str) else "") for h in header]
        out: dict[str, int] = {}
        lost: dict[str, str] = {}
        for key, stored in self.mapping.items():
            found = [i for i, t in enumerate(texts) if t and t == header_key(self.columns[stored].text)]
            if len(found) == 1:
                out[key] = found[0]
            elif found and tab is not None and not tab.column(key).service:   # Turfbook's own: exactly once
                out[key] = found[0]
                lost[key] = "twice:" + ",".join(a1.column_letter(i) for i in found)
        if tab is not None:
            names = column_names(tab)
            taken = set(out.values()) | {i for i, t in enumerate(texts)
                                         if t and any(t == header_key(m.text) for m in self.columns if m.text)}
            for key in self.mapping:
                if key in out or tab.column(key).service:   # Turfbook's own columns: by their header only
                    continue
                hits = [i for i, h in enumerate(header) if i not in taken and isinstance(h, str) and h.strip()
                        and (m := match_name(h, {key: names[key]})).key == key and m.how != "fuzzy"]
                if len(hits) == 1:
                    out[key] = hits[0]
                    taken.add(hits[0])
                else:
                    lost[key] = "ambiguous:" + ",".join(a1.column_letter(i) for i in hits) if hits else "missing"
        return out, lost

    def locate_header(self, rows: list[list[Any]]) -> int:
        """The 1-based row the header is on NOW in `rows` (the sheet as read): the stored row while it still
        holds every mapped header, else the row of the top ones holding the most of them (the nearest to the
        stored row on a tie), so rows staff inserted or deleted above the header since the adoption (a title
        row added or removed, issue 21 F7) never make a job read the header as data or miss its first row.
        The stored row when no row holds any of them."""
        def held(n: int) -> int:
            return len(self.current(self.header_at(rows, n))) if 0 < n <= len(rows) else 0

        want = len(self.mapping)
        best = (held(self.header_row), self.header_row)
        if want and best[0] == want:
            return self.header_row
        for n in range(1, min(len(rows), self.header_row + HEADER_ROWS) + 1):
            got = held(n)
            if got > best[0] or (got and got == best[0] and abs(n - self.header_row) < abs(best[1] - self.header_row)):
                best = (got, n)
        return best[1]

    def header_at(self, rows: list[list[Any]], n: int) -> list[Any]:
        """Row `n` (1-based) of `rows` read as this sheet's header: under a group row, each cell with its group
        where that makes a header the adoption stored (adopt_groups)."""
        if not 0 < n <= len(rows):
            return []
        return self.with_group(rows[n - 2] if n > 1 else [], rows[n - 1])

    def group_changed(self, rows: list[list[Any]], n: int, tab: Tab) -> dict[str, str]:
        """A group row changed since the adoption (labels swapped or renamed: fix21v d6; relabelled over columns
        dragged: a21k k7), above header row `n`: ({key: why} of each staff column read through it, not to be
        read until put right or adopted again; {} when unchanged, none stored, or its columns only dragged
        elsewhere with their labels: then each is found by its own combined name, as adopted)."""
        if not (self.grouped and self.groups and 1 < n <= len(rows)):
            return {}
        kind = change(self.groups, self.group_cells, rows[n - 2], rows[n - 1])
        if kind in ("", "moved"):
            return {}
        now = labels(rows[n - 2])
        why = f"group{'' if kind == 'relabelled' else kind}:{' | '.join(self.groups)}>{' | '.join(now)}"
        alike = {header_key(c) for b in self.group_cells for c in b}      # "Fecha" as typed, beside a grouped one
        return {k: why for k, i in self.mapping.items() if not tab.column(k).service and (
            through_group(self.columns[i].text, self.groups) or header_key(self.columns[i].text) in alike)}

    def with_group(self, above: list[Any], header: list[Any]) -> list[Any]:
        if not self.grouped or not above:
            return header
        known = {header_key(m.text) for m in self.columns if m.text}
        return combine(above, header, lambda text: header_key(text) in known)

    def to_add(self, tab: Tab) -> list[tuple[str, str]]:
        """Service columns this sheet lacks, (key, column letter) appended right of its last used column
        (its last header cell, or further when staff keep values under no header): the ID, and each
        column a service tab's header formula shows (service_tabs.views_of), and each a job writes on the row
        itself (row_written: Media's, filing's log; a21n 5). A service column nothing writes in an adopted
        workbook (Created) is not added."""
        mapped = self.mapping
        written = set(row_written(tab))
        shown = {k for k, _ in views_of(tab.name, [c.key for c in tab.columns])} | written
        missing = [c for c in tab.columns if (c.service or c.key in written) and c.key not in mapped
                   and (c.key == "id" or c.key in shown)]
        start = max(len(self.columns), self.width)
        return [(c.key, a1.column_letter(start + n)) for n, c in enumerate(missing)]


@dataclass
class Layout:
    sheets: list[SheetLayout] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)          # sheets that are not a schema tab
    own: OwnTabs = field(default_factory=OwnTabs)             # Turfbook's own tabs here (adopt_tabs)
    unsure: list[tuple[str, str, float]] = field(default_factory=list)   # (title, looks like tab, how sure): left alone
    locale: str = ""                          # the spreadsheet's own locale (properties.locale; "": not known)
    seen: dict[int, str] | None = None        # sheetId -> title as a job's metadata read saw them (not stored)
    settings: SettingsSheet | None = None     # the team's own tab read as Settings ('Ajustes': adopt_settings)

    def of(self, tab: str) -> list[SheetLayout]:
        return [s for s in self.sheets if s.tab == tab]


def plan_layout(schema: Schema, values: dict[str, list[list[Any]]],
                properties: dict[str, dict] | None = None,
                formulas: dict[str, list[list[Any]]] | None = None, locale: str = "en_US",
                known_own: dict[str, str] | None = None, locale_from: str = "config",
                own_ids: dict[str, int] | None = None) -> Layout:
    """`values`: every sheet's cells (values.batchGet); `properties`: title -> {frozen_rows, has_filter,
    merged_title} from spreadsheets.get, for the report; `formulas`: the top HEADER_ROWS rows of each sheet
    as typed (FORMULA render), to tell Turfbook's header formulas from a team's own column of that name;
    `known_own`, `own_ids`: the titles and sheetIds the stored mapping gives Turfbook's own tabs (adopt_tabs)."""
    sheet_ids = {t: p["sheet_id"] for t, p in (properties or {}).items() if "sheet_id" in p} if properties else None
    layout = Layout(own=plan_own_tabs(schema, values, known_own, own_ids, sheet_ids))
    tables = [t for t in schema.tabs if t.layout == "table" and t.owner == "staff"]
    own = turfbook_titles(layout.own)
    layout.settings = find_settings(schema, values, properties, own | set(layout.own.theirs))
    for title, rows in values.items():
        if title in own or title in layout.own.theirs or (layout.settings and title == layout.settings.title):
            continue                          # Turfbook's own tabs, and theirs titled like one: left alone
        tab_match, organizer, organizer_sure = title_organizer(title, schema)
        tab = next((t for t in tables if t.name == tab_match.key), None)
        found = find_header(tab, rows, needs=needs_of(tab)) if tab else None
        said = header_outweighs(tab, tab_match.how, found, tables, rows) if tab is not None else None
        if said is not None:                  # the header clearly says another tab than the title (a21e 3)
            found, tab = said
            tab_match = Match(title, tab.name, OVER_TITLE, confidence(tab, found[1]))
        adopted = tab_of_formulas((formulas or {}).get(title))
        if adopted is not None and adopted != tab_match.key and any(t.name == adopted for t in tables):
            # Turfbook's header formulas say which tab this sheet was adopted as: staff renamed it since
            # ("Convos" -> "Contacts 2"); it stays that tab, whatever its title now says
            tab_match, organizer, organizer_sure = Match(title, adopted, "formulas", 1.0), "", 0.0
            tab = next(t for t in tables if t.name == adopted)
            found = find_header(tab, rows, needs=needs_of(tab))
        if found is None and tab is not None and tab_match.sure:
            found = find_header(tab, rows, minimum=1, required_only=True)   # "Contacts" with only a Name
        if found is None:                     # not named like a tab of ours: does its header say which?
            # a sheet showing Turfbook's header formulas was adopted before (then renamed by staff): its
            # required columns are enough, however few of its other headers are ours
            before = any(header_of_formula(c) is not None for r in (formulas or {}).get(title, []) for c in r)
            guesses = by_header(tables, rows, before)
            if not guesses:
                weak = [(g, t) for t in tables if (g := find_header(t, rows))]
                if weak:                      # shown, not adopted: "left alone (looks like X, N%)"
                    g, t = max(weak, key=lambda gt: confidence(gt[1], gt[0][1]))
                    layout.unsure.append((title, t.name, confidence(t, g[1])))
                layout.ignored.append(title)
                continue
            found, tab = max(guesses, key=lambda gt: confidence(gt[1], gt[0][1]))
            tab_match = Match(title, tab.name, "header", confidence(tab, found[1]))
            organizer, organizer_sure = "", 0.0
        header_row, columns = found
        body = rows[header_row + 1:]
        props = dict((properties or {}).get(title, {}))
        grouped = is_group_row(rows, header_row - 1, props.pop("merged_rows", set()))
        texts = [c if isinstance(c, str) else "" for c in rows[header_row]]
        if grouped:                           # a group row above: 'Fecha' under 'Seguimiento' (adopt_groups)
            names = {k: n for k, n in column_names(tab).items() if not tab.column(k).service}
            texts = combine(rows[header_row - 1], texts, lambda t, n=names: match_name(t, n).how in SURE_HOWS)
        columns, notes = settle(tab, texts, body, locale)
        top = (formulas or {}).get(title, [])
        columns, theirs = own_service_columns(tab, columns, body, top[header_row] if header_row < len(top) else [])
        sheet = SheetLayout(title, tab.name, tab_match, header_row + 1, columns, organizer,
                            sum(1 for r in body if any(c not in ("", None) for c in r)),
                            width=max([used_width(r) for r in rows[header_row:]] + [0]), grouped=grouped)
        sheet.groups = labels(rows[header_row - 1]) if grouped else []
        sheet.group_cells = blocks(rows[header_row - 1], [       # the cells read through a label, under each
            t if m.key and not tab.column(m.key).service and through_group(m.text, sheet.groups) else ""
            for t, m in zip(rows[header_row], columns, strict=False)]) if grouped else []
        sheet.theirs = theirs
        sheet.made = made_by_turfbook(tab, [m.text for m in columns], body)
        sheet.from_title, sheet.organizer_sure = organizer, organizer_sure
        sheet.notes = notes
        sheet.__dict__.update(props)
        layout.sheets.append(sheet)
    tab_orders(schema, layout, values, locale, locale_from)   # day/month: each sheet's, its date columns pooled
    from turfbook.schema.adopt_translate import resolve_organizers  # it reads the Organizers sheets through translate

    resolve_organizers(schema, layout, values)
    return layout


def to_data(layout: Layout, spreadsheet_id: str) -> dict:
    """The layout as stored (adoption.yaml): enough for every job to read through it."""
    return {"spreadsheet_id": spreadsheet_id, **({"locale": layout.locale} if layout.locale else {}), "sheets": [
        {"title": s.title, **({"sheet_id": s.sheet_id} if s.sheet_id is not None else {}), "tab": s.tab,
         "header_row": s.header_row, "organizer": s.organizer or None, **({"grouped": True} if s.grouped else {}),
         **({"groups": list(s.groups)} if s.grouped and s.groups else {}), **({"made": True} if s.made else {}),
         **({"group_cells": [list(c) for c in s.group_cells]} if s.grouped and s.group_cells else {}),
         "columns": {m.key: {"column": a1.column_letter(i), "header": m.text, "how": m.how, "score": m.score}
                     for i, m in enumerate(s.columns) if m.key}}
        for s in layout.sheets], "ignored": list(layout.ignored),
        "own_tabs": dict(layout.own.titles), **({"own_tabs_ids": dict(layout.own.ids)} if layout.own.ids else {}),
        "theirs_named_as_ours": list(layout.own.theirs), **settings_data(layout.settings)}
