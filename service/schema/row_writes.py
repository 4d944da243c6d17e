"""Cells of existing rows of a tab people edit, written so that each lands on its own row and column
or not at all — whatever people sort, insert, delete or move while the write is on its way.

Used for the Media tab's service columns (filing). The Sheets API has no conditional write, so the
guard is built from developer metadata, which Google keeps on its row or column as they move
(docs/write-path.md, "Rows of a tab people edit"):

1. one values.batchGet: header row and ID column (which rows hold the IDs, which columns the keys);
2. one atomic spreadsheets.batchUpdate tags each target row (ROW metadata) and each written column
   plus the ID column (COLUMN metadata) — positional, but only metadata, never a cell;
3. developerMetadata.search (where each tag is now) + values.batchGetByDataFilter (the header row and
   each tagged row wherever it is) + spreadsheets.get (row counts): a row is written only if its tagged
   row holds its ID in the tagged ID column, and a column only if its tag sits under its header;
4. one atomic spreadsheets.batchUpdate: for every tag a guard that fails the whole batch if the tag
   moved since step 3 (delete it exactly there, re-create the same metadataId: refused when it was
   elsewhere), a tag one past the last row seen (refused when rows were deleted), and the cells
   (updateCells, string values: nothing typed can become a formula). A failed guard: back to 3, at
   most 3 times. Tags that landed on the wrong row or column (staff moved them while the tagging was
   in flight): back to 1, at most 3 rounds.
   Then _verify reads each written row again by its tag and puts back the cells of a row now holding
   another record (a "Sort range" moves contents, not tags), in the batch that deletes the tags.

New rows: row_appends.append_rows. The tags' key is the caller's (one per job: jobs run at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema import guarded
from turfbook.schema.cells import cell_text
from turfbook.schema.guarded import ATTEMPTS
from turfbook.schema.header_rows import header_range, header_row
from turfbook.schema.text import fold
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import BadRequest

CHUNK = 2000   # rows per guarded write or append: a few MB, far below the 10 MB request limit


@dataclass
class RowWrite:
    row_id: str
    cells: dict[str, Any]                       # header text -> value (written as text; "" clears;
                                                # row_appends writes bool/int/float/date typed)


@dataclass
class _Run:
    sheet_id: int
    row_count: int
    tags: list[guarded.Tag] = field(default_factory=list)
    before: list[list] = field(default_factory=list)   # the whole tab as read back before the write


def write_rows(sheets, title: str, id_header: str, writes: list[RowWrite], key: str,
               before_write=None, journal=None, split: bool = True) -> list[str]:
    """Write `writes` into tab `title`, found by the ID under `id_header`; the IDs not written (not
    found exactly once, a column missing, or the rows kept moving) are returned. A round whose tags
    landed on the wrong rows or columns (staff moved them while the tagging was in flight) writes
    nothing and is tried again from a fresh read, at most ATTEMPTS rounds. Rows go CHUNK at a time, so no
    request nears Google's 10 MB limit. With a `journal` (write_journal.Journal) the verify's intent is
    recorded durably before each guarded write is sent: a run killed before its verify is done gets it
    finished by the next run (`finish`). Each sheet's part is written to that sheet as it is (`split` False:
    a sheet titled as its logical tab is never split again, a21n 4)."""
    writes = [w for w in writes if w.cells]
    splitter = getattr(sheets, "split_writes", None) if split else None
    parts = splitter(title, writes) if splitter is not None else None
    if parts is not None:                       # an adopted workbook: a logical tab over sheets of its own
        left = [w.row_id for w in writes]
        for sheet_title, sheet_id_header, sheet_writes in parts:
            mine = [w for w in sheet_writes if w.row_id in set(left)]
            missed = set(write_rows(sheets, sheet_title, sheet_id_header, mine, key, before_write, journal, False))
            left = [i for i in left if i in missed or i not in {w.row_id for w in mine}]
        return left
    return [left for start in range(0, len(writes), CHUNK)
            for left in _write_chunk(sheets, title, id_header, writes[start:start + CHUNK], key, before_write, journal)]


def _write_chunk(sheets, title: str, id_header: str, remaining: list[RowWrite], key: str,
                 before_write, journal) -> list[str]:
    for _ in range(ATTEMPTS):
        if not remaining:
            break
        done = _round(sheets, title, id_header, remaining, key, before_write, journal)
        if done is None:
            break                               # nothing can be written (IDs or columns not found)
        remaining = [w for w in remaining if w.row_id not in done]
    return [w.row_id for w in remaining]


def _round(sheets, title: str, id_header: str, writes: list[RowWrite], key: str, before_write,
           journal) -> set[str] | None:
    """One read, one tagging, and up to ATTEMPTS guarded writes; the IDs written (None: none can be)."""
    header, ids = _read(sheets, title, id_header)
    where: dict[str, list[int]] = {}
    for number, row_id in enumerate(ids, 1):
        if row_id:
            where.setdefault(row_id, []).append(number - 1)
    targets = [w for w in writes if len(where.get(w.row_id, [])) == 1]
    names = sorted({name for w in targets for name in w.cells} | {id_header})
    columns = {name: _column(header, name) for name in names}
    if not targets or any(i is None for i in columns.values()):
        return None
    run = _Run(*_grid(sheets, title))
    run.tags = _tags(run, [("COLUMNS", columns[n], n) for n in names] +
                     [("ROWS", where[w.row_id][0], w.row_id) for w in targets])
    try:
        sheets.batch_update(guarded.create(run.tags, key))
    except BadRequest:                          # a row or column is already gone: try again
        guarded.clean(sheets, key)
        return set()

    def plan():
        requests, written = _guarded(sheets, title, id_header, run, targets, key)
        if not written:
            return None
        intent = {"title": title, "id_header": id_header, "sheet_id": run.sheet_id, "row_count": run.row_count,
                  "tags": [guarded.tag_state(t) for t in run.tags], "before": run.before,
                  "targets": {w.row_id: list(w.cells) for w in targets if w.row_id in written}}
        return requests, lambda: _verify(sheets, title, id_header, run, targets, written, key), intent

    done: set[str] | None = set()
    try:
        done = guarded.write(sheets, plan, before_write, journal)
    finally:
        if not done:
            guarded.abandon(sheets, key, journal)
    return done or set()


def _tags(run: _Run, where: list[tuple[str, int, str]]) -> list[guarded.Tag]:
    """Tags (dimension, index, name) on the run's tab, each with a metadataId of its own."""
    taken: set[int] = set()
    return [guarded.Tag(guarded.new_metadata_id(taken), run.sheet_id, dimension, index, name)
            for dimension, index, name in where]


