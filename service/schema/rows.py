"""The per-cell work of parse_tab, a column at a time (100,000 rows is 1.5 million cells). Each column's cells
are parsed in one pass: dates, choices and references repeat down a column, so each distinct value is parsed once
and the rest are dictionary hits (free text is mostly unique and is not memoized). Rows are then assembled in one
go. Problems come out in the order a row-by-row pass gives: by row, then by column, the row's ID problem last."""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any

from turfbook.schema.cell_dates import shown
from turfbook.schema.cell_words import both, row_problem
from turfbook.schema.cells import (
    DEFAULT_MAX_LENGTH,
    CellError,
    ParseContext,
    all_phones,
    cell_text,
    make_parser,
    make_ref_matcher,
    make_ref_parser,
)
from turfbook.schema.column_texts import all_own_ids as _all_own_ids
from turfbook.schema.column_texts import stripped as _stripped
from turfbook.schema.column_texts import texts_of as _texts_of
from turfbook.schema.dates import row_orders
from turfbook.schema.grid import body_columns
from turfbook.schema.id_text import as_read, own_id
from turfbook.schema.loader import Column, Tab
from turfbook.schema.lookups import SpelledLookup
from turfbook.schema.memo_cells import failing_cells, mapped
from turfbook.schema.model import Problem, Row, RowDicts
from turfbook.schema.ref_cells import ref_memo
from turfbook.schema.ref_problems import AMBIGUOUS, one_per_name
from turfbook.schema.text import fold, short

FREE_TEXT = {"text", "url", "email", "phone", "id"}  # mostly unique per row: not worth memoizing
JOB = "schema"
SPELLED = 1000      # a reference to a tab this big is matched by its cells as spelled first (SpelledLookup)
EMPTY = (None, None, "is empty")       # (value, referenced row ID, error) of a blank cell
_VALUE, _REF, _ERROR = itemgetter(0), itemgetter(1), itemgetter(2)
_NUMBERS = {int, float, bool}          # equal as dictionary keys (1 == 1.0 == True): parsed apart


def parse_rows(tab: Tab, values: list[list[Any]], columns: dict[str, int], header: list[str],
               ctx: ParseContext, keys: set[str] | None = None,
               consume: bool = False) -> tuple[list[Row], list[Problem]]:
    """parse_columns, with the Row objects made now."""
    dicts, problems = parse_columns(tab, values, columns, header, ctx, keys, consume)
    return dicts.make_rows(), problems


