"""An adopted workbook as it is NOW, by sheetId (attack a21e 10, 13, 17). Pure.

Staff rename, swap or delete sheets after the adoption ("Contacts - Rosa" <-> "Convos"): a swap never gives
the 400 a read of a missing title does, so every job follows the sheetIds in the metadata it reads
(`retitle`, from `AdoptedSheets.metadata`: the spreadsheets.get a job already makes, or one before its first
read), and Turfbook's own tabs (Problems, Wall chart) are found by theirs (adopt_tabs.resolve).

A sheet whose rows are another tab's (its ID column holds People's P- IDs while it is adopted as
Conversations: content pasted over, or an older mapping without sheetIds after a swap) is not read or
written: `foreign` names it as a problem (EN/ES), never a rewrite of its IDs.
"""

from __future__ import annotations

import re
from typing import Any

from turfbook.schema.adopt_layout import Layout
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem

PROBLEMS = "Problems"
ID = re.compile(r"^([A-Za-z]+)-\d+$")


def sheet_ids(meta: dict, fields: str | None) -> dict[int, str] | None:
    """sheetId -> title of every sheet in a spreadsheets.get answer, or None when it does not hold both
    (a field mask without them). Google leaves out a sheetId of 0."""
    mask = (fields or "").replace(" ", "")
    if fields is not None and "properties(sheetId" not in mask and "properties.sheetId" not in mask:
        return None
    props = [s.get("properties", {}) for s in meta.get("sheets", [])]
    if not props or not all(p.get("title") for p in props):
        return None
    return {int(p.get("sheetId", 0)): p["title"] for p in props}


def retitle(layout: Layout, now: dict[int, str]) -> dict[str, str | None]:
    """Each adopted sheet takes the title its sheetId has now (all at once, so two swapped titles are
    two sheets each keeping its tab); one whose sheetId is gone is dropped. {old title: new, or None}."""
    changed: dict[str, str | None] = {}
    kept = []
    for sheet in layout.sheets:
        title = now.get(sheet.sheet_id) if sheet.sheet_id is not None else sheet.title
        if title != sheet.title:
            changed[sheet.title] = title
        if title is not None:
            sheet.title = title
            kept.append(sheet)
    layout.sheets = kept
    return changed


def foreign(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> dict[str, Problem]:
    """Adopted sheets whose ID column holds mostly another tab's IDs (a People sheet read where Conversations
    was): {title: the problem saying so}. Their rows are not read, so no job writes or renumbers them."""
    prefixes = {t.id_prefix: t.name for t in schema.tabs if t.id_prefix}
    out: dict[str, Problem] = {}
    for sheet in layout.sheets:
        rows = raw.get(sheet.title) or []
        tab = schema.tab(sheet.tab)
        if not rows or not tab.id_prefix:
            continue
        top = sheet.locate_header(rows)
        at = sheet.current(sheet.header_at(rows, top), tab).get("id")
        if at is None:
            continue
        found = [m.group(1).upper() for r in rows[top:] if at < len(r) and (m := ID.match(str(r[at]).strip()))]
        other = [p for p in found if p != tab.id_prefix.upper() and p in prefixes]
        if not other or len(other) * 2 <= len(found):
            continue
        holds = prefixes[max(set(other), key=other.count)]
        column = tab.column("follow_up_due").header if any(c.key == "follow_up_due" for c in tab.columns) else None
        out[sheet.title] = Problem("schema", sheet.tab, None, column, (
            f"'{sheet.title}' holds {holds} rows (their IDs), but Turfbook knows this sheet as {sheet.tab}: its "
            f"rows are not read and nothing is written there (no ID is changed). Put its rows back, or run "
            f"`turfbook sheets adopt` / '{sheet.title}' contiene filas de {holds} (sus ID), pero Turfbook conoce "
            f"esta hoja como {sheet.tab}: no se leen sus filas ni se escribe nada en ella (ningún ID cambia). "
            "Devuelva sus filas, o ejecute `turfbook sheets adopt`"), "missing_column")
    return out


def with_ids(value: Any, swap: dict[int, int]) -> Any:
    """`value` with every "sheetId" in `swap` replaced."""
    if isinstance(value, dict):
        return {k: swap.get(v, v) if k == "sheetId" and isinstance(v, int) else with_ids(v, swap)
                for k, v in value.items()}
    if isinstance(value, list):
        return [with_ids(v, swap) for v in value]
    return value


def noted(seen: dict[int, str] | None, requests: list[dict]) -> None:
    """The sheets a batchUpdate added or deleted, in what the run's metadata read saw (`seen`)."""
    for r in requests if seen is not None else []:
        props = r.get("addSheet", {}).get("properties", {})
        if props.get("title") and props.get("sheetId") is not None:
            seen[props["sheetId"]] = props["title"]
        if "deleteSheet" in r:
            seen.pop(r["deleteSheet"].get("sheetId"), None)


def remake_problems(sheets, schema: Schema) -> bool:
    """Turfbook's Problems tab made again when staff deleted it (a job's write of its problems found none):
    under its title now (adopt_tabs.resolve: "Turfbook problems" when the team made a "Problems" of their own)
    with its sheetId, in one batchUpdate. False when `sheets` is not an adopted workbook read by sheetId, or
    Turfbook's is there."""
    from turfbook.schema.adopt_apply import _date_formats
    from turfbook.workspace import sheet_requests as sr

    layout = getattr(sheets, "layout", None)
    seen = layout.seen if isinstance(layout, Layout) else None
    sheet_id = layout.own.ids.get(PROBLEMS) if seen is not None else None
    if sheet_id is None or sheet_id in seen or layout.own.titles.get(PROBLEMS) in seen.values():
        return False
    header = [c.header for c in schema.tab(PROBLEMS).columns]
    sheets.batch_update([sr.add_sheet(PROBLEMS, sheet_id=sheet_id, rows=1000, cols=len(header), frozen_rows=1),
                         sr.update_cells_at(sheet_id, 0, 0, [sr.row([sr.cell(text=h) for h in header])],
                                            "userEnteredValue"), *_date_formats(sheet_id, schema.tab(PROBLEMS))])
    return True


def own_adds(requests: list[dict], renamed: dict[str, str], ids: dict[str, int]) -> list[dict]:
    """A batchUpdate's addSheet of one of Turfbook's own tabs under its title in this workbook (`renamed`) and
    the sheetId Turfbook knows it by (`ids`: adopt_tabs), that sheetId also in the batch's other requests."""
    swap: dict[int, int] = {}
    out = []
    for r in requests:
        props = r.get("addSheet", {}).get("properties", {})
        title, ours = props.get("title"), ids.get(props.get("title"))
        if title in renamed or (ours is not None and props.get("sheetId") not in (None, ours)):
            if ours is not None and props.get("sheetId") is not None:
                swap[props["sheetId"]] = ours
            props = {**props, "title": renamed.get(title, title), **({"sheetId": ours} if ours is not None else {})}
            r = {**r, "addSheet": {**r["addSheet"], "properties": props}}
        out.append(r)
    return with_ids(out, swap) if swap else out
