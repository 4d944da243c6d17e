"""`sheets adopt` on tabs whose rows sit away from their IDs (adopt_sorted, adopt_displaced): put the IDs back,
or, with --accept-rows, take the rows as they are now (issue 21, outside tester a21f findings 2 and 4).

Only the ID column (Turfbook's) is written, through the one guarded ID path (ids.apply_ids: tags, read-back,
guards, verify), so a row moved again meanwhile gets nothing this run."""

from __future__ import annotations

from turfbook.schema.adopt_displaced import Sorted, changes, kept_merges
from turfbook.schema.adopt_layout import Layout
from turfbook.schema.adopt_sorted import RowKeys, _where, keys_of
from turfbook.schema.loader import Schema
from turfbook.schema.model import WorkbookSnapshot
from turfbook.schema.spanish_names import label


def put_back(adopted, schema: Schema, snapshot: WorkbookSnapshot, reserved: dict[str, int] | None = None,
             journal=None) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """For each tab check_rows found sorted and `repairable`: every displaced row's ID cell set to the ID its
    record had, each orphan a new ID (numbered above every ID seen, kept
    in the hidden tabs or `reserved`), a blank row's claimed ID cleared. Returns ({tab: IDs put back}, [tabs
    left as they are: not every row told apart], {tab: what else was done, for the report})."""
    from turfbook.schema.id_memory import Kept
    from turfbook.schema.id_next import NextIds
    from turfbook.schema.ids import IdPlan, IdWrite, apply_ids

    done, left, notes = {}, [], {}
    found_tabs: list[tuple[str, Sorted]] = sorted(getattr(adopted, "sorted_tabs", {}).items())
    kept = Kept(adopted)                # the hidden tabs and the memory of IDs given (id_memory), read for a first
    numbers = NextIds(snapshot, reserved, kept)                 # orphan only; each write raises that memory
    for name, found in found_tabs:
        if not found.repairable:
            left.append(name)
            continue
        tab = schema.tab(name)
        writes = [IdWrite(name, row.row_number, 0, owner, row.id, (), row)
                  for row, owner in [*found.moved, *found.paired]]
        for row in found.orphans:
            new = tab.format_id(numbers.next(tab.id_prefix))
            found.new_ids.append((row, new))
            writes.append(IdWrite(name, row.row_number, 0, new, row.id, (), row))
        writes += [IdWrite(name, row.row_number, 0, "", row.id, (), row) for row in found.cleared]
        done[name] = apply_ids(adopted, schema, IdPlan(writes, memory=kept.memory), journal=journal) \
            - len(found.cleared)
        notes[name] = changes(found, lambda r, n=name: _where(adopted, n, r), written=True)
    return done, left, notes


def accept_rows(adopted, schema: Schema, snapshot: WorkbookSnapshot, notes: dict[str, str] | None = None) -> list[str]:
    """`sheets adopt --accept-rows`: each held tab's rows that cannot be told apart taken as they are now (each
    keeps the ID on its row; the row keys stored afresh), so the jobs write there again; the rows told apart
    still get their IDs back (put_back: an ID a unique key names never moves onto another record). A merged
    row (d1, a21k k9: a merge by hand or a sort then a delete) keeps its ID: the merge reading, said in `notes`."""
    keys: RowKeys | None = getattr(adopted, "row_keys", None)
    accepted = []
    for name in sorted(getattr(adopted, "sorted_tabs", {})):
        snap = snapshot.tabs.get(name)
        if keys is None or snap is None:
            continue
        now, found = keys_of(schema.tab(name), snap), adopted.sorted_tabs[name]
        kept = {id(r) for r, _ in found.merged}
        found.moved = [(r, o) for r, o in found.moved if id(r) not in kept]     # merged rows keep their ID
        if kept and notes is not None:
            notes[name] = kept_merges(found, lambda r, n=name: _where(adopted, n, r))
        told = [*found.moved, *found.paired]
        final = {id(r): None for r in [*found.orphans, *found.cleared]} | {id(r): o for r, o in told}
        if len({o for _, o in told}) < len(told):
            final = {}                      # an ID told twice: every row as it is
        keys.save(name, {final.get(id(r), r.id): k for r, k in zip(snap.rows, now, strict=True)
                         if final.get(id(r), r.id) and k})
        if final:       # a21h d8: the rows told apart are put back (put_back), only the others taken as they are
            found.repairable = True
        else:
            adopted.sorted_tabs.pop(name)
        accepted.append(name)
    return accepted