def parse_columns(tab: Tab, values: list[list[Any]], columns: dict[str, int], header: list[str],
                  ctx: ParseContext, keys: set[str] | None = None,
                  consume: bool = False) -> tuple[RowDicts, list[Problem]]:
    """Rows with a value anywhere (blank rows skipped), as columns (RowDicts, its `rows_of` set: make_rows
    gives the Row objects), and the problems their cells have. An ID that is not the tab's is None in the rows.
    `values`: the tab's cells as rows, or as grid.Columns (read a column at a time: nothing transposed).
    `keys`: parse only these columns (and the ID); the others stay None in `Row.values` and their
    cells are let go of with the rows. `consume`: empty `values` once its cells are in columns (the
    caller is done with it), so the row lists are freed before the columns are parsed."""
    id_index = columns.get("id") if tab.id_prefix else None
    prefix = f"{tab.id_prefix}-" if tab.id_prefix else ""
    width = max(columns.values(), default=-1) + 1
    by_column, kept_at, body = body_columns(values, width, consume)      # grid.py: rows or Columns
    numbers = range(2, body + 2) if len(kept_at) == body else [n + 2 for n in kept_at]   # no int made
    sheets = ctx.sheets.get(tab.name) or []                  # day/month is each sheet's: its date columns pooled
    sheets = [sheets[n] for n in kept_at] if len(sheets) == body else []
    count = len(kept_at)
    if consume:
        values.clear()
    dates = [i for key, i in columns.items() if tab.column(key).type == "date"]
    distinct = {i: set(by_column[i]) for i in dates} if count else {}       # each column's, parse_all's too
    told = any(raw.__class__ is str and raw[:1].isdigit() for cells in distinct.values() for raw in cells)
    order = row_orders([by_column[i] for i in dates] if told else [], sheets, ctx.locale) if count else None
    # (only text starting with a digit can tell day/month: without any, the rule has no cell to weigh)
    if keys is not None:                     # the columns not parsed are let go of now, their cells with them
        needed = {index for key, index in columns.items() if key == "id" or key in keys}
        by_column = [cells if i in needed else None for i, cells in enumerate(by_column)]
    found: list[tuple[int, int, Problem]] = []
    ids: list[str | None] = [None] * count
    bad_ids: list[int] = []
    if id_index is not None and count:
        ids = _own(_texts_of(by_column[id_index]), by_column[id_index])
        if not _all_own_ids(ids, prefix):
            ids = as_read(ids, prefix)                  # 'c-000001' is C-000001 (id_text: the one rule, a21n 2)
            bad_ids = [n for n, row_id in enumerate(ids) if row_id is not None and own_id(row_id, prefix) != row_id]
        for n in bad_ids:
            found.append((n, len(columns), Problem(
                JOB, tab.name, ids[n], tab.column("id").header,
                f"{tab.name} row {numbers[n]}: ID '{short(ids[n])}' is not a {prefix} ID ({tab.format_id(1)}: capitals "
                "and spaces aside): if the row is a record Turfbook knows, type its ID there; if it is a new one, "
                f"clear the cell and Turfbook gives it a new ID / {tab.name} fila {numbers[n]}: el ID "
                f"'{short(ids[n])}' no es un ID {prefix} ({tab.format_id(1)}: sin contar mayúsculas ni espacios): si "
                "la fila es un registro que Turfbook conoce, escriba su ID; si es nuevo, vacíe la celda y Turfbook le "
                "da un ID nuevo", "invalid", numbers[n])))
    parsed: dict[str, list] = {}             # key -> parsed values, in column order
    indices: list[int] = []
    refs: dict[str, list] = {}
    blanks: list[tuple[str, list[int]]] = []
    for position, (key, index) in enumerate(columns.items()):
        if keys is not None and key != "id" and key not in keys or not count:
            continue
        col = tab.column(key)
        column = _Column(tab, col, header[index] or col.header, ctx, order)
        cells = by_column[index]
        if not any(cells) and cells.count("") == count:     # a column left empty (Status, Problems): nothing to parse
            column_values, column_refs, bad, blank = None, None, [], range(count)
        else:
            column_values, column_refs, bad, blank = column.parse_all(cells, ids if index == id_index else None,
                                                                      distinct.get(index))
        if len(blank) < count:           # a column with no value at all adds nothing to the rows
            parsed[key] = column_values
            indices.append(index)
            if blank:
                blanks.append((key, blank))
            if column_refs is not None:
                refs[key] = column_refs
        if col.required and blank:
            bad = sorted(bad + [(i, None) for i in blank], key=lambda item: item[0])
        names: dict[str, list[int]] = {}        # a name several rows of the other tab have: one problem per name
        for i, error in bad:
            if error is None:
                found.append((i, position, column.problem(ids[i], numbers[i], "is empty", "missing")))
            elif col.type == "ref" and AMBIGUOUS in error:
                names.setdefault(fold(cell_text(cells[i])), []).append(i)
            else:
                kind = "unknown_reference" if "is not in" in error or "rows in" in error else "invalid"
                found.append((i, position, column.problem(ids[i], numbers[i], error, kind, column.quote(cells[i]))))
        for group in names.values():
            error = next(e for i, e in bad if i == group[0])
            found.append((group[0], position, one_per_name(column, group, ids, numbers, cells, error, JOB)))
    dicts = RowDicts(count, [c.key for c in tab.columns], parsed,
                     {key: by_column[i] for key, i in zip(parsed, indices, strict=True)}, refs, dict(blanks),
                     {key for key in parsed if tab.column(key).type == "list"})
    if bad_ids:
        ids = list(ids)
        for n in bad_ids:
            ids[n] = None
    dicts.rows_of = (tab.name, numbers, ids)
    found.sort(key=lambda item: (item[0], item[1]))
    return dicts, [problem for _, _, problem in found]


