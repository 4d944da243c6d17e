"""docs/emulator.md lists every batchUpdate Request kind of the discovery document with its real status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import googleapiclient

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import new_book, requests

DOC = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
DISCOVERY = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "sheets.v4.json"


def _table() -> dict[str, str]:
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {name: status.strip() for name, status in rows}


def test_every_request_kind_is_listed_with_the_status_the_emulator_has():
    kinds = set(json.loads(DISCOVERY.read_text(encoding="utf-8"))["schemas"]["Request"]["properties"])
    table = _table()
    assert set(table) == kinds
    book = new_book("t")
    for name, status in table.items():
        try:
            requests.apply(book, [{name: {"bogus": True}}])
            answered = 200
        except ApiError as exc:
            answered = exc.code
        assert (answered == 501) == status.startswith("501"), (name, status, answered)