def _read(sheets, title: str, id_header: str) -> tuple[list, list[str]]:
    [header_rows] = sheets.read([header_range(sheets, title)])
    header = header_rows[0] if header_rows else []
    at = _column(header, id_header)
    if at is None:
        return header, []
    [column] = sheets.read([a1.whole_columns(title, at)])
    return header, [cell_text(c[0]) if c else "" for c in column]


def _column(header: list, name: str) -> int | None:
    found = [i for i, h in enumerate(header) if fold(cell_text(h)) == fold(name)]
    return found[0] if len(found) == 1 else None


def _grid(sheets, title: str) -> tuple[int, int]:
    meta = sheets.metadata("sheets.properties(sheetId,title,gridProperties.rowCount)")
    for s in meta.get("sheets", []):
        if s["properties"]["title"] == title:
            return s["properties"]["sheetId"], s["properties"].get("gridProperties", {}).get("rowCount", 0)
    raise LookupError(f"the {title} tab is missing; run `turfbook sheets init`")


def _guarded(sheets, title: str, id_header: str, run: _Run, targets: list[RowWrite],
             key: str) -> tuple[list[dict], set[str]]:
    """Where every tag is now, what its row holds, and the guarded requests for the rows still certain."""
    present = guarded.relocate(sheets, key, run.tags)
    filters = [{"a1Range": header_range(sheets, title)}, {"a1Range": a1.whole_sheet(title)}]
    filters += [{"developerMetadataLookup": {"metadataId": t.metadata_id}} for t in present if t.dimension == "ROWS"]
    read = sheets.read_by_filters(filters)
    header = next((v for f, v in read if f.get("a1Range") == filters[0]["a1Range"]), [[]])
    header = header[0] if header else []
    run.before = next((v for f, v in read if f.get("a1Range") == filters[1]["a1Range"]), [])
    rows = {f["developerMetadataLookup"]["metadataId"]: (v[0] if v else [])
            for f, v in read if f.get("developerMetadataLookup")}
    columns = {t.name: t for t in present if t.dimension == "COLUMNS"}
    if any(c.index != _column(header, name) for name, c in columns.items()) or id_header not in columns:
        return [], set()                        # a column moved or was renamed away: nothing this run
    run.sheet_id, run.row_count = _grid(sheets, title)
    id_at, top = columns[id_header].index, header_row(sheets, title)
    by_id = {w.row_id: w for w in targets}
    requests: list[dict] = []
    for column in columns.values():
        requests += guarded.still_at(column, key)
    end = guarded.Tag(guarded.new_metadata_id({t.metadata_id for t in run.tags}), run.sheet_id, "ROWS",
                      run.row_count - 1, "end")
    requests += guarded.create([end], key)
    written: set[str] = set()
    for tag in (t for t in present if t.dimension == "ROWS"):
        cells = rows.get(tag.metadata_id, [])
        write = by_id.get(tag.name)
        if write is None or tag.index < top or cell_text(cells[id_at] if id_at < len(cells) else "") != tag.name:
            continue                            # not the row that was read: not written this run
        if any(name not in columns for name in write.cells):
            continue
        requests += guarded.still_at(tag, key)
        for first, values in _runs({columns[n].index: v for n, v in write.cells.items()}):
            requests.append(sr.update_cells_at(run.sheet_id, tag.index, first, [sr.row(
                [sr.cell(text=cell_text(v)) if cell_text(v) != "" else {} for v in values])], "userEnteredValue"))
        written.add(tag.name)
    return (requests, written) if written else ([], set())


