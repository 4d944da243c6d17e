"""Stable IDs: rows without an ID (or with a copied one) get the next ID of their tab's prefix.

An ID once given is never given again: the next number is one above the highest in the rows (ID columns and
references), the hidden service tabs, the stored row keys and the field queue (id_next). A copied ID: the row
whose content is the ID's keeps it, rows alike wait, else the first row; the copy gets a new ID, reported. ID
cell deleted: id_owners; typed: id_typed.

Applying is safe against staff sorting, inserting, deleting or moving rows and columns at any moment: each row
is tagged with developer metadata (which moves with its row), the tagged row is read back and must still hold
what was planned (empty or copied ID, the same staff cells), and the write carries guards that fail the whole
atomic batch if a tag moved after that read. A row gets its own ID or none this run; never another row's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from turfbook.schema import guarded
from turfbook.schema.cells import cell_text
from turfbook.schema.id_memory import Memory, for_write
from turfbook.schema.id_next import _ID, NextIds, numbers_of
from turfbook.schema.id_owners import given_back, owners, split_from, waiting
from turfbook.schema.id_places import Places, grid_of, places_of
from turfbook.schema.id_places import sheet_grid as _grid
from turfbook.schema.id_text import differs
from turfbook.schema.id_typed import typed_over
from turfbook.schema.loader import Schema, Tab
from turfbook.schema.model import Problem, Row, WorkbookSnapshot
from turfbook.workspace import a1
from turfbook.workspace import sheet_requests as sr
from turfbook.workspace.errors import GoogleError


@dataclass
class IdWrite:
    tab: str
    row_number: int            # where the row was when read
    column: int                # 0-based column of the ID cell
    new_id: str
    old_id: str | None         # None when the cell was empty, else the copied ID
    content: tuple             # the row's staff cells when read, to recognise it again
    row: Row | None = field(default=None, repr=False, compare=False)


@dataclass
class IdPlan:
    writes: list[IdWrite] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kept: dict[tuple[str, str], Row] = field(default_factory=dict)           # copied ID -> its row, by content
    waiting: dict[tuple[str, str], list[Row]] = field(default_factory=dict)  # copied ID -> its identical rows
    returned: list[IdWrite] = field(default_factory=list)   # rows given back the ID their deleted row had
    retyped: list[tuple[IdWrite, str]] = field(default_factory=list)   # an ID cell typed 'c-000001': (write, as typed)
    typed: list[tuple[IdWrite, str]] = field(default_factory=list)  # another record's ID typed over (id_typed)
    split: list[tuple[IdWrite, Row]] = field(default_factory=list)   # a cleared ID cell's new ID, the row keeping it
    memory: Memory | None = field(default=None, repr=False)   # the workbook's memory of IDs given (id_memory)

    def __iter__(self):
        return iter(self.writes)

    def __len__(self) -> int:
        return len(self.writes)


def content_key(tab: Tab, values: dict) -> tuple:
    return tuple((c.key, cell_text(values[c.key])) for c in tab.columns
                 if not c.service and values.get(c.key) not in ("", None))


def _content_at(columns: list[tuple[str, list]], at: int) -> tuple:
    """content_key of the row at `at` of `columns` ((key, raw column) of the staff columns, in order)."""
    return tuple((key, cell_text(cell)) for key, cells in columns if (cell := cells[at]) not in ("", None))


def plan_ids(snapshot: WorkbookSnapshot, schema: Schema | None = None, reserved: dict[str, int] | None = None,
             kept: dict[str, int] | Callable[[], dict[str, int]] | None = None) -> IdPlan:
    """`reserved`: the highest number per prefix already given out but maybe not in the sheet yet (the
    field queue's IDs, #20), so a row people typed never gets a number an entry on its way holds. `kept`: the
    service tabs' (adopt_fixes.service_numbers), read only if a new number is wanted (id_next)."""
    if schema is None:
        from turfbook.schema.loader import load_schema

        schema = load_schema()
    plan = IdPlan()
    numbers = NextIds(snapshot, reserved, kept)           # never a number given before (fix21ba)
    for tab in schema.tabs:
        snap = snapshot.tabs.get(tab.name)
        if snap is None or not tab.id_prefix or "id" not in snap.columns:
            continue
        seen, stored = set(), snapshot.row_keys.get(tab.name, {})
        owner, wait = owners(tab, snap, stored), waiting(tab, snap, stored)   # a copied ID's row by its content
        back, olds, rows = given_back(tab, snap, stored), snap.raw_column("id"), snap.rows
        over = typed_over(tab, snap, stored)          # another record's ID typed into its ID cell (a21o 1, 9)
        split = split_from(tab, snap, stored)           # one of two rows of a key cleared (a21o o4): said
        staff: list[tuple[str, list]] | None = None      # the staff columns, read at the first write
        plan.kept.update({(tab.name, i): rows[at] for i, at in owner.items()})
        plan.waiting.update({(tab.name, i): [rows[at] for at in ats] for i, ats in wait.items()})
        for at, (row, old) in enumerate(zip(rows, olds, strict=True)):   # rows' dictionaries not built
            row_id = row.id
            if at in over:                          # its own ID back (id_typed): never the typed one's history
                staff = staff or [(c.key, snap.raw_column(c.key)) for c in tab.columns if not c.service]
                plan.writes.append(IdWrite(tab.name, row.row_number, snap.columns["id"], over[at], cell_text(old),
                                           _content_at(staff, at), row))
                plan.typed.append((plan.writes[-1], row_id))
                continue
            if row_id in wait:
                if at in wait[row_id]:
                    continue                    # identical rows: none is told the copy yet (id_owners.waiting)
            elif row_id and row_id not in seen and owner.get(row_id, at) == at:
                seen.add(row_id)
                if differs(old, row_id):           # 'c-000001', ' C-000001 ': written C-000001 (id_text, a21n 2)
                    staff = staff or [(c.key, snap.raw_column(c.key)) for c in tab.columns if not c.service]
                    plan.writes.append(IdWrite(tab.name, row.row_number, snap.columns["id"], row_id, cell_text(old),
                                               _content_at(staff, at), row))
                    plan.retyped.append((plan.writes[-1], old))
                continue
            old_text = cell_text(old) if old not in ("", None) else None
            if old_text is not None and row_id is None and not _ID.fullmatch(old_text):
                continue                        # not an ID at all: reported by the reader, left to staff
            new_id = back.get(at) if old_text is None else None     # its own ID back (id_owners.given_back)
            if new_id is None:
                new_id = tab.format_id(numbers.next(tab.id_prefix))
            staff = staff or [(c.key, snap.raw_column(c.key)) for c in tab.columns if not c.service]
            plan.writes.append(IdWrite(tab.name, row.row_number, snap.columns["id"], new_id, old_text,
                                       _content_at(staff, at), row))
            plan.returned += [plan.writes[-1]] if new_id == back.get(at) else []
            plan.split += [(plan.writes[-1], rows[split[at]])] if at in split and new_id != back.get(at) else []
    plan.memory = getattr(kept, "memory", None)       # read by the count (id_memory.Kept), if it was asked
    return plan


KEY = "turfbook_pending"          # developer metadata key of this run's row and column tags
COLUMN = "id"                     # the name of a tab's ID-column tag (a row tag's name is its new ID)


def apply_ids(sheets, schema: Schema, plan: IdPlan, before_write=None, journal=None) -> int:
    """Write new IDs so that each lands on its own row or not at all (docs/write-path.md, "IDs").

    1. One atomic batchUpdate tags each planned row (ROW developer metadata at the row where it was
       read) and each tab's ID column (COLUMN metadata). Positional, but only metadata: no cell.
    2. developerMetadata.search says where each tag is now; values.batchGetByDataFilter reads the
       tagged rows wherever they are, and each header row. A tag whose row does not hold what was read
       (blank or copied ID, the same staff cells), or whose column is not the ID column, gets no ID.
    3. One atomic batchUpdate writes the IDs, each preceded by a guard that fails the whole batch if
       its row's or its column's tag has moved since step 2, or a row was deleted (a tag one past the
       last row seen). A failed guard: back to 2 (at most 3 times).
    4. Verify and repair (id_verify.verify): each written row read again by its tag; an ID that landed on a row
       holding another record (a "Sort range" moves contents, not rows nor their tags) is put back to
       what that cell held before, under the same guards, in the batch that deletes every tag.
    With a `journal` (write_journal.Journal), what step 4 needs is recorded durably before step 3 is
    sent, and a run killed before step 4 is done gets it finished by the next run (id_verify.finish).
    """
    places = places_of(sheets, schema)
    plan = places.locate(plan)
    if not plan.writes:
        return 0
    titles = sorted({w.tab for w in plan.writes})
    memory = plan.memory = for_write(sheets, plan.memory)     # with the sheets' IDs: the one spreadsheets.get
    grid = grid_of(memory.meta, titles)
    taken: set[int] = set()
    tags: list[guarded.Tag] = []
    for title, (id_at, found) in _aim(sheets, places, plan, titles).items():
        if title not in grid or not found:
            continue
        sheet_id, _ = grid[title]
        tags.append(guarded.Tag(guarded.new_metadata_id(taken), sheet_id, "COLUMNS", id_at, COLUMN))
        tags += [guarded.Tag(guarded.new_metadata_id(taken), sheet_id, "ROWS", row_number - 1, w.new_id, w)
                 for w, row_number in found]
    if not tags:
        return 0
    try:
        sheets.batch_update(guarded.create(tags, KEY))
    except GoogleError:
        guarded.clean(sheets, KEY)
        return 0
    from turfbook.schema.id_verify import intent, verify  # (it builds on this module)

    def plan_write():
        requests, written, before = _guarded_writes(sheets, places, tags, titles)
        if not written:
            return None
        remembered, landed = memory.raise_to(numbers_of(w.new_id for w in written))   # the same atomic batch

        def after():
            landed()
            return verify(sheets, schema, tags, titles, written, before)
        return requests + remembered, after, intent(tags, titles, written, before)

    done: list[IdWrite] = []
    cleaned = False
    try:
        done, cleaned = guarded.write(sheets, plan_write, before_write, journal) or ([], False)
    finally:
        if not cleaned:
            guarded.abandon(sheets, KEY, journal)
    for w in done:
        if w.row is not None:
            w.row.id = w.new_id or None
            w.row.values["id"] = w.new_id or None
    return sum(1 for w in done if not (w.old_id and w.old_id.upper() == w.new_id))     # a retyped ID: not new


def _aim(sheets, places: Places, plan: IdPlan, titles: list[str]) -> dict[str, tuple[int, list]]:
    """Where each planned row is now (one values.batchGet): at its place, or found again by its content
    when that is unambiguous; only to aim the tags well — the tags' read-back decides."""
    fresh = dict(zip(titles, sheets.read([a1.whole_sheet(t) for t in titles]), strict=True))
    out: dict[str, tuple[int, list]] = {}
    for title in titles:
        tab, values, first = places.tab(title), fresh[title], places.header_row(title)
        if len(values) < first:
            continue
        columns = places.columns(title, values[first - 1])
        id_at = columns.get("id")
        if id_at is None:
            continue
        by_content: dict[tuple, list[int]] = {}
        rows = {}
        for offset, cells in enumerate(values[first:]):
            raw = {k: cells[i] for k, i in columns.items() if i < len(cells)}
            number = offset + first + 1
            rows[number] = (cell_text(raw.get("id", "")) or None, content_key(tab, raw))
            by_content.setdefault(rows[number], []).append(number)
        taken: set[int] = set()
        found = []
        for w in (w for w in plan.writes if w.tab == title):
            target = w.row_number
            if rows.get(target) != (w.old_id, w.content):
                candidates = [r for r in by_content.get((w.old_id, w.content), []) if r not in taken]
                if len(candidates) != 1:
                    continue
                target = candidates[0]
            if target not in taken:
                taken.add(target)
                found.append((w, target))
        out[title] = (id_at, found)
    return out


def _guarded_writes(sheets, places: Places, tags: list[guarded.Tag],
                    titles: list[str]) -> tuple[list[dict], list[IdWrite], dict[str, list[list]]]:
    """Where every tag is now, what its row holds, and the guarded writes for the rows still certain."""
    present = guarded.relocate(sheets, KEY, tags)
    filters = [{"a1Range": _header_range(places, title)} for title in titles]
    filters += [{"a1Range": a1.whole_sheet(title)} for title in titles]
    filters += [{"developerMetadataLookup": {"metadataId": t.metadata_id}} for t in present if t.write is not None]
    read = sheets.read_by_filters(filters)
    headers = {f.get("a1Range"): v for f, v in read if f.get("a1Range")}
    before = {title: headers.get(a1.whole_sheet(title)) or [] for title in titles}
    rows = {f["developerMetadataLookup"]["metadataId"]: v for f, v in read if f.get("developerMetadataLookup")}
    grid = _grid(sheets, titles)
    requests: list[dict] = []
    written: list[IdWrite] = []
    for title in titles:
        tab, first = places.tab(title), places.header_row(title)
        header = (headers.get(_header_range(places, title)) or [[]])[0]
        columns = places.columns(title, header) if header else {}
        id_at = columns.get("id")
        column = next((t for t in present if t.write is None and t.sheet_id == grid.get(title, (None,))[0]), None)
        if id_at is None or column is None or column.index != id_at or title not in grid:
            continue
        sheet_id, row_count = grid[title]
        mine = []
        for tag in (t for t in present if t.write is not None and t.write.tab == title):
            cells = (rows.get(tag.metadata_id) or [[]])[0]
            raw = {k: cells[i] for k, i in columns.items() if i < len(cells)}
            current = cell_text(raw.get("id", "")) or None
            if tag.index < first or (current, content_key(tab, raw)) != (tag.write.old_id, tag.write.content):
                continue                       # not the row that was read: no ID this run
            mine.append(tag)
        if not mine:
            continue
        end = guarded.Tag(guarded.new_metadata_id({t.metadata_id for t in tags}), sheet_id, "ROWS",
                          row_count - 1, COLUMN)
        requests += guarded.still_at(column, KEY) + guarded.create([end], KEY)
        for tag in mine:
            requests += guarded.still_at(tag, KEY)
            requests.append(sr.update_cells_at(sheet_id, tag.index, column.index,
                                               [sr.row([sr.cell(text=tag.write.new_id) if tag.write.new_id else {}])],
                                               "userEnteredValue"))      # "": a blank row's ID cleared
            written.append(tag.write)
    return requests, written, before


def _header_range(places: Places, title: str) -> str:
    row = places.header_row(title)
    return f"{a1.quote_sheet(title)}!{row}:{row}"
