"""read_workbook: every tab a job needs in ONE values.batchGet, parsed into a WorkbookSnapshot.

Columns are found by header name (see columns.py). Each bad cell becomes a Problem naming the
tab, the row's ID and the column, and the row is still returned with that value set to None.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.clock import Clock
from turfbook.gcpause import gc_paused
from turfbook.schema.cells import ParseContext
from turfbook.schema.columns import describe_rename, header_text, match_columns
from turfbook.schema.grid import Columns, header_of, height, rows_at
from turfbook.schema.id_copies import copied_id_message
from turfbook.schema.loader import Schema, Tab, VocabRef
from turfbook.schema.lookups import lookups as _lookups
from turfbook.schema.model import Problem, TabSnapshot, WorkbookSnapshot
from turfbook.schema.rows import parse_columns
from turfbook.schema.settings_tab import tab_settings
from turfbook.schema.text import fold, short
from turfbook.workspace import a1
from turfbook.workspace.errors import GoogleError

SAMPLE_ROWS = 20          # rows after the header used to recognise renamed columns (same as init)
JOB = "schema"


def read_workbook(sheets, schema: Schema, tabs: list[str] | None = None,
                  settings_tz: str = "America/New_York", today: date | None = None,
                  locale: str = "en_US", columns: dict[str, set[str]] | None = None) -> WorkbookSnapshot:
    """Read `tabs` (default: every table tab) plus Settings and referenced tabs, in one batchGet.
    `columns` ({tab: column keys}): parse only those columns of those tabs (the ID always); the
    rest of such a row stays None, and its cells are not checked (no problems reported for them)."""
    wanted = needed_tabs(schema, tabs)
    with gc_paused():                        # ~2 million cells, then ~half a million objects: none cyclic
        try:
            data = read_tabs(sheets, wanted)
        except GoogleError as exc:
            if exc.status != 400:
                raise
            present = {fold(t) for t in sheets.tab_titles()}
            data = read_tabs(sheets, [t for t in wanted if fold(t) in present])
        snapshot = parse_workbook(schema, data, settings_tz=settings_tz, today=today, locale=locale_of(sheets, locale),
                                  tabs=tabs, columns=columns, consume=True, sheets_of=row_sheets(sheets),
                                  settings_title=settings_title(sheets))
    gaps = getattr(sheets, "service_gaps", None)        # an adopted workbook: Turfbook's columns deleted by staff
    if callable(gaps):
        snapshot.problems.extend(gaps())
        snapshot.problems[:] = [replace(p, message=adopted_missing_tab(p.tab)) if p.kind == "missing_tab" else p
                                for p in snapshot.problems]    # adopted: init adds no twin of theirs, then adopt
    return add_read_problems(snapshot, sheets)


def adopted_missing_tab(name: str) -> str:
    """An adopted workbook's missing tab (EN/ES): init adds only the tabs none of theirs stands for (never a twin
    of an adopted tab), then `sheets adopt` adopts them."""
    return (f"{name}: the tab is missing; run `turfbook sheets init` (on an adopted workbook it adds only the tabs "
            f"none of yours stands for), then `turfbook sheets adopt` / {name}: falta la pestaña; ejecute `turfbook "
            "sheets init` (en un libro adoptado añade solo las pestañas que ninguna de las suyas representa) y "
            "luego `turfbook sheets adopt`")


def read_tabs(sheets, titles: list[str]) -> dict[str, list]:
    """The tabs a column at a time (grid.Columns) from a reader that has `read_tab_columns` of its own
    (Turfbook's workbook: workspace.Sheets); as rows from any other (an adopted workbook's AdoptedSheets
    maps its sheets row by row, and passes other names through to the Sheets it wraps: asked on the class)."""
    if callable(getattr(type(sheets), "read_tab_columns", None)):
        return {title: Columns(cells) for title, cells in sheets.read_tab_columns(titles).items()}
    return sheets.read_tabs(titles)


def row_sheets(sheets) -> dict[str, list[str]]:
    """Each row's sheet title, by tab, of the tabs an adopted workbook last read (AdoptedSheets.origins)."""
    return {tab: [title for title, _ in rows] for tab, rows in (getattr(sheets, "origins", None) or {}).items()}


def settings_title(sheets) -> str:
    """The title a Settings problem names: an adopted workbook's own settings tab ('Ajustes'), else Settings."""
    renamed = getattr(sheets, "renamed", None)
    return renamed.get("Settings", "Settings") if isinstance(renamed, dict) else "Settings"


def locale_of(sheets, configured: str = "en_US") -> str:
    """The locale undecided day/month follows (before a Settings `locale`): an adopted spreadsheet's own
    (properties.locale, stored at adoption), else the configured one."""
    return getattr(sheets, "own_locale", "") or configured


