"""Plain data every job works on: a workbook snapshot of parsed rows, and problems.

Column *keys* (snake_case, from workbook.yaml) are how code refers to columns; headers are what staff see and
may rename. Jobs never use sheet positions except through `TabSnapshot.columns`, read fresh in the same run.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, is_
from typing import Any


class Row:
    """One sheet row: tab, row_number (1-based sheet row at read time; never cached across runs), id (the
    row's stable ID, P-000001 ..., None when not yet assigned) and three dictionaries:
    - values: column key -> parsed value (str, int, float, date, datetime, bool, list), None if blank;
    - raw: column key -> the cell as read (UNFORMATTED_VALUE), blank cells left out;
    - refs: ref column key -> the referenced row's ID.
    Rows read by parse_rows share their tab's columns (`RowDicts`): every row's dictionary is built at once the
    first time one is asked for (a job never reading `raw` never builds 100,000); plain dicts, changeable."""

    __slots__ = ("tab", "row_number", "id", "values", "raw", "refs", "_dicts", "_at")

    def __init__(self, tab: str, row_number: int, id: str | None, values: dict[str, Any] | None = None,
                 raw: dict[str, Any] | None = None, refs: dict[str, str | None] | None = None,
                 dicts: RowDicts | None = None, at: int = 0):
        self.tab, self.row_number, self.id = tab, row_number, id
        if dicts is None:
            self.values = values if values is not None else {}
            self.raw = raw if raw is not None else {}
            self.refs = refs if refs is not None else {}
        else:                   # values/raw/refs left unset: the first read goes through __getattr__
            self._dicts, self._at = dicts, at

    @classmethod
    def many(cls, tab: str, numbers: list[int], ids: list[str | None], dicts: RowDicts) -> list[Row]:
        """Rows of one tab over its RowDicts (their dictionaries built on first use; __init__'s slots set here)."""
        rows = list(map(cls.__new__, repeat(cls, len(numbers))))          # no __init__ call per row: 100k rows
        for row, number, row_id, at in zip(rows, numbers, ids, range(len(numbers)), strict=True):
            row.tab = tab; row.row_number = number; row.id = row_id; row._dicts = dicts; row._at = at  # noqa: E702
        return rows

    def __getattr__(self, name: str) -> Any:
        """values / raw / refs not read yet (called only for a slot not set): from the tab's RowDicts."""
        if name not in _LAZY:
            raise AttributeError(name)
        built = getattr(self._dicts, name)()[self._at]
        setattr(self, name, built)
        return built

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Row:
            return NotImplemented
        return (self.tab, self.row_number, self.id, self.values, self.raw, self.refs) == \
            (other.tab, other.row_number, other.id, other.values, other.raw, other.refs)

    __hash__ = None  # type: ignore[assignment]   # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return (f"Row(tab={self.tab!r}, row_number={self.row_number!r}, id={self.id!r}, values={self.values!r}, "
                f"raw={self.raw!r}, refs={self.refs!r})")

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    @property
    def label(self) -> str:
        """How messages name the row: its ID, else its sheet row number."""
        return self.id or f"row {self.row_number}"


_LAZY = frozenset({"values", "raw", "refs"})


def _own_list(value: list | None) -> list | None:
    return None if value is None else list(value)


class RowDicts:
    """A tab's parsed columns, turned into the rows' values / raw / refs dictionaries on first use (all rows at
    once, by C loops: map/zip). Holds no row, so rows and it make no reference cycle. `keys`: every column key
    of the tab; `parsed`: key -> parsed values (keys not parsed are None); `raw`: key -> the cells as read;
    `refs`: key -> referenced IDs; `blanks`: key -> indices of the rows whose cell is blank (left out of raw
    and refs); `lists`: keys whose parsed lists are one per distinct cell (shared: each dict gets a copy)."""

    __slots__ = ("count", "_keys", "_parsed", "_columns", "_blanks", "_built", "rows_of", "_lists")

    def __init__(self, count: int, keys: list[str], parsed: dict[str, list], raw: dict[str, Any],
                 refs: dict[str, list], blanks: dict[str, list[int]], lists: set[str] = frozenset()):
        self.count, self._keys, self._parsed, self._blanks, self._lists = count, keys, parsed, blanks, lists
        self._columns = {"raw": raw, "refs": refs}
        self._built: dict[str, list[dict]] = {}
        self.rows_of: tuple[str, list[int], list[str | None]] | None = None   # (tab, row numbers, IDs): make_rows

    def make_rows(self) -> list[Row]:
        """The Row objects over these columns, from `rows_of` (a TabSnapshot makes them on first use)."""
        tab, numbers, ids = self.rows_of
        return Row.many(tab, numbers, ids, self)

    def values(self) -> list[dict[str, Any]]:
        built = self._built.get("values")
        if built is None:
            nones = (None,) * self.count
            columns = [list(map(_own_list, self._parsed[key])) if key in self._lists else self._parsed.get(key, nones)
                       for key in self._keys]
            built = self._built["values"] = list(map(dict, map(zip, repeat(self._keys), zip(*columns, strict=True))))
            self._parsed = None            # the dicts hold the values now
        return built

    def raw(self) -> list[dict[str, Any]]:
        return self._dicts("raw")

    def refs(self) -> list[dict[str, str | None]]:
        return self._dicts("refs")

    def column(self, name: str, key: str) -> list | None:
        """Column `key` of `values` / `raw` / `refs` (one entry per row, None where blank), straight from
        the columns while that dictionary is not built yet; None once it is (read the rows then)."""
        if name in self._built:
            return None
        if name == "values":
            found = self._parsed.get(key)
            return found if found is not None else [None] * self.count
        found = self._columns[name].get(key)
        if found is None:
            return [None] * self.count
        blank = self._blanks.get(key)
        if not blank:
            return found
        found = list(found)
        for i in blank:
            found[i] = None
        return found

    def keys(self, name: str) -> list[str] | None:
        """The keys `raw` / `refs` dictionaries can have (every row's, blank cells aside); None once built."""
        return None if name in self._built else list(self._columns[name])

    def set_column(self, key: str, values: list, raw: list) -> bool:
        """Replace column `key` in `values` and `raw` (None = blank); False once either is built."""
        if "values" in self._built or "raw" in self._built:
            return False
        if key not in self._keys:
            self._keys.append(key)
        self._parsed[key] = values
        self._columns["raw"][key] = raw          # kept as given, None included (as `row.raw[key] = None`)
        self._blanks.pop(key, None)
        return True

    def _dicts(self, name: str) -> list[dict]:
        built = self._built.get(name)
        if built is None:
            columns = self._columns.pop(name)      # the dicts hold the cells now
            keys = list(columns)
            built = list(map(dict, map(zip, repeat(keys), zip(*columns.values(), strict=True)))) if keys else \
                [{} for _ in range(self.count)]
            for key, blank in self._blanks.items():   # a blank cell has no raw value and no ref
                if key in columns:
                    deque(map(dict.pop, map(built.__getitem__, blank), repeat(key)), maxlen=0)
            self._built[name] = built
        return built


@dataclass(frozen=True)
class Problem:
    job: str                            # which job found it: "schema", "overdue", "filing", ...
    tab: str
    row_id: str | None
    column: str | None                  # the column header as staff see it
    message: str                        # "Conversations row C-000123: follow-up due '31/02' is not a date"
    kind: str = "invalid"  # invalid | missing | unknown_reference | duplicate_id | possible_duplicate | ...
    row_number: int | None = None


@dataclass
class TabSnapshot:
    """A tab as read. `rows` read by reader.parse_tab are made on first use (`of_columns`): a job reading only
    columns (`column`, `raw_column`, `row_numbers`...) never makes 100,000 Row objects."""

    name: str
    header: list[str]                   # header cells as read
    columns: dict[str, int]             # column key -> 0-based sheet column index (mapped by header name)
    rows: list[Row]                     # a property (below): made from `_source` on first use
    problems: list[Problem] = field(default_factory=list)
    _seen: tuple[list[Row], tuple | None] | None = field(default=None, repr=False, compare=False)

    def of_columns(self, dicts: RowDicts) -> None:
        """The tab's rows are `dicts.make_rows()`, made when first asked for."""
        self.__dict__.pop("_rows", None)
        self._source = dicts

    def by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows if r.id}

    def column(self, key: str) -> list:
        """`row.values.get(key)` of every row, in row order, without building the rows' dictionaries
        (the list may be the tab's own, a list column's lists shared by equal cells: read, do not change)."""
        return self._column("values", key)

    def raw_column(self, key: str) -> list:
        """`row.raw.get(key)` of every row, in row order."""
        return self._column("raw", key)

    def refs_column(self, key: str) -> list:
        """`row.refs.get(key)` of every row, in row order."""
        return self._column("refs", key)

    def row_numbers(self) -> list[int]:
        """Each row's `row_number`, in row order, without making the Row objects when they are not made yet."""
        made = "_rows" in self.__dict__ or self.__dict__.get("_source") is None
        return list(map(_NUMBER, self.rows)) if made else list(self._source.rows_of[1])

    def row_ids(self) -> list[str | None]:
        """Each row's `id` (None: no ID, or not the tab's), in row order, as row_numbers: no Row object made."""
        made = "_rows" in self.__dict__ or self.__dict__.get("_source") is None
        return list(map(_ID, self.rows)) if made else list(self._source.rows_of[2])

    def ref_keys(self) -> list[str]:
        """The keys any row's `refs` has (the tab's reference columns with a value), first seen first."""
        shared = self._shared()
        found = shared[0].keys("refs") if shared is not None else None
        if found is None:
            found = list(dict.fromkeys(key for row in self.rows for key in row.refs))
        return found

    def set_column(self, key: str, values: list, raw: list | None = None) -> None:
        """`row.values[key] = value` and `row.raw[key] = cell` (by default the value) for every row, in row
        order; into the shared columns while the rows' dictionaries are not built."""
        raw = values if raw is None else raw
        shared = self._shared()
        if shared is not None and shared[1] is None and shared[0].set_column(key, values, raw):
            return
        for row, value, cell in zip(self.rows, values, raw, strict=True):
            row.values[key] = value
            row.raw[key] = cell

    def _column(self, name: str, key: str) -> list:
        shared = self._shared()
        if shared is not None:
            found = shared[0].column(name, key)
            if found is not None:
                return found if shared[1] is None else list(map(found.__getitem__, shared[1]))
        return [getattr(row, name).get(key) for row in self.rows]

    def _shared(self) -> tuple[RowDicts, list[int] | None] | None:
        """(the RowDicts every row reads from, the rows' positions in it or None when they are all
        of its rows in order), or None when the rows do not all share one (built by hand, mixed)."""
        if "_rows" not in self.__dict__ and self.__dict__.get("_source") is not None:
            return self._source, None           # rows not made yet: all of the columns' rows, in order
        rows = self.rows
        seen = self._seen          # (the rows looked at last time, what they shared): same rows, same answer
        if seen is not None and len(seen[0]) == len(rows) and all(map(is_, seen[0], rows)):
            return seen[1]
        self._seen = (list(rows), None)
        if not rows:
            return None
        try:
            shared = set(map(_DICTS, rows))
            at = list(map(_AT, rows))
        except AttributeError:              # a row built with its own dictionaries
            return None
        if len(shared) != 1:
            return None
        dicts = shared.pop()
        found = dicts, None if len(at) == dicts.count and at == list(range(dicts.count)) else at
        self._seen = (self._seen[0], found)
        return found


def _rows(self: TabSnapshot) -> list[Row]:
    found = self.__dict__.get("_rows")
    if found is None:
        source = self.__dict__.pop("_source", None)
        found = self.__dict__["_rows"] = source.make_rows() if source is not None else []
    return found


def _set_rows(self: TabSnapshot, rows: list[Row]) -> None:
    self.__dict__.pop("_source", None)
    self.__dict__["_rows"] = rows


TabSnapshot.rows = property(_rows, _set_rows)     # after @dataclass: __init__, __eq__, __repr__ go through it
_DICTS, _AT, _NUMBER, _ID = attrgetter("_dicts"), attrgetter("_at"), attrgetter("row_number"), attrgetter("id")


@dataclass
class WorkbookSnapshot:
    tabs: dict[str, TabSnapshot]
    settings: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    read_problems: list[Problem] = field(default_factory=list)   # the read's own (reader.add_read_problems)
    row_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # stored before this read (id_owners)

    def tab(self, name: str) -> TabSnapshot:
        return self.tabs[name]
