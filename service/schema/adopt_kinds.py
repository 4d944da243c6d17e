"""The problem kinds the adoption's checks report, kept apart from those checks: a job filters a read's problems
by them (overdue holds its flags for a sorted tab, says who it counts by) without importing the adoption's
modules, which a workbook that is Turfbook's own never needs (issue 22, the CLI's imports)."""

from __future__ import annotations

from turfbook.schema.model import Problem

SORTED = "rows_moved"                  # adopt_sorted.KIND: a tab sorted without its IDs
MERGED = "rows_merged"                 # d1: no longer produced (a21k k9: a merge is held like a sort): old rows
UNRESOLVED = "organizer_unresolved"    # adopt_translate.KIND: a problem of `organizer_problems`
HANDED = "sheet_handed_over"           # adopt_handover.HANDED


def of_organizers(problems: list[Problem]) -> list[Problem]:
    """Of a read's problems, those about organizers it found no one for (adopt_translate.organizer_problems)."""
    return [p for p in problems if p.kind in (UNRESOLVED, HANDED)]
