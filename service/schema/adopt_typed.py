"""`sheets adopt` (and its --dry-run) BEFORE any night on a row holding another record's ID (outside tester a21q q1e,
q1f, q1g): adopt says every case the night says, with the night's own messages (id_copies.copies_named,
id_typed.typed_problems, id_typed_said.said_problems, EN/ES), found over the same stored keys before any ID is
written; the keys stored are id_typed.frozen's, as the night's (a deleted record's ID kept as typed keeps its
stored key, DEAD, so the night after says it again until staff act)."""

from __future__ import annotations


def typed_lines(adopted, snapshot, plan, found: dict, held: set[str], written: bool) -> list[str]:
    """The night's messages ("EN / ES") for the rows of `found` (id_typed_said.said_rows, read before the IDs are
    written) and the IDs typed over (`plan.typed`). Not `written` (--dry-run): the planned IDs are set on the
    read rows only while the messages are made, as the real run would have them."""
    from turfbook.schema.id_copies import copies_named
    from turfbook.schema.id_typed import typed_problems
    from turfbook.schema.id_typed_said import said_problems

    origins = getattr(adopted, "origins", None)
    copies = [p for p in snapshot.problems if p.kind == "duplicate_id" and p.tab not in held]
    out = typed_problems(copies_named(copies, snapshot, origins, plan), plan, origins, held=held)
    undo = [] if written else [(w.row, w.row.id) for w in plan.writes if w.row is not None]
    try:
        for w in plan.writes if not written else ():
            if w.row is not None:
                w.row.id = w.new_id
        out = said_problems(out, plan, snapshot, found, origins, held=held)
    finally:
        for row, was in undo:
            row.id = was
    return [p.message for p in out]

