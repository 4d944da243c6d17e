"""The bad-input corpus: every case under tests/corpus/<kind>/<case>/case.yaml (and every sheet case
already in tests/corpus/schema/*.yaml) must end in its clear error — the message naming the row, file
or key — without a crash, a hang (pytest-timeout per case) or lost data (media: the file is still in
Drive, unchanged; sheets: every staff cell reads back as it was written). See README.md for the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import handlers
from tests.corpus.outcomes import outcome
from turfbook.yamlfile import load_yaml

HERE = Path(__file__).parent
KINDS = ("sheet", "media", "config", "rules", "workbook", "http")


def _cases() -> list:
    params = []
    for path in sorted((HERE / "schema").glob("*.yaml")):       # the schema corpus, reused as sheet cases
        # their parsing alone is tests/unit/test_schema_corpus.py; the emulator round trip is the slow part
        case = {"kind": "sheet", "input": {"schema_case": path.name}, "expect": {}}
        params.append(pytest.param(f"sheet/schema-{path.stem}", case, path.parent, id=f"sheet/schema-{path.stem}",
                                   marks=[pytest.mark.slow]))
    for kind in KINDS:
        for path in sorted((HERE / kind).glob("*/case.yaml")):
            case = load_yaml(path)
            assert case["kind"] == kind, f"{path}: kind {case['kind']} in the {kind}/ folder"
            case_id = f"{kind}/{path.parent.name}"
            marks = [pytest.mark.slow] if case.get("slow") else []
            params.append(pytest.param(case_id, case, path.parent, id=case_id, marks=marks))
    return params


CASES = _cases()


def test_the_corpus_has_at_least_fifty_cases():
    assert len(CASES) >= 50


def test_the_readme_lists_every_case():
    table = (HERE / "README.md").read_text(encoding="utf-8")
    missing = [p.id for p in CASES if f"`{p.id.replace('sheet/schema-', 'schema/')}" not in table]
    assert missing == [], "add them to tests/corpus/README.md (regenerate the table)"


@pytest.mark.timeout(240)  # a hang detector, not a speed check (10k-file inbox: ~40 s under load)
@pytest.mark.parametrize(("case_id", "case", "folder"), CASES)
def test_bad_input_gives_its_clear_error(case_id, case, folder, request):
    handler = getattr(handlers, case["kind"])
    with outcome(case_id):
        handler(case, folder, request)
