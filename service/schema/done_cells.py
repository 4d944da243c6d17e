"""The one reading of a follow-up done cell (cells.make_parser for a date column marked `yes_no`, so the row's
Problems cell, `sheets check`, overdue, People's Status and the digests all read what it gives):

- a date (typed, or a serial) is done on that date: cell_dates.business_date, the one date-column reading;
- a yes-word or no-word (done_words) is True / False;
- a done word beside a date ("Done 11/25", "✔ 11/25", "hecho 25/11") is that date, read by the same reader in
  the same locale and day/month order (cell_dates.near_date: with no year, the year nearest today);
- a done date AFTER today, bare or beside a word, is a problem naming the cell (EN/ES) and NOT done: a
  follow-up cannot have been done on a day that has not come, so it stays open and is flagged when overdue,
  never silently cleared (attack a21o 5b; before, a bare one counted as done today and a worded one as done);
- any other text, or a date that does not read, is a problem, and the follow-up stays open.
"""

from __future__ import annotations

import datetime as dt
import re

from turfbook.schema.cell_dates import business_date, near_date
from turfbook.schema.dates import DateError
from turfbook.schema.done_words import done_parts, not_done_word
from turfbook.schema.text import cell_text

STAYS_OPEN = " (until then the follow-up stays open / mientras tanto el seguimiento sigue abierto)"
_DIGIT = re.compile(r"\d")


class DoneCellError(ValueError):
    """Why a done cell is not read as done or not done (the words after the quoted cell)."""


def read_done(value: object, locale: str = "en_US", today: dt.date | None = None,
              order: str | None = None) -> bool | dt.date:
    """The done cell as a date or True/False, or DoneCellError (see the module docstring). `order`: the
    sheet's day/month order (dates.column_order), None for the locale's; `today`: the org's today."""
    try:
        day = business_date(value, locale, today, order)
    except DateError as exc:
        answer, dated = done_parts(value)
        if answer is None or not dated:
            if answer is not None:
                return answer
            if not _DIGIT.search(cell_text(value)):            # "n/a"; a bad date keeps its why
                raise DoneCellError(f"— {not_done_word(value)}") from None
            raise DoneCellError(f"{exc}{STAYS_OPEN}") from None
        day = _worded_day(value, dated, locale, today, order)
    if today is not None and day > today:
        raise DoneCellError(f"— {after_today(day)}")
    return day


def _worded_day(value: object, dated: list[str], locale: str, today: dt.date | None, order: str | None) -> dt.date:
    """The latest of the dates typed beside a done word; one that does not read is "can't tell"."""
    try:
        return max(near_date(text, locale, today, order) for text in dated)
    except DateError:
        raise DoneCellError(f"— {not_done_word(value)}") from None


def after_today(day: dt.date) -> str:
    """The problem of a done date after today (EN / ES), the date as each language writes it; short enough that
    the row's Problems cell (problems.ROW_CELL_LIMIT) holds it whole in both languages (column, cell quoted)."""
    return (f"done date {day.month}/{day.day}/{day.year} is after today: type the day it was done (until then it "
            f"stays open) / la fecha de hecho {day.day}/{day.month}/{day.year} es posterior a hoy: escriba el día en "
            "que se hizo (mientras tanto sigue abierto)")
