"""What an adopted workbook lacks that the jobs need, said as problems (EN/ES). Pure, no I/O.

`service_gaps`: Turfbook's columns on an adopted sheet that are not there. Deleted by staff (or showing
#REF!: their ID column or hidden tab was deleted; a21c finding 16) is told apart from never added (a sheet
adopt left alone while staff moved its header, attack a21e 4): both are repaired by `turfbook sheets adopt`,
but only the first was ever there. People's ID missing names its column: the follow-up rule finds a
conversation's person through it (followup.lost_columns).

`needed_columns`: a column the follow-up rule needs (followup.RULE_NEEDS: a conversation log's follow-up
date) that an adopted sheet has none of (a21e 2: a two-row header whose follow-up column was not found).
Its figures are then unknown, never 0: a problem in the adoption report, the jobs' summaries and the
digest ("Overdue now: unknown")."""

from __future__ import annotations

from typing import Any

from turfbook.schema.adopt_layout import Layout
from turfbook.schema.adopt_service_columns import row_written
from turfbook.schema.followup import RULE_NEEDS
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.model import Problem
from turfbook.schema.service_tabs import views_of


def service_gaps(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> list[Problem]:
    out = []
    for s in layout.sheets:
        rows = raw.get(s.title)
        if not rows:
            continue
        tab = schema.tab(s.tab)
        shown = {k for k, _ in views_of(tab.name, [c.key for c in tab.columns])} | set(row_written(tab))   # service
        want = [c for c in tab.columns if c.service and (c.key == "id" or c.key in shown)]
        at = s.current(s.header_at(rows, s.locate_header(rows)))
        gone = [c.key for c in want if c.key not in at and c.key in s.mapping]
        never = [c.key for c in want if c.key not in at and c.key not in s.mapping]
        column = tab.column("id").header if "id" in gone + never else None
        if gone:
            out.append(Problem("schema", s.tab, None, column, (
                f"'{s.title}': Turfbook's column(s) {', '.join(s.header_of(tab, k) for k in gone)} are missing or "
                "show #REF! (deleted, or their ID column or hidden tab was); what Turfbook writes for them does "
                "not show. Run `turfbook sheets adopt` to repair them (nothing of yours is changed) / "
                f"'{s.title}': las columnas de Turfbook {', '.join(s.header_of(tab, k) for k in gone)} faltan o "
                "muestran #REF! (se borraron, o su columna ID o la pestaña oculta); lo que Turfbook escribe en ellas "
                "no se ve. Ejecute `turfbook sheets adopt` para repararlas (no cambia nada suyo)"),
                "service_column_missing"))
        if never:
            out.append(Problem("schema", s.tab, None, column if not gone else None, (
                f"'{s.title}': Turfbook's column(s) {', '.join(s.header_of(tab, k) for k in never)} were not added "
                "yet (the adoption left this sheet alone, e.g. its header moved while it wrote). Run `turfbook "
                "sheets adopt` to add them (nothing of yours is changed) / "
                f"'{s.title}': las columnas de Turfbook {', '.join(s.header_of(tab, k) for k in never)} aún no se "
                "agregaron (la adopción dejó esta hoja como estaba, p. ej. su encabezado se movió mientras "
                "escribía). Ejecute `turfbook sheets adopt` para agregarlas (no cambia nada suyo)"),
                "service_column_missing"))
    return out


def needed_columns(schema: Schema, layout: Layout, job: str = "schema") -> list[Problem]:
    out = []
    for s in layout.sheets:
        tab = schema.tab(s.tab)
        for key in RULE_NEEDS.get(s.tab, ()):
            if key in s.mapping:
                continue
            ours = tab.column(key).header
            names = ", ".join(f"'{n}'" for n in [ours, *tab.column(key).aliases[:3]])
            out.append(Problem(job, s.tab, None, ours, (
                f"'{s.title}' ({s.tab}): no column is read as {ours}, so overdue follow-ups cannot be counted "
                f"(they show as unknown, never 0). Name its header {names}, then run `turfbook sheets adopt` / "
                f"'{s.title}': ninguna columna se lee como {ours}, así que no se pueden contar los seguimientos "
                f"vencidos (se muestran como desconocidos, nunca 0). Llame su encabezado {names} y ejecute "
                "`turfbook sheets adopt`."), "needed_column"))
    return out


def lacking(sheets, tab: Tab, keys: list[str], header: dict[str, int]) -> list[tuple[str, list[str]]]:
    """The columns of `keys` a job would write into `tab` that are not there to take them, as read this run:
    [(sheet title, [header, ...])]. `header`: the tab's columns as read (key -> index), Turfbook's own workbook;
    an adopted workbook (`sheets` an adopt_read.AdoptedSheets after its read): each of its sheets of that tab,
    a column it has none of, or whose header that read did not find (deleted or renamed by staff). The job
    writes no row rather than one without them (a21n 5: a photo logged as an ID alone)."""
    layout = getattr(sheets, "layout", None)
    if layout is None or not layout.of(tab.name):
        gone = [tab.column(k).header for k in keys if k not in header]
        return [(tab.name, gone)] if gone else []
    raw = getattr(sheets, "raw", {})
    out = []
    for s in layout.of(tab.name):
        rows = raw.get(s.title)
        at = s.current(s.header_at(rows, s.locate_header(rows)), tab) if rows else s.mapping
        gone = [s.columns[s.mapping[k]].text if k in s.mapping else s.header_of(tab, k) for k in keys if k not in at]
        if gone:
            out.append((s.title, gone))
    return out
