"""While an adopted tab is HELD (adopt_sorted.check_rows: its rows sit away from their IDs), the IDs its hold is about
name no one (outside tester a21l l6).

People sorted by name over the staff columns, then Zed's row deleted: Bo's row shows P-000002 (Zed's ID) and Bo's
own P-000003 is on no row. The team's Conversations name people by ID, and those cells are right (the sort moved
People's rows, not theirs), but read against People as it is they gave Zed's overdue follow-up the name "Bo Li" and
said Bo's "P-000003 is not in People". So, while the tab is held, the shown ID and the ID whose record it holds of
every displaced, merged or orphan row (`unsure`) resolve to no one: a cell of another tab TYPED as such an ID is read
as its text (no name, no referenced row: `unname`) and says no "is not in People" (the hold's problem says why, and
`note` adds that those rows show no name until the repair); the held tab's snapshot carries the IDs (`unsure_of`),
so the follow-up rule (followup_people) and the digest's index (digest.index) find no row by them. A cell naming a
person by NAME still finds the row (the name is right), but the follow-up rule gives it no People ID while that
row's ID is unsure. After `turfbook sheets adopt` puts the IDs back, nothing is held and names resolve as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from turfbook.schema.cells import cell_text
from turfbook.schema.loader import Schema, VocabRef
from turfbook.schema.model import TabSnapshot, WorkbookSnapshot

if TYPE_CHECKING:
    from turfbook.schema.adopt_displaced import Sorted

ATTR = "unsure_ids"           # set on the held tab's TabSnapshot by `apply`


def unsure(found: Sorted) -> set[str]:
    """The IDs a hold is about: each displaced (merged, paired, alike) row's shown ID and the ID whose record it
    holds, and each orphan's shown ID."""
    pairs = [*found.moved, *found.merged, *found.paired, *((row, x) for row, x, _ in found.alike)]
    ids = {row.id for row, _ in pairs} | {x for _, x in pairs} | {row.id for row in found.orphans}
    return {i for i in ids if i}


def unsure_of(tab: TabSnapshot | None) -> frozenset[str]:
    """The IDs of `tab` that name no one while it is held (empty when it is not)."""
    return getattr(tab, ATTR, frozenset()) if tab is not None else frozenset()


def referrers(schema: Schema, tab: str) -> list[tuple[str, str]]:
    """(tab, column key) of every reference column whose vocabulary is `tab`'s (Conversations' Person: People)."""
    return [(t.name, c.key) for t in schema.tabs for c in t.columns
            if c.type == "ref" and isinstance(c.vocabulary, VocabRef) and c.vocabulary.tab == tab]


def note(schema: Schema, found: Sorted, read=None) -> tuple[str, str]:
    """What the hold's problem adds (EN, ES) when other tabs (of those `read`, default all) name the held tab's
    rows; ("", "") otherwise."""
    from turfbook.schema.spanish_names import label

    ids = sorted(unsure(found))
    tabs = sorted({t for t, _ in referrers(schema, found.tab) if read is None or t in read})
    if not ids or not tabs:
        return "", ""
    shown = ", ".join(ids[:6]) + (f" (+{len(ids) - 6})" if len(ids) > 6 else "")
    en, es = ", ".join(tabs), ", ".join(label(schema, t, "", "es") for t in tabs)
    return (f"Meanwhile {en} rows naming {shown} name no one (Turfbook cannot tell whose they are): their "
            f"follow-ups show the ID as typed, with no name, until `turfbook sheets adopt` puts the IDs back",
            f"Mientras tanto, las filas de {es} que nombran {shown} no nombran a nadie (Turfbook no sabe de quién "
            f"son): sus seguimientos muestran el ID tal como se escribió, sin nombre, hasta que `turfbook sheets "
            f"adopt` devuelva los ID")


def apply(snapshot: WorkbookSnapshot, sheets) -> set[tuple[str, int, str]]:
    """Each held tab of the read (`sheets.sorted_tabs`) marked with its `unsure` IDs, and every cell of another
    tab typed as one of them read as its text; returns those cells (tab, row number, column header), whose
    reference problems the read drops (reader.add_read_problems)."""
    held, schema = getattr(sheets, "sorted_tabs", None) or {}, getattr(sheets, "schema", None)
    cells: set[tuple[str, int, str]] = set()
    for name, found in sorted(held.items()):
        snap, ids = snapshot.tabs.get(name), unsure(found)
        if snap is None or not ids or schema is None:
            continue
        setattr(snap, ATTR, frozenset(ids))
        for tab, key in referrers(schema, name):
            other = snapshot.tabs.get(tab)
            if other is None or key not in other.columns:
                continue
            header = other.header[other.columns[key]] or schema.tab(tab).column(key).header
            cells |= {(tab, number, header) for number in unname(other, key, ids)}
    return cells


def unname(tab: TabSnapshot, key: str, ids: set[str]) -> list[int]:
    """Rows of `tab` whose `key` cell is typed as one of `ids` (case and spaces aside): their value becomes the
    cell's text and their reference none. Returns their row numbers."""
    typed = {i.upper() for i in ids}
    raws = tab.raw_column(key)
    hits = [i for i, raw in enumerate(raws) if raw not in (None, "") and raw.__class__ is not list
            and " ".join(cell_text(raw).split()).upper() in typed]
    if not hits:
        return []
    rows = tab.rows
    for i in hits:
        rows[i].values[key] = cell_text(raws[i])
        rows[i].refs.pop(key, None)
    return [rows[i].row_number for i in hits]
