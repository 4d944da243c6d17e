"""A two-row header: a group row of merged cells above the header ('Contacto' over Fecha | Nombre,
'Seguimiento' over Fecha | Hecho; attack a21e 2). Each header cell under a group is read with the group as
part of its name when that makes a name Turfbook knows ('Fecha' under 'Seguimiento' → "Fecha de
Seguimiento": Follow-up due; 'Hecho' under 'Seguimiento' → "Seguimiento Hecho": Follow-up done); otherwise
as typed ('Nombre' under 'Contacto'). Adopt reads the group row by its merges (spreadsheets.get, the call it
already makes); the jobs read it as the row above the header, each group reaching right until the next one
(a merged cell shows its value in its first cell only), and accept a combined name only when it is a header
the adoption stored, so adopt and every job read one column the same way. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FORMS = ("{h} de {g}", "{g} {h}", "{h} {g}")     # Spanish "Fecha de Seguimiento", "Follow-up Date", "Date Follow-up"


def merged_rows(merges: list[dict]) -> set[int]:
    """0-based rows holding a merge of one row across two columns or more (a group row's cells)."""
    return {m.get("startRowIndex", 0) for m in merges
            if m.get("endRowIndex", 0) - m.get("startRowIndex", 0) == 1
            and m.get("endColumnIndex", 0) - m.get("startColumnIndex", 0) >= 2}


def is_group_row(rows: list[list[Any]], index: int, merged: set[int] | frozenset = frozenset()) -> bool:
    """Whether 0-based row `index` (the row right above a header) is a group row: merged across columns and
    naming two groups or more (a merged title across the whole sheet is one cell: not a group row)."""
    return 0 <= index < len(rows) and index in merged and sum(1 for c in rows[index] if _text(c)) >= 2


def combine(above: list[Any], header: list[Any], accept: Callable[[str], bool]) -> list[Any]:
    """`header` with each cell under a group read as the first FORMS name `accept` takes, else as typed."""
    out, group = list(header), ""
    for i, cell in enumerate(header):
        if i < len(above) and _text(above[i]):
            group = _text(above[i])
        if not group or not _text(cell):
            continue
        out[i] = next((t for t in (f.format(h=_text(cell), g=group) for f in FORMS) if accept(t)), cell)
    return out


def _text(cell: Any) -> str:
    return " ".join(cell.split()) if isinstance(cell, str) else ""
