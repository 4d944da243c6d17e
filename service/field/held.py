"""Field entries the field job holds because their organizer has no sheet in an adopted tab kept per organizer
(adopt_homes): said by the jobs a director reads (`run overdue`, and so the Problems tab), not only by the
field job's own summary, so they are never waiting unseen."""

from __future__ import annotations

from pathlib import Path

from turfbook.schema.model import Problem
from turfbook.schema.text import fold


def held_field_entries(config, sheets, job: str) -> list[Problem]:
    """A problem per organizer whose waiting field entries have no sheet to land on (her entries counted); none
    when the workbook is not adopted or nothing waits. Reads the queue file only (no API call)."""
    layout = getattr(sheets, "layout", None)
    if layout is None:          # not adopted: the adoption's modules are not imported (issue 22)
        return []
    from turfbook.schema.adopt_homes import held_problems

    return held_problems(layout, _waiting(config), job)


def held_entries(config, sheets) -> dict[str, int]:
    """Organizer -> her waiting field entries with no sheet to land on (adopt_homes.held_counts): the digest's
    figure, the same entries `held_field_entries` names."""
    layout = getattr(sheets, "layout", None)
    if layout is None:
        return {}
    from turfbook.schema.adopt_homes import held_counts

    return held_counts(layout, _waiting(config))


def held_for(config, organizer: str) -> bool:
    """Whether a new entry of `organizer` would be held (her page says so): the stored mapping, no API call."""
    from turfbook.schema.adopt_homes import held_counts, leads
    from turfbook.schema.adopt_view import stored_layout

    stored = stored_layout(config)
    if stored is None:
        return False
    for sheet in stored[0].sheets:           # adopted for her before Staff renamed her (the jobs' reads know)
        sheet.organizer = organizer if sheet.organizer and leads(sheet.organizer, fold(organizer)) else sheet.organizer
    return bool(held_counts(stored[0], [(organizer, True)]))


def _waiting(config) -> list[tuple[str, bool]]:
    """(organizer, has a new person) of each entry waiting in the field queue."""
    from turfbook.field.queue import FILE, FieldQueue

    path = Path(config.data_dir) / FILE
    if not path.is_file():
        return []
    queue = FieldQueue(path)
    try:
        waiting = queue.waiting()
    finally:
        queue.close()
    return [(q.organizer, not q.payload.get("person")) for q in waiting]
