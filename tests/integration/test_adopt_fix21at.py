"""Outside tester a21o's findings 2, 5, 6 and 7 (issue 21) on a team's own settings tab adopted as Settings
('Ajustes'): deleted after adoption it is a problem saying what is used now and how to fix (never a silent switch
to grace 0 and the configured timezone); the locale it sets is the one the report's date order names, the same
one the jobs read dates by; a value it cannot read is a problem in English and Spanish; its settings may be named
in Spanish ('Días de gracia', 'Zona horaria'), and a name Turfbook does not know is a problem naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from turfbook.cli import main

CONTACTOS = [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"]]
HEAD = ["Fecha", "Nombre", "Fecha de seguimiento"]


def _run(path, capsys, *args):
    capsys.readouterr()
    rc = main(["--config", path, *args])
    return rc, capsys.readouterr().out


def _ids(sheets) -> dict[str, int]:
    return {s["properties"]["title"]: s["properties"]["sheetId"]
            for s in sheets.metadata("sheets(properties(sheetId,title))")["sheets"]}


def _status(sheets) -> str:
    rows = sheets.read_tabs(["Convos"])["Convos"]
    return rows[1][rows[0].index("Status")]


@pytest.mark.parametrize("remade", [False, True])
def test_their_settings_tab_deleted_is_said_with_what_is_used_and_how_to_fix(emulator, book, capsys,  # noqa: F811
                                                                               remade):
    """a21o 2: 'Ajustes' (grace 5, Europe/Madrid) deleted (or deleted and an empty 'Ajustes' made again): check
    and overdue each say so (EN/ES), what Turfbook uses now, and how to get it back."""
    sheets, path = book({"Contactos": CONTACTOS,
                         "Convos": [HEAD, ["11/2/2026", "Ana Núñez", "11/15/2026"]],
                         "Ajustes": [["Ajuste", "Valor"], ["grace_days", "5"], ["timezone", "Europe/Madrid"]]}, "RAW")
    _run(path, capsys, "sheets", "adopt")
    rc, before = _run(path, capsys, "run", "overdue", "--today", "2026-11-18")
    assert "Europe/Madrid, grace 5d" in before.splitlines()[0], before
    sheets.batch_update([{"deleteSheet": {"sheetId": _ids(sheets)["Ajustes"]}}])
    if remade:
        sheets.batch_update([{"addSheet": {"properties": {"title": "Ajustes"}}}])
    rc, check = _run(path, capsys, "run", "check", "--today", "2026-11-18")
    rc, overdue = _run(path, capsys, "run", "overdue", "--today", "2026-11-18")
    for out in (check, overdue):
        said = next(x for x in out.splitlines() if "was deleted" in x)
        assert "'Ajustes', the team's settings tab adopted as Settings, was deleted" in said, said
        assert "configured timezone and its default settings (grace_days 0" in said, said
        assert "Undo the delete" in said and "`turfbook sheets adopt`" in said, said
        assert "se borró" in said and "Deshaga el borrado" in said, said
        assert ("The tab titled 'Ajustes' now is a new one, not the one adopted" in said) is remade, said
        assert "tab 'Ajustes' is not adopted" not in out, out
    problems = sheets.read_tabs(["Problems"])["Problems"]
    assert any("was deleted" in " ".join(map(str, r)) for r in problems), problems


def test_the_locale_their_settings_set_is_the_one_the_report_and_jobs_read_dates_by(emulator, book,  # noqa: F811
                                                                                    capsys):
    """a21o 5: 'Ajustes' sets locale es-ES in an en_US spreadsheet; no date says which order: the report says
    day/month from the settings tab (EN and ES), and overdue reads 09/11/2026 as 9 Nov."""
    sheets, path = book({"Contactos": CONTACTOS,
                         "Convos": [HEAD, ["05/11/2026", "Ana Núñez", "09/11/2026"]],
                         "Ajustes": [["Ajuste", "Valor"], ["locale", "es-ES"]]}, "RAW")
    rc, adopt = _run(path, capsys, "sheets", "adopt")
    line = next(x for x in adopt.splitlines() if "'Fecha de seguimiento'" in x)
    assert "dates read day/month (the locale its settings tab sets, as every job reads it, es-ES" in line, line
    assert "month/day" not in line and "spreadsheet's own" not in line, line
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    line_es = next(x for x in es.splitlines() if "'Fecha de seguimiento'" in x)
    assert "fechas leídas día/mes (la configuración regional que fija su pestaña de ajustes" in line_es, line_es
    _run(path, capsys, "run", "overdue", "--today", "2026-11-19")
    assert _status(sheets) == "OVERDUE 10d"


def test_spanish_setting_names_are_read_and_what_is_not_read_is_said_in_both_languages(emulator, book,  # noqa: F811
                                                                                       capsys):
    """a21o 6, 7: 'Días de gracia' 5 and 'Zona horaria' Europe/Madrid are used; 'Días para pronto' '2 días' is a
    problem in English and Spanish; 'Color' names no setting: a problem naming its row."""
    sheets, path = book({"Contactos": CONTACTOS,
                         "Convos": [HEAD, ["11/2/2026", "Ana Núñez", "11/15/2026"]],
                         "Ajustes": [["Ajuste", "Valor"], ["Días de gracia", "5"], ["Zona horaria", "Europe/Madrid"],
                                     ["Días para pronto", "2 días"], ["Color", "azul"]]}, "RAW")
    rc, adopt = _run(path, capsys, "sheets", "adopt")
    line = next(x for x in adopt.splitlines() if "'Ajustes' →" in x)
    assert "grace_days 5; timezone Europe/Madrid" in line, line
    rc, check = _run(path, capsys, "run", "check", "--today", "2026-11-19")
    rc, overdue = _run(path, capsys, "run", "overdue", "--today", "2026-11-19")
    assert "(Europe/Madrid, grace 5d, due soon = within 3d)" in overdue.splitlines()[0], overdue
    assert not _status(sheets).startswith("OVERDUE"), _status(sheets)
    for out in (adopt, check, overdue):
        assert "Ajustes row 4: Días para pronto (due_soon_days) '2 días' is not a whole number" in out, out
        assert "Ajustes fila 4: Días para pronto (due_soon_days) '2 días' no es un número entero" in out, out
        assert "Ajustes row 5: 'Color' is not a setting Turfbook knows" in out, out
        assert "Ajustes fila 5: 'Color' no es un ajuste que Turfbook conozca" in out, out
