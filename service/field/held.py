"""Field entries the field job holds because their organizer has no sheet in an adopted tab kept per organizer
(adopt_homes): said by the jobs a director reads (`run overdue`, and so the Problems tab), not only by the
field job's own summary, so they are never waiting unseen."""

from __future__ import annotations

from pathlib import Path

from turfbook.field.queue import FILE, FieldQueue
from turfbook.schema.adopt_homes import held_problems
from turfbook.schema.model import Problem


def held_field_entries(config, sheets, job: str) -> list[Problem]:
    """A problem per organizer and tab whose waiting field entries have no sheet to land on; none when the
    workbook is not adopted or nothing waits. Reads the queue file only (no API call)."""
    layout = getattr(sheets, "layout", None)
    path = Path(config.data_dir) / FILE
    if layout is None or not path.is_file():
        return []
    queue = FieldQueue(path)
    try:
        waiting = queue.waiting()
    finally:
        queue.close()
    return held_problems(layout, [(q.organizer, not q.payload.get("person")) for q in waiting], job)
