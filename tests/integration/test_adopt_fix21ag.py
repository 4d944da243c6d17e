"""Issue 21, outside tester a21l (l6): People sorted by name over the staff columns, then Zed's row deleted, the
team's Convos naming people by P- IDs. People is rightly held; while it is, the IDs the hold is about (Bo's row shows
Zed's P-000002; Bo's own P-000003 is on no row) name no one: the digest never gives Zed's overdue follow-up Bo's
name (it shows the ID as typed), no "P-000003 is not in People" (the hold's problem says why, EN/ES), overdue flags
nothing of Bo's; after `sheets adopt` puts the IDs back, names are right again."""

from __future__ import annotations

import datetime as dt

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _overdue_out
from tests.integration.test_adopt_fix21y import SORTED, _people, _sorted_then_zed_deleted
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.digest.followups import open_follow_ups
from turfbook.jobs import digest
from turfbook.jobs.registry import _connect

book = attacks.book


def _digest(config, day: dt.date):
    """(overdue lines (organizer, count, oldest person), every open follow-up's (person shown, days overdue))."""
    prepared = digest.prepare(_connect(config), today=day)
    lines = [(line.organizer, line.count.now, line.oldest_person) for line in prepared.digest.follow_ups.by_organizer]
    shown = sorted((f.person, f.days_overdue) for over, soon in open_follow_ups(prepared.book, day, 60).values()
                   for f in over + soon)
    return lines, shown


def _convos(sheets) -> dict[str, tuple[str, str]]:
    """Convos' Notes -> (Person cell, Status)."""
    rows = _rows(sheets, "Convos")
    notes, status, person = rows[0].index("Notes"), rows[0].index("Status"), rows[0].index("Name")
    return {r[notes]: (r[person], r[status] if len(r) > status else "") for r in rows[1:] if len(r) > notes}


def _check_out(path, capsys) -> str:
    capsys.readouterr()
    main(["--config", path, "sheets", "check"])
    return capsys.readouterr().out


def test_l6_held_people_ids_name_no_one_until_adopt_puts_them_back(emulator, book, capsys):
    sheets, path, ids = _sorted_then_zed_deleted(book, capsys, False)
    zed, bo = ids["Zed Ames"], ids["Bo Li"]
    out = " ".join(_overdue_out(path, capsys, "2026-11-16").split())
    assert SORTED in out
    assert "not in People" not in out and "not a People ID" not in out
    assert (f"Meanwhile Conversations rows naming {zed}, {bo} name no one (Turfbook cannot tell whose they are): "
            "their follow-ups show the ID as typed, with no name, until `turfbook sheets adopt` puts the IDs "
            "back") in out
    assert f"Mientras tanto, las filas de Conversaciones que nombran {zed}, {bo} no nombran a nadie" in out
    convos = _convos(sheets)
    assert convos["Zed: overdue"] == (zed, "OVERDUE 5d")        # its own flag, kept (held: nothing written)
    assert not convos["Bo: due 11/30"][1]                       # nothing of Bo's flagged
    assert "Bo Li" not in out.split("problems:")[0]
    lines, shown = _digest(book.config, dt.date(2026, 11, 16))
    assert lines == [("—", 1, zed)]                              # the ID as typed, never "Bo Li"
    assert shown == [("Ana Ruiz", 0), (zed, 6), (bo, 0)], shown  # the IDs as typed, no name
    check = " ".join(_check_out(path, capsys).split())
    assert SORTED in check and "not in People" not in check
    _adopt_out(path, capsys)                                     # the IDs put back: Bo on P-000003
    assert _people(sheets)["Bo Li"] == bo
    out = " ".join(_overdue_out(path, capsys, "2026-12-02").split())
    assert SORTED not in out and "Meanwhile" not in out
    assert f"Person '{zed}' is not in People" in out            # Zed's row is gone: said, as before the hold
    convos = _convos(sheets)
    assert convos["Bo: due 11/30"][1].startswith("OVERDUE")     # Bo's own follow-up, now overdue, his again
    assert _rows(sheets, "Contacts")[2][_rows(sheets, "Contacts")[0].index("Status")].startswith("OVERDUE 2d")
    lines, shown = _digest(book.config, dt.date(2026, 12, 2))
    assert ("Bo Li", 2) in shown and ("Ana Ruiz", 0) in shown    # names right again (Zed's row is gone)
