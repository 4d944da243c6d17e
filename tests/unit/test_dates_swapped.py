"""a21g c5: a serial in a sheet read against its spreadsheet's locale is named only when every serial there
could be a date typed the sheet's way that Sheets stored the locale's way (each with a day of 12 or less)."""

from __future__ import annotations

import datetime as dt

import pytest

from turfbook.schema.cell_dates import business_date
from turfbook.schema.column_labels import choice_of
from turfbook.schema.dates import DMY, MDY, DateError, column_order, to_serial

OCT_12, DEC_20 = to_serial(dt.date(2026, 10, 12)), to_serial(dt.date(2026, 12, 20))


def test_a_day_month_sheet_of_text_and_swappable_serials_names_the_serials():
    order, why, _ = column_order(["13/11/2026", "14/11/2026", OCT_12], "en_US")
    assert order == DMY and why == "day_first" and getattr(order, "swapped", False)
    with pytest.raises(DateError, match="was stored by Sheets as 12 Oct 2026"):
        business_date(OCT_12, "en_US", None, order)
    assert business_date("10/12/2026", "en_US", None, order) == dt.date(2026, 12, 10)


def test_one_serial_with_a_day_over_12_shows_the_serials_are_dates_as_stored():
    order, _, _ = column_order(["31/02", OCT_12, DEC_20], "en_US")      # a typo among picker dates
    assert order == DMY and not getattr(order, "swapped", False)
    assert business_date(OCT_12, "en_US", None, order) == dt.date(2026, 10, 12)


def test_the_locales_own_order_and_the_other_way_round():
    order, _, _ = column_order(["13/11/2026", OCT_12], "en_GB")          # day/month in a day-first locale
    assert not getattr(order, "swapped", False)
    order, _, _ = column_order(["11/13/2026", OCT_12], "es_ES")          # month/day in a day-first locale
    assert order == MDY and getattr(order, "swapped", False)
    with pytest.raises(DateError, match="dates read month/day: type it as '12/10/2026"):
        business_date(OCT_12, "es_ES", None, order)


def test_kinds_in_the_plural_or_with_a_qualifier_after_them():
    choices = {"visita": "house visit", "evento": "event", "call": "phone bank", "llamada": "phone bank"}
    assert choice_of(choices, "visitas") == "house visit"
    assert choice_of(choices, "evento comunitario") == "event"
    assert choice_of(choices, "llamadas largas") == "phone bank"
    assert choice_of(choices, "zoom call") is None and choice_of(choices, "no hubo llamada") is None
    assert choice_of(choices, "llamada sin respuesta") is None and choice_of(choices, "paseo") is None
