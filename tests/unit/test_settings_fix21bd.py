"""fix21bd: a settings number is digits from 0 to its bound; a timezone is the zone it names; a row's Problems
cell says how many more problems the Problems tab holds (a21q 2, 3, 5)."""
import pytest

from turfbook.schema.problems import row_text
from turfbook.schema.settings_tab import setting_value, twice_text, zone_named, zones


@pytest.mark.parametrize("typed", ["5551234567", "99999999999999999999", "1e3", "2.5", "-5", 1e20, "3651"])
def test_a_number_not_digits_in_bounds_is_not_read(typed):
    with pytest.raises(ValueError):
        setting_value("grace_days", typed, 0)


@pytest.mark.parametrize(("typed", "read"), [("5", 5), (5.0, 5), (" 7 ", 7), ("3650", 3650)])
def test_digits_are_read(typed, read):
    assert setting_value("grace_days", typed, 0) == read


def test_a_timezone_is_the_zone_it_names():
    assert setting_value("timezone", "europe/madrid", "") == setting_value("timezone", "Europe/Madrid", "")


def test_a_zone_spelled_as_it_is_named_needs_no_list_of_every_zone():
    """(issue 22) the list opens every zone's file: ~45 ms of each job run, for a name already right."""
    zones.cache_clear()
    assert [zone_named(z) for z in ("America/New_York", "Europe/Madrid", "UTC")] == [
        "America/New_York", "Europe/Madrid", "UTC"]
    assert zones.cache_info().currsize == 0
    assert zone_named("america/NEW_york") == "America/New_York" and zones.cache_info().currsize == 1


@pytest.mark.parametrize("typed", ["", "/", "America", "America/", "../zoneinfo/UTC", "./UTC", "/etc/passwd",
                                   "America//New_York", "zone.tab", "Mars/Olympus", "utc"])
def test_any_text_names_the_zone_the_list_gives(typed):
    """The short cut gives what the list of every zone gave, for any text, then the same zone or error."""
    zones.cache_clear()
    before = zones().get(typed.casefold(), typed)
    assert zone_named(typed) == before


def test_three_rows_delete_the_others():
    text = twice_text("Ajustes", "grace_days", [(2, "a", 1, 1), (3, "b", 2, 2), (4, "c", 3, 3)], 0)
    assert "(delete the others)" in text and "(borre las otras)" in text


def test_a_cut_cell_says_how_many_more():
    text = row_text(["a" * 200, "b" * 200, "c" * 200])
    assert len(text) <= 500 and "+1 more: see the Problems tab / 1 más en la pestaña Problems" in text


def test_a_very_deep_zone_name_is_said_not_a_crash():
    """(a24) a cell of 'America/' 5,000 times: zoneinfo's lookup recursed out of the stack."""
    with pytest.raises(ValueError):
        setting_value("timezone", "America/" * 5000 + "x", "")
