"""Verify and repair after the guarded ID write (ids.apply_ids, step 4; docs/write-path.md): a "Sort range"
in flight moves cell contents but not the row tags, so a new ID can land on another record's row; it is
put back, guarded like the write, in the batch that deletes every tag."""

from __future__ import annotations

from dataclasses import replace

from turfbook.schema.cells import cell_text
from turfbook.schema.guarded import ATTEMPTS, Tag, relocate, still_at, tag_from, tag_state
from turfbook.schema.id_places import Places, places_of
from turfbook.schema.ids import KEY, IdWrite, content_key
from turfbook.schema.loader import Schema
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import BadRequest


def verify(sheets, schema: Schema, tags: list[Tag], titles: list[str], written: list[IdWrite],
            before: dict[str, list[list]]) -> tuple[list[IdWrite], bool]:
    """After the ID write, with the tags still on: each written row read again wherever its tag is. A
    "Sort range" (a range narrower than the grid) moves cell contents but not rows (so not their tags):
    one landing between the read-back and the write passes the guards and puts a new ID on a row that
    now holds another record, over that record's ID. Such a cell is put back to what the read-back
    had for that record (found by its staff cells; when several rows share them, the one of their IDs
    no longer in the tab), guarded like the write, in the batch that deletes every tag. Returns the
    writes that are on their own rows, and whether the tags were deleted."""
    mine = {id(w) for w in written}
    places = places_of(sheets, schema)
    for _ in range(ATTEMPTS):
        present = relocate(sheets, KEY, tags)
        check = [t for t in present if t.write is not None and id(t.write) in mine]
        filters = [{"a1Range": a1.whole_sheet(title)} for title in titles]
        filters += [{"developerMetadataLookup": {"metadataId": t.metadata_id}} for t in check]
        read = sheets.read_by_filters(filters)
        now = {f.get("a1Range"): v for f, v in read if f.get("a1Range")}
        rows = {f["developerMetadataLookup"]["metadataId"]: v for f, v in read if f.get("developerMetadataLookup")}
        requests: list[dict] = []
        wrong: set[int] = set()
        for title in titles:
            tab, values = places.tab(title), now.get(a1.whole_sheet(title)) or []
            first = places.header_row(title)
            mine_here = [t for t in check if t.write.tab == title]
            if len(values) < first or not mine_here:
                continue
            columns = places.columns(title, values[first - 1])
            column = next((t for t in present if t.write is None and t.sheet_id == mine_here[0].sheet_id), None)
            for tag in mine_here:
                cells = (rows.get(tag.metadata_id) or [[]])[0]
                raw = {k: cells[i] for k, i in columns.items() if i < len(cells)}
                content = content_key(tab, raw)
                if content == tag.write.content:
                    continue
                wrong.add(id(tag.write))
                # a row whose staff cells were cut away (now empty) gets no ID: one left there would be
                # inherited by the next record typed into it
                old = "" if not content else _old_id(places, title, before.get(title) or [], values, content)
                if old is None or column is None or cell_text(raw.get("id", "")) != tag.write.new_id:
                    continue                   # not ours to put back, or not known: reported by the next check
                requests += still_at(column, KEY) + still_at(tag, KEY)
                requests.append(sr.update_cells_at(tag.sheet_id, tag.index, column.index,
                                                   [sr.row([sr.cell(text=old) if old else {}])], "userEnteredValue"))
        try:
            sheets.batch_update(requests + [sr.delete_metadata_by_key(KEY)])
        except BadRequest:
            continue                           # a tag moved while it was read: look again
        return [w for w in written if id(w) not in wrong], True
    return [], False


