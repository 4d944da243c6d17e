"""The field page's turf limits on the upload path (#20): a photo sent through /u/<link> may tag only the
organizer's own people, worksites and conversations (the director's link: any), as on /c/<link>/entries.
Checked on the server against the field page's cached read of the workbook (turfbook.web.field_directory),
only when the organizers come from the workbook (a static directory has no turf)."""

from __future__ import annotations

from turfbook.app import services
from turfbook.field.turf import outside
from turfbook.links import Organizer
from turfbook.web.directory import WorkbookDirectory


def outside_turf(organizer: Organizer, fields: dict[str, str]) -> str | None:
    """The tag (person ID, worksite or conversation ID) that is not this organizer's, else None."""
    svc = services()
    if not isinstance(svc.directory, WorkbookDirectory):
        return None
    from turfbook.web.field import directory  # the field page's one cached read (no import cycle)

    clock = svc.core.clock
    turf = directory().turf(organizer, clock)
    snapshot = directory().snapshot(clock.today())
    return outside(snapshot, turf, person=fields.get("person", ""), worksite=fields.get("worksite", ""),
                   conversation=fields.get("note", ""))
