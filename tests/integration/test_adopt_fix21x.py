"""Issue 21, outside attack a21j (the fix21x group), each on a small adopted workbook: the real CLI (adopt,
overdue) and the digest, against the emulator.

4. "F/U done" typed the ways staff type it: yes-words done, no-words not done, a date done, any other text
   one problem naming the cell and the follow-up stays open (overdue and the digest alike);
5. a namesake added to People (no ID yet) does not reopen the original's answered follow-up: the same person
   text answers itself; the ambiguity is one problem per name, worded for a name-typing team;
   a1: the put-back of two records whose names differ by an accent says "names that read the same";
7. a per-organizer sheet renamed for another organizer on Staff counts for her from that read on, said once;
8. `sheets adopt --language es`: the report's last line is Spanish."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.jobs import digest
from turfbook.jobs.registry import _connect
from turfbook.workspace.sheets import CellWrite

DONE = [("yes", "done"), ("hecho", "done"), ("done", "done"), ("listo", "done"), ("X", "done"), ("✓", "done"),
        (True, "done"), (False, "open"), ("no", "open"), ("pendiente", "open"), ("SÍ", "done"),
        ("11/12/2026", "done"), ("0", "open"), ("pending", "open"), ("not yet", "open"), ("todavía no", "open"),
        ("no hecho", "open"), ("falta", "open"), ("n/a", "problem"), ("left voicemail", "problem"),
        # a21l 6: as typed on a phone: answers that agree are that answer; ones that disagree are a problem
        ("Sí✔", "done"), ("✅✅", "done"), ("👍", "done"), ("sí, hecho", "done"), ("yes (left msg)", "done"),
        ("Done 11/20", "done"), ("✔ 11/20", "done"), ("❌", "open"), ("No ✔", "problem")]



def rename_sheet(sheets, title: str, renamed: str) -> None:
    """A person renames the sheet `title` to `renamed` (a hand-over: a21j 7, a21k k6)."""
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    sid = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": sid[title], "title": renamed},
                                                    "fields": "title"}}])

def _follow_ups(config, today: dt.date):
    return digest.prepare(_connect(config), today=today).digest.follow_ups


def test_done_words_yes_no_and_other_text_one_rule_for_overdue_and_the_digest(emulator, book, capsys):  # noqa: F811
    names = [f"P{i:02d} Doe" for i in range(len(DONE))]
    sheets, path = book({"Contacts": [["Name", "Phone"]] + [[n, ""] for n in names],
                         "Convos": [["Date", "Name", "F/U date", "F/U done"]]
                         + [["11/2/2026", n, "11/10/2026", "yes"] for n in names]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    sheets.write([CellWrite(f"'Convos'!D{i + 2}", [[v]]) for i, (v, _) in enumerate(DONE)], input_option="RAW")
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    rows = _rows(sheets)
    st = rows[0].index("Status")
    statuses = {v: r[st] for (v, _), r in zip(DONE, rows[1:], strict=True)}
    for value, want in DONE:
        assert (statuses[value] == "done") == (want == "done"), (value, statuses[value])
        assert statuses[value] == "done" or statuses[value].startswith("OVERDUE"), (value, statuses[value])
    problems = out.split("problems:")[-1]
    assert "is not a date" not in problems                     # no "'pendiente' is not a date", no "'hecho' …"
    for value, want in DONE:
        said = f"can't tell if '{value}' means done"
        assert (said in problems) == (want == "problem"), value
        if want == "problem":
            assert problems.count(said) == 1                   # one problem naming the cell, not two
    opened = sum(want != "done" for _, want in DONE)
    assert _follow_ups(book.config, dt.date(2026, 11, 20)).overdue.now == opened == 13


def test_a_namesake_added_to_people_does_not_reopen_an_answered_follow_up(emulator, book, capsys):  # noqa: F811
    for twin in ("Ana Ruiz", "ana ruiz"):
        sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", ""], ["Bo Li", ""]],
                             "Convos": [["Date", "Name", "Organizer", "F/U date", "Notes"],
                                        ["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", "first visit"],
                                        ["11/9/2026", "Ana Ruiz", "Rosa", "", "came back: follow-up done"],
                                        ["11/3/2026", "Bo Li", "Luis", "11/12/2026", ""]]}, "USER_ENTERED")
        assert main(["--config", path, "sheets", "adopt"]) == 0
        assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
        before = [r[5:8] for r in _rows(sheets)]
        sheets.write([CellWrite("'Contacts'!A4", [[twin, "new volunteer"]])], input_option="USER_ENTERED")
        capsys.readouterr()
        assert main(["--config", path, "run", "overdue", "--today", "2026-11-21"]) == 0
        out = capsys.readouterr().out
        after = [r[5:8] for r in _rows(sheets)]
        assert after[1][1] == before[1][1] == "done", twin
        assert "newly overdue: 0" in out
        assert _follow_ups(book.config, dt.date(2026, 11, 21)).overdue.now == 1
        problems = out.split("problems:")[-1]
        assert problems.count("Ana Ruiz") >= 1
        lines = [line for line in problems.splitlines() if "Ana Ruiz" in line and "Conversations" in line]
        assert len(lines) == 1, lines                            # one problem per name, not per row
        assert "tells them apart" in lines[0] and "Ana Ruiz (" in lines[0] and " / " in lines[0], lines[0]
        assert main(["--config", path, "sheets", "check"]) in (0, 1)      # the namesake gets her ID
        capsys.readouterr()
        assert main(["--config", path, "run", "overdue", "--today", "2026-11-22"]) == 0
        out = capsys.readouterr().out
        assert [r[5:8] for r in _rows(sheets)][1][1] == "done" and "newly overdue: 0" in out, twin
        assert _follow_ups(book.config, dt.date(2026, 11, 22)).overdue.now == 1


def test_accent_twins_sorted_are_told_apart_by_the_accent(emulator, book, capsys):  # noqa: F811
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Zoe Park", "p0"], ["Ana Ruíz", "p1"], ["Bo Li", "p2"],
                                      ["Ana Ruiz", "p1"]],      # other cells alike too
                         "Convos": [["Date", "Name", "F/U date"], ["11/2/2026", "Ana Ruíz", "11/10/2026"]]},
                        "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 5,
                                                  "startColumnIndex": 0, "endColumnIndex": 2},
                                        "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}]}}])
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    # since fix21u (i5) every staff cell tells same-key rows apart: the accent does, each gets her own ID back
    assert "put back" in out and "check which is which" not in out and "(e.g. the same name)" not in out


def test_the_spanish_report_ends_in_spanish(emulator, book, capsys):  # noqa: F811
    _, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", ""]]}, "USER_ENTERED")
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt", "--language", "es"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("Se guardó la correspondencia en ") and "adoption-report.es.md" in last
    assert "Saved" not in last


HEAD = ["Date", "Name", "F/U date", "Notes"]
HANDOVER_BOOK = {"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Luis Mora", "l@x.org"],
                           ["Mia Chen", "m@x.org"]],
                 "Contacts": [["Name", "Phone"], ["Ana Núñez", "5551234567"], ["Bo Li", "5551234568"],
                              ["Eva Long", "5551234569"]],
                 "Convos - Rosa": [HEAD, ["11/2/2026", "Ana Núñez", "11/10/2026", ""],
                                   ["11/3/2026", "Bo Li", "11/11/2026", ""]],
                 "Convos - Luis": [HEAD, ["11/6/2026", "Eva Long", "11/12/2026", ""]]}   # Rosa's sheet renamed later


@pytest.mark.parametrize(("renamed", "now"), [("Convos - Mia", "Mia Chen"), ("Convos - Zed", "Rosa Díaz")])
def test_a_sheet_handed_to_another_organizer_counts_for_her_from_that_read_on(emulator, book, capsys,  # noqa: F811
                                                                             renamed, now):
    """Renamed for Mia (on Staff): hers from that read on, said; for Zed (not on Staff): Rosa's still, said."""
    sheets, path = book(HANDOVER_BOOK, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    today = dt.date(2026, 11, 20)
    assert {line.organizer: line.count.now for line in _follow_ups(book.config, today).by_organizer} == {
        "Rosa Díaz": 2, "Luis Mora": 1}
    rename_sheet(sheets, "Convos - Rosa", renamed)
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert f"overdue by organizer: {now} 2, Luis Mora 1" in out or f"Luis Mora 1, {now} 2" in out, out
    problems = out.split("problems:")[-1]
    said = [line for line in problems.splitlines() if f"'{renamed}'" in line]
    assert len(said) == 1, problems                                     # said once, EN / ES
    assert (f"now names {now}" if now == "Mia Chen" else "still count for Rosa Díaz") in said[0]
    assert " / " in said[0] and "desde esta lectura" in said[0] or "siguen contando para" in said[0]
    assert {line.organizer: line.count.now for line in _follow_ups(book.config, today).by_organizer} == {
        now: 2, "Luis Mora": 1}
    if now != "Mia Chen":
        return
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    assert f"'{renamed}'" not in capsys.readouterr().out.split("problems:")[-1]      # adopt recorded it
    assert {line.organizer: line.count.now for line in _follow_ups(book.config, today).by_organizer} == {
        "Mia Chen": 2, "Luis Mora": 1}
