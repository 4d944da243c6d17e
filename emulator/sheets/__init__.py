"""Google Sheets v4 in the emulator: the model, A1 ranges, value input and rendering, batchUpdate.

State lives in the store namespace "sheets": {spreadsheetId: Book}. Other emulator modules
(Drive's files.create/delete with the spreadsheet MIME type) use the two functions below,
always while holding `store.lock` (every API handler already does):

    create_spreadsheet(store, title, spreadsheet_id=None) -> dict   # the Spreadsheet resource
    delete_spreadsheet(store, spreadsheet_id) -> bool               # False when there was none
    rename_spreadsheet(store, spreadsheet_id, title) -> bool        # keep Drive name and title in step
    get_spreadsheet(store, spreadsheet_id) -> Book | None
    save(store, book)                                               # store a (copied) Book

spreadsheets.create registers the new file with Drive (`emulator.drive.register_native_file`),
and a title change through updateSpreadsheetProperties renames it there.

Behaviour chosen to match Google (checked against public reports of real responses):
- A range reaching past the grid is a 400 "Range (Sheet1!AA1) exceeds grid limits. Max rows: R,
  max columns: C" naming the first cell outside, for reads and writes alike; values.append adds
  the rows it needs (not columns). A bounded range smaller than the data is a 400 "Requested
  writing within range [...], but tried writing to column [C]".
- An unknown tab is 400 "Unable to parse range: X". Text that reads as a cell (`tab01` = TAB1)
  is a cell of the first tab even if a tab has that name; tab names match case-insensitively.
- values.append: the table is the first row *inside the range* with data there, extended down
  through consecutive non-empty rows (past the range) and, from a single cell or column, to the
  right; an empty range has no table and `tableRange` is omitted.
- USER_ENTERED reads input as typed in the spreadsheet's locale (locales.py; en_US: 1,234, 50%,
  $5, TRUE, M/D/YYYY, YYYY-MM-DD, "Nov 21, 2026", times; es_ES/de_DE…: decimal commas, day-first
  dates); a typed date sets a DATE format only on a cell without a number format. `=...` is a
  formula evaluated by formula.py (arithmetic, comparisons, &, SUM, IF, …); an unknown function
  is #NAME?. RAW keeps strings as sent. A strict validation rule refuses a write (strict.py).
- spreadsheets.batchUpdate is atomic (a shallow copy; sheets cloned on first write, their row
  lists copied only when changed). docs/emulator.md lists every request kind and its status;
  every kind is served (data sources answer as for a caller without BigQuery access).
- Inserting/deleting rows or columns moves values, formulas (their references too, whole
  columns included, #REF! when the cell goes), notes, formats, validation, merges,
  protected/conditional/named ranges, groups, developer metadata and dimension sizes.
  moveDimension moves values, formulas, notes, per-cell and range formats, validation and sizes.

- R1C1 ranges are read as Google reads them (A1 first: `R1` is column R; `R[1]C[1]` is B2; the
  halves of a range cannot mix notations).

Every answer leaves out default-valued fields as Google's protobuf JSON does (protojson.py, applied
by the server to every Sheets response). Every known difference from Google is listed in
docs/emulator.md.
"""

from __future__ import annotations

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets.model import Book, Sheet, new_spreadsheet_id

NAMESPACE = "sheets"


def books(store) -> dict[str, Book]:
    return store.get(NAMESPACE, dict)


def get_spreadsheet(store, spreadsheet_id: str) -> Book | None:
    book = books(store).get(spreadsheet_id)
    return fresh(book) if book is not None else None


# Recalculation when needed, as a client sees Google (issue 22): a values write (update, batchUpdate,
# append, clear) marks its book stale instead of recalculating; whoever next reads or changes the book
# in any other way (book_or_404, get_spreadsheet) recalculates it first, once for any number of writes
# before. No reply shows a stale value: a values write that answers with values recalculates first.
# A write that names the blocks it changed has only the formulas that depend on them recalculated
# (recalc.py keeps each formula's reads); append, which may insert rows, has every formula recalculated.
# values.get/batchGet recalculate only the formulas the ranges they read may show (recalc_reads.py), and
# spreadsheets.get without grid data none: the book stays stale for the others until a reader needs them.
def fresh(book: Book) -> Book:
    """The book with every formula's value current (recalculated now if a values write left it stale)."""
    stale = book.__dict__.get("stale")
    if stale:
        from turfbook_emulator.sheets.recalc import recalc

        recalc(book, None if stale is True else stale)
        del book.__dict__["stale"]  # only once recalculated: a failed recalc is tried again
    return book


def settle(store) -> None:
    """Every book a values write left stale recalculated now, as its next reader would (the control plane's
    settle: Google recalculates after a write, so a later read pays nothing for it). Under `store.lock`."""
    for book in list(books(store).values()):
        if book.__dict__.get("stale"):
            fresh(book)


def mark_stale(book: Book, regions: list | None = None) -> None:
    """Formulas may read what was just written: recalculate before the book is next read. `regions`
    [(sheetId, r0, c0, r1, c1)]: the only blocks changed (after `recalc.unspill_over` of them); None: any."""
    now = book.__dict__.get("stale")
    book.__dict__["stale"] = True if regions is None or now is True else [*(now or ()), *regions]


def book_or_404(store, spreadsheet_id: str, stale_ok: bool = False) -> Book:
    """The book, recalculated first when stale; `stale_ok` only for a values write, which leaves the
    recalculation to the next reader."""
    book = books(store).get(spreadsheet_id)
    if book is None:
        raise ApiError(404, "Requested entity was not found.", reason="notFound")
    return book if stale_ok else fresh(book)


def save(store, book: Book) -> None:
    books(store)[book.spreadsheet_id] = book
    store.dirty(NAMESPACE)


def new_book(title: str | None = None, spreadsheet_id: str | None = None, with_sheet: bool = True) -> Book:
    book = Book(spreadsheet_id=spreadsheet_id or new_spreadsheet_id(), title=title or "Untitled spreadsheet")
    if with_sheet:
        book.sheets.append(Sheet(sheet_id=0, title="Sheet1"))
    return book


def create_spreadsheet(store, title: str, spreadsheet_id: str | None = None) -> dict:
    """Create an empty spreadsheet (one tab "Sheet1", sheetId 0, 1000 x 26) and return its resource.

    Drive calls this for files.create with mimeType application/vnd.google-apps.spreadsheet,
    passing the Drive file id as `spreadsheet_id` so both APIs see the same id.
    """
    from turfbook_emulator.sheets.resource import spreadsheet

    book = new_book(title, spreadsheet_id)
    save(store, book)
    return spreadsheet(book)


def delete_spreadsheet(store, spreadsheet_id: str) -> bool:
    """Forget a spreadsheet (Drive files.delete, or emptying the trash)."""
    found = books(store).pop(spreadsheet_id, None)
    if found is not None:
        store.dirty(NAMESPACE)
    return found is not None


def rename_spreadsheet(store, spreadsheet_id: str, title: str) -> bool:
    book = books(store).get(spreadsheet_id)
    if book is None:
        return False
    book.title = title
    store.dirty(NAMESPACE)
    return True
