"""Outside tester a21q's findings 2 and 5 (issue 21) on a team's own settings tab adopted as Settings ('Ajustes').
Ana's follow-up is due 11/15; on 11/18 with grace 0 she is overdue.

- 2: a phone number pasted into 'Días de gracia' (5551234567) was used by check and overdue and `run digest`
  crashed ("must have magnitude <= 999999999"); '1e3' was read as 1000. Now a settings number is its digits from 0
  to 3650: anything else a problem (EN/ES) naming the tab and row, the default used, and the digest runs.
- 5: 'Europe/Madrid' and 'europe/madrid' are one zone; the Spanish adopt report named the row twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_adopt_attacks import book  # noqa: F401  (the fixture)
from tests.integration.test_adopt_fix21ay import CONTACTOS, CONVOS, TODAY, _run, _status


@pytest.mark.parametrize("typed", ["5551234567", "1e3"])
def test_a_pasted_number_of_days_is_a_problem_and_the_digest_runs(emulator, book, capsys, typed):  # noqa: F811
    sheets, path = book({"Contactos": CONTACTOS, "Convos": CONVOS,
                         "Ajustes": [["Ajuste", "Valor"], ["Días de gracia", typed]]}, "RAW")
    rc, report = _run(path, capsys, "sheets", "adopt")
    assert rc == 0 and f"grace_days {int(float(typed))}" not in report, report
    _, check = _run(path, capsys, "run", "check", *TODAY)
    _, overdue = _run(path, capsys, "run", "overdue", *TODAY)
    for out in (report, check, overdue):
        assert f"Ajustes row 2: Días de gracia (grace_days) '{typed}' is" in out, out
        assert f"Turfbook uses 0 until it is fixed / Ajustes fila 2: Días de gracia (grace_days) '{typed}'" in out
    assert "grace 0d" in overdue.splitlines()[0], overdue
    assert _status(sheets).startswith("OVERDUE"), "grace 0, as said"
    assert _run(path, capsys, "run", "digest", "--dry-run", *TODAY)[0] == 0


def test_one_zone_typed_two_ways_is_one_value_and_spanish_names_the_row_once(emulator, book, capsys):  # noqa: F811
    _, path = book({"Contactos": CONTACTOS, "Convos": CONVOS,
                    "Ajustes": [["Ajuste", "Valor"], ["Zona horaria", "Europe/Madrid"],
                                ["timezone", "europe/madrid"], ["Días de gracia", "5551234567"]]}, "RAW")
    _, report = _run(path, capsys, "sheets", "adopt")
    assert "Turfbook uses: timezone Europe/Madrid" in report and "not a timezone" not in report, report
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    said = next(x for x in es.splitlines() if "5551234567" in x)
    assert said.startswith("- Valor no válido: Ajustes fila 4: Días de gracia (grace_days) '5551234567' es mayor "
                           "que 3650"), said
    assert "Value" not in said, said
