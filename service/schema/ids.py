"""Stable IDs: rows without an ID (or with a copied one) get the next ID of their tab's prefix.

IDs are never reused while any row still shows them: the next number is one more than the highest
seen anywhere in the workbook (ID columns and references). When a row is copied with its ID,
the first row keeps it and the copy (the later row) gets a new ID; the copy is reported.

Applying is safe against staff sorting or inserting rows mid-job: the tabs are re-read in one
call right before the write, and an ID is written only where the ID cell still holds what it held
(empty, or the copied ID) and the row's staff cells still match; a row that moved is found again
by its content. Anything not certain is left for the next run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.schema.cells import cell_text
from service.schema.columns import match_columns
from service.schema.loader import Schema, Tab
from service.schema.model import Problem, Row, WorkbookSnapshot
from service.workspace import a1
from service.workspace.sheets import CellWrite

_ID = re.compile(r"\b([A-Z]+)-(\d+)\b")


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

    def __iter__(self):
        return iter(self.writes)

    def __len__(self) -> int:
        return len(self.writes)


def content_key(tab: Tab, values: dict) -> tuple:
    return tuple((c.key, cell_text(values[c.key])) for c in tab.columns
                 if not c.service and values.get(c.key) not in ("", None))


def highest_numbers(snapshot: WorkbookSnapshot) -> dict[str, int]:
    highest: dict[str, int] = {}
    for snap in snapshot.tabs.values():
        for row in snap.rows:
            texts = [str(row.raw.get("id", ""))] + [str(row.raw.get(k, "")) for k in row.refs]
            for text in texts:
                for prefix, number in _ID.findall(text):
                    highest[prefix] = max(highest.get(prefix, 0), int(number))
    return highest


def plan_ids(snapshot: WorkbookSnapshot, schema: Schema | None = None) -> IdPlan:
    if schema is None:
        from service.schema.loader import load_schema

        schema = load_schema()
    plan = IdPlan()
    highest = highest_numbers(snapshot)
    for tab in schema.tabs:
        snap = snapshot.tabs.get(tab.name)
        if snap is None or not tab.id_prefix or "id" not in snap.columns:
            continue
        seen: set[str] = set()
        for row in snap.rows:
            old = row.raw.get("id")
            old_text = cell_text(old) if old not in ("", None) else None
            if row.id and row.id not in seen:
                seen.add(row.id)
                continue
            if old_text is not None and row.id is None and not _ID.fullmatch(old_text):
                continue                        # not an ID at all: reported by the reader, left to staff
            highest[tab.id_prefix] = highest.get(tab.id_prefix, 0) + 1
            new_id = tab.format_id(highest[tab.id_prefix])
            plan.writes.append(IdWrite(tab.name, row.row_number, snap.columns["id"], new_id, old_text,
                                       content_key(tab, row.raw), row))
    return plan


def apply_ids(sheets, schema: Schema, plan: IdPlan) -> int:
    """Re-read the affected tabs in one call, then write the IDs that are still safe in one call."""
    if not plan.writes:
        return 0
    titles = sorted({w.tab for w in plan.writes})
    fresh = dict(zip(titles, sheets.read([a1.whole_sheet(t) for t in titles]), strict=True))
    writes: list[CellWrite] = []
    done: list[IdWrite] = []
    for title in titles:
        tab = schema.tab(title)
        values = fresh[title]
        if not values:
            continue
        match = match_columns(tab, values[0])
        id_at = match.columns.get("id")
        if id_at is None:
            continue
        by_content: dict[tuple, list[int]] = {}
        rows = {}
        for offset, cells in enumerate(values[1:]):
            row_number = offset + 2
            raw = {k: cells[i] for k, i in match.columns.items() if i < len(cells)}
            current = cell_text(raw.get("id", "")) or None
            key = content_key(tab, raw)
            rows[row_number] = (current, key)
            by_content.setdefault((current, key), []).append(row_number)
        taken: set[int] = set()
        for w in (w for w in plan.writes if w.tab == title):
            target = w.row_number
            if rows.get(target) != (w.old_id, w.content):
                candidates = [r for r in by_content.get((w.old_id, w.content), []) if r not in taken]
                if len(candidates) != 1:
                    continue                    # moved and not certain where: the next run will do it
                target = candidates[0]
            if target in taken:
                continue
            taken.add(target)
            writes.append(CellWrite(a1.cell(title, target, id_at), [[w.new_id]]))
            done.append(w)
    sheets.write(writes)
    for w in done:
        if w.row is not None:
            w.row.id = w.new_id
            w.row.values["id"] = w.new_id
    return len(done)