def _runs(cells: dict[int, Any]) -> list[tuple[int, list[Any]]]:
    """Consecutive columns as (first column, values): a staff column between two is never touched."""
    out: list[tuple[int, list[Any]]] = []
    for col in sorted(cells):
        if out and out[-1][0] + len(out[-1][1]) == col:
            out[-1][1].append(cells[col])
        else:
            out.append((col, [cells[col]]))
    return out


def _verify(sheets, title: str, id_header: str, run: _Run, targets: list[RowWrite], written: set[str],
            key: str) -> set[str]:
    """After the guarded write, with the tags still on: each written row read again wherever its tag is.

    A "Sort range" (a range narrower than the grid) moves cell contents but not rows, so not their tags:
    one landing between the read-back and the write passes the guards and puts values on a row now
    holding another record. Such a row (its ID is not the tag's) gets the written cells back as the
    read-back had them for the record now there (found by its ID, else by its other cells; blank when
    unknown), in one batch guarded like the write that also deletes this run's tags. Returns the IDs
    whose values are on their own rows; the others are written again by the next round."""
    by_id = {w.row_id: w for w in targets}
    top = header_row(sheets, title)
    before_header = [fold(cell_text(h)) for h in (run.before[top - 1] if len(run.before) >= top else [])]
    for _ in range(ATTEMPTS):
        present = guarded.relocate(sheets, key, run.tags)
        columns = {t.name: t for t in present if t.dimension == "COLUMNS"}
        tagged = [t for t in present if t.dimension == "ROWS" and t.name in written]
        read = sheets.read_by_filters([{"developerMetadataLookup": {"metadataId": t.metadata_id}} for t in tagged])
        now = {f["developerMetadataLookup"]["metadataId"]: (v[0] if v else []) for f, v in read
               if f.get("developerMetadataLookup")}
        id_at = columns[id_header].index if id_header in columns else None
        requests: list[dict] = []
        wrong: set[str] = set()
        for tag in tagged:
            cells = now.get(tag.metadata_id, [])
            holder = cell_text(cells[id_at]) if id_at is not None and id_at < len(cells) else ""
            if holder == tag.name:
                continue
            wrong.add(tag.name)
            names = [n for n in by_id[tag.name].cells if n in columns]
            prior = _prior(run.before[top - 1:], before_header, id_header, holder, names)
            requests += guarded.still_at(tag, key)
            for first, values in _runs({columns[n].index: prior.get(n, "") for n in names}):
                requests.append(sr.update_cells_at(run.sheet_id, tag.index, first, [sr.row(
                    [sr.cell(text=cell_text(v)) if cell_text(v) != "" else {} for v in values])], "userEnteredValue"))
        if requests:
            requests = [r for c in columns.values() for r in guarded.still_at(c, key)] + requests
        try:
            sheets.batch_update(requests + [sr.delete_metadata_by_key(key)])
        except BadRequest:
            continue                            # a tag moved while it was read: look again
        return written - wrong
    return set()


def _prior(before: list[list], header: list[str], id_header: str, holder: str, names: list[str]) -> dict[str, Any]:
    """The written cells as the read-back had them for the record now on the row (by its ID, which a
    sort moves with the record); {} (blank) when the row has no ID or the ID is not found once."""
    def at(row: list, name: str) -> Any:
        i = header.index(fold(name)) if fold(name) in header else None
        return row[i] if i is not None and i < len(row) else ""

    matches = [row for row in before[1:] if holder and cell_text(at(row, id_header)) == holder]
    if len(matches) != 1:
        return {}
    return {n: at(matches[0], n) for n in names}


def finish(sheets, key: str, journal) -> int:
    """At the start of a run: the verify of a row write whose run was killed before its verify was done
    (the write may have landed after a staff "Sort range" put other records on its rows), from the
    journal that run left (write_journal.Journal): each written row found by its tag, and one now holding
    another record gets the written cells back as the read-back had them for that record; then the tags
    and the journal are deleted. Only the written (service) columns are ever touched. Returns the rows
    put back (0 when there was no journal)."""
    intent = journal.load() if journal is not None else None
    if intent is None:
        return 0
    run = _Run(int(intent["sheet_id"]), int(intent.get("row_count", 0)),
               [guarded.tag_from(t) for t in intent.get("tags", [])], intent.get("before") or [])
    targets = [RowWrite(row_id, dict.fromkeys(names, "")) for row_id, names in (intent.get("targets") or {}).items()]
    written = {w.row_id for w in targets}
    on_own = _verify(sheets, intent["title"], intent["id_header"], run, targets, written, key)
    journal.clear()
    return len(written - on_own)


def sweep(sheets, key: str) -> bool:
    """Delete tags of `key` left by a run that crashed between its write and its verify (one read; a
    write only when some are found). True when some were deleted."""
    if not sheets.search_metadata([{"metadataKey": key}]):
        return False
    guarded.clean(sheets, key)
    return True
