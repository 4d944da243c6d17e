"""Issue 21, outside attack a21k (the fix21z group), on a small adopted workbook: the real CLI (adopt, overdue)
against the emulator.

k6. a per-organizer sheet renamed with its organizer in lower case ("Convos - rosa") still names her: no problem,
    her rows hers; in lower case for another organizer on Staff ("Convos - mia") it is handed to her; a title that
    now names no one says so in Spanish as "su título ya no nombra a ningún/a organizador/a"."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from tests.integration.test_adopt_fix21x import HANDOVER_BOOK, _follow_ups, rename_sheet
from turfbook.cli import main


def _renamed(book, capsys, renamed: str) -> str:  # noqa: F811
    sheets, path = book(HANDOVER_BOOK, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    rename_sheet(sheets, "Convos - Rosa", renamed)
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("renamed", "now"), [("Convos - rosa", "Rosa Díaz"), ("Convos - ROSA", "Rosa Díaz"),
                                              ("Convos - rosa díaz", "Rosa Díaz"), ("Convos - mia", "Mia Chen")])
def test_an_organizer_in_lower_case_in_a_renamed_title_is_still_named(emulator, book, capsys,  # noqa: F811
                                                                      renamed, now):
    out = _renamed(book, capsys, renamed)
    said = [line for line in out.split("problems:")[-1].splitlines() if f"'{renamed}'" in line]
    assert "names no organizer" not in out and "ningún/a organizador/a" not in out, out
    if now == "Rosa Díaz":
        assert not said, said                                          # her own sheet: nothing to say
    else:
        assert len(said) == 1 and f"now names {now}" in said[0] and f"ahora nombra a {now}" in said[0], said
    assert {line.organizer: line.count.now for line in _follow_ups(book.config, dt.date(2026, 11, 20))
            .by_organizer} == {now: 2, "Luis Mora": 1}


def test_a_title_that_names_no_one_now_says_so_in_spanish_as_ya_no_nombra(emulator, book, capsys):  # noqa: F811
    out = _renamed(book, capsys, "Convos - archive")
    said = [line for line in out.split("problems:")[-1].splitlines() if "'Convos - archive'" in line]
    assert len(said) == 1, out
    assert "its title now names no organizer" in said[0]
    assert "su título ya no nombra a ningún/a organizador/a: sus filas siguen contando para Rosa Díaz" in said[0]
    assert "ahora nombra a ningún" not in said[0]
    assert {line.organizer: line.count.now for line in _follow_ups(book.config, dt.date(2026, 11, 20))
            .by_organizer} == {"Rosa Díaz": 2, "Luis Mora": 1}
