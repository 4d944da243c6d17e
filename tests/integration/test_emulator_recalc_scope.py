"""Issue 22: a values write recalculates only the formulas that depend on what it changed (recalc.py keeps
each formula's reads and array area). Whatever the writes, every reply must equal a full recalculation
from scratch: random writes and clears to random tabs of a workbook whose formulas read each other across
tabs (arrays, a bare range, lookups, a backward chain), each read through the real client and compared
with a copy of the emulator's book recalculated in full with no kept values."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.emulator import DEMO_USER
from turfbook.config import Config
from turfbook.workspace import transport
from turfbook_emulator.server import Emulator
from turfbook_emulator.sheets import a1, books, recalc, values

TABS = ("Alpha", "Beta", "Gamma")
ROWS, COLS = 10, 7
FORMULAS = {           # (tab, cell): formula; the cells the random writes reach hold data or formulas too
    ("Alpha", "E1"): '=ARRAYFORMULA(IF(A1:A8="",,A1:A8&"-"&IFERROR(VLOOKUP(A1:A8,Beta!A1:B8,2,FALSE),"none")))',
    ("Beta", "D1"): "=SUM(Alpha!B1:B8)+COUNTA(Gamma!A:A)",
    ("Gamma", "D2"): "=Alpha!E2&\"/\"&Beta!D1",
    ("Alpha", "G1"): "=Gamma!D2&\"!\"",
    ("Beta", "F1"): "=Alpha!A1:A4",
    ("Gamma", "F2"): "=ARRAYFORMULA(LEN(Beta!A1:A5))",
    ("Gamma", "A9"): "=ISBLANK(Alpha!C3)",
}
CELL_VALUES = st.sampled_from(["k1", "k2", "k3", "", "x", 1, 2, 5, True])
TYPED = st.sampled_from(["=A1&\"+\"", "=SUM(B1:B3)", "=ARRAYFORMULA(B1:B2&\"~\")", "=Beta!A1", "7"])


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("recalc-scope")
    emulator = Emulator(tmp, port=0, quota_scale=0).start()
    config = Config(google={"endpoint": emulator.base_url, "credentials_file": emulator.credentials_path,
                            "delegated_user": DEMO_USER}, data_dir=tmp)
    yield emulator, transport.api_client(config, "sheets", "v4")
    emulator.stop()


def _start(sheets) -> str:
    sid = sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": t, "gridProperties": {"rowCount": ROWS, "columnCount": COLS}}} for t in TABS
    ]}).execute()["spreadsheetId"]
    sheets.spreadsheets().values().batchUpdate(spreadsheetId=sid, body={"valueInputOption": "USER_ENTERED", "data": [
        {"range": "Alpha!A1", "values": [["k1", 1], ["k2", 2], ["k3", 3]]},
        {"range": "Beta!A1", "values": [["k1", "one"], ["k3", "three"]]},
        {"range": "Gamma!A1", "values": [["c"], ["c"]]},
        *({"range": f"{tab}!{cell}", "values": [[text]]} for (tab, cell), text in FORMULAS.items()),
    ]}).execute()
    return sid


def _served(sheets, sid: str) -> dict:
    got = sheets.spreadsheets().values().batchGet(spreadsheetId=sid, ranges=list(TABS),
                                                  valueRenderOption="UNFORMATTED_VALUE").execute()
    return {t: r.get("values", []) for t, r in zip(TABS, got["valueRanges"], strict=True)}


def _recalculated_in_full(emulator, sid: str) -> dict:
    with emulator.store.lock:
        book = pickle.loads(pickle.dumps(books(emulator.store)[sid]))  # noqa: S301 - our own object
    for name in ("deps", "stale"):
        book.__dict__.pop(name, None)
    recalc._KEPT.clear()
    recalc.recalc(book)
    return {t: values.read(book.sheet_by_title(t), a1.WHOLE, "UNFORMATTED_VALUE").get("values", []) for t in TABS}


writes = st.lists(st.tuples(
    st.sampled_from(TABS), st.integers(0, ROWS - 3), st.integers(0, COLS - 3),
    st.lists(st.lists(CELL_VALUES | TYPED, min_size=1, max_size=3), min_size=1, max_size=3),
    st.sampled_from(["update", "update", "batch", "clear"])), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=writes)
def test_every_reply_after_random_writes_equals_a_full_recalculation(served, steps):
    emulator, sheets = served
    sid = _start(sheets)
    v = sheets.spreadsheets().values()
    for tab, r, c, block, kind in steps:
        where = f"{tab}!{a1.cell_name(r, c)}"
        if kind == "clear":
            v.clear(spreadsheetId=sid, range=f"{where}:{a1.cell_name(r + len(block) - 1, c + 1)}").execute()
        elif kind == "batch":
            v.batchUpdate(spreadsheetId=sid, body={"valueInputOption": "USER_ENTERED", "data": [
                {"range": where, "values": block}, {"range": f"{tab}!{a1.cell_name(ROWS - 1, 0)}", "values": [["z"]]}]}
            ).execute()
        else:
            v.update(spreadsheetId=sid, range=where, valueInputOption="USER_ENTERED", body={"values": block}).execute()
        assert _served(sheets, sid) == _recalculated_in_full(emulator, sid), (tab, r, c, block, kind)


def test_a_strict_one_of_range_rule_checks_against_formula_values_a_write_just_changed(served):
    """The list a ONE_OF_RANGE rule names is computed (Beta!F1 = Alpha!A1:A4): a write checked by it sees the
    values the write before it changed, as Google's sheet does."""
    from googleapiclient.errors import HttpError

    _emulator, sheets = served
    sid = _start(sheets)
    tabs = sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"]
    alpha = next(s["properties"]["sheetId"] for s in tabs if s["properties"]["title"] == "Alpha")
    sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [{"setDataValidation": {
        "range": {"sheetId": alpha, "startRowIndex": 0, "endRowIndex": 5, "startColumnIndex": 2, "endColumnIndex": 3},
        "rule": {"condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=Beta!F1:F4"}]},
                 "strict": True}}}]}).execute()
    v = sheets.spreadsheets().values()
    v.update(spreadsheetId=sid, range="Alpha!A1", valueInputOption="RAW", body={"values": [["fresh"]]}).execute()
    v.update(spreadsheetId=sid, range="Alpha!C1", valueInputOption="RAW", body={"values": [["fresh"]]}).execute()
    with pytest.raises(HttpError) as refused:
        v.update(spreadsheetId=sid, range="Alpha!C2", valueInputOption="RAW", body={"values": [["k1"]]}).execute()
    assert refused.value.resp.status == 400 and "violates the data validation rules" in str(refused.value)
