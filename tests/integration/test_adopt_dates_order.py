"""Issue 21, third outside attack (a21d finding 4, c6_ddmm_no_evidence.py): day/month is the SHEET's, not a
column's. A Spanish "Conversaciones" tab whose follow-ups are all <= 12 is read day/month when its "Fecha"
column says so, or, with no evidence anywhere, by the spreadsheet's own locale (es_ES) before the configured
one; the report says which and why; a follow-up due before its own conversation is a problem naming the row.
Hand count on 2026-11-20 (day/month): F/U 09/11 and 12/11 overdue, 01/12 not -> Ana, Bea."""

from __future__ import annotations

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from turfbook.cli import main

CONTACTS = [["Nombre"], ["Ana Ruiz"], ["Bea Soto"], ["Carla Paz"]]
HEADER = ["Fecha", "Nombre", "Fecha de seguimiento"]
EVIDENCE = [["13/11/2026", "Ana Ruiz", "09/11/2026"], ["14/11/2026", "Bea Soto", "12/11/2026"],
            ["15/11/2026", "Carla Paz", "01/12/2026"]]
NO_EVIDENCE = [["02/11/2026", "Ana Ruiz", "09/11/2026"], ["03/11/2026", "Bea Soto", "12/11/2026"],
               ["04/11/2026", "Carla Paz", "01/12/2026"]]


def _adopt_and_flag(book, rows, capsys, locale: str | None = None) -> tuple[str, dict[str, str], str]:  # noqa: F811
    sheets, path = book({"Contactos": CONTACTS, "Conversaciones": [HEADER] + rows})
    if locale:
        sheets.batch_update([{"updateSpreadsheetProperties": {"properties": {"locale": locale},
                                                              "fields": "locale"}}])
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt", "--language", "es"]) == 0
    report = capsys.readouterr().out
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    rows = sheets.read_tabs(["Conversaciones"])["Conversaciones"]
    status = rows[0].index("Status")
    _adopt_and_flag.problems = sheets.read_tabs(["Problems"])["Problems"]      # the Problems tab, as written
    return report, {r[1]: str(r[status]) if status < len(r) else "" for r in rows[1:]}, out


def _overdue(flags: dict[str, str]) -> set[str]:
    return {n for n, f in flags.items() if f.startswith("OVERDUE")}


def test_evidence_in_the_fecha_column_decides_day_month_for_the_follow_up_column_too(emulator, book, capsys):  # noqa: F811
    report, flags, out = _adopt_and_flag(book, EVIDENCE, capsys)
    assert _overdue(flags) == {"Ana Ruiz", "Bea Soto"}, flags
    assert "problems: 2" in out, out           # their follow-ups are due before their conversations: said
    lines = [line for line in report.splitlines() if "Fecha" in line and "→" in line]
    assert len(lines) == 2 and all("día/mes" in line and "13/11/2026" in line for line in lines), lines


def test_with_no_evidence_the_spreadsheets_own_es_locale_decides_and_the_report_says_so(emulator, book, capsys):  # noqa: F811
    report, flags, _ = _adopt_and_flag(book, NO_EVIDENCE, capsys, locale="es_ES")
    assert _overdue(flags) == {"Ana Ruiz", "Bea Soto"}, flags
    lines = [line for line in report.splitlines() if "Fecha" in line and "→" in line]
    assert len(lines) == 2 and all("día/mes" in line and "es_ES" in line and "propia hoja" in line
                                   for line in lines), lines


def test_a_follow_up_due_before_its_own_conversation_is_a_problem_naming_the_row(emulator, book, capsys):  # noqa: F811
    """en_US spreadsheet, no evidence: read month/day, Carla's conversation 04/11 is Apr 11 and her follow-up
    01/12 Jan 12, due before it: flagged as read, and a problem naming her row (never silently overdue)."""
    _, flags, out = _adopt_and_flag(book, NO_EVIDENCE, capsys, locale="en_US")
    assert _overdue(flags) == {"Ana Ruiz", "Carla Paz"}, flags
    assert "problems: 1" in out, out
    lines = [" ".join(map(str, r)) for r in _adopt_and_flag.problems if "before this conversation" in str(r)]
    assert len(lines) == 1 and "C-000003" in lines[0] and "2026-01-12" in lines[0], _adopt_and_flag.problems
