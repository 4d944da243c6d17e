"""Issue 21, outside tester a21m (the fix21al group): the real CLI (adopt, overdue, the digest's counts) against
the emulator, on HANDOVER_BOOK's people and follow-ups.

m12. A tab kept one sheet per organizer whose titles are just the organizers' names ('Rosa', 'Luis' or
    'Rosa Díaz', 'Luis Mora'): a title that IS a listed organizer's name names her by the one title rule
    (adopt_translate.title_named over Staff's names), at the adoption, at each read, and when the sheet is
    renamed for Mia ('Mia', 'Mia Chen'), before and after the advised adopt. Such a sheet whose title names no
    organizer ('Pat', not on Staff) is said in the adoption report's problems (EN/ES), never "none".
m6. 'Convos - Rosa' renamed 'Mia Chen' is Mia's; renamed 'Convos - Mia (from Rosa)' or 'Convos - Rosa (old)'
    it stays Rosa's, and the problem says what the title names instead of "names no organizer"."""

from __future__ import annotations

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from tests.integration.test_adopt_fix21af import _counts, _rename, _run, _said
from tests.integration.test_adopt_fix21x import HANDOVER_BOOK

DAY = "2026-11-20"
HEAD = HANDOVER_BOOK["Convos - Rosa"][0]


def _by_name(rosa: str, luis: str) -> dict:
    return {"Staff": HANDOVER_BOOK["Staff"], "Contacts": HANDOVER_BOOK["Contacts"],
            rosa: HANDOVER_BOOK["Convos - Rosa"], luis: HANDOVER_BOOK["Convos - Luis"]}


@pytest.mark.parametrize(("old", "luis", "new"), [("Rosa", "Luis", "Mia"), ("Rosa Díaz", "Luis Mora", "Mia Chen")])
def test_tabs_titled_with_the_organizers_names_count_for_them(emulator, book, capsys, old, luis, new):  # noqa: F811
    sheets, path = book(_by_name(old, luis), "USER_ENTERED")
    report = _run(path, capsys, "sheets", "adopt")
    tab_line = next(line for line in report.splitlines() if line.startswith(f"- '{old}' → "))
    assert "organizer: Rosa Díaz" in tab_line, report
    _run(path, capsys, "run", "overdue", "--today", DAY)
    assert _counts(book.config) == {"Rosa Díaz": 2, "Luis Mora": 1}
    _rename(sheets, old, new)
    out = _run(path, capsys, "run", "overdue", "--today", DAY)
    said = _said(out, new)
    assert len(said) == 1 and "now names Mia Chen" in said[0], out
    assert _counts(book.config) == {"Mia Chen": 2, "Luis Mora": 1}
    report = _run(path, capsys, "sheets", "adopt")
    assert "organizer: Mia Chen" in next(line for line in report.splitlines() if line.startswith(f"- '{new}' → "))
    out = _run(path, capsys, "run", "overdue", "--today", DAY)
    assert not _said(out, new), out
    assert _counts(book.config) == {"Mia Chen": 2, "Luis Mora": 1}


def test_a_sheet_of_a_tab_per_organizer_whose_title_names_no_one_is_said(emulator, book, capsys):  # noqa: F811
    sheets, path = book(_by_name("Rosa", "Pat"), "USER_ENTERED")
    report = _run(path, capsys, "sheets", "adopt")
    problems = report.split("## Problems to fix")[1]
    assert "- none" not in problems
    line = next(line for line in problems.splitlines() if "'Pat'" in line)
    assert "names no organizer in 'Staff'" in line and "1 of its rows" in line and "(like 'Rosa')" in line, report
    es = _run(path, capsys, "sheets", "adopt", "--dry-run", "--language", "es")
    assert "no nombra a ningún/a organizador/a de 'Staff'" in es.split("##")[-1], es
    _run(path, capsys, "run", "overdue", "--today", DAY)
    assert _counts(book.config) == {"Rosa Díaz": 2, "—": 1}


@pytest.mark.parametrize(("title", "who", "names"), [
    ("Mia Chen", "Mia Chen", None),
    ("Convos - Mia (from Rosa)", "Rosa Díaz", "Mia Chen and Rosa Díaz"),
    ("Convos - Rosa (old)", "Rosa Díaz", "Rosa Díaz"),
])
def test_a_renamed_title_says_what_it_names(emulator, book, capsys, title, who, names):  # noqa: F811
    sheets, path = book(HANDOVER_BOOK, "USER_ENTERED")
    _run(path, capsys, "sheets", "adopt")
    _rename(sheets, "Convos - Rosa", title)
    out = _run(path, capsys, "run", "overdue", "--today", DAY)
    said = _said(out, title)
    assert len(said) == 1 and "names no organizer" not in said[0], out
    if names:
        assert f"its title names {names} among other words" in said[0] and "still count for Rosa Díaz" in said[0]
        assert "su título nombra a " + names.replace(" and ", " y ") in said[0]
    else:
        assert "now names Mia Chen" in said[0]
    assert _counts(book.config) == {who: 2, "Luis Mora": 1}
    report = _run(path, capsys, "sheets", "adopt")
    if names:
        assert f"'{title}': its title names {names} among other words" in report, report
    assert _counts(book.config) == {who: 2, "Luis Mora": 1}
