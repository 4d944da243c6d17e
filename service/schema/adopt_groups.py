"""A two-row header: a group row of merged cells above the header ('Contacto' over Fecha | Nombre,
'Seguimiento' over Fecha | Hecho; attack a21e 2). Each header cell under a group is read with the group as
part of its name when that makes a name Turfbook knows ('Fecha' under 'Seguimiento' → "Fecha de
Seguimiento": Follow-up due; 'Hecho' under 'Seguimiento' → "Seguimiento Hecho": Follow-up done); otherwise
as typed ('Nombre' under 'Contacto'). Adopt reads the group row by its merges (spreadsheets.get, the call it
already makes) or by a label typed over each column of its group (unmerged and filled in, read once); the
jobs read it as the row above the header, each group reaching right until the next one
(a merged cell shows its value in its first cell only), and accept a combined name only when it is a header
the adoption stored, so adopt and every job read one column the same way. Pure, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from turfbook.schema.text import fold

FORMS = ("{h} de {g}", "{g} {h}", "{h} {g}")     # Spanish "Fecha de Seguimiento", "Follow-up Date", "Date Follow-up"


def merged_rows(merges: list[dict]) -> set[int]:
    """0-based rows holding a merge of one row across two columns or more (a group row's cells)."""
    return {m.get("startRowIndex", 0) for m in merges
            if m.get("endRowIndex", 0) - m.get("startRowIndex", 0) == 1
            and m.get("endColumnIndex", 0) - m.get("startColumnIndex", 0) >= 2}


def is_group_row(rows: list[list[Any]], index: int, merged: set[int] | frozenset = frozenset()) -> bool:
    """Whether 0-based row `index` (the row right above a header) is a group row: naming two groups or more,
    merged across columns or each label typed over every column of its group (unmerged and filled in: a21l l4;
    a merged title across the whole sheet is one cell: not a group row)."""
    if not 0 <= index < len(rows):
        return False
    once = spread(rows[index])
    filled = sum(1 for c in rows[index] if _text(c)) > sum(1 for c in once if _text(c))
    return (index in merged or filled) and sum(1 for c in once if _text(c)) >= 2


def spread(above: list[Any]) -> list[Any]:
    """The group row as a merge shows it: a label typed again over the next columns of its group (the cells
    unmerged and each filled in, 'Seguimiento' twice: attack a21l l4) read once, in its first cell. Labels are
    compared folded (text.fold): 'seguimiento' after 'Seguimiento' is the same group."""
    out, group = [], ""
    for cell in above:
        said = fold(_text(cell))
        if said and said == group:
            out.append("")
            continue
        group = said or group
        out.append(cell)
    return out


def combine(above: list[Any], header: list[Any], accept: Callable[[str], bool]) -> list[Any]:
    """`header` with each cell under a group read as the first FORMS name `accept` takes, else as typed."""
    out, group, above = list(header), "", spread(above)
    for i, cell in enumerate(header):
        if i < len(above) and _text(above[i]):
            group = _text(above[i])
        if not group or not _text(cell):
            continue
        out[i] = next((t for t in (f.format(h=_text(cell), g=group) for f in FORMS) if accept(t)), cell)
    return out


def labels(above: list[Any]) -> list[str]:
    """The group row's labels, left to right ("Primera visita", "Seguimiento"): stored at adoption, so a group
    row changed since (two labels swapped, one renamed: fix21v d6) is noticed rather than followed."""
    return [_text(c) for c in spread(above) if _text(c)]


def through_group(text: str, groups: list[str]) -> bool:
    """Whether a stored header `text` is a name made with one of `groups` (a FORMS combination): a column read
    through the group row."""
    said = fold(text)
    return any(said.endswith(f" de {g}") or said.startswith(f"{g} ") or said.endswith(f" {g}")
               for g in map(fold, groups) if g)


def blocks(above: list[Any], header: list[Any]) -> list[list[str]]:
    """The header cells under each group label, left to right (a label reaches right to the next one):
    [["Fecha", "Nombre"], ["Fecha", "Hecho"]]. Stored at adoption beside `labels`, so a group row whose
    columns were dragged elsewhere (the label moving with them: attack a21k k7) is told from one relabelled."""
    out: list[list[str]] = []
    above = spread(above)
    for i in range(max(len(above), len(header))):
        if i < len(above) and _text(above[i]):
            out.append([])
        if out and i < len(header) and _text(header[i]):
            out[-1].append(_text(header[i]))
    return out


def change(groups: list[str], cells: list[list[str]], above: list[Any], header: list[Any]) -> str:
    """How the group row over `header` differs from the one adopted (`groups`; `cells`: the mapped header cells
    under each, [] when not stored, an older mapping): "" the same; "moved" each label still over its own
    cells, the blocks reordered (columns dragged, labels with them: read by their combined names as adopted);
    "relabelled" each position's cells as adopted, the labels changed (renaming them back is right); "mixed"
    both changed (the right advice names each label's own cells); "ambiguous" reordered over blocks alike
    (moved or relabelled cannot be told from the headers). A column added, one removed that was not read
    through a label, or a label added over columns of its own changes nothing; nor does a label retyped in
    another case or accents ('seguimiento'), or typed over each column of its group (labels compared folded,
    a repeated one read once: attack a21l l4)."""
    now, under, groups = [fold(g) for g in labels(above)], blocks(above, header), [fold(g) for g in groups]
    if not cells or len(cells) != len(groups):
        return "" if now == groups else "relabelled"
    same_place = len(under) == len(cells) and all(_holds(u, c) for u, c in zip(under, cells, strict=True))
    if all(now.count(g) == 1 and _holds(under[now.index(g)], c) for g, c in zip(groups, cells, strict=True)):
        if [g for g in now if g in groups] == groups:
            return ""                                 # each label over its own cells, in order (one added: kept)
        return "ambiguous" if same_place else "moved"     # retyped over the same columns would fit too
    return "relabelled" if same_place else "mixed"


def _holds(now: list[str], was: list[str]) -> bool:
    """Whether the cells under a label now include each mapped cell it had (a column added is no change)."""
    return not Counter(map(fold, was)) - Counter(map(fold, now))


def _text(cell: Any) -> str:
    return " ".join(cell.split()) if isinstance(cell, str) else ""