class _Column:
    def __init__(self, tab: Tab, col: Column, header: str, ctx: ParseContext, order: str | None = None):
        self.tab, self.col, self.header, self.ctx, self.order = tab.name, col, header, ctx, order
        own_id = col.key == "id" and bool(tab.id_prefix)          # read as text, checked by parse_rows
        self.plain_text = own_id or col.type in {"text", "url"}
        self.limit = None if own_id else col.max_length or DEFAULT_MAX_LENGTH
        self.parse = cell_text if own_id else make_parser(col, ctx)
        self.lookup = ctx.lookups.get((col.vocabulary.tab, col.vocabulary.column)) if col.type == "ref" else None
        self.parse_ref = make_ref_parser(col, ctx) if self.lookup is not None else None
        self.match_ref = make_ref_matcher(col, ctx) if self.lookup is not None else None

    def parse_all(self, cells: tuple, texts: list | None = None, known: set | None = None) -> tuple[
            list, list | None, list[tuple[int, str]], list[int]]:
        """(values, refs or None, [(row index, why not)], [row index of a blank cell]) for a column
        (`known`: its distinct cells, when the caller has them)."""
        if self.plain_text:
            return self._texts(cells, texts)
        if self.col.type == "date" and isinstance(self.order, tuple):    # rows of several sheets, each its order
            return self._spread(self._by_order(cells))
        if self.col.type == "date":             # day/month is the sheet's (dates.row_orders, in parse_rows)
            self.parse = make_parser(self.col, self.ctx, self.order)
        texts = _stripped(cells) if self.col.type == "phone" and self.parse_ref is None else None
        if texts is not None and all_phones(texts):     # the usual phone column: no number looked at alone
            return _own(texts, cells), None, [], []
        if self.col.type in FREE_TEXT:
            return self._spread([EMPTY if raw == "" or raw is None else self._parse(raw) for raw in cells])
        if self.lookup.__class__ is SpelledLookup and len(self.lookup.values) > SPELLED:
            by_id = self.lookup.by_id()
            if by_id is not None and cells[0] in by_id and cells[-1] in by_id:
                values = list(map(by_id.get, cells))
                if None not in values:       # every cell an ID as the other tab spells it: its own reference
                    return values, cells if cells.__class__ is list else list(cells), [], []
            if cells[0] in self.lookup.spelled()[0] and cells[-1] in self.lookup.spelled()[0]:
                values, refs = (list(map(found.get, cells)) for found in self.lookup.spelled())
                if None not in values:       # every cell spelled as the other tab has it: no set, no memo
                    return values, refs, [], []
        distinct = set(cells) if known is None else known
        types = set(map(type, cells)) if 0 in distinct or 1 in distinct else None
        if types is not None and len(types & _NUMBERS) > 1:
            return self._spread(self._memoized_mixed(cells))      # only 0 and 1 can be a bool as a key
        memo = self._memo(distinct)
        failing = failing_cells(memo)             # blank, or not a value
        at = list(compress(range(len(cells)), map(failing.__contains__, cells))) if failing else []
        values = mapped(cells, memo, 0, at, failing, types)
        refs = mapped(cells, memo, 1, at, failing, types) if self.lookup is not None else None
        if not failing:                           # the usual column: no row is looked at again
            return values, refs, [], []
        wrong = {raw: hit[2] for raw, hit in memo.items() if hit[2] is not None and hit is not EMPTY}
        if not wrong:
            return values, refs, [], at
        bad = [(i, wrong[cells[i]]) for i in at if cells[i] in wrong]
        return values, refs, bad, [i for i in at if cells[i] not in wrong]

    def _by_order(self, cells: tuple) -> list[tuple]:
        """Each cell parsed in its own row's day/month order, once per distinct (cell, order)."""
        parsers = {order: make_parser(self.col, self.ctx, order) for order in set(self.order)}
        memo: dict[tuple, tuple] = {}
        hits = []
        for raw, order in zip(cells, self.order, strict=True):
            key = (raw.__class__, raw, order)
            if key not in memo:
                self.parse = parsers[order]
                memo[key] = EMPTY if raw == "" or raw is None else self._parse(raw)
            hits.append(memo[key])
        return hits

    def _spread(self, hits: list[tuple]) -> tuple[list, list | None, list[tuple[int, str]], list[int]]:
        """parse_all's answer from each cell's (value, ref, error)."""
        values = list(map(_VALUE, hits))
        errors = list(map(_ERROR, hits))
        if errors.count(None) == len(errors):     # (counted in C) no blank and no error: the usual case
            blank, bad = [], []
        else:
            blank = [i for i, error in enumerate(errors) if error is not None]   # blanks, and a few errors
            bad = [(i, errors[i]) for i in blank if hits[i] is not EMPTY]
            if bad:
                blank = [i for i in blank if hits[i] is EMPTY]
        return values, list(map(_REF, hits)) if self.lookup is not None else None, bad, blank

    def _texts(self, cells: tuple, texts: list | None = None) -> tuple[list, None, list[tuple[int, str]], list[int]]:
        """Text as typed, trimmed: the hot path (names, notes, IDs), without a call per cell."""
        values = _texts_of(cells) if texts is None or self.limit is not None else texts   # own IDs: done once
        blank = list(compress(range(len(values)), map(is_, values, repeat(None)))) if None in values else []
        bad = []
        if self.limit is not None and max(map(len, filter(None, values)), default=0) > self.limit:
            for i, text in enumerate(values):
                if text is not None and len(text) > self.limit:
                    values[i] = None
                    bad.append((i, f"is {len(text):,} characters long (at most {self.limit:,} fit here)"))
        return _own(values, cells), None, bad, blank

    def _memo(self, distinct: set) -> dict[Any, tuple]:
        """Each distinct cell's (value, ref, error); a reference column's texts folded at once (fold_all)
        and matched by its parser's own rule (make_ref_matcher), the rest parsed one by one."""
        memo: dict[Any, tuple] = {}
        if self.match_ref is not None:
            memo = ref_memo([raw for raw in distinct if raw.__class__ is str and raw != ""], self.lookup,
                            self.match_ref)
        for raw in distinct - memo.keys() if memo else distinct:     # (set difference: no step per matched cell)
            if raw not in memo:
                memo[raw] = EMPTY if raw == "" or raw is None else self._parse(raw)
        return memo

    def _memoized_mixed(self, cells: tuple) -> list[tuple]:
        """One parse per distinct value in a column mixing numbers and booleans: values equal to 0 or 1
        are parsed by (type, value), since True == 1 == 1.0 as dictionary keys and a bool does not
        parse like a number."""
        memo: dict[Any, tuple] = {}
        for raw in set(cells):
            if raw == "" or raw is None:
                memo[raw] = EMPTY
            elif not (raw == 0 or raw == 1):
                memo[raw] = self._parse(raw)
        hits = list(map(memo.get, cells))
        if None in hits:
            typed: dict[tuple, tuple] = {}
            for i, hit in enumerate(hits):
                if hit is None:
                    raw = cells[i]
                    hit = typed.get((raw.__class__, raw))
                    if hit is None:
                        hit = typed[(raw.__class__, raw)] = self._parse(raw)
                    hits[i] = hit
        return hits

    def _parse(self, raw: Any) -> tuple[Any, str | None, str | None]:
        """(value, referenced row ID, None) or (None, None, why not)."""
        try:
            if self.parse_ref is not None:
                return *self.parse_ref(raw), None
            return self.parse(raw), None, None
        except CellError as exc:
            return None, None, str(exc)

    def quote(self, raw: Any) -> str:
        """The cell as a message quotes it: a date column's serial as its date, never '46380'."""
        return shown(raw) if self.col.type in {"date", "datetime"} else short(raw)

    def problem(self, row_id: str | None, row_number: int, why: str, kind: str, quoted: str | None = None) -> Problem:
        """The cell's problem, EN/ES, naming its row by number and ID (cell_words)."""
        said = f"'{quoted}' " if quoted is not None else ""
        en, es = both(why)
        return Problem(JOB, self.tab, row_id, self.header,
                       row_problem(self.tab, row_number, row_id, self.header, (said + en, said + es)), kind, row_number)


def _own(texts: list, cells: list) -> list:
    """`cells` itself when `texts` are those very cells (a column typed trimmed: compared in C, item by item the
    same object): the column's one list, its values and its raw cells (read, not changed)."""
    return cells if texts == cells and cells.__class__ is list else texts