def give_ids_counted(sheets, schema: Schema, layout: Layout, today=None, reserved: dict[str, int] | None = None,
                     data_dir=None, applied=None, accept: bool = False) -> tuple[int, int]:
    """IDs for the adopted rows that have none (or a copied one), through the one guarded ID path;
    `reserved`: the field queue's numbers (plan_ids), read by the caller under the `ids` lock. With a
    `data_dir`, the schema job's write journal (a run killed mid-write is finished by the next adopt or
    `sheets check`, id_verify.finish). Rows sorted away from their IDs get them back first (adopt_sorted,
    said in `applied`); a tab that cannot be told apart gets no ID. `accept` (--accept-rows): held tabs' rows
    taken as they are now first (accept_rows)."""
    from turfbook.schema.adopt_apply import Applied
    from turfbook.schema.adopt_read import AdoptedSheets
    from turfbook.schema.adopt_sorted import MERGED, held, remember
    from turfbook.schema.adopt_typed import typed_lines
    from turfbook.schema.id_copies import id_notes
    from turfbook.schema.id_lost import lost_notes, lost_rows
    from turfbook.schema.id_memory import Kept
    from turfbook.schema.id_namesakes import namesake_notes, namesake_rows
    from turfbook.schema.id_text import retyped_problems
    from turfbook.schema.id_typed import adopt_notes
    from turfbook.schema.id_typed_said import said_rows
    from turfbook.schema.id_verify import finish
    from turfbook.schema.ids import KEY as IDS_KEY
    from turfbook.schema.ids import apply_ids, plan_ids
    from turfbook.schema.reader import read_workbook
    from turfbook.schema.write_journal import Journal

    adopted = AdoptedSheets(sheets, schema, layout, row_keys=RowKeys(data_dir))
    journal = Journal(data_dir, IDS_KEY) if data_dir is not None else None
    finish(adopted, schema, journal)
    tabs = sorted({s.tab for s in layout.sheets})
    if not tabs:
        return 0, 0
    snapshot = read_workbook(adopted, schema, tabs, today=today)
    applied = applied if applied is not None else Applied()
    applied.tabs_es = {t.name: label(schema, t.name, "", "es") for t in schema.tabs}
    if accept:      # i7: a tab whose every row is told apart is put back, not taken as it is: nothing to accept
        told = {n for n, found in adopted.sorted_tabs.items() if found.repairable and not found.merged}
        kept: dict[str, str] = {}
        applied.accepted = [t for t in accept_rows(adopted, schema, snapshot, kept) if t not in told]
        applied.nothing_to_accept = sorted(told) if told or applied.accepted else [""]
    done, applied.sorted_left, applied.put_back_notes = put_back(adopted, schema, snapshot, reserved, journal)
    for tab, note in (kept if accept else {}).items():     # a21k k9: --accept-rows kept a merged row's ID
        en, _, es = note.partition(" / ")
        old_en, _, old_es = applied.put_back_notes.get(tab, "").partition(" / ")
        applied.put_back_notes[tab] = (f"{'; '.join(x for x in (old_en, en) if x)} / "
                                       f"{'; '.join(x for x in (old_es, es) if x)}")
    for p in snapshot.read_problems:            # d1: a merge this read found is said in the report too
        if p.kind == MERGED and p.tab not in applied.put_back_notes:
            applied.put_back_notes[p.tab] = p.message
    if done:
        applied.put_back.update(done)
        snapshot = read_workbook(adopted, schema, tabs, today=today)
    # IDs the hidden tabs still hold values for but no row shows (staff deleted the ID column, or the row):
    # never given again, so no row inherits another's status or flagged-at date (a21c finding 16, fix21ba)
    plan = plan_ids(snapshot, schema, reserved, kept=Kept(sheets, via=adopted))      # and the memory (fix23a)
    plan.writes = [w for w in plan.writes if w.tab not in held(adopted)]
    typed = adopt_notes(adopted, schema, snapshot, accept)      # a typed ID in doubt: said, not taken (a21p p1f)
    if accept and typed and applied.nothing_to_accept == [""]:
        applied.nothing_to_accept = []                         # --accept-rows took the typed IDs (adopt_notes)
    applied.id_notes = id_notes(plan, adopted.origins, held(adopted)) + typed        # rows alike wait (a21j 1, 2)
    said = said_rows(snapshot, schema)          # a21q q1e: every typed ID the night says, found before the write
    if not plan.writes:
        applied.id_notes += typed_lines(adopted, snapshot, plan, said, held(adopted), written=True)
        return 0, 0
    namesakes, lost = namesake_rows(snapshot, schema), lost_rows(snapshot, schema)   # read before the write
    written = apply_ids(adopted, schema, plan, journal=journal)
    applied.id_notes = id_notes(plan, adopted.origins, held(adopted)) + typed    # and IDs given back (a21j 3)
    applied.id_notes += namesake_notes(plan, namesakes, adopted.origins, schema, held(adopted))   # or not (k2)
    applied.id_notes += lost_notes(plan, lost, adopted.origins, held(adopted))     # or edited while gone (l8)
    applied.id_notes += [p.message for p in retyped_problems(plan, adopted.origins, held=held(adopted))]  # a21n 2
    applied.id_notes += typed_lines(adopted, snapshot, plan, said, held(adopted), written=True)   # a21q q1e
    remember(adopted, snapshot)
    return written, max(0, len(plan.writes) - len(plan.retyped) - written)
