"""An ID cell as Turfbook reads it: the one rule for what an ID typed by hand is (outside tester a21n 2).

The advice "type C-000001 into its ID cell" is followed on a phone: autocorrect makes it 'c-000001', a tap
adds a space or a new line. Each is C-000001: the reader takes the cell trimmed (column_texts) and, when it is
not the tab's prefix and digits as it stands, upper-cased (`as_read`): so every job, the digest and the
duplicate and copy rules read one ID. The sheet's own lookup of Status and Flagged at (service_tabs.
header_formula: exact, by the cell as typed) would still miss it, so the schema job writes the cell as Turfbook
writes IDs (ids.plan_ids: `retyped`, under the same guards as a new ID; the ID column is Turfbook's, no staff
cell is written) and says so, EN/ES (`retyped_problems`). Nothing else is guessed: 'C-1' is C-1, not C-000001."""

from __future__ import annotations

from turfbook.schema.model import Problem

KIND = "id_retyped"


def own_id(text: str | None, prefix: str) -> str | None:
    """The trimmed `text` as the tab's ID (`prefix`: "C-"), any case; None when it is not one."""
    if not text:
        return None
    if text.startswith(prefix) and text[len(prefix):].isdigit():
        return text
    upper = text.upper()
    return upper if upper.startswith(prefix) and upper[len(prefix):].isdigit() and upper.isascii() else None


def as_read(ids: list[str | None], prefix: str) -> list[str | None]:
    """Each trimmed ID cell (None: blank) as its ID when `own_id` reads one, else as it is (said invalid)."""
    return [own_id(i, prefix) or i if i is not None else None for i in ids]


def differs(raw, row_id: str | None) -> bool:
    """The ID cell as typed (`raw`) is not `row_id` as Turfbook writes it: another case, or spaces around."""
    return bool(row_id) and raw.__class__ is str and raw != row_id


def retyped_problems(plan, origins: dict | None, job: str = "schema", held: set[str] = frozenset()) -> list[Problem]:
    """Each ID cell the plan writes as Turfbook writes IDs (`plan.retyped`: (IdWrite, the cell as typed)), said
    (EN / ES); a tab held by the sort guard (`held`: nothing written there) says nothing."""
    from turfbook.schema.id_namesakes import _where

    out = []
    for w, typed in getattr(plan, "retyped", None) or ():
        if w.row is None or w.tab in held:
            continue
        place, number = _where(w.tab, origins, w.row)
        typed = typed.replace("\n", " ")
        out.append(Problem(job, w.tab, w.new_id, None, (
            f"{place} row {number}: the ID cell holds '{typed}', which Turfbook reads as {w.new_id} (capitals and "
            f"spaces aside) and writes as {w.new_id}, so its status and dates show there again / {place} fila "
            f"{number}: la celda ID tiene '{typed}', que Turfbook lee como {w.new_id} (sin contar mayúsculas ni "
            f"espacios) y escribe como {w.new_id}, para que su estado y fechas se vean ahí de nuevo"), KIND,
            w.row.row_number))
    return out
