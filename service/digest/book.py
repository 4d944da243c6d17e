"""An index over a WorkbookSnapshot for the digest: references resolved once, links into the sheet.

Staff may name a person, worksite or test by ID or by exact name; `Book` resolves both, case- and
space-insensitively, so every aggregate groups by stable IDs. Missing tabs read as empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from itertools import compress, repeat
from operator import le, lt, not_
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.digest.index import Index, key
from turfbook.schema import followup
from turfbook.schema.cell_dates import as_date
from turfbook.schema.followup_people import SAME
from turfbook.schema.model import Row, TabSnapshot, WorkbookSnapshot

SHEETS_URL = "https://docs.google.com/spreadsheets/d/{id}/edit"
DRIVE_URL = "https://drive.google.com/file/d/{id}/view"


@dataclass(frozen=True)
class Links:
    """URLs of tabs and rows in the spreadsheet (`gid` is the tab's sheetId)."""

    spreadsheet_id: str | None = None
    sheet_ids: dict[str, int] = field(default_factory=dict)
    # an adopted workbook (issue 21): tab -> (sheet title, sheet row) of each row as read, in read order
    origins: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def sheet(self) -> str | None:
        return SHEETS_URL.format(id=self.spreadsheet_id) if self.spreadsheet_id else None

    def tab(self, tab: str) -> str | None:
        if not self.spreadsheet_id:
            return None
        url = SHEETS_URL.format(id=self.spreadsheet_id)
        gid = self.sheet_ids.get(tab)
        return url if gid is None else f"{url}#gid={gid}"

    def row(self, row: Row | None) -> str | None:
        return None if row is None else self.at(row.tab, row.row_number)

    def at(self, title: str, number: int) -> str | None:
        """The URL of sheet row `number` of tab `title` as read (`row`, without the Row object)."""
        if not self.spreadsheet_id:
            return None
        placed = self.origins.get(title)
        if placed and 2 <= number < len(placed) + 2:   # the team's own sheet and row (row 1: the header as read)
            title, number = placed[number - 2]
        return f"{self._url}#gid={self.sheet_ids.get(title, 0)}&range=A{number}"

    def at_all(self, title: str, numbers: list[int]) -> list[str | None]:
        """`at(title, number)` of each of `numbers` (int row numbers): one prefix, then C loops."""
        if not self.spreadsheet_id or self.origins.get(title):
            return [self.at(title, number) for number in numbers]
        return list(map(f"{self._url}#gid={self.sheet_ids.get(title, 0)}&range=A".__add__, map(str, numbers)))

    @cached_property
    def _url(self) -> str:
        return SHEETS_URL.format(id=self.spreadsheet_id)


def as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def as_int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return key(value) in {"yes", "true", "y", "1", "sí", "si", "x"}


@dataclass(slots=True)
class Conv:
    """A Conversations row with the fields every section uses (see `Convs`, the same as columns)."""

    row: Row
    day: date | None
    who: str                 # person key (ID, or the name as typed)
    organizer: str           # as typed, "—" when blank
    org_key: str
    due: date | None
    done: date | None        # the day the follow-up was closed (turfbook.schema.followup), None while open
    known: bool = True       # the person is a People row (only then can conversations close each other)
    at: int = 0              # the row's position in the Conversations tab as read (Book.column)


@dataclass(slots=True)
class Convs:
    """The Conversations rows in date order (then sheet row), as columns: entry i of each list is the
    i-th conversation. Sections loop over `zip(convs.day, convs.who, ...)` with locals: no object per row.
    `at` is the row's position in the tab as read, for its other cells: `Book.column(key)[at]`."""

    day: list[date | None]
    who: list[str]           # person key (ID, or the name as typed)
    organizer: list[str]     # as typed, "—" when blank
    org_key: list[str]
    due: list[date | None]
    done: list[date | None]  # the day the follow-up was closed (turfbook.schema.followup), None while open
    known: list[bool]        # the person is a People row (only then can conversations close each other)
    at: list[int]

    def __len__(self) -> int:
        return len(self.at)


class Book:
    def __init__(self, snapshot: WorkbookSnapshot, tz: ZoneInfo, links: Links | None = None,
                 today: date | None = None):
        """`today`: the day follow-ups are judged on (conversations after it close nothing)."""
        self.snapshot = snapshot
        self.tz = tz
        self.links = links or Links()
        self.settings = snapshot.settings or {}
        tabs = snapshot.tabs
        self.people = Index.of(tabs.get("People"))
        self.worksites = Index.of(tabs.get("Worksites"))
        self.tests = Index.of(tabs.get("Structure tests"))
        self.organizers = Index.of(tabs.get("Organizers"))
        self.issues = Index.of(tabs.get("Issues"))
        self._who: dict[Any, str] = {}
        self._tab = snapshot.tabs.get("Conversations")
        self._columns: dict[str, list] = {}
        if self._tab is not None:
            fu = followup.read_columns(self._tab, snapshot.tabs.get("People"), tz)
            days, dues, persons = fu.days, fu.dues, fu.persons
            closed = fu.closed_on(today or date.max)
        else:
            days, dues, persons, closed = [], [], [], []
        numbers = self._tab.row_numbers() if self._tab is not None else []
        distinct = set(persons)
        whos = list(persons)
        if None not in distinct and not any(map(str.startswith, distinct, repeat(SAME))):
            known = [True] * len(persons)                      # every row's person a People row: each checked once
        else:
            if None in distinct:
                known = [person is not None and person[0] != SAME for person in persons]
            else:                                              # every row's person resolved: C loops
                known = list(map(not_, map(str.startswith, persons, repeat(SAME))))
            for at in list(compress(range(len(known)), map(not_, known))):
                whos[at] = self._conversation_person(at, numbers[at])[0]
        cells = self.column("organizer")
        try:
            distinct = set(cells)
        except TypeError:                                      # a list (unhashable): its text stands for it
            cells = [(str(cell) if cell else "") if cell.__class__ is list else cell for cell in cells]
            distinct = set(cells)
        names = {cell: str(cell or "").strip() or "—" for cell in distinct}      # each distinct cell once
        name_keys = {cell: key(name) for cell, name in names.items()}
        orgs, org_keys = list(map(names.__getitem__, cells)), list(map(name_keys.__getitem__, cells))
        sort_days = [day or date.min for day in days] if None in days else days     # read only
        in_order = False
        if all(map(lt, numbers, numbers[1:])):                # rows in sheet order: a stable sort by day
            if all(map(le, sort_days, sort_days[1:])):        # and in date order (a sheet's usual order): the
                order, in_order = list(range(len(numbers))), True    # sort's answer, with no sort and no takes
            else:
                order = sorted(range(len(numbers)), key=sort_days.__getitem__)
        else:
            order = sorted(range(len(numbers)), key=lambda at: (sort_days[at], numbers[at]))
        take = list if in_order else partial(_take, order=order)     # list: a copy of its own, as _take makes
        self.convs = Convs(take(days), take(whos), take(orgs), take(org_keys), take(dues), take(closed), take(known),
                           order)
        self.numbers = numbers                # each Conversations row's sheet row number, by `Convs.at`

    @cached_property
    def conversations(self) -> list[Row]:
        """The Conversations rows in date order (the Row objects: made on first use)."""
        return _take(self._rows, self.convs.at)

    @property
    def _rows(self) -> list[Row]:
        return self._tab.rows if self._tab is not None else []

    def link(self, at: int) -> str | None:
        """The link to the Conversations row at position `at` as read (`Convs.at`)."""
        return self.links.at(self._tab.name, self.numbers[at])

    def links_of(self, ats: list[int]) -> list[str | None]:
        """`link` of each of positions `ats`."""
        if not ats:
            return []
        return self.links.at_all(self._tab.name, list(map(self.numbers.__getitem__, ats)))

    def conv(self, i: int) -> Conv:
        """The i-th conversation in date order, as one object (for code that is not a 100k-row loop)."""
        c = self.convs
        return Conv(self._rows[c.at[i]], c.day[i], c.who[i], c.organizer[i], c.org_key[i], c.due[i], c.done[i],
                    c.known[i], c.at[i])

    def column(self, key: str) -> list:
        """Conversations' column `key` (`row.values.get(key)` of each row, by `Conv.at`); read, not changed."""
        found = self._columns.get(key)
        if found is None:
            found = self._columns[key] = self._tab.column(key) if self._tab is not None else []
        return found

    def _conversation_person(self, at: int, number: int) -> tuple[str, bool]:
        """(person key, is a People row): the schema's resolved ID first, then the value, then the raw
        text (an unknown or ambiguous name still groups with itself, never with other unknowns)."""
        if "person refs" not in self._columns:
            self._columns["person refs"] = self._tab.refs_column("person")
            self._columns["person raw"] = self._tab.raw_column("person")
        ref = self._columns["person refs"][at]
        if ref:
            return ref, True
        value = self.column("person")[at]
        if value not in (None, ""):
            return self.person_key(value), self.people.find(value) is not None
        raw = self._columns["person raw"][at]
        return ("?" + key(raw) if raw not in (None, "") else f"?row {number}"), False

    def row(self, at: int) -> Row:
        """The Conversations row at position `at` as read (`Convs.at`)."""
        return self._rows[at]

    def rows(self, tab: str) -> list[Row]:
        found: TabSnapshot | None = self.snapshot.tabs.get(tab)
        return list(found.rows) if found else []

    def date(self, row: Row, column: str) -> date | None:
        return self.day(row.values.get(column))

    def day(self, value: Any) -> date | None:
        """A cell's date (a date cell as it is, else as_date of it in the Book's timezone)."""
        if type(value) is date:                         # the common case, parsed by the schema layer
            return value
        return as_date(value, self.tz)[0]

    def person_key(self, ref: Any) -> str:
        """A person's ID, or the name as typed when no People row matches (still groups consistently)."""
        memo = getattr(self, "_who", None)
        if memo is not None and ref in memo:
            return memo[ref]
        row = self.people.find(ref)
        found = key(ref) if row is None else row.id or f"row {row.row_number}"
        if memo is not None and isinstance(ref, str | None):
            memo[ref] = found
        return found

    def worksite_of(self, row: Row | None) -> Row | None:
        """The worksite of a person (a People row)."""
        return self.worksites.find(self.people.cell(row, "worksite")) if row is not None else None

    def site_keys(self) -> list[str | None]:
        """Each People row's worksite as a key (its ID, else its name's key; None without one), by position
        in `people.rows`: `worksite_of` each person, as a column, each distinct cell looked up once."""
        found = self._columns.get("people sites")
        if found is None:
            memo: dict[Any, str | None] = {}
            found = []
            for cell in self.people.column("worksite"):
                try:
                    site_key = memo[cell]
                except KeyError:
                    memo[cell] = site_key = self._site_key(cell)
                except TypeError:                      # a list cell (unhashable)
                    site_key = self._site_key(cell)
                found.append(site_key)
            self._columns["people sites"] = found
        return found

    def _site_key(self, cell: Any) -> str | None:
        site = self.worksites.find(cell)
        return None if site is None else site.id or key(self.worksites.cell(site, "name"))

    def issue_name(self, text: str) -> str:
        found = self.issues.find(text)
        return str(found.get("name")) if found is not None else text.strip()

    def issue_labels(self) -> dict[str, str]:
        """Issue name -> its optional Spanish label (Issues: name_es), for Spanish digests."""
        return {str(r.get("name")).strip(): str(r.get("name_es")).strip() for r in self.issues.rows
                if str(r.get("name") or "").strip() and str(r.get("name_es") or "").strip()}

    def setting_int(self, name: str, default: int) -> int:
        value = as_int(self.settings.get(name))
        return default if value is None else value


def _take(values: list, order: list[int]) -> list:
    return list(map(values.__getitem__, order))