def add_read_problems(snapshot: WorkbookSnapshot, sheets) -> WorkbookSnapshot:
    """Problems the read itself found (an adopted workbook's column no longer found: adopt_read), added to
    their tab's problems and the snapshot's."""
    from turfbook.schema.held_refs import apply as name_no_one
    from turfbook.schema.id_owners import keys_before, restore_copied
    from turfbook.schema.lost_cells import drop_left_blank, drop_unread

    found = getattr(sheets, "read_problems", None)
    snapshot.row_keys = keys_before(sheets)          # which row keeps a copied ID (id_owners)
    snapshot.read_problems = (found() if callable(found) else []) + _sort_guard(sheets, snapshot)
    restore_copied(sheets, snapshot, snapshot.row_keys)
    cells = {(p.tab, p.row_number, p.column) for p in snapshot.read_problems if p.row_number is not None}
    if hasattr(sheets, "named"):                     # organizers: adopt_translate
        from turfbook.schema.adopt_translate import spoken_cells

        cells |= spoken_cells(sheets.named)
    cells |= name_no_one(snapshot, sheets)     # a held tab's unsure IDs, typed elsewhere: its problem says why
    for problems in [snapshot.problems, *(t.problems for t in snapshot.tabs.values())]:
        problems[:] = drop_unread(sheets, problems)      # a lost column is one read problem, not one per row
        problems[:] = drop_left_blank(sheets, problems)  # a row a cut left blank: said by the sort guard (k10)
        if cells:                    # a read problem about a cell says it in place of the parser's
            problems[:] = [p for p in problems if (p.tab, p.row_number, p.column) not in cells]
    for problem in snapshot.read_problems:
        if problem.tab in snapshot.tabs:
            snapshot.tabs[problem.tab].problems.append(problem)
        snapshot.problems.append(problem)
    return snapshot


def _sort_guard(sheets, snapshot: WorkbookSnapshot) -> list[Problem]:
    """adopt_sorted.check_rows: the adopted tabs' rows checked against their stored keys. A workbook that keeps
    none (no `row_keys`: Turfbook's own) has nothing to check, and does not import the adoption's modules."""
    if getattr(sheets, "row_keys", None) is None:
        return []
    from turfbook.schema.adopt_sorted import check_rows

    return check_rows(sheets, snapshot)


def needed_tabs(schema: Schema, tabs: list[str] | None) -> list[str]:
    names = [t.name for t in schema.tabs if t.layout != "free"] if tabs is None else list(tabs)
    queue = list(names)
    while queue:
        tab = schema.tab(queue.pop())
        for col in tab.columns:
            if isinstance(col.vocabulary, VocabRef) and col.vocabulary.tab not in names:
                names.append(col.vocabulary.tab)
                queue.append(col.vocabulary.tab)
    if "Settings" not in names and any(t.name == "Settings" for t in schema.tabs):
        names.append("Settings")
    return [t.name for t in schema.tabs if t.name in names]


def parse_workbook(schema: Schema, data: dict[str, list[list[Any]]], *, settings_tz: str = "America/New_York",
                   today: date | None = None, locale: str = "en_US",
                   tabs: list[str] | None = None, columns: dict[str, set[str]] | None = None,
                   consume: bool = False, sheets_of: dict[str, list[str]] | None = None,
                   settings_title: str = "Settings") -> WorkbookSnapshot:
    """The pure half of read_workbook: raw values by tab title -> snapshot. `consume`: the caller is
    done with `data`; each table tab's rows are let go of (its list emptied) as soon as they are
    turned into columns, so the decoded payload and the parsed tabs are not all held at once.
    `sheets_of` (row_sheets): each row's sheet, for an adopted tab read from several sheets (each sheet's
    day/month order, dates.row_orders); `settings_title`: the Settings tab as its problems name it."""
    by_fold = {fold(title): rows for title, rows in data.items()}
    problems: list[Problem] = []
    found = by_fold.get(fold("Settings"))
    settings = read_settings(schema, found if found is None else rows_at(found, 0, height(found)), problems,
                             settings_tz, locale, settings_title)
    tz = ZoneInfo(settings["timezone"])
    today = today or Clock(tz).today()
    ctx = ParseContext(locale=settings["locale"], tz=tz, today=today, sheets=sheets_of or {})
    matches = {}
    for tab in schema.tabs:
        if tab.layout != "table" or fold(tab.name) not in by_fold:
            continue
        values = by_fold[fold(tab.name)]
        matches[tab.name] = match_columns(tab, header_of(values), rows_at(values, 1, 1 + SAMPLE_ROWS))
    ctx.lookups = _lookups(schema, by_fold, matches)
    snapshot = WorkbookSnapshot(tabs={}, settings=settings, problems=problems)
    for tab in schema.tabs:
        if tab.layout != "table":
            continue
        if tab.name not in matches:
            if tabs is None or tab.name in tabs:
                problems.append(Problem(JOB, tab.name, None, None,
                                        f"{tab.name}: the tab is missing; run `turfbook sheets init`", "missing_tab"))
            continue
        snap = parse_tab(tab, by_fold[fold(tab.name)], matches[tab.name], ctx, (columns or {}).get(tab.name),
                         consume)
        snapshot.tabs[tab.name] = snap
        problems.extend(snap.problems)
    return snapshot


