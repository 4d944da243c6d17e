"""Read-only HTML views of spreadsheets: /view/sheets/ (the list) and /view/sheets/<id>?tab=<sheetId>.

A tab is drawn as a table, a page of rows at a time, with colours and bold roughly as Sheets
shows them (cell formats and conditional-format rules), dropdown hints and checkboxes from
data validation, notes as tooltips, protected cells hatched (⚠ warning-only, 🔒 enforced),
frozen rows underlined, merged cells spanned.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from turfbook_emulator import registry
from turfbook_emulator.apis.index import page, section
from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, books, conditions, formats, get_spreadsheet, grid
from turfbook_emulator.sheets.model import DEFAULT_COL_PX, Book, Sheet

PAGE_ROWS = 200
MAX_COLS = 60
STYLE = """<style>
.tabs a{display:inline-block;padding:3px 10px;border:1px solid #d9dee3;border-bottom:none;margin-right:2px}
.tabs a.on{background:#e8f0fe;font-weight:600} table.grid{table-layout:fixed}
table.grid td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:420px}
td.num{text-align:right} td.note{background-image:linear-gradient(225deg,#f59e0b 6px,transparent 6px)}
td.prot{background-image:repeating-linear-gradient(45deg,transparent 0 6px,rgba(120,120,120,.12) 6px 8px)}
tr.frozen td{border-bottom:2px solid #9aa5b1} th.rn{color:#6b7280;font-weight:400}
table.grid th,table.grid td{overflow-wrap:normal} table.grid th{white-space:nowrap}
.dd{color:#6b7280;font-size:.7rem} .legend span{margin-right:1rem}
</style>"""


@section
def index_section(emulator) -> str:
    items = "".join(
        f"<li><a href='/view/sheets/{quote(b.spreadsheet_id)}'>{html.escape(b.title)}</a> "
        f"<span class='muted'>{len(b.sheets)} tab(s) · {html.escape(b.spreadsheet_id)}</span></li>"
        for b in sorted(books(emulator.store).values(), key=lambda b: b.title.casefold()))
    return f"<h2>Spreadsheets</h2><ul>{items or '<li class=muted>none yet</li>'}</ul>"


@registry.view("/view/sheets/")
def view(emulator, rest: str, query: dict):
    if not rest:
        return page("Spreadsheets", index_section(emulator))
    book = get_spreadsheet(emulator.store, rest.strip("/"))
    if book is None:
        raise ApiError(404, f"No spreadsheet {rest}")
    ordered = sorted(book.sheets, key=lambda s: s.index)
    wanted = _one(query.get("tab"))
    sheet = next((s for s in ordered if str(s.sheet_id) == wanted), ordered[0])
    page_no = max(0, int(_one(query.get("page")) or 0)) if str(_one(query.get("page")) or "0").isdigit() else 0
    tabs = "".join(
        f"<a class='{'on' if s is sheet else ''}' href='?tab={s.sheet_id}'>{html.escape(s.title)}"
        f"{' (hidden)' if s.extra.get('hidden') else ''}</a>" for s in ordered)
    body = (f"{STYLE}<h1>{html.escape(book.title)}</h1><p class='muted'>{html.escape(book.spreadsheet_id)} · "
            f"{book.locale} · {html.escape(book.time_zone)}</p><div class='tabs'>{tabs}</div>"
            + _table(book, sheet, page_no) + _legend(sheet))
    return page(book.title, body)


def _one(value):
    return value[-1] if isinstance(value, list) else value


def _table(book: Book, sheet: Sheet, page_no: int) -> str:
    rows_used, cols_used = sheet.data_extent()
    rows_used = max(rows_used, max((r + 1 for r, _ in sheet.notes), default=0), sheet.frozen_rows, 1)
    cols = min(max(cols_used, 1), sheet.col_count, MAX_COLS)
    r0 = page_no * PAGE_ROWS
    r1 = min(rows_used, r0 + PAGE_ROWS)
    merged, covered = _merges(sheet)
    widths = "".join(f"<col style='width:{sheet.col_meta.get(c, {}).get('pixelSize', DEFAULT_COL_PX)}px'>"
                     for c in range(cols))
    head = "".join(f"<th>{a1.column_letters(c)}{_column_mark(sheet, c)}</th>" for c in range(cols))
    out = [f"<p class='muted'>{sheet.row_count} x {sheet.col_count} grid · rows {r0 + 1}–{max(r1, r0 + 1)} of "
           f"{rows_used} with data · frozen rows {sheet.frozen_rows}</p>",
           f"<div class='scroll'><table class='grid'><colgroup><col style='width:48px'>{widths}</colgroup>"
           f"<tr><th></th>{head}</tr>"]
    for r in range(r0, r1):
        cells = []
        for c in range(cols):
            if (r, c) in covered:
                continue
            cells.append(_cell(book, sheet, r, c, merged.get((r, c))))
        frozen = " class='frozen'" if r == sheet.frozen_rows - 1 else ""
        out.append(f"<tr{frozen}><th class='rn'>{r + 1}</th>{''.join(cells)}</tr>")
    out.append("</table></div>")        # a sheet is wide: it scrolls inside its box, the page does not
    pages = (rows_used + PAGE_ROWS - 1) // PAGE_ROWS
    if pages > 1:
        links = " ".join(f"<a href='?tab={sheet.sheet_id}&page={p}'>{p + 1}</a>" if p != page_no else f"<b>{p + 1}</b>"
                         for p in range(min(pages, 50)))
        out.append(f"<p>page {links}{' …' if pages > 50 else ''}</p>")
    return "".join(out)


def _merges(sheet: Sheet):
    merged, covered = {}, set()
    for r0, r1, c0, c1 in sheet.merges:
        merged[(r0, c0)] = (r1 - r0, c1 - c0)
        covered |= {(r, c) for r in range(r0, r1) for c in range(c0, c1)} - {(r0, c0)}
    return merged, covered


def _protection(sheet: Sheet, r: int, c: int) -> dict | None:
    for protected in sheet.protected_ranges:
        g = protected.get("range")
        if g is None:
            return protected
        if (g.get("startRowIndex", 0) <= r < g.get("endRowIndex", sheet.row_count)
                and g.get("startColumnIndex", 0) <= c < g.get("endColumnIndex", sheet.col_count)):
            return protected
    return None


def _column_mark(sheet: Sheet, c: int) -> str:
    for protected in sheet.protected_ranges:
        g = protected.get("range") or {}
        if "startRowIndex" not in g and "endRowIndex" not in g and \
                g.get("startColumnIndex", 0) <= c < g.get("endColumnIndex", sheet.col_count):
            label = "warning-only protected (service column)" if protected.get("warningOnly") else "protected"
            return f" <span title='{label}'>{'⚠' if protected.get('warningOnly') else '🔒'}</span>"
    return ""


def _color(color: dict | None) -> str | None:
    if not color:
        return None
    rgb = color.get("rgbColor", color)
    parts = [round(255 * float(rgb.get(k, 0))) for k in ("red", "green", "blue")]
    return f"rgb({parts[0]},{parts[1]},{parts[2]})"


def _cell(book: Book, sheet: Sheet, r: int, c: int, span) -> str:
    value = sheet.value(r, c)
    fmt = dict(formats.cell_format(sheet, r, c))
    conditional = conditions.matching_format(book, sheet, r, c) if sheet.conditional_formats else None
    if conditional:
        fmt = {**fmt, **conditional, "textFormat": {**fmt.get("textFormat", {}), **conditional.get("textFormat", {})}}
    rule = formats.validation(sheet, r, c)
    text = "" if value is None else grid.formatted(value, fmt.get("numberFormat"))
    kind = ((rule or {}).get("condition") or {}).get("type")
    if kind == "BOOLEAN":
        text = "☑" if value is True else "☐"
    styles, classes, titles = [], [], []
    background = _color(fmt.get("backgroundColorStyle") or fmt.get("backgroundColor"))
    if background and background != "rgb(255,255,255)":
        styles.append(f"background-color:{background}")
    text_format = fmt.get("textFormat") or {}
    for key, css in (("bold", "font-weight:700"), ("italic", "font-style:italic"),
                     ("strikethrough", "text-decoration:line-through")):
        if text_format.get(key):
            styles.append(css)
    foreground = _color(text_format.get("foregroundColorStyle") or text_format.get("foregroundColor"))
    if foreground and foreground != "rgb(0,0,0)":
        styles.append(f"color:{foreground}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        classes.append("num")
    note = sheet.notes.get((r, c))
    if note:
        classes.append("note")
        titles.append(f"Note: {note}")
    protected = _protection(sheet, r, c)
    if protected:
        classes.append("prot")
        titles.append("protected (warning only)" if protected.get("warningOnly") else "protected")
    hint = ""
    if kind in ("ONE_OF_LIST", "ONE_OF_RANGE"):
        options = ", ".join(v.get("userEnteredValue", "") for v in rule["condition"].get("values") or [])
        titles.append(("one of: " if kind == "ONE_OF_LIST" else "one of the values in ") + options)
        hint = " <span class='dd'>▾</span>"
    elif kind and kind != "BOOLEAN":
        titles.append(f"validation: {kind}")
    if sheet.formulas.get((r, c)):
        titles.append(sheet.formulas[(r, c)])
    attrs = ""
    if span:
        attrs += f" rowspan='{span[0]}' colspan='{span[1]}'"
    if styles:
        attrs += f" style='{';'.join(styles)}'"
    if classes:
        attrs += f" class='{' '.join(classes)}'"
    if titles:
        attrs += f" title='{html.escape(' · '.join(titles), quote=True)}'"
    return f"<td{attrs}>{html.escape(str(text))}{hint}</td>"


def _legend(sheet: Sheet) -> str:
    parts = []
    if sheet.conditional_formats:
        parts.append(f"<span>{len(sheet.conditional_formats)} conditional-format rule(s)</span>")
    if sheet.protected_ranges:
        parts.append(f"<span>{len(sheet.protected_ranges)} protected range(s): hatched cells</span>")
    if sheet.validation_layers:
        parts.append("<span>▾ dropdown · ☐ checkbox</span>")
    if sheet.notes:
        parts.append("<span>orange corner = note (hover)</span>")
    return f"<p class='legend muted'>{''.join(parts)}</p>" if parts else ""
