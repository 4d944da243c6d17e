"""Turfbook's service columns (ID, Status, every column it writes) in a team's sheet: which of the team's
columns are Turfbook's own, and the name Turfbook's takes beside a team's column of the same name."""

from __future__ import annotations

import re
from typing import Any

from turfbook.schema.header_match import Match
from turfbook.schema.loader import Tab
from turfbook.schema.service_tabs import header_of_formula, views_of
from turfbook.schema.text import header_key

ROW_WRITTEN = {"Media": ("notes",)}   # tabs a job writes on the row itself (filing: jobs/media_tab), and the
                                     # staff columns a new row starts with there (the upload form's note)


def row_written(tab: Tab) -> list[str]:
    """The columns a job writes on the rows of an adopted sheet of `tab` itself, not through a header formula
    (Media: every column filing logs, and the note a new row starts with), so each must be there before the
    job writes: adopt adds them, a service one in a team's own sheet as "Turfbook <header>"
    (SheetLayout.header_of), found again as Turfbook's by that name."""
    if tab.name not in ROW_WRITTEN:
        return []
    return [c.key for c in tab.columns if (c.service and c.key != "id") or c.key in ROW_WRITTEN[tab.name]]


def service_header(tab: Tab, key: str) -> str:
    """'Turfbook ID', 'Turfbook status': Turfbook's column beside a team's own of the same name."""
    header = tab.column(key).header
    return f"Turfbook {header if key == 'id' else header.lower()}"


def _our_ids(tab: Tab, values: list) -> bool:
    """Every non-blank value is an ID of this tab's prefix (a team's own numbers 101, 102 are not)."""
    pattern = re.compile(rf"^{re.escape(tab.id_prefix or '')}-\d+$") if tab.id_prefix else None
    return all(pattern is not None and pattern.match(str(v).strip()) for v in values if v not in ("", None))


def made_by_turfbook(tab: Tab, texts: list[str], body: list[list[Any]]) -> bool:
    """A sheet Turfbook made (`sheets init` on an adopted workbook adds Media): its ID column under Turfbook's
    header holding only this tab's IDs, and more than half of its service columns under Turfbook's exact
    headers, each once (staff may have deleted one since). Its service columns under those headers are
    Turfbook's: never re-adopted as the team's own (a21n 4). Only a tab whose service columns a job writes on
    the row itself (Media): one shown through header formulas is Turfbook's only by them."""
    cells = [str(t).strip() for t in texts]
    if not tab.id_prefix or views_of(tab.name, [c.key for c in tab.columns]):
        return False
    service = [c for c in tab.columns if c.service]
    exact = [c.key for c in service if cells.count(c.header) == 1]
    if "id" not in exact or 2 * len(exact) <= len(service):
        return False
    at = cells.index(tab.column("id").header)
    return _our_ids(tab, [r[at] for r in body if at < len(r)])


def own_service_columns(tab: Tab, columns: list[Match], body: list[list[Any]],
                        typed: list[Any]) -> tuple[list[Match], dict[str, int]]:
    """Service columns (ID, Status, every column Turfbook writes) map only onto columns that are
    Turfbook's: a header "Turfbook <header>", Turfbook's header formula (`typed`: the header row as typed),
    or, for the ID, a column whose values are all this tab's IDs. A team's own column of that name
    ("ID" with 101, 102; "Status" with open/closed) is kept as theirs (`how` "theirs") and Turfbook adds its
    own beside it, named service_header. A sheet Turfbook made (made_by_turfbook): all of them are its own."""
    out, theirs = list(columns), {}
    if made_by_turfbook(tab, [m.text for m in columns], body):
        return out, theirs
    named = {header_key(service_header(tab, c.key)): c.key for c in tab.columns if c.service}
    for i, m in enumerate(out):
        if (key := named.get(header_key(m.text))) is not None:
            out[i] = Match(m.text, key, "exact", 1.0)
    for i, m in enumerate(out):
        if m.key is None or not tab.column(m.key).service or named.get(header_key(m.text)) == m.key:
            continue
        formula = typed[i] if i < len(typed) else ""
        ours = (header_of_formula(formula) is not None if m.key != "id"
                else _our_ids(tab, [r[i] for r in body if i < len(r)]))
        if not ours or any(named.get(header_key(n.text)) == m.key for n in out):
            theirs[m.key] = i
            out[i] = Match(m.text, None, "theirs", 0.0)
    return out, theirs
