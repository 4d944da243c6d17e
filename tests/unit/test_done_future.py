"""Issue 21, attack a21o 5b (fix21aw): a follow-up done cell dated AFTER today is not done. The one done-cell
reader (done_cells.read_done, cells.make_parser's) reads a done word's date as the bare cell's date is read (the
locale, the sheet's day/month order, the year nearest today); a done date after today is a problem naming the
cell (EN/ES) and the follow-up rule keeps it open: overdue's Status and the digest's count alike."""

from __future__ import annotations

from datetime import date

import pytest

from turfbook.schema import load_schema
from turfbook.schema.cells import CellError, ParseContext, make_parser
from turfbook.schema.dates import DMY
from turfbook.schema.done_cells import read_done
from turfbook.schema.done_words import done_answer, done_parts
from turfbook.schema.followup import closing_days, status_column

DONE = load_schema().tab("Conversations").column("follow_up_done")
ON_19, ON_25 = date(2026, 11, 19), date(2026, 11, 25)
FUTURE = [("11/25/2026", "en_US"), ("Done 11/25", "en_US"), ("✔ 11/25", "en_US"), ("hecho 25/11", "es_ES"),
          ("25/11/2026", "es_ES"), ("listo 25/11/2026", "es_ES"), (46351, "en_US"), ("11/25 done", "en_US")]


def parse(value, locale: str, today: date, order: str | None = None):
    return make_parser(DONE, ParseContext(locale=locale, today=today), order)(value)


@pytest.mark.parametrize(("value", "locale"), FUTURE)
def test_a_done_date_after_today_is_a_problem_naming_it_en_es_and_not_done(value, locale):
    with pytest.raises(CellError) as why:
        parse(value, locale, ON_19)
    said = str(why.value)
    assert "done date 11/25/2026 is after today: type the day it was done (until then it stays open)" in said
    assert "la fecha de hecho 25/11/2026 es posterior a hoy: escriba el día en que se hizo (mientras tanto sigue " \
           "abierto)" in said


@pytest.mark.parametrize(("value", "locale"), FUTURE)
@pytest.mark.parametrize("today", [ON_25, date(2026, 12, 7)])
def test_the_same_cells_on_that_day_or_later_read_done_on_that_date(value, locale, today):
    assert parse(value, locale, today) == ON_25


@pytest.mark.parametrize(("value", "locale", "order"), [("Done 11/20", "en_US", None), ("✔ 11/20", "en_US", None),
                                                        ("hecho 20/11", "es_ES", None), ("Sí 20/11", "en_US", DMY),
                                                        ("done 2026-11-20", "en_US", None)])
def test_a_done_word_beside_a_past_date_is_done_on_that_date(value, locale, order):
    assert parse(value, locale, ON_25, order) == date(2026, 11, 20)


def test_a_done_words_date_with_no_year_takes_the_year_nearest_today():
    """Read on Jan 3, "Done 12/30" is the past December's (never a done date eleven months ahead); read on
    Dec 30, "Done 1/5" is the coming January's, after today: open."""
    assert read_done("Done 12/30", "en_US", date(2027, 1, 3)) == date(2026, 12, 30)
    with pytest.raises(ValueError, match="done date 1/5/2027 is after today"):
        read_done("Done 1/5", "en_US", date(2026, 12, 30))


def test_the_words_alone_never_answer_a_dated_cell():
    assert done_parts("Done 11/25") == (True, ["11/25"]) and done_answer("Done 11/25") is None
    assert done_parts("pendiente 11/20") == (None, ["11/20"]) and done_answer("Done") is True


@pytest.mark.parametrize("value", ["Done 2/30", "✔ 13/13"])
def test_a_done_words_date_that_does_not_read_is_cant_tell_and_open(value):
    with pytest.raises(CellError, match=f"can't tell if '{value}' means done"):
        parse(value, "en_US", ON_19)


def test_the_rule_keeps_a_done_date_after_today_open_even_from_a_read_of_another_day():
    """closing_days and status_column over a done date after their today (a snapshot read on another day):
    open, overdue when past due, never "done"; on its day it is done."""
    args = ([date(2026, 11, 2)], [date(2026, 11, 10)], [True], [True], [ON_25], ["P-000001"])
    assert closing_days(*args, ON_19) == [None]
    assert status_column(args[1], [False], [True], [None], {}, ON_19, 0, 3) == ["OVERDUE 9d"]
    assert closing_days(*args, ON_25) == [ON_25]
    assert status_column(args[1], [False], [True], [ON_25], {}, ON_25, 0, 3) == ["done"]
