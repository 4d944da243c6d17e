"""Turfbook's own tabs in a team's workbook (Problems, Wall chart): never on top of a tab of theirs. Pure.

A team may already keep a tab called "Problems" (their worksite problems) or "Wall chart" (a hand-made
one). Such a tab is theirs: Turfbook never writes it. Its own goes under a distinct title ("Turfbook
problems", "Turfbook wall chart"), recorded in the adoption mapping (`own_tabs`), and every job reads and
writes it through that mapping (adopt_read.AdoptedSheets renames the title in each call). A tab is
Turfbook's only when it shows it: Problems with Turfbook's own columns (Job, Row ID, Kind) on row 1, a
free tab (the Wall chart) with Turfbook's "Written by Turfbook" line in its top rows. An empty tab of that
name is theirs too (Turfbook does not take what it cannot tell is its own).
The choice is the same on every run (a second adopt finds Turfbook's under the distinct title).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema.columns import match_columns
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.service_tabs import TABLES, title_of
from turfbook.schema.text import fold

MARK = "written by turfbook"          # the Wall chart's second row: "Written by Turfbook on …"
SIGNATURE = {"Problems": ("job", "row_id", "kind")}
TRIES = 5


@dataclass
class OwnTabs:
    titles: dict[str, str] = field(default_factory=dict)     # Turfbook's tab -> the title it uses here
    theirs: list[str] = field(default_factory=list)          # the team's tabs titled as one of Turfbook's
    refused: list[str] = field(default_factory=list)         # Turfbook tabs with no free title (all taken)

    @property
    def renamed(self) -> dict[str, str]:
        return {name: title for name, title in self.titles.items() if title != name}


def service_tabs(schema: Schema) -> list[Tab]:
    """The tabs Turfbook writes whole (owner: service): Problems, Wall chart."""
    return [t for t in schema.tabs if t.owner == "service"]


def candidates(name: str) -> list[str]:
    """'Problems' -> 'Problems', 'Turfbook problems', 'Turfbook problems 2', …"""
    first = f"Turfbook {name[:1].lower()}{name[1:]}"
    return [name, first] + [f"{first} {n}" for n in range(2, TRIES)]


def is_ours(tab: Tab, rows: list[list[Any]] | None) -> bool:
    """Whether a tab of that title shows it is Turfbook's (see the module docstring)."""
    if not rows:
        return False
    if tab.layout == "free":
        return any(MARK in fold(str(c)) for r in rows[:3] for c in r)
    wanted = SIGNATURE.get(tab.name, tuple(c.key for c in tab.columns))
    found = match_columns(tab, rows[0]).columns
    return all(k in found for k in wanted)


def plan_own_tabs(schema: Schema, values: dict[str, list[list[Any]]],
                  known: dict[str, str] | None = None) -> OwnTabs:
    """`values`: every sheet's cells, by title. Which title each of Turfbook's tabs uses. `known`: the titles
    this workbook's stored mapping (or this run, before its writes) gives Turfbook's tabs. A distinct title
    ("Turfbook problems") that is already there is Turfbook's only when `known` says so: a team's own tab of
    that title (even one with Turfbook's columns, copied from another workbook) is theirs, and Turfbook
    takes the next free title and creates it. Turfbook's hidden service tabs ('_Turfbook Problems') are
    never a team's tab, however alike their titles fold."""
    out = OwnTabs()
    hidden = {title_of(t) for t in TABLES}
    titles = {fold(t): t for t in values if t not in hidden}
    for tab in service_tabs(schema):
        for n, title in enumerate(candidates(tab.name)):
            present = titles.get(fold(title))
            ours = present is not None and is_ours(tab, values[present]) and (
                n == 0 or (known or {}).get(tab.name) == present)
            if present is None or ours:
                out.titles[tab.name] = present or title
                break
            out.theirs.append(present)
        else:
            out.refused.append(tab.name)
    return out


def turfbook_titles(own: OwnTabs) -> set[str]:
    """Every title that is Turfbook's in this workbook (its service views and its own tabs)."""
    return {title_of(t) for t in TABLES} | set(own.titles.values())