def finish(sheets, schema: Schema, journal) -> int:
    """At the start of a run: the verify of an ID write whose run was killed before its verify was done
    (the write may have landed after a staff "Sort range" put other records on its rows), from the
    journal that run left (write_journal.Journal), then the journal deleted. Existing IDs put back, an
    ID on a row emptied meanwhile removed; staff cells are never written. Returns the IDs that were not
    on their own rows (0 when there was no journal)."""
    intent = journal.load() if journal is not None else None
    if intent is None:
        return 0
    tags = [tag_from(tag, write_from(write) if write else None) for tag, write in intent.get("tags", [])]
    tags, titles, before = _by_sheet_id(sheets, schema, tags, list(intent.get("titles", [])),
                                        intent.get("before") or {})
    sent = set(intent.get("written") or [])
    written = [t.write for t in tags if t.write is not None and t.write.new_id in sent]
    if not titles:                         # every sheet it wrote is gone: only its tags are left to delete
        sheets.batch_update([sr.delete_metadata_by_key(KEY)])
        journal.clear()
        return 0
    on_own, _ = verify(sheets, schema, tags, titles, written, before)
    journal.clear()
    return len(written) - len(on_own)


def _by_sheet_id(sheets, schema: Schema, tags: list[Tag], titles: list[str],
                 before: dict) -> tuple[list[Tag], list[str], dict]:
    """The journal's sheets found by their sheetId, not their title (one spreadsheets.get): a tab renamed
    since the killed run is verified under its title now; a tab deleted since, or renamed into one that is
    no longer a tab of ours, is left out (its row tags are gone with it, or deleted with the others)."""
    meta = sheets.metadata("sheets.properties(sheetId,title)")
    now = {s["properties"]["sheetId"]: s["properties"]["title"] for s in meta.get("sheets", [])}
    places = places_of(sheets, schema)
    renamed: dict[str, str | None] = {}
    for title in titles:
        ids = {t.sheet_id for t in tags if t.write is not None and t.write.tab == title}
        found = next((now[i] for i in sorted(ids) if i in now), title if title in now.values() and not ids else None)
        try:
            if found is not None:
                places.tab(found)
        except KeyError:
            found = None
        renamed[title] = found
    kept = []
    for tag in tags:
        if tag.write is not None:
            if renamed.get(tag.write.tab) is None:
                continue
            tag.write = replace(tag.write, tab=renamed[tag.write.tab])
        kept.append(tag)
    titles_now = [renamed[t] for t in titles if renamed.get(t)]
    return kept, titles_now, {renamed[t]: v for t, v in before.items() if renamed.get(t)}


def _old_id(places: Places, title: str, before: list[list], now: list[list], content: tuple) -> str | None:
    """The ID the read-back had for the record with these staff cells ("" when it had none); None when
    it cannot be told (no such record, or several with different IDs all still in the tab)."""
    tab, first = places.tab(title), places.header_row(title)
    if len(before) < first:
        return None
    columns = places.columns(title, before[first - 1])
    options = set()
    for cells in before[first:]:
        raw = {k: cells[i] for k, i in columns.items() if i < len(cells)}
        if content_key(tab, raw) == content:
            options.add(cell_text(raw.get("id", "")))
    if len(options) == 1:
        return options.pop()
    id_at = places.columns(title, now[first - 1]).get("id") if len(now) >= first else None
    shown = {cell_text(c[id_at]) for c in now[first:] if id_at is not None and id_at < len(c)}
    lost = {o for o in options if o and o not in shown}
    return lost.pop() if len(lost) == 1 else None


def intent(tags: list[Tag], titles: list[str], written: list[IdWrite], before: dict) -> dict:
    """What verify needs, as a journal keeps it (finish reads it back)."""
    return {"titles": titles, "before": before, "written": [w.new_id for w in written],
            "tags": [[tag_state(t), _write_state(t.write) if t.write is not None else None] for t in tags]}


def _write_state(w: IdWrite) -> list:
    return [w.tab, w.row_number, w.column, w.new_id, w.old_id, [list(pair) for pair in w.content]]


def write_from(state: list) -> IdWrite:
    tab, row_number, column, new_id, old_id, content = state
    return IdWrite(tab, row_number, column, new_id, old_id, tuple(tuple(pair) for pair in content))
