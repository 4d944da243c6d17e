"""Dates as staff type them, in the org's locale; datetimes in the org's timezone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from turfbook.schema.dates import DateError, parse_date, parse_datetime, to_serial

NOV21 = date(2026, 11, 21)


@pytest.mark.parametrize("typed", [
    46347, 46347.0, "46347", "11/21/2026", "11/21/26", "2026-11-21", "2026/11/21", "21 nov 2026", "21 Nov. 2026",
    "Nov 21 2026", "Nov 21, 2026", "November 21st, 2026", "21 de noviembre de 2026", "21-nov-2026",
    "21 Noviembre 2026", "noviembre 21, 2026", "sábado, 21 de noviembre de 2026", "21/11/2026", "  11/21/2026 ",
    "21-dic-2026".replace("dic", "nov"),
])
def test_each_form_staff_type_is_parsed(typed):
    assert parse_date(typed, "en_US") == NOV21


def test_spanish_abbreviations_and_day_first_locale():
    assert parse_date("3 ene 2027") == date(2027, 1, 3)
    assert parse_date("5-ago-2026") == date(2026, 8, 5)
    assert parse_date("03/04/2026", "es_MX") == date(2026, 4, 3)
    assert parse_date("03/04/2026", "en_US") == date(2026, 3, 4)


def test_day_and_month_without_year_take_this_year():
    assert parse_date("11/21", today=date(2026, 1, 5)) == NOV21


@pytest.mark.parametrize("typed", ["31/02", "31/02/2026", "2026-02-30", "hello", "13/13/2026", "nov", True, -5,
                                   "21 foo 2026", "٢١/١١/٢٠٢٦x"])
def test_not_a_date(typed):
    with pytest.raises(DateError):
        parse_date(typed, today=date(2026, 11, 1))


def test_datetimes_are_aware_in_the_org_timezone():
    tz = ZoneInfo("America/New_York")
    assert parse_datetime("2026-11-21 14:30", tz) == datetime(2026, 11, 21, 14, 30, tzinfo=tz)
    assert parse_datetime("11/21/2026 2:30 pm", tz) == datetime(2026, 11, 21, 14, 30, tzinfo=tz)
    assert parse_datetime(46347.5, tz) == datetime(2026, 11, 21, 12, 0, tzinfo=tz)
    assert parse_datetime("2026-11-21T19:30:00Z", tz) == datetime(2026, 11, 21, 14, 30, tzinfo=tz)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)))
def test_serial_numbers_round_trip(day):
    assert parse_date(to_serial(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%m/%d/%Y")) == day
    assert parse_date(day.strftime("%d %b %Y")) == day


@given(st.text(max_size=30))
def test_parser_never_crashes(text):
    try:
        parse_date(text, today=date(2026, 11, 1))
    except DateError:
        pass


@pytest.mark.parametrize("typed", [40, 40.0, 1, 12, 2026, 25568, 73051, "12345", " 10000.5 ", 99999])
def test_a_number_in_a_date_column_outside_a_campaigns_years_is_not_a_date(typed):
    """Attack a7: "$40" typed under "Due" reaches Turfbook as the number 40 (1900-02-08 as a serial). The
    parser keeps the round trip (above); the date-column reading says it is a number."""
    from turfbook.schema.cell_dates import as_date, business_date

    with pytest.raises(DateError, match="is a number, not a date"):
        business_date(typed)
    assert as_date(None, raw=typed) == (None, typed)


@pytest.mark.parametrize("typed", [25569, 46347, 46347.75, "46347", 73050, "11/21/2026", "2/8/1900", NOV21])
def test_a_date_column_reads_serials_of_a_campaigns_years_and_any_typed_date(typed):
    from turfbook.schema.cell_dates import business_date

    assert isinstance(business_date(typed), date)


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2099, 12, 31)))
def test_a_date_column_reads_every_serial_of_a_campaigns_years(day):
    from turfbook.schema.cell_dates import business_date

    assert business_date(to_serial(day)) == day
