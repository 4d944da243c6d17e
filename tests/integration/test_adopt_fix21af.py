"""Issue 21, outside attack a21l (the fix21af group), on the hand-over workbook (HANDOVER_BOOK): the real CLI
(adopt, overdue) against the emulator. Rosa's sheet "Convos - Rosa" is renamed, the jobs run, then the advised
`turfbook sheets adopt`, then the jobs again.

l2, l7. A title handed to Mia in any form staff type ("convos - mia", "Convos - mia chen", "convos - Mia",
    "Mia's Convos", ...) reads Mia Chen by ONE title rule (adopt_translate.title_named) before the adoption, at
    the adoption (its report names Mia Chen for the sheet) and after it: her 2 follow-ups never become "—".
l11. A renamed title that names no one organizer ("Convos", "Convos - Rosa y Mia") or one not on Staff
    ("Convos - Pat"): the advised adopt keeps Rosa's rows hers and says so (EN/ES)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from tests.integration.test_adopt_fix21x import HANDOVER_BOOK, _follow_ups
from turfbook.cli import main

DAY = "2026-11-20"


def _run(path, capsys, *args) -> str:
    capsys.readouterr()
    assert main(["--config", path, *args]) == 0
    return capsys.readouterr().out


def _rename(sheets, old: str, new: str) -> None:
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    sid = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": sid[old], "title": new},
                                                    "fields": "title"}}])


def _counts(config) -> dict[str, int]:
    return {line.organizer: line.count.now for line in _follow_ups(config, dt.date.fromisoformat(DAY)).by_organizer}


def _said(out: str, title: str) -> list[str]:
    return [line for line in out.split("problems:")[-1].splitlines() if f"'{title}'" in line]


def _handed(book, capsys, title: str):  # noqa: F811
    sheets, path = book(HANDOVER_BOOK, "USER_ENTERED")
    _run(path, capsys, "sheets", "adopt")
    _rename(sheets, "Convos - Rosa", title)
    return sheets, path, _run(path, capsys, "run", "overdue", "--today", DAY)


@pytest.mark.parametrize("title", ["convos - mia", "Convos - mia chen", "convos - Mia", "Convos - Mia Chen",
                                   "CONVOS - MIA", "Mia's Convos", "Convos (Mia)", "Convos de Mia"])
def test_a_title_handed_to_mia_in_any_form_stays_hers_after_the_advised_adopt(emulator, book, capsys,  # noqa: F811
                                                                              title):
    sheets, path, out = _handed(book, capsys, title)
    said = _said(out, title)
    assert len(said) == 1 and "now names Mia Chen" in said[0] and "sheets adopt" in said[0], out
    assert _counts(book.config) == {"Mia Chen": 2, "Luis Mora": 1}
    report = _run(path, capsys, "sheets", "adopt")
    line = next(ln for ln in report.splitlines() if f"'{title}'" in ln)
    assert "Mia Chen" in line and "among other words" not in line, report
    out = _run(path, capsys, "run", "overdue", "--today", DAY)
    assert not _said(out, title) and "(no organizer)" not in out, out
    assert _counts(book.config) == {"Mia Chen": 2, "Luis Mora": 1}
    again = _run(path, capsys, "sheets", "adopt")
    assert "nothing" in again.split("## Tabs")[0], again                      # the second adopt writes nothing
    assert _counts(book.config) == {"Mia Chen": 2, "Luis Mora": 1}


def test_a_lower_case_title_adopted_then_renamed_again_is_read_by_the_same_rule(emulator, book, capsys):  # noqa: F811
    """Adopted as "convos - mia" (Mia Chen's), then renamed "Convos - Rosa": handed back to Rosa, said."""
    sheets, path, _ = _handed(book, capsys, "convos - mia")
    _run(path, capsys, "sheets", "adopt")
    _rename(sheets, "convos - mia", "Convos - Rosa")
    said = _said(_run(path, capsys, "run", "overdue", "--today", DAY), "Convos - Rosa")
    assert len(said) == 1 and "now names Rosa Díaz" in said[0] and "it was adopted as Mia Chen" in said[0], said
    assert _counts(book.config) == {"Rosa Díaz": 2, "Luis Mora": 1}


@pytest.mark.parametrize("title", ["Convos - Rosa y Mia", "Convos", "Convos - Pat"])
def test_the_advised_adopt_keeps_rosas_rows_hers_when_the_title_names_no_one_of_staff(emulator, book, capsys,  # noqa: F811
                                                                                      title):
    sheets, path, out = _handed(book, capsys, title)
    said = _said(out, title)
    assert len(said) == 1 and "still count for Rosa Díaz" in said[0] and "sheets adopt" in said[0], out
    assert _counts(book.config) == {"Rosa Díaz": 2, "Luis Mora": 1}
    report = _run(path, capsys, "sheets", "adopt")
    kept = [ln for ln in report.splitlines() if f"'{title}'" in ln and "Rosa Díaz" in ln and "kept" in ln
            or f"'{title}'" in ln and "still count for Rosa Díaz" in ln]
    assert kept, report                                                        # the adopt says so
    assert _counts(book.config) == {"Rosa Díaz": 2, "Luis Mora": 1}
    assert "(no organizer)" not in _run(path, capsys, "run", "overdue", "--today", DAY)
    spanish = _run(path, capsys, "sheets", "adopt", "--language", "es")
    assert any(f"'{title}'" in ln and "Rosa Díaz" in ln and ("se mantiene" in ln or "siguen contando" in ln)
               for ln in spanish.splitlines()), spanish
    assert _counts(book.config) == {"Rosa Díaz": 2, "Luis Mora": 1}