def parse_tab(tab: Tab, values: list[list[Any]], match, ctx: ParseContext,
              keys: set[str] | None = None, consume: bool = False) -> TabSnapshot:
    """`keys`: parse only these columns (and the ID); `consume`: empty `values` once read; see rows.parse_rows."""
    header = [header_text(h) for h in header_of(values)]
    snap = TabSnapshot(tab.name, header, dict(match.columns), [])
    _header_problems(tab, header, match, snap.problems)
    dicts, found = parse_columns(tab, values, match.columns, header, ctx, keys, consume)
    snap.of_columns(dicts)                  # the Row objects are made when a job first asks for snap.rows
    snap.problems.extend(found)
    if tab.id_prefix:
        _, numbers, ids = dicts.rows_of
        snap.problems.extend(duplicate_id_problems(snap, ids, numbers))
    return snap


def duplicate_id_problems(snap: TabSnapshot, ids: list[str | None], numbers: list[int]) -> list[Problem]:
    """A copied ID (`ids` and sheet row `numbers` of the tab's rows, in order): each copy after the first."""
    present = list(filter(None, ids))
    if len(set(present)) == len(present):            # the usual case, checked at C speed
        return []
    seen: dict[str, int] = {}
    found = []
    for row_id, number in zip(ids, numbers, strict=True):
        if not row_id:
            continue
        if row_id in seen:
            found.append(Problem(JOB, snap.name, row_id, snap.header[snap.columns["id"]] or "ID",
                                 copied_id_message((snap.name, number), (snap.name, seen[row_id]), row_id),
                                 "duplicate_id", number))
        else:
            seen[row_id] = number
    return found


def _header_problems(tab: Tab, header: list[str], match, problems: list[Problem]) -> None:
    for key, index in match.renamed.items():
        problems.append(Problem(JOB, tab.name, None, header[index], describe_rename(tab, key, header[index]),
                                "renamed_column"))
    for key, index in match.duplicates:
        first = header[match.columns[key]]
        problems.append(Problem(JOB, tab.name, None, header[index],
                                f"{tab.name} header: column {a1.column_letter(index)} '{short(header[index])}' "
                                f"repeats column {a1.column_letter(match.columns[key])} '{short(first)}'; "
                                "Turfbook reads only the first", "duplicate_header"))
    for index in match.blank_with_data:
        problems.append(Problem(JOB, tab.name, None, a1.column_letter(index),
                                f"{tab.name} header: column {a1.column_letter(index)} has data but a blank "
                                "(or merged) header cell; give it a header", "blank_header"))
    for key in match.missing:
        col = tab.column(key)
        if col.required:
            problems.append(Problem(JOB, tab.name, None, col.header,
                                    f"{tab.name}: required column '{col.header}' is missing; run "
                                    "`turfbook sheets init`", "missing_column"))


def read_settings(schema: Schema, rows: list[list[Any]] | None, problems: list[Problem],
                  default_tz: str, default_locale: str, title: str = "Settings") -> dict[str, Any]:
    """Settings tab (setting, value: where its header says, settings_tab) over the schema's defaults; the org
    timezone unless overridden. `title`: the tab as its problems name it (an adopted 'Ajustes'). A value not
    read, or a row naming no setting, is a problem (EN/ES)."""
    try:
        tab = schema.tab("Settings")
    except KeyError:
        tab = None
    defaults = dict(tab.defaults) if tab is not None else {}
    settings: dict[str, Any] = {**defaults, "timezone": default_tz, "locale": default_locale}
    if tab is not None:
        found, said = tab_settings(tab, rows or [], title, settings, JOB)
        settings.update(found)
        problems += said
    recipients = settings.get("digest_recipients", "")
    if isinstance(recipients, str):
        settings["digest_recipients"] = [r for r in (p.strip() for p in recipients.replace(";", ",").split(","))
                                         if r]
    return settings
