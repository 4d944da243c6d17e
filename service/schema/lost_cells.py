"""A column of an adopted sheet the read did not find (its header renamed past finding, or removed: i6) is read
as blank in every row of that sheet. Its cells are not empty, the column is missing: that is ONE problem naming
the column (AdoptedSheets.read_problems), never "Name is empty" in every row's Problems cell, nor "Person 'Ana'
is not in People" in every row that names someone of a tab whose names column is lost. Pure.

Likewise a row a cut (or a sort through a filter) left BLANK next to its ID (a21k k10: Ana's A:D cut from
'Convos - Rosa' and pasted under 'Convos - Luis', the ID cell staying behind): the sort guard names it (its ID
cell is cleared by `sheets adopt`: adopt_displaced, Sorted.cleared), so it is never also "Date is empty /
Person is empty" (`drop_left_blank`)."""

from __future__ import annotations

from turfbook.schema.loader import VocabRef
from turfbook.schema.model import Problem

PER_ROW = {"missing", "unknown_reference"}          # what a blank or unread column makes every row say


def unread(sheets) -> tuple[set[tuple[str, str, str]], set[tuple[str, str]]]:
    """({(tab, column header, sheet title)} the last read read as blank because the column was not found,
    {(tab, column header)} whose names cannot be checked because the column they name is lost)."""
    lost = getattr(sheets, "lost", None) or []
    layout, schema = getattr(sheets, "layout", None), getattr(sheets, "schema", None)
    if not lost or layout is None or schema is None:
        return set(), set()
    blank, named = set(), set()
    for title, key, _, why in lost:
        if why.startswith("twice:"):                   # read from its first column: not blank
            continue
        tab = next((s.tab for s in layout.sheets if s.title == title), None)
        if tab is None:
            continue
        blank.add((tab, schema.tab(tab).column(key).header, title))
        for other in schema.tabs:
            for col in other.columns:
                ref = col.vocabulary
                if isinstance(ref, VocabRef) and ref.tab == tab and ref.column == key:
                    named.add((other.name, col.header))
    return blank, named


def drop_unread(sheets, problems: list[Problem]) -> list[Problem]:
    """`problems` without the per-row ones a lost column made (`unread`): each row of its sheet "is empty" there,
    each row naming someone of its tab "is not in" it."""
    blank, named = unread(sheets)
    if not blank:
        return problems
    origins = getattr(sheets, "origins", None) or {}

    def made_by_loss(p: Problem) -> bool:
        if p.kind not in PER_ROW or p.row_number is None:
            return False
        if p.kind == "unknown_reference":
            return (p.tab, p.column) in named
        rows = origins.get(p.tab) or []
        at = p.row_number - 2
        return 0 <= at < len(rows) and (p.tab, p.column, rows[at][0]) in blank

    return [p for p in problems if not made_by_loss(p)]


def drop_left_blank(sheets, problems: list[Problem]) -> list[Problem]:
    """`problems` without the per-row ones of a row the sort guard found left blank by a cut or a sort (the
    blank rows holding an ID whose record is on another row, of each tab it holds: adopt_sorted.check_rows)."""
    found = getattr(sheets, "sorted_tabs", None) or {}
    blank = {(tab, row.row_number) for tab, s in found.items() for row in s.cleared}
    if not blank:
        return problems
    return [p for p in problems if p.kind not in PER_ROW or (p.tab, p.row_number) not in blank]
