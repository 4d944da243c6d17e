"""Issue 21, outside attacks a21o 5b and another round (fix21aw): a follow-up done cell dated AFTER today is not
done. On 11/19, 'Done 11/25', '✔ 11/25', a bare '11/25/2026' (typed as text or as a date) and, in an es_ES
book, 'hecho 25/11' and '25/11/2026' each leave the follow-up OPEN: flagged when overdue (never silently
cleared), one problem in the row's Problems cell naming the cell (EN/ES), People's Status and the digests
counting what the sheet flags. A done date of today or earlier, worded or bare, reads done; on 11/25 or later
the same cells read done and the problem is gone. Against the emulator, on an adopted messy book."""

from __future__ import annotations

import datetime as dt

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.jobs import digest
from turfbook.jobs.registry import _connect
from turfbook.workspace.sheets import CellWrite

EN = "is after today: type the day it was done (until then it stays open)"
ES = "es posterior a hoy: escriba el día en que se hizo (mientras tanto sigue abierto)"
# (done cell, F/U date, status on 11/19, the problem's dates EN / ES or None)
EN_CELLS = [("11/25/2026", "11/10/2026", "OVERDUE 9d", ("11/25/2026", "25/11/2026")),
            ("Done 11/25", "11/10/2026", "OVERDUE 9d", ("11/25/2026", "25/11/2026")),
            ("✔ 11/25", "11/10/2026", "OVERDUE 9d", ("11/25/2026", "25/11/2026")),
            ("Done 11/25", "11/22/2026", "due in 3d", ("11/25/2026", "25/11/2026")),      # open, not due yet
            ("Done 11/18", "11/10/2026", "done", None), ("✔ 11/19", "11/10/2026", "done", None),
            ("11/18/2026", "11/10/2026", "done", None), ("yes", "11/10/2026", "done", None)]
TYPED = ("11/26/2026", "11/10/2026", "OVERDUE 9d", ("11/26/2026", "26/11/2026"))   # USER_ENTERED: a serial
ES_CELLS = [("hecho 25/11", "10/11/2026", "OVERDUE 9d", ("11/25/2026", "25/11/2026")),
            ("25/11/2026", "10/11/2026", "OVERDUE 9d", ("11/25/2026", "25/11/2026")),
            ("listo 18/11", "10/11/2026", "done", None)]


def _adopted(book, cells, locale: str, names: list[str], capsys, typed: int = 0):  # noqa: F811
    """The book adopted; its last `typed` done cells typed as a person types (USER_ENTERED: a date, a serial)."""
    sheets, path = book({"Staff": [["Name", "Email", "Digest"], ["Rosa Díaz", "r@x.org", "yes"]],
                         "Contacts": [["Name", "Phone"]] + [[n, ""] for n in names],
                         "Convos": [["Date", "Name", "Organizer", "F/U date", "F/U done"]]
                         + [["2/11/2026" if locale == "es_ES" else "11/2/2026", n, "Rosa Díaz", due, done]
                            for n, (done, due, _, _) in zip(names, cells, strict=True)]})
    if typed:
        sheets.write([CellWrite(f"'Convos'!E{len(cells) + 1 - i}", [[cells[-1 - i][0]]]) for i in range(typed)],
                     input_option="USER_ENTERED")
    if locale != "en_US":
        sheets.batch_update([{"updateSpreadsheetProperties": {"properties": {"locale": locale},
                                                              "fields": "locale"}}])
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    return sheets, path


def _run(path, capsys, day: str) -> tuple[str, str]:
    capsys.readouterr()
    assert main(["--config", path, "run", "check", "--today", day]) in (0, 1)
    check = capsys.readouterr().out
    assert main(["--config", path, "run", "overdue", "--today", day]) == 0
    return check, capsys.readouterr().out


def _sheet(sheets) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    rows = _rows(sheets)
    st, pr, name = rows[0].index("Status"), rows[0].index("Problems"), rows[0].index("Name")
    people = _rows(sheets, "Contacts")
    pst = people[0].index("Status")
    return ({r[name]: (str(r[st]), str(r[pr])) for r in rows[1:]},
            {r[0]: str(r[pst]) for r in people[1:]})


def _digest_agrees(book, day: dt.date, flagged: int) -> None:  # noqa: F811
    prepared = digest.prepare(_connect(book.config), today=day)
    follow_ups = prepared.digest.follow_ups
    assert follow_ups.overdue.now == flagged, (follow_ups.overdue.now, flagged)
    assert sum(line.count.now for line in follow_ups.by_organizer) == flagged
    assert sum(len(mine.overdue) for mine in prepared.organizers) == flagged


def _check(book, sheets, path, capsys, cells, names: list[str]) -> None:  # noqa: F811
    check, out = _run(path, capsys, "2026-11-19")
    rows, people = _sheet(sheets)
    for name, (done, _, want, dates) in zip(names, cells, strict=True):
        status, problems = rows[name]
        assert status == want, (done, status, problems)
        assert people[name] == ("" if want == "done" else want), (done, people[name])
        if dates is None:
            assert "after today" not in problems and "posterior a hoy" not in problems, (done, problems)
            continue
        en, es = dates
        assert f"done date {en} {EN}" in problems and f"la fecha de hecho {es} {ES}" in problems, (done, problems)
        assert problems.count("after today") == 1 and "can't tell" not in problems, (done, problems)
        assert f"done date {en} {EN}" in check, (done, check)           # `run check` says it too
    flagged = sum(status.startswith("OVERDUE") for status, _ in rows.values())
    assert flagged == sum(want.startswith("OVERDUE") for _, _, want, _ in cells)
    _digest_agrees(book, dt.date(2026, 11, 19), flagged)
    for day in ("2026-11-26", "2026-12-07"):                   # on that day or later: done, the problem gone
        _run(path, capsys, day)
        rows, people = _sheet(sheets)
        for name, (done, _, _, _) in zip(names, cells, strict=True):
            assert rows[name][0] == "done", (day, done, rows[name])
            assert "after today" not in rows[name][1], (day, done, rows[name])
            assert people[name] == "", (day, done, people[name])
        _digest_agrees(book, dt.date.fromisoformat(day), 0)


def test_done_dates_after_today_worded_or_bare_stay_open_and_say_so_en_us(emulator, book, capsys):  # noqa: F811
    cells = EN_CELLS + [TYPED]
    names = [f"P{i:02d} Doe" for i in range(len(cells))]
    sheets, path = _adopted(book, cells, "en_US", names, capsys, typed=1)
    assert isinstance(_rows(sheets)[-1][4], int | float)          # typed as a date: Sheets keeps a serial
    _check(book, sheets, path, capsys, cells, names)


def test_done_dates_after_today_stay_open_in_a_spanish_book(emulator, book, capsys):  # noqa: F811
    names = [f"P{i:02d} Ruiz" for i in range(len(ES_CELLS))]
    sheets, path = _adopted(book, ES_CELLS, "es_ES", names, capsys)
    _check(book, sheets, path, capsys, ES_CELLS, names)
