"""id_text (one rule for an ID typed by hand, a21n 2) and adopt_sorted._keys' DEAD keys (a21n 1), pure."""

from __future__ import annotations

from turfbook.schema.adopt_sorted import DEAD, _keys, check, row_key
from turfbook.schema.id_text import as_read, differs, own_id
from turfbook.schema.loader import load_schema
from turfbook.schema.model import Row

TAB = load_schema().tab("People")


def test_an_id_in_another_case_is_that_id_and_nothing_else_is_guessed():
    assert own_id("C-000001", "C-") == "C-000001"
    assert own_id("c-000001", "C-") == "C-000001"
    assert own_id("C-1", "C-") == "C-1"                     # its own (unknown) ID: not C-000001
    assert own_id("P-000001", "C-") is None and own_id("call back", "C-") is None and own_id("", "C-") is None
    assert own_id("C-000001\u200b", "C-") is None          # a zero-width space: said, not guessed
    assert as_read(["c-000002", None, "x", "C-000003"], "C-") == ["C-000002", None, "x", "C-000003"]
    assert differs(" C-000001 ", "C-000001") and differs("c-000001", "C-000001")
    assert not differs("C-000001", "C-000001") and not differs("c-000001", None)


def _row(row_id: str | None, name: str, phone: str) -> Row:
    raw = {"name": name, "phone": phone} | ({"id": row_id} if row_id else {})
    return Row("People", 2, row_id, dict(raw), raw)


def test_a_dead_key_stays_while_a_newer_id_has_it_then_goes_when_that_id_leaves_its_row():
    ana = row_key(TAB, {"name": "Ana Ruiz", "phone": "p1"})
    edited = row_key(TAB, {"name": "Ana Ruiz", "phone": "p2"})
    stored = {"P-000001": ana}
    gone = _keys([_row(None, "Ana Ruiz", "p2")], [""], stored)           # her ID cell cleared, phone edited
    assert gone == {"P-000001": DEAD + ana}
    given = _keys([_row("P-000003", "Ana Ruiz", "p2")], [edited], gone)  # her row got P-000003
    assert given["P-000001"] == DEAD + ana and given["P-000003"] == edited
    typed = [_row("P-000001", "Ana Ruiz", "p2")]                          # P-000001 typed back: not a sort
    assert check(TAB, typed, given, [edited]) is None
    assert _keys(typed, [edited], given) == {"P-000001": edited}          # P-000003 goes, silently
    cleared = _keys([_row(None, "Ana Ruiz", "p2")], [""], given)         # P-000003's cell cleared instead
    assert cleared == {"P-000003": DEAD + edited}                        # the freshest ID of that content
