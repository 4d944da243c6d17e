"""Parse one cell by its column's type. Each parser returns the value or raises CellError(reason).

Parsed values: text/url/phone -> str (as typed, trimmed), email -> str (lower case), int -> int,
date -> date (cell_dates.business_date: a number that cannot be a campaign's date is not
one), datetime -> aware datetime, bool -> bool, enum -> the vocabulary's spelling,
list -> list[str], ref -> the referenced row's name as spelled in its tab (its ID goes to
Row.refs[key]), id -> str.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import partial
from zoneinfo import ZoneInfo

from turfbook.schema.cell_dates import business_date
from turfbook.schema.column_labels import choice_of
from turfbook.schema.dates import DateError, parse_datetime
from turfbook.schema.done_cells import DoneCellError, read_done
from turfbook.schema.done_words import FALSE, TRUE, tick_fold
from turfbook.schema.loader import Column
from turfbook.schema.text import cell_text, fold  # noqa: F401 - cell_text: cells.cell_text, as imported

EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)+$")
_LABELLED = re.compile(r"^\s*(\d+)\s*(?:[-–—:=.)]\s*|\s+)([^\d\s].*)$")   # "1 - leader", "2) supporter", "3 undecided"
LIST_SPLIT = re.compile(r"\s*[,;\n]\s*")
_NOT_DIGIT = re.compile(r"\D")
_NOT_PHONE = re.compile(r"[^\d\s+().\-/extEXT#]")
_NOT_DIGIT_OR_LINE = re.compile(r"[^\d\n]")
_TURFBOOK_ID = re.compile(r"[A-Z]+-\d+")
DEFAULT_MAX_LENGTH = 1000


class CellError(ValueError):
    pass


def yes_no(value: object) -> bool | None:
    """The one reading of a yes/no cell as teams type it: True ("yes", "Y", "Sí", "x", "✔"), False ("no",
    "N", blank, "0"), None when it is neither."""
    if isinstance(value, bool):
        return value
    folded = tick_fold(value)
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    return None


@dataclass
class Lookup:
    """A vocabulary from another tab: folded name or ID -> the value to store; ambiguous names."""

    what: str                                  # "Worksites", for messages
    values: dict[str, str] = field(default_factory=dict)   # folded ID or name -> the name as spelled there
    ids: dict[str, str] = field(default_factory=dict)      # folded ID or name -> the row's ID
    ambiguous: dict[str, int] = field(default_factory=dict)


@dataclass
class ParseContext:
    locale: str = "en_US"
    tz: tzinfo = field(default_factory=lambda: ZoneInfo("America/New_York"))
    today: date | None = None
    lookups: dict[tuple[str, str], Lookup] = field(default_factory=dict)
    sheets: dict[str, list[str]] = field(default_factory=dict)  # tab -> each row's sheet (adopted, per organizer)


def normalize_phone(value: object) -> str:
    digits = _NOT_DIGIT.sub("", cell_text(value))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def make_parser(col: Column, ctx: ParseContext, order: str | None = None) -> Callable[[object], object]:
    """`order`: a date column's day/month order (dates.column_order of its cells; None: the locale's).
    A date column marked `yes_no` (follow-up done) is read by done_cells.read_done: a date, a done / not-done
    word as that bool ("Sí", "hecho", "N", "pendiente"), a done word beside a date as that date; a done date
    after today and other words ("left voicemail") are a problem, the follow-up open."""
    kind = col.type
    limit = col.max_length or DEFAULT_MAX_LENGTH
    if kind in {"text", "url"}:
        def parse_text(value):
            text = cell_text(value)
            if len(text) > limit:
                raise CellError(f"is {len(text):,} characters long (at most {limit:,} fit here)")
            return text
        return parse_text
    if kind == "date" and col.yes_no:                  # follow-up done: "hecho", "pendiente", "Done 11/25"
        def parse_done(value):
            try:
                return read_done(value, ctx.locale, ctx.today, order)
            except DoneCellError as exc:
                raise CellError(str(exc)) from None
        return parse_done
    if kind == "date":
        def parse_day(value):
            try:
                day = business_date(value, ctx.locale, ctx.today, order)
            except DateError as exc:
                raise CellError(str(exc)) from None
            if col.past and ctx.today and day > ctx.today:
                raise CellError("is in the future")
            return day
        return parse_day
    if kind == "datetime":
        def parse_moment(value):
            try:
                return parse_datetime(value, ctx.tz, ctx.locale, ctx.today)
            except DateError as exc:
                raise CellError(str(exc)) from None
        return parse_moment
    if kind in {"enum", "list"} and col.vocabulary is not None and not isinstance(col.vocabulary, tuple):
        lookup = ctx.lookups.get((col.vocabulary.tab, col.vocabulary.column))
        return _vocab_parser(col, lookup, as_list=kind == "list")
    if kind == "enum" and isinstance(col.vocabulary, tuple):
        choices = {**dict(col.labels), **{fold(choice): choice for choice in col.vocabulary}}   # "visita": a21e 3

        def parse_choice(value):
            found = choice_of(choices, fold(cell_text(value)))      # "visitas", "evento comunitario": a21g c7
            if found is None:
                raise CellError(f"is not one of: {', '.join(col.vocabulary)}")
            return found
        return parse_choice
    if kind == "list" and col.vocabulary is None:
        return lambda value: [item for item in LIST_SPLIT.split(cell_text(value)) if item]
    if kind == "ref":
        parse_ref = make_ref_parser(col, ctx)
        return lambda value: parse_ref(value)[0]
    return partial(_SIMPLE.get(kind, _as_text), col)


def make_ref_parser(col: Column, ctx: ParseContext) -> Callable[[object], tuple[str, str | None]]:
    """A `ref` column's parser: (the referenced row's name as spelled there, its ID or None), the
    cell's text folded once; raises CellError like make_parser's (which is this, less the ID)."""
    match = make_ref_matcher(col, ctx)

    def parse_ref(value):
        text = value.strip() if value.__class__ is str else cell_text(value)
        return match(text, fold(text))
    return parse_ref


def make_ref_matcher(col: Column, ctx: ParseContext) -> Callable[[str, str], tuple[str, str | None]]:
    """make_ref_parser's rule for a cell's trimmed text and its fold (a column's texts are folded at once,
    text.fold_all): (name, ID or None), or CellError."""
    lookup = ctx.lookups.get((col.vocabulary.tab, col.vocabulary.column))
    if lookup is None:
        return lambda text, folded: (text, None)
    values, ids, ambiguous, what = lookup.values, lookup.ids, lookup.ambiguous, lookup.what

    def match(text, folded):
        if not values:                                 # the other tab is empty: nothing to check
            return text, ids.get(folded)
        if folded in ambiguous:
            raise CellError(f"matches {ambiguous[folded]} rows in {what}; use the ID instead")
        found = values.get(folded)
        if found is None:
            raise CellError(f"is not in {what}")
        return found, ids.get(folded)
    return match


def _vocab_parser(col: Column, lookup: Lookup | None, as_list: bool) -> Callable[[object], object]:
    def one(text: str) -> str:
        if lookup is None or not lookup.values:       # the other tab is empty or absent: nothing to check
            return text
        folded = fold(text)
        if col.type == "ref" and folded in lookup.ambiguous:
            raise CellError(f"matches {lookup.ambiguous[folded]} rows in {lookup.what}; use the ID instead")
        found = lookup.values.get(folded)
        if found is None:
            raise CellError(f"is not in {lookup.what}")
        return found

    def parse(value):
        text = cell_text(value)
        if as_list:
            return [one(item) for item in LIST_SPLIT.split(text) if item]
        return one(text)
    return parse


def _labelled_number(col: Column, text: str) -> int:
    """'1 - leader' -> 1 (when the words, if the column has labels, name that number); 'L' or 'líder' -> 1."""
    labels = dict(col.labels)
    labelled = _LABELLED.match(text)
    if labelled:
        number, words = int(labelled[1]), fold(labelled[2])
        if not labels or labels.get(words, number) == number:
            return number
        raise CellError(f"says {number} but '{labelled[2].strip()}' means {labels[words]}")
    found = labels.get(fold(text))
    if found is None:
        hint = f" or one of: {', '.join(w for w, _ in col.labels[:6])}" if labels else ""
        raise CellError(f"is not a whole number{hint}")
    return found


def parse_value(col: Column, value: object) -> object:
    """Context-free parsing for the simple types (also used to sniff renamed columns)."""
    return _SIMPLE.get(col.type, _as_text)(col, value)


def _as_int(col: Column, value: object) -> int:
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            number = _labelled_number(col, value)
    if isinstance(number, bool) or not isinstance(number, int | float) or not float(number).is_integer():
        raise CellError("is not a whole number")
    number = int(number)
    if col.min is not None and number < col.min or col.max is not None and number > col.max:
        bounds = f"from {col.min} to {col.max}" if col.max is not None else f"at least {col.min}"
        raise CellError(f"is not a whole number {bounds}")
    return number


def _as_bool(col: Column, value: object) -> bool:
    answer = yes_no(value)
    if answer is None:
        raise CellError("is not yes/no (use the checkbox)")
    return answer


def _as_email(col: Column, value: object) -> str:
    text = cell_text(value)
    if not EMAIL.match(text):
        raise CellError("is not an email address")
    return text.lower()


def _as_phone(col: Column, value: object) -> str:
    text = cell_text(value)
    digits = normalize_phone(text)
    if not 7 <= len(digits) <= 15 or _NOT_PHONE.search(text):
        raise CellError("is not a phone number")
    return text


def all_phones(texts: list[str]) -> bool:
    """Every trimmed text is a phone number by _as_phone's rule (7-15 digits, only phone characters), decided
    over them joined by newlines in C (none inside a text: counted); False: parse them one by one."""
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1 or _NOT_PHONE.search(joined):
        return False
    lengths = list(map(len, _NOT_DIGIT_OR_LINE.sub("", joined).split("\n")))
    return min(lengths) >= 7 and max(lengths) <= 15      # 11 digits after a 1 -> 10: in range either way


def _as_choice(col: Column, value: object) -> str:
    text = cell_text(value)
    for choice in col.vocabulary:
        if fold(choice) == fold(text):
            return choice
    raise CellError(f"is not one of: {', '.join(col.vocabulary)}")


def _as_id(col: Column, value: object) -> str:
    text = cell_text(value)
    if not _TURFBOOK_ID.fullmatch(text):
        raise CellError("is not a Turfbook ID (leave the cell empty and Turfbook will fill it)")
    return text


def _as_date(col: Column, value: object) -> date:
    try:
        return business_date(value)
    except DateError as exc:
        raise CellError(str(exc)) from None


def _as_datetime(col: Column, value: object) -> datetime:
    try:
        return parse_datetime(value)
    except DateError as exc:
        raise CellError(str(exc)) from None


def _as_text(col: Column, value: object) -> str:
    return cell_text(value)


# one parser per simple type, chosen once per column (make_parser), not per cell
_SIMPLE: dict[str, Callable[[Column, object], object]] = {
    "int": _as_int, "bool": _as_bool, "email": _as_email, "phone": _as_phone, "enum": _as_choice, "id": _as_id,
    "date": _as_date, "datetime": _as_datetime}
