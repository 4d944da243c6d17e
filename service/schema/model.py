"""Plain data every job works on: a workbook snapshot of parsed rows, and problems.

Column *keys* (snake_case, from workbook.yaml) are how code refers to columns; headers are
what staff see and may rename. Jobs never use sheet positions except through `TabSnapshot.columns`,
read fresh in the same run.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any


class Row:
    """One sheet row: tab, row_number (1-based sheet row at read time; never cached across runs), id (the
    row's stable ID, P-000001 ..., None when not yet assigned) and three dictionaries:

    - values: column key -> parsed value (str, int, float, date, datetime, bool, list), None if blank;
    - raw: column key -> the cell as read (UNFORMATTED_VALUE), blank cells left out;
    - refs: ref column key -> the referenced row's ID.

    Rows read by parse_rows share their tab's columns (`RowDicts`): a dictionary is built the first
    time any row of the tab asks for it, every row's at once, so a job that never looks at `raw` or
    `refs` never builds 100,000 of them. They are plain dicts once built (and may be changed)."""

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
        """Rows of one tab over its RowDicts (their dictionaries built on first use)."""
        return list(map(cls, repeat(tab), numbers, ids, repeat(None), repeat(None), repeat(None), repeat(dicts),
                        range(len(numbers))))

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


class RowDicts:
    """A tab's parsed columns, turned into the rows' values / raw / refs dictionaries on first use
    (all rows at once, by C loops: map/zip). Holds no row, so rows and it make no reference cycle.

    `keys`: every column key of the tab; `parsed`: key -> parsed values (keys not parsed are None);
    `raw`: key -> the cells as read; `refs`: key -> referenced IDs; `blanks`: key -> indices of the
    rows whose cell is blank (left out of raw and refs)."""

    __slots__ = ("count", "_keys", "_parsed", "_columns", "_blanks", "_built")

    def __init__(self, count: int, keys: list[str], parsed: dict[str, list], raw: dict[str, Any],
                 refs: dict[str, list], blanks: dict[str, list[int]]):
        self.count, self._keys, self._parsed, self._blanks = count, keys, parsed, blanks
        self._columns = {"raw": raw, "refs": refs}
        self._built: dict[str, list[dict]] = {}

    def values(self) -> list[dict[str, Any]]:
        built = self._built.get("values")
        if built is None:
            nones = (None,) * self.count
            columns = [self._parsed.get(key, nones) for key in self._keys]
            built = self._built["values"] = list(map(dict, map(zip, repeat(self._keys), zip(*columns, strict=True))))
            self._parsed = None            # the dicts hold the values now
        return built

    def raw(self) -> list[dict[str, Any]]:
        return self._dicts("raw")

    def refs(self) -> list[dict[str, str | None]]:
        return self._dicts("refs")

    def _dicts(self, name: str) -> list[dict]:
        built = self._built.get(name)
        if built is None:
            columns = self._columns.pop(name)      # the dicts hold the cells now
            keys = list(columns)
            if keys:
                built = list(map(dict, map(zip, repeat(keys), zip(*columns.values(), strict=True))))
            else:
                built = [{} for _ in range(self.count)]
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
    name: str
    header: list[str]                   # header cells as read
    columns: dict[str, int]             # column key -> 0-based sheet column index (mapped by header name)
    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows if r.id}


@dataclass
class WorkbookSnapshot:
    tabs: dict[str, TabSnapshot]
    settings: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def tab(self, name: str) -> TabSnapshot:
        return self.tabs[name]
