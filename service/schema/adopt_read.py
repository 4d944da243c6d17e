"""Jobs read an adopted workbook through its layout: `AdoptedSheets` wraps a Sheets so that reading
Turfbook's tabs (`read_tabs`, every job's one values.batchGet) reads the team's own sheets and hands back the
schema's tabs (adopt_translate.translate): their header row, wherever it is, their column names (found again
by header text at each read), a tab per organizer (her name as Organizers has it now), all in that one place.

Writing: the guarded paths (ids.apply_ids through `id_places`) and the service tabs (`_Turfbook …`, Problems)
are written as in Turfbook's own workbook; a positional values write into a team's sheet is refused
(AdoptionNotApplied); new rows (the field job's `append_rows`) go to the sheet adopt_homes picks.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from turfbook.schema.adopt_columns import DATES, MOSTLY, date_share
from turfbook.schema.adopt_file import ADOPTION_FILE  # noqa: F401 - its name here too
from turfbook.schema.adopt_group_says import lost_text
from turfbook.schema.adopt_homes import held_message, home
from turfbook.schema.adopt_layout import ORGANIZERS, Layout, SheetLayout
from turfbook.schema.adopt_settings import defaults_of, follow_settings, settings_problems, settings_renamed
from turfbook.schema.adopt_sync import foreign, noted, own_adds, retitle, sheet_ids
from turfbook.schema.adopt_tabs import resolve
from turfbook.schema.adopt_translate import Translated, organizer_problems, translate
from turfbook.schema.cells import cell_text
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem
from turfbook.schema.spanish_names import label
from turfbook.schema.text import fold
from turfbook.workspace import a1
from turfbook.workspace.errors import BadRequest


class AdoptionNotApplied(RuntimeError):
    pass


class AdoptedSheets:
    def __init__(self, sheets, schema: Schema, layout: Layout, row_keys=None):
        self._sheets = sheets
        self.row_keys = row_keys        # adopt_sorted.RowKeys: each ID's row key; sorted_tabs: tabs held
        self.sorted_tabs: dict = {}
        self.schema = schema
        self.layout = layout
        self._tabs = {fold(s.tab): s.tab for s in layout.sheets}
        self.origins: dict[str, list[tuple[str, int]]] = {}    # tab -> (sheet, row) of each row last read
        self.held: dict[str, str] = {}                          # row ID -> why no sheet took it (split_appends)
        self.raw: dict[str, list[list[Any]]] = {}              # sheet title -> its cells as last read
        self.lost: list[tuple[str, str, str, str]] = []        # columns the last read did not find (translate)
        self.named = Translated({}, {})                         # the last read's organizers found for no one
        self.retitled: dict[str, str | None] = {}              # stored title -> its title now (None: deleted)
        self.own_locale = layout.locale                        # the spreadsheet's locale, stored at adoption
        self.foreign: dict[str, Problem] = {}                  # sheets holding another tab's rows (adopt_sync)

    # Turfbook's own tabs under a distinct title (a team's own "Problems"/"Wall chart"): every call here names
    # them by Turfbook's name, renamed to their title now (found by sheetId: adopt_tabs.resolve)
    renamed = property(lambda self: {**self.layout.own.renamed, **settings_renamed(self.layout.settings)})
    _back = property(lambda self: {title: name for name, title in self.renamed.items()})
    theirs = property(lambda self: set(self.layout.own.theirs))
    # every sheet title, from a metadata call of this run (None: none made yet)
    titles_seen = property(lambda self: list(self.layout.seen.values()) if self.layout.seen is not None else None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheets, name)

    @property
    def adopted_tabs(self) -> set[str]:
        """Turfbook's tabs this workbook holds in sheets of its own (read through `read_tabs`)."""
        return {s.tab for s in self.layout.sheets}

    @property
    def id_places(self):
        from turfbook.schema.adopt_places import AdoptedPlaces  # it reads this read's rows

        return AdoptedPlaces(self.schema, self)

    def read_tabs(self, titles: list[str], render: str = "UNFORMATTED_VALUE") -> dict[str, list[list[Any]]]:
        """One values.batchGet: the adopted tabs' own sheets, and the other titles as they are. A sheet
        staff renamed since the adoption (400 "Unable to parse range") is found again by its sheetId
        (`retitle`) and read under its title now. Before this run's first read, the sheets are found by their
        sheetId (one spreadsheets.get, unless the job made one already: adopt_sync)."""
        if self.layout.seen is None and hasattr(self._sheets, "metadata"):   # (the web's light reads: by title)
            self.metadata("sheets.properties(sheetId,title)")
        try:
            return self._read_tabs(titles, render)
        except BadRequest as exc:
            named = any(s.title in str(exc) for s in self.layout.sheets if s.sheet_id is not None)
            if not named or not self.retitle():   # another tab missing (Settings…): the caller's fallback
                raise
            return self._read_tabs(titles, render)

    def retitle(self) -> bool:
        """The stored sheets found again by their sheetId (one spreadsheets.get): a renamed one takes its
        title now, a deleted one is dropped (`retitled`: old title -> new, or None). Whether any changed."""
        before = dict(self.retitled)
        self.metadata("sheets.properties(sheetId,title)")
        return self.retitled != before

    def _sync(self, now: dict[int, str]) -> None:
        self.layout.seen = now
        self.retitled.update(retitle(self.layout, now))
        resolve(self.schema, self.layout.own, now)
        self.layout.settings = follow_settings(self.layout.settings, now)   # their 'Ajustes', read as Settings

    def _read_tabs(self, titles: list[str], render: str) -> dict[str, list[list[Any]]]:
        adopted = [t for t in titles if fold(t) in self._tabs]
        others = [t for t in titles if fold(t) not in self._tabs]
        real = [s.title for t in adopted for s in self.layout.of(self._tabs[fold(t)])]
        along = [s.title for s in self.layout.of(ORGANIZERS) if s.title not in real] if real else []  # their names
        data = self._sheets.read_tabs(real + along + [self._title(t) for t in others], render)
        self.foreign = foreign(self.schema, self.layout, {t: data.get(t, []) for t in real})
        mine = [t for t in real if t not in self.foreign]       # not a sheet holding another tab's rows
        self.raw.update({t: data.get(t, []) for t in mine})
        laid_out = translate(self.schema, self.layout, {t: data.get(t, []) for t in mine + along})
        self.lost, self.named = [x for x in laid_out.lost if x[0] in mine], laid_out
        for sheet in self.layout.sheets:         # a title's organizer as Organizers has her now (a rename)
            sheet.organizer = laid_out.organizers.get(sheet.title, sheet.organizer)
        self.origins.update({self._tabs[fold(t)]: laid_out.origins.get(self._tabs[fold(t)], []) for t in adopted})
        return {**{t: laid_out.values.get(self._tabs[fold(t)], []) for t in adopted},
                **{t: data[self._title(t)] for t in others if self._title(t) in data}}

    def read_problems(self) -> list[Problem]:
        """A column of theirs the last read did not find as adopted (renamed, removed, or its header now
        twice): one problem each naming the sheet and the header, EN/ES kind (never a silent blank column);
        and each organizer cell it read as no organizer (adopt_translate.organizer_problems)."""
        out = []
        for title, key, header, why in self.lost:
            sheet = next(s for s in self.layout.sheets if s.title == title)
            ours, ours_es = (label(self.schema, sheet.tab, key, lang) for lang in ("en", "es"))
            letters = why.partition(":")[2].split(",") if why.startswith("ambiguous:") else []
            dated = self._dated(sheet, key, letters) if letters else []
            text = lost_text(title, header, (ours, ours_es), why, dated, sheet.groups, sheet.group_cells)
            out.append(Problem("schema", sheet.tab, None, ours, text,
                               "duplicate_header" if why.startswith("twice:") else "missing_column"))
        from turfbook.schema.adopt_gaps import needed_columns  # a column the follow-up rule needs, never found

        return out + organizer_problems(self.named, self.layout) + list(self.foreign.values()) \
            + needed_columns(self.schema, self.layout) \
            + settings_problems(self.layout.settings, defaults=defaults_of(self.schema))

    def _dated(self, sheet: SheetLayout, key: str, letters: list[str]) -> list[str]:
        """Of the candidate columns (letters) for a date column `key`, those whose values as last read are
        mostly dates: adopt_columns' value test, the one adopt tells such headers apart by. [] for a
        column that is not a date, or a sheet not read."""
        rows = self.raw.get(sheet.title) or []
        if not rows or self.schema.tab(sheet.tab).column(key).type not in DATES:
            return []
        body = rows[sheet.locate_header(rows):]
        at = {a1.column_letter(i): i for i in range(max(len(r) for r in rows))}
        locale = getattr(sheet, "locale", "en_US") or "en_US"
        return [c for c in letters if c in at and (share := date_share(
            [r[at[c]] for r in body if at[c] < len(r)], locale)) is not None and share > MOSTLY]

    def service_gaps(self) -> list[Problem]:
        """Each adopted sheet read (`read_tabs`) whose Turfbook columns (the ID, and each column its hidden
        tabs show) are missing, show an error (#REF!) or were never added: adopt_gaps.service_gaps (a sheet
        holding another tab's rows skipped). Pure."""
        from turfbook.schema.adopt_gaps import service_gaps

        return service_gaps(self.schema, self.layout, {t: r for t, r in self.raw.items() if t not in self.foreign})

    def tab_titles(self) -> list[str]:
        titles = self.titles_seen if self.titles_seen is not None else self._sheets.tab_titles()
        mine = {s.title for s in self.layout.sheets}
        return [self._back.get(t, t) for t in titles if t not in mine and t not in self.theirs] \
            + sorted({s.tab for s in self.layout.sheets})

    def _title(self, title: str) -> str:
        """A Turfbook tab's title here ('Problems' -> 'Turfbook problems' when the team has a 'Problems')."""
        return self.renamed.get(title, title)

    def _range(self, a1_range: str) -> str:
        title = _title_of(a1_range)
        if title not in self.renamed:
            return a1_range
        rest = a1_range.rsplit("!", 1)[1] if "!" in a1_range else ""
        return a1.quote_sheet(self.renamed[title]) + (f"!{rest}" if rest else "")

    def read(self, ranges: list[str], *args, **kwargs):
        return self._sheets.read([self._range(r) for r in ranges], *args, **kwargs)

    def read_by_filters(self, data_filters: list[dict], *args, **kwargs):
        renamed = [{**f, "a1Range": self._range(f["a1Range"])} if "a1Range" in f else f for f in data_filters]
        back = {r.get("a1Range"): f.get("a1Range") for f, r in zip(data_filters, renamed, strict=True)}
        return [({**f, "a1Range": back.get(f["a1Range"], f["a1Range"])} if "a1Range" in f else f, v)
                for f, v in self._sheets.read_by_filters(renamed, *args, **kwargs)]

    def metadata(self, fields: str | None = None, ranges: list[str] | None = None, **kwargs) -> dict:
        """The team's tabs titled as Turfbook's are shown under a title no job names (they still take their
        sheet ID); Turfbook's own under a distinct title are shown under Turfbook's name."""
        args = {"fields": fields} if fields is not None else {}
        meta = self._sheets.metadata(**args, ranges=[self._range(r) for r in ranges] if ranges else None, **kwargs)
        now = sheet_ids(meta, fields) if not ranges else None
        if now is not None:
            self._sync(now)
        for sheet in meta.get("sheets", []):
            title = sheet.get("properties", {}).get("title")
            if title in self.theirs:
                sheet["properties"]["title"] = f"\u0000yours:{title}"
            elif title in self._back:
                sheet["properties"]["title"] = self._back[title]
        return meta

    def batch_update(self, requests: list[dict], *args, **kwargs):
        """An addSheet of one of Turfbook's tabs gets its title in this workbook and its sheetId (adopt_sync)."""
        out = own_adds(requests, self.renamed, self.layout.own.ids)
        done = self._sheets.batch_update(out, *args, **kwargs)
        noted(self.layout.seen, out)
        return done

    def write(self, writes, *args, **kwargs):
        """Values writes to Turfbook's own tabs (service tabs, Problems); never by position into theirs."""
        mine = {s.title for s in self.layout.sheets} | {s.tab for s in self.layout.sheets} | self.theirs \
            | set(settings_renamed(self.layout.settings).values())
        writes = [replace(w, range=self._range(w.range)) for w in writes]
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

    def split_appends(self, tab: str, rows: list) -> list[tuple[str | None, str, list]] | None:
        """row_appends.append_rows into logical tab `tab`: each new row to its organizer's sheet (adopt_homes.home:
        never another organizer's), its cells under that sheet's own header texts (a column the sheet lacks is
        not written); rows with no home in a part titled None (held: not appended, `held` says why)."""
        sheets = self.layout.of(self._tabs.get(fold(tab), ""))
        if not sheets:
            return None
        name = sheets[0].tab
        organizer = self.schema.tab(name).column("organizer").header \
            if any(c.key == "organizer" for c in self.schema.tab(name).columns) else None
        parts: dict[str | None, list] = {}
        for row in rows:
            who = cell_text(row.cells.get(organizer, "")) if organizer else ""
            sheet = home(self.layout, name, who)
            if sheet is None:
                self.held[row.row_id] = held_message(self.layout, name, who)
                parts.setdefault(None, []).append(row)
                continue
            parts.setdefault(sheet.title, []).append(_with_cells(row, self._cells(sheet, row.cells)))
        by_title = {s.title: s for s in sheets}
        return [(t, self._header_of(by_title[t], "id") if t is not None else "", r) for t, r in parts.items()]

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
    return replace(write, cells=cells)


def _title_of(a1_range: str) -> str:
    title = a1_range.rsplit("!", 1)[0] if "!" in a1_range else a1_range
    return title[1:-1].replace("''", "'") if title.startswith("'") and title.endswith("'") else title

