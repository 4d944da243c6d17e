"""Before a job writes to an adopted workbook: each team filter (basic filter or filter view) that ends where
Turfbook's service columns begin is widened over them (adopt_filters.widen, the one rule adopt uses), so a
sort through it moves each row's ID with the row (issue 21, outside tester finding 7).

One spreadsheets.get — the one the job made anyway to name the tabs added since the adoption
(adopt_view.not_adopted reads its titles from it: `titles_seen`) — asks for the filters too, and one
batchUpdate is sent only when there is something to widen: a night with nothing to widen costs no call.
Turfbook's columns are found by their header text where they are NOW (the job's read, `AdoptedSheets.raw`).
A sort that already happened is what adopt_sorted notices."""

from __future__ import annotations

from turfbook.schema.adopt_filters import FIELDS, filters_of, widen


def guard_filters(sheets, meta: dict | None = None) -> list[str]:
    """Widen the filters reaching Turfbook's columns on every adopted sheet the job read; the sheets widened
    (also kept in `sheets.widened`). `meta`: a spreadsheets.get the job already made that asked for
    `basicFilter,filterViews` too (the digest's); else one is made. Not an adopted workbook: nothing, no call."""
    layout = getattr(sheets, "layout", None)
    if layout is None or not isinstance(getattr(sheets, "raw", None), dict):
        return []
    meta = meta if meta is not None else sheets.metadata(FIELDS)
    found = filters_of(meta)
    ids = {m["properties"]["title"]: m["properties"]["sheetId"] for m in meta.get("sheets", [])}
    requests, titles = [], []
    for s in layout.sheets:
        rows = sheets.raw.get(s.title)
        sheet_id = s.sheet_id if s.sheet_id is not None else ids.get(s.title)
        filters = found.get(sheet_id) if sheet_id is not None else None
        if not rows or not filters or not (filters.get("basic") or filters.get("views")):
            continue
        service = {c.key for c in sheets.schema.tab(s.tab).columns if c.service}
        at = sorted(i for k, i in s.current(s.header_at(rows, s.locate_header(rows))).items() if k in service)
        if not at:
            continue
        end = at[0]
        while end in at:
            end += 1
        widened = widen(sheet_id, filters, at[0], end)
        if widened:
            requests += widened
            titles.append(s.title)
    if requests:
        sheets.batch_update(requests)
    sheets.widened = titles
    return titles
