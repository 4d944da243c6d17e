"""Outside tester a21p's findings 6, 7 and 11 (issue 21) on a team's own settings tab adopted as Settings ('Ajustes')
and on a cell's problem. Ana's follow-up is due 11/15; on 11/18, with 'Días de gracia' 5, she is not overdue.

- 6: 'Días de gracia' 5 and 'grace_days' 0 (or 'Días de gracia' twice, 5 and 2) were read as the last one, silently;
  now a problem (EN/ES) names both rows and says Turfbook uses neither (its default, 0) until one row is left: the
  adopt report, `sheets check` and overdue say the same. '-5' was reported as "uses grace_days -5" while overdue
  used 0 with an English-only message; now one reading: a problem (EN/ES) everywhere, and the report does not say
  it uses -5.
- 7: the adopted 'Ajustes' renamed 'Parámetros', then `sheets adopt` again: it was "left alone", the jobs went back
  to grace 0 and New York and `sheets init` added a second Settings; now it is found by its sheetId and stays
  Settings.
- 11: "Conversations row C-000001: Person 'X' is not in People" was English only and named the row by its ID alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from turfbook.cli import main

CONTACTOS = [["Nombre", "Teléfono"], ["Ana Núñez", "5551234567"]]
CONVOS = [["Fecha", "Nombre", "Fecha de seguimiento"], ["11/2/2026", "Ana Núñez", "11/15/2026"]]
TODAY = ("--today", "2026-11-18")


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


@pytest.mark.parametrize(("second", "typed"), [(["grace_days", "0"], "grace_days '0'"),
                                               (["Días de gracia", "2"], "Días de gracia '2'")])
def test_a_setting_set_twice_differently_is_a_problem_naming_both_rows(emulator, book, capsys,  # noqa: F811
                                                                       second, typed):
    sheets, path = book({"Contactos": CONTACTOS, "Convos": CONVOS,
                         "Ajustes": [["Ajuste", "Valor"], ["Días de gracia", "5"], second,
                                     ["Zona horaria", "Europe/Madrid"]]}, "RAW")
    rc, report = _run(path, capsys, "sheets", "adopt")
    assert rc == 0
    assert "Turfbook uses: timezone Europe/Madrid;" in report and "grace_days 0" not in report, report
    _, check = _run(path, capsys, "run", "check", *TODAY)
    _, overdue = _run(path, capsys, "run", "overdue", *TODAY)
    for out in (report, check, overdue):
        said = next(x for x in out.splitlines() if "rows 2 and 3" in x)
        assert f"Ajustes rows 2 and 3 set grace_days to different values (Días de gracia '5', {typed})" in said, said
        assert "it uses neither: it uses 0 until only one row sets grace_days" in said, said
        assert f"Ajustes filas 2 y 3 fijan grace_days con valores distintos (Días de gracia '5', {typed})" in said
    assert "Europe/Madrid, grace 0d" in overdue.splitlines()[0], overdue
    assert _status(sheets).startswith("OVERDUE"), "grace 0, as said"


def test_a_negative_number_of_days_is_one_problem_in_both_languages_everywhere(emulator, book, capsys):  # noqa: F811
    sheets, path = book({"Contactos": CONTACTOS, "Convos": CONVOS,
                         "Ajustes": [["Ajuste", "Valor"], ["Días de gracia", "-5"]]}, "RAW")
    _, report = _run(path, capsys, "sheets", "adopt")
    assert "grace_days -5" not in report, report
    _, check = _run(path, capsys, "run", "check", *TODAY)
    _, overdue = _run(path, capsys, "run", "overdue", *TODAY)
    for out in (report, check, overdue):
        assert ("Ajustes row 2: Días de gracia (grace_days) '-5' is below 0 (type 0 or more, like 5); Turfbook uses "
                "0 until it is fixed / Ajustes fila 2: Días de gracia (grace_days) '-5' es menor que 0") in out, out
        assert "Settings grace_days '-5'" not in out, out          # the English-only one is gone


def test_their_settings_tab_renamed_then_adopted_again_stays_settings(emulator, book, capsys):  # noqa: F811
    sheets, path = book({"Contactos": CONTACTOS, "Convos": CONVOS,
                         "Ajustes": [["Ajuste", "Valor"], ["Días de gracia", "5"], ["Zona horaria", "Europe/Madrid"]]},
                        "RAW")
    _run(path, capsys, "sheets", "adopt")
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": _ids(sheets)["Ajustes"],
                                                                   "title": "Parámetros"}, "fields": "title"}}])
    rc, again = _run(path, capsys, "sheets", "adopt")
    assert rc == 0
    assert ("- 'Parámetros' → Settings (adopted as Settings before, renamed since); Turfbook uses: grace_days 5; "
            "timezone Europe/Madrid") in again, again
    assert "Tabs left alone" not in again or "'Parámetros'" not in again.split("Tabs left alone")[1], again
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "- 'Parámetros' → Ajustes (Settings) (adoptada antes como Ajustes, renombrada después)" in es, es
    _, overdue = _run(path, capsys, "run", "overdue", *TODAY)
    assert "Europe/Madrid, grace 5d" in overdue.splitlines()[0], overdue
    assert not _status(sheets).startswith("OVERDUE")
    assert _run(path, capsys, "sheets", "init")[0] == 0
    assert "Settings" not in _ids(sheets)


def test_a_cells_problem_is_in_both_languages_and_names_the_row_by_number_and_id(emulator, book, capsys):  # noqa: F811
    sheets, path = book({"Contactos": CONTACTOS,
                         "Convos": CONVOS + [["11/3/2026", "Zed Nadie", "11/20/2026"]]}, "RAW")
    _run(path, capsys, "sheets", "adopt")
    _, check = _run(path, capsys, "run", "check", *TODAY)
    said = next(x for x in check.splitlines() if "Zed Nadie" in x)
    assert ("Conversations row 3 (C-000002): Person 'Zed Nadie' is not in People / Conversations fila 3 (C-000002): "
            "Person 'Zed Nadie' no está en People") in said, said
    rows = sheets.read_tabs(["Convos"])["Convos"]
    cell = rows[2][rows[0].index("Problems")]
    assert cell == "Person 'Zed Nadie' is not in People / Person 'Zed Nadie' no está en People", cell
