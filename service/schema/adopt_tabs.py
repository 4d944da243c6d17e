"""Turfbook's own tabs in a team's workbook (Problems, Wall chart): never on top of a tab of theirs. Pure.

A team may already keep a tab called "Problems" (their worksite problems) or "Wall chart" (a hand-made
one). Such a tab is theirs: Turfbook never writes it. Its own goes under a distinct title ("Turfbook
problems", "Turfbook wall chart"), recorded in the adoption mapping (`own_tabs`), and every job reads and
writes it through that mapping (adopt_read.AdoptedSheets renames the title in each call). A tab is
Turfbook's only when it shows it: Problems with Turfbook's own columns (Job, Row ID, Kind) on row 1, a
free tab (the Wall chart) with Turfbook's "Written by Turfbook" line in its top rows. An empty tab of that
name is theirs too (Turfbook does not take what it cannot tell is its own).
The choice is the same on every run (a second adopt finds Turfbook's under the distinct title).

Turfbook's own tab is also known by its sheetId (`OwnTabs.ids`, stored as `own_tabs_ids`; attack a21e 10,
13): the one it has, or, for one not there yet (a Wall chart before the first digest), the sheetId it will
be created with (`reserve`). A tab of that title whose sheetId is another is the team's, whatever it holds:
their own "Problems" made after Turfbook's was deleted, their "Wall chart" made before the first digest.
The jobs follow the sheetIds in the metadata they read (`resolve`), so they never write a tab of theirs.
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
RESERVED = 7_100_000       # a Turfbook tab not made yet gets this sheetId (+ its index) when a job makes it


@dataclass
class OwnTabs:
    titles: dict[str, str] = field(default_factory=dict)     # Turfbook's tab -> the title it uses here
    theirs: list[str] = field(default_factory=list)          # the team's tabs titled as one of Turfbook's
    refused: list[str] = field(default_factory=list)         # Turfbook tabs with no free title (all taken)
    ids: dict[str, int] = field(default_factory=dict)        # Turfbook's tab -> its sheetId (or the one reserved)

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
                  known: dict[str, str] | None = None, known_ids: dict[str, int] | None = None,
                  sheet_ids: dict[str, int] | None = None) -> OwnTabs:
    """`values`: every sheet's cells, by title. Which title each of Turfbook's tabs uses. `known`: the titles
    this workbook's stored mapping (or this run, before its writes) gives Turfbook's tabs. A distinct title
    ("Turfbook problems") that is already there is Turfbook's only when `known` says so: a team's own tab of
    that title (even one with Turfbook's columns, copied from another workbook) is theirs, and Turfbook
    takes the next free title and creates it. Turfbook's hidden service tabs ('_Turfbook Problems') are
    never a team's tab, however alike their titles fold. `known_ids` (the stored sheetIds) and `sheet_ids`
    (title -> sheetId now): a tab with Turfbook's sheetId is Turfbook's under any title; a tab whose sheetId
    is not the stored one is never Turfbook's."""
    out = OwnTabs()
    hidden = {title_of(t) for t in TABLES}
    titles = {fold(t): t for t in values if t not in hidden}
    by_id = {i: t for t, i in (sheet_ids or {}).items()}
    for tab in service_tabs(schema):
        stored = (known_ids or {}).get(tab.name)
        if stored is not None and stored in by_id and sheet_ids is not None:
            out.titles[tab.name] = by_id[stored]
            out.ids[tab.name] = stored
            for title in candidates(tab.name):     # the team's tabs titled as Turfbook's before its own
                present = titles.get(fold(title))
                if present == by_id[stored]:
                    break
                if present is not None:
                    out.theirs.append(present)
            continue
        for n, title in enumerate(candidates(tab.name)):
            present = titles.get(fold(title))
            ours = present is not None and stored is None and is_ours(tab, values[present]) and (
                n == 0 or (known or {}).get(tab.name) == present)
            if present is None or ours:
                out.titles[tab.name] = present or title
                break
            out.theirs.append(present)
        else:
            out.refused.append(tab.name)
            continue
        present_id = (sheet_ids or {}).get(out.titles[tab.name])
        if present_id is not None and out.titles[tab.name] in values:
            out.ids[tab.name] = present_id
        else:
            out.ids[tab.name] = stored if stored is not None else reserve(schema, tab.name, set(by_id))
    return out


def reserve(schema: Schema, name: str, taken: set[int]) -> int:
    """The sheetId Turfbook's tab `name` gets when it is made (the same on every run of one workbook)."""
    number = RESERVED + 1 + [t.name for t in service_tabs(schema)].index(name)
    while number in taken:
        number += 1000
    return number


def resolve(schema: Schema, own: OwnTabs, now: dict[int, str]) -> None:
    """The titles of Turfbook's own tabs in the workbook as it is NOW (`now`: sheetId -> title, from the
    metadata a job read): Turfbook's is the tab with its sheetId, under any title; when it is not there (not
    made yet, or deleted by staff) the first free title of its candidates, so a tab of the team's that took
    its title since is never written ("Problems" made by staff: Turfbook's goes to "Turfbook problems").
    Every tab titled as one of Turfbook's that is not Turfbook's is the team's (`own.theirs`). A mapping
    stored before sheetIds were kept: as stored."""
    if not own.ids:
        return
    present = set(now.values())
    names = {t.name for t in service_tabs(schema)}
    for name, sheet_id in own.ids.items():
        if sheet_id in now:
            own.titles[name] = now[sheet_id]
        else:
            used = set(own.titles[n] for n in own.titles if n != name and own.ids.get(n) in now)
            own.titles[name] = next((t for t in candidates(name) if t not in present and t not in used),
                                    own.titles.get(name, name))
    mine = {now[i] for i in own.ids.values() if i in now}
    own.theirs = sorted({t for t in present if t not in mine and (t in names or t in own.theirs)})


def turfbook_titles(own: OwnTabs) -> set[str]:
    """Every title that is Turfbook's in this workbook (its service views and its own tabs)."""
    return {title_of(t) for t in TABLES} | set(own.titles.values())
