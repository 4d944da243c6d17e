"""Typed text under a service header formula (a14 L1).

A service column of a staff tab (Status, Flagged at, Problems ...) is shown by ONE array formula in
its header cell (docs/write-path.md). A person who types into a cell below it blocks the whole array:
Sheets shows #REF! in the header ("Array result was not expanded because it would overwrite data")
and every other row of that column goes blank. Turfbook never overwrites what the person typed; it
finds the cell and says so, naming the row and the typed text, in English and Spanish.

Calls: none on a normal night (the header as already read shows no #REF!); when one does, one
values.batchGet (FORMULA render) of the blocked columns: the header formula tells it is ours, the
cells below are what people typed.
"""

from __future__ import annotations

from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem, WorkbookSnapshot
from turfbook.schema.service_tabs import header_of_formula, views_of
from turfbook.workspace import a1

KIND = "blocked_formula"


def blocked_cells(sheets, schema: Schema, snapshot: WorkbookSnapshot, job: str) -> list[Problem]:
    """A problem per typed cell that blocks a service header formula, in the tabs of `snapshot`."""
    wanted: list[tuple[str, int]] = []
    for tab in snapshot.tabs.values():
        if not views_of(tab.name, [c.key for c in schema.tab(tab.name).columns if c.service]):
            continue
        wanted += [(tab.name, i) for i, h in enumerate(tab.header) if str(h).startswith("#REF!")]
    if not wanted:
        return []
    read = sheets.read([a1.whole_columns(tab, column) for tab, column in wanted], render="FORMULA")
    problems: list[Problem] = []
    for (tab, _), cells in zip(wanted, read, strict=True):
        header = header_of_formula(cells[0][0] if cells and cells[0] else "")
        if header is None:
            continue                                # not our formula: somebody else's #REF!
        ids = {r.row_number: r.id for r in snapshot.tab(tab).rows}
        for number, line in enumerate(cells[1:], start=2):
            typed = line[0] if line else ""
            if typed in ("", None):
                continue
            row_id = ids.get(number) or f"row {number}"
            where = row_id if row_id.startswith("row ") else f"row {row_id}"
            problems.append(Problem(
                job, tab, row_id, header,
                f"{tab} {where}: '{typed}' was typed in {header}, which Turfbook fills; it hides the whole "
                f"{header} column (#REF!). Clear that cell (your text is kept until you do) / '{typed}' se "
                f"escribió en {header}, que llena Turfbook; oculta toda la columna {header} (#REF!). Borre esa "
                f"celda (su texto se conserva hasta entonces)", KIND, row_number=number))
    return problems
