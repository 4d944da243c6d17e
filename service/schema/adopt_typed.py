"""`sheets adopt` (and its --dry-run) BEFORE any night on a row holding another record's ID (outside tester a21q q1e,
q1f, q1g): adopt says every case the night says, with the night's own messages (id_copies.copies_named,
id_typed.typed_problems, id_typed_said.said_problems, EN/ES), found over the same stored keys before any ID is
written, and it does not change what the nights do about them: a deleted record's ID kept as typed (id_typed_said
KIND_DEAD) keeps its stored keys as they were (the typed ID's, and the record's it looks like), so the night after
finds the same row and says it again until staff act. The other cases' keys are id_typed.frozen's, as the night's."""

from __future__ import annotations

from turfbook.schema.id_typed_said import KIND_DEAD


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


def keep_said_keys(adopted, snapshot, found: dict) -> None:
    """After adopt stored the row keys (adopt_sorted.remember): each row still holding a deleted record's ID kept
    as typed (KIND_DEAD) leaves that ID's stored key, and that of the ID it looks like, as they were before."""
    keys = getattr(adopted, "row_keys", None)
    if keys is None or getattr(keys, "read_only", False):
        return
    for name, snap in snapshot.tabs.items():
        before = snapshot.row_keys.get(name, {})
        keep = {}
        for row in snap.rows:
            kind, x, y, _ = found.get(id(row), (None, None, None, 0))
            if kind == KIND_DEAD and row.id == x:
                keep.update({i: before[i] for i in (x, y) if i and i in before})
        if keep:
            keys.save(name, {**keys.load().get(name, {}), **keep}, set(keep))
