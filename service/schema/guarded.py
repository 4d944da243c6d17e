"""The guarded-write skeleton of the writes into tabs staff edit (docs/write-path.md): developer-metadata
tags on the rows and columns a write aims at (Google moves them with sorts, inserts, deletes and moves),
found again wherever they are now, and guards that fail the whole atomic batch when a tag moved after
it was found. Used by ids.apply_ids (new IDs), row_writes (service cells of known rows) and row_appends
(new rows); each decides what to tag, what to check and what to write."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import BadRequest, GoogleError

ATTEMPTS = 3


@dataclass
class Tag:
    metadata_id: int
    sheet_id: int
    dimension: str                 # ROWS or COLUMNS
    index: int                     # where it was put; updated by relocate
    name: str                      # the metadata's value: a row's ID, a column's header text, ...
    write: Any = None              # the caller's write this tag's row is for (None: a column or a marker)


def new_metadata_id(taken: set[int]) -> int:
    """A random metadataId not in `taken` (added to it)."""
    while True:
        candidate = secrets.randbelow(2**31 - 2) + 1
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def metadata(tag: Tag, key: str) -> dict:
    return sr.dimension_metadata(tag.metadata_id, key, tag.name[:100],
                                 sr.dimension_range(tag.sheet_id, tag.dimension, tag.index))


def create(tags: list[Tag], key: str) -> list[dict]:
    """The requests that put every tag where it is aimed (positional, but only metadata: no cell)."""
    return [sr.create_metadata(metadata(t, key)) for t in tags]


def still_at(tag: Tag, key: str) -> list[dict]:
    """Two requests that fail the whole (atomic) batch unless the tag sits exactly where it was seen:
    delete it if it is there, then create it again with the same metadataId — which Google refuses
    while a metadata with that ID exists, i.e. when it was elsewhere and so not deleted."""
    here = sr.dimension_range(tag.sheet_id, tag.dimension, tag.index)
    return [sr.delete_metadata_exactly_at(tag.metadata_id, here), sr.create_metadata(metadata(tag, key))]


def relocate(sheets, key: str, tags: list[Tag]) -> list[Tag]:
    """One developerMetadata.search: each tag's index set to where it is now; the tags still present
    (in `tags` order). A tag whose row or column was deleted is gone."""
    ours = {t.metadata_id: t for t in tags}
    found = {m["metadataId"]: m for m in sheets.search_metadata([{"metadataKey": key}])
             if m.get("metadataId") in ours}
    for metadata_id, meta in found.items():
        ours[metadata_id].index = meta["location"]["dimensionRange"]["startIndex"]
    return [t for t in tags if t.metadata_id in found]


def clean(sheets, key: str) -> None:
    """Delete every tag of `key`; a failure is left alone (stale tags are harmless; the next run
    deletes them)."""
    try:
        sheets.batch_update([sr.delete_metadata_by_key(key)])
    except GoogleError:
        pass


def abandon(sheets, key: str, journal=None) -> None:
    """After a failed or partial run: delete the tags of `key` — unless a journal still holds an intent
    (the write was sent and its verify did not finish, e.g. it raised): the next run finishes that verify
    and needs the tags where they are."""
    if journal is not None and journal.load() is not None:
        return
    clean(sheets, key)


def write(sheets, plan: Callable[[], tuple | None], before_write=None, journal=None) -> Any:
    """Up to ATTEMPTS times: `plan()` finds the tags again and gives the guarded requests, what to do
    once they landed (the verify) and, optionally, the verify's intent (JSON-able; None: nothing can
    be written); the intent is recorded in `journal` (write_journal.Journal) durably BEFORE the batch is
    sent, so that a run killed before its verify is done gets it finished by the next run; the batch
    is sent, and when a guard fails (a tag moved after plan() read it: nothing landed) planned again.
    The journal is deleted once the verify returned. Returns what the verify returned, or None when
    nothing was written."""
    for _ in range(ATTEMPTS):
        planned = plan()
        if planned is None:
            return None
        requests, after, *intent = planned
        if journal is not None and intent and intent[0] is not None:
            journal.record(intent[0])
        if before_write is not None:
            before_write()
        try:
            sheets.batch_update(requests)
        except BadRequest:
            continue                           # a tag moved after it was read: look again
        result = after()
        if journal is not None:
            journal.clear()
        return result
    if journal is not None:
        journal.clear()                        # every attempt refused by its guards: nothing landed
    return None


def tag_state(tag: Tag) -> list:
    """A tag as a journal keeps it (its write is the caller's to keep)."""
    return [tag.metadata_id, tag.sheet_id, tag.dimension, tag.index, tag.name]


def tag_from(state: list, write: Any = None) -> Tag:
    metadata_id, sheet_id, dimension, index, name = state
    return Tag(int(metadata_id), int(sheet_id), str(dimension), int(index), str(name), write)


def write_or_clean(sheets, plan: Callable[[], tuple | None], key: str) -> Any:
    """`write`, and the tags under `key` removed when nothing was written (refused, or an error on the way)."""
    done = None
    try:
        done = write(sheets, plan)
    finally:
        if not done:
            clean(sheets, key)
    return done
