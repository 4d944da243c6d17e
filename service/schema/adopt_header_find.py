"""Where a sheet's header is and which tab it says (`find_header`, `by_header`, `confidence`), and whether the
header outweighs the title (`header_outweighs`). Pure, no I/O; adopt_layout.plan_layout decides with them.

A title names a tab (header_match.title_organizer) but teams title tabs loosely: "Contactos" holding a
conversation log (Fecha, Nombre, Fecha de seguimiento), "Llamadas" holding a list of people to call (Name,
Phone, Email). The header wins when it clearly says another tab (attack a21e 3): that tab's required columns
matched sure and its confidence at least MIN_CONFIDENCE, and either the title's tab lacks its own required
columns there, or the other tab has a required column the title's tab has not got (a date: People has none)
and its confidence beats the title's by CLEAR_MARGIN. A title naming a tab only among other
words ("Registro de contactos") loses to any header saying another tab more surely. The report and
--dry-run say so ("recognised by its columns, which outweigh its title").
"""

from __future__ import annotations

from typing import Any

from turfbook.schema.header_match import Match, match_header
from turfbook.schema.loader import Tab

HEADER_ROWS = 10            # a header further down than this is not looked for
MIN_COLUMNS = 2             # a header row matches at least this many columns
MIN_CONFIDENCE = 0.5        # a tab recognised by its header alone: at least this sure (confidence)
SURE_NEEDS = 0.95           # ...and the columns it needs matched at least this sure (not a close spelling)
WEAK_TITLES = ("words", "fuzzy")   # a title naming a tab this way loses to a header saying another more surely
CLEAR_MARGIN = 0.3          # a title naming a tab plainly loses only to a header this much surer of another
OVER_TITLE = "header_over_title"   # Match.how of a sheet whose header outweighed its title


def header_outweighs(tab: Tab, how: str, found: tuple | None, tables: list[Tab],
                     rows: list[list[Any]]) -> tuple[tuple, Tab] | None:
    """((header row, columns), the other tab) when the header clearly says another tab than the title's
    `tab` (named `how`: header_match's Match.how), else None. `found`: the title's tab's header (its
    required columns there), None when it has not got them."""
    said = max(by_header([t for t in tables if t is not tab], rows), default=None,
               key=lambda gt: confidence(gt[1], gt[0][1]))
    if said is None:
        return None
    theirs, ours = confidence(said[1], said[0][1]), confidence(tab, found[1]) if found else 0.0
    if how in WEAK_TITLES:
        return said if theirs > ours else None
    if found is None:
        return said
    # a plain title loses only to a tab its header tells apart by a column the title's tab has not got (a
    # conversation log's date: People has none; a "Staff" list with Role and Site stays the Organizers)
    keys = {c.key for c in tab.columns}
    apart = any(c.required and c.key not in keys for c in said[1].columns)
    return said if apart and theirs >= ours + CLEAR_MARGIN else None


def by_header(tables: list[Tab], rows: list[list[Any]], before: bool = False) -> list[tuple[tuple, Tab]]:
    """[((header row, columns), tab)] for each tab a header clearly says: its required columns matched sure,
    at least MIN_CONFIDENCE (`before`: adopted before, its required columns are enough)."""
    return [(g, t) for t in tables if (g := find_header(t, rows, needs=needs_of(t, SURE_NEEDS)))
            and (before or confidence(t, g[1]) >= MIN_CONFIDENCE)]


def confidence(tab: Tab, columns: list[Match]) -> float:
    """How sure a header says it is `tab`: its named cells, each staff column of ours counted by how sure its
    match is (a "Status" or "ID" of theirs says nothing: those are Turfbook's own columns)."""
    named = [m for m in columns if m.text.strip()]
    staff = sum(m.score for m in named if m.key and not tab.column(m.key).service)
    return round(staff / max(len(named), MIN_COLUMNS), 2)


def needs_of(tab: Tab | None, sure: float = 0.0):
    """The columns a tab needs to be that tab: its required ones (People: a name; Conversations: a date and
    the person), matched at least `sure`. A tab with none (Media) is never recognised by a header alone."""
    def enough(columns: list[Match]) -> bool:
        got = {m.key for m in columns if m.key and m.score >= sure}
        needed = [c.key for c in tab.columns if c.required] if tab is not None else []
        return bool(needed if sure else True) and all(k in got for k in needed)
    return enough


def used_width(cells: list) -> int:
    """Columns up to the last non-empty cell."""
    return max([i + 1 for i, c in enumerate(cells) if c not in ("", None)] + [0])


def _strength(columns: list[Match]) -> float:
    return sum(m.score for m in columns if m.key)


def find_header(tab: Tab, rows: list[list[Any]], minimum: int = MIN_COLUMNS,
                 required_only: bool = False, needs=None) -> tuple[int, list[Match]] | None:
    """The header row; `minimum` columns matched (a tab named as ours by its title, e.g. "Contacts" with
    only a Name column, needs one: `required_only`, a sure match of a required column)."""
    best: tuple[int, list[Match]] | None = None
    for index, cells in enumerate(rows[:HEADER_ROWS]):
        texts = [c if isinstance(c, str) else "" for c in cells]
        if sum(1 for t in texts if t.strip()) < minimum:
            continue                          # a title, a blank row, a lone note
        columns = match_header(tab, texts)
        if required_only and not any(m.key and m.sure and tab.column(m.key).required for m in columns):
            continue
        enough = sum(1 for m in columns if m.key) >= minimum and (needs is None or needs(columns))
        if enough and (best is None or _strength(columns) > _strength(best[1])):
            best = (index, columns)
    return best


