"""Issue 22: a values write, and a spreadsheets.batchUpdate whose requests say what they change
(requests_scope.py), recalculate only the formulas that depend on what changed (recalc.py keeps each
formula's reads and array area). Whatever the writes, every reply must equal a full recalculation from
scratch: random writes, clears and batchUpdate requests (cell values and formulas, formats, appended rows,
and structural requests that recalculate everything) to random tabs of a workbook whose formulas read each
other across tabs (arrays, a bare range, lookups, a backward chain), each read through the real client and
compared with a copy of the emulator's book recalculated in full with no kept values."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
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


def _recalculated_in_full(emulator, sid: str, with_deps: bool = False):
    with emulator.store.lock:
        book = pickle.loads(pickle.dumps(books(emulator.store)[sid]))  # noqa: S301 - our own object
    for name in ("deps", "stale"):
        book.__dict__.pop(name, None)
    recalc._KEPT.clear()
    recalc.recalc(book)
    got = {t: values.read(book.sheet_by_title(t), a1.WHOLE, "UNFORMATTED_VALUE").get("values", []) for t in TABS}
    return (got, book.__dict__.get("deps", {})) if with_deps else got


writes = st.lists(st.tuples(
    st.sampled_from(TABS), st.integers(0, ROWS - 3), st.integers(0, COLS - 3),
    st.lists(st.lists(CELL_VALUES | TYPED, min_size=1, max_size=3), min_size=1, max_size=3),
    st.sampled_from(["update", "update", "batch", "clear", "requests", "requests"])), min_size=1, max_size=6)
REQUEST_KINDS = st.lists(st.sampled_from(["updateCells", "updateCells", "repeatCell", "format", "appendCells",
                                          "frozen", "insertDimension"]), min_size=1, max_size=3)


def _entered(value) -> dict:
    """A cell as updateCells sends it (what USER_ENTERED would store: "=..." a formula)."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"numberValue": value}
    if value.startswith("="):
        return {"formulaValue": value}
    return {"stringValue": value} if value else {}


def _requests(kinds: list[str], sheet_id: int, r: int, c: int, block: list[list]) -> list[dict]:
    """batchUpdate requests at (r, c) of the tab: the block's cells, and more."""
    span = {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + len(block),
            "startColumnIndex": c, "endColumnIndex": c + 2}
    out = []
    for kind in kinds:
        if kind == "updateCells":
            out.append({"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": r, "columnIndex": c},
                                        "rows": [{"values": [{"userEnteredValue": _entered(v)} for v in row]}
                                                 for row in block], "fields": "userEnteredValue"}})
        elif kind == "repeatCell":
            out.append({"repeatCell": {"range": span, "cell": {"userEnteredValue": _entered(block[0][0])},
                                       "fields": "userEnteredValue"}})
        elif kind == "format":
            out.append({"repeatCell": {"range": span, "cell": {}, "fields": "userEnteredFormat,note"}})
        elif kind == "appendCells":
            out.append({"appendCells": {"sheetId": sheet_id, "fields": "userEnteredValue", "rows": [
                {"values": [{"userEnteredValue": _entered(v)} for v in block[0]]}]}})
        elif kind == "frozen":
            out.append({"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": {
                "frozenRowCount": 1}}, "fields": "gridProperties.frozenRowCount"}})
        else:   # structural: everything recalculated from here on
            out.append({"insertDimension": {"range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": r,
                                                      "endIndex": r + 1}, "inheritFromBefore": r > 0}})
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=writes, kinds=REQUEST_KINDS)
# typed over an array's formula cell and into a cell it covered: the typed value stays (perf22h)
@example(steps=[("Alpha", 0, 4, [['=A1&"+"'], ["k1"]], "update")], kinds=["updateCells"])
@example(steps=[("Alpha", 0, 4, [['=A1&"+"'], ["k1"]], "requests")], kinds=["updateCells", "format"])
def test_every_reply_after_random_writes_equals_a_full_recalculation(served, steps, kinds):
    emulator, sheets = served
    sid = _start(sheets)
    v = sheets.spreadsheets().values()
    ids = {s["properties"]["title"]: s["properties"]["sheetId"]
           for s in sheets.spreadsheets().get(spreadsheetId=sid).execute()["sheets"]}
    for tab, r, c, block, kind in steps:
        where = f"{tab}!{a1.cell_name(r, c)}"
        if kind == "requests":
            sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={
                "requests": _requests(kinds, ids[tab], r, c, block)}).execute()
            kinds = kinds[1:] + kinds[:1]      # another order next time
        elif kind == "clear":
            v.clear(spreadsheetId=sid, range=f"{where}:{a1.cell_name(r + len(block) - 1, c + 1)}").execute()
        elif kind == "batch":
            v.batchUpdate(spreadsheetId=sid, body={"valueInputOption": "USER_ENTERED", "data": [
                {"range": where, "values": block}, {"range": f"{tab}!{a1.cell_name(ROWS - 1, 0)}", "values": [["z"]]}]}
            ).execute()
        else:
            v.update(spreadsheetId=sid, range=where, valueInputOption="USER_ENTERED", body={"values": block}).execute()
        full, deps = _recalculated_in_full(emulator, sid, with_deps=True)
        assume(not _circular(deps))     # see _circular
        assert _served(sheets, sid) == full, (tab, r, c, block, kind)


def _circular(deps: dict) -> bool:
    """Whether some formula reads its own cells, itself or through others. Sheets answers #REF! ("Circular
    dependency detected") there; the emulator's answer then depends on the order it evaluates them in, so a
    scoped and a full recalculation may differ (e.g. =ARRAYFORMULA(B1:B2&"~") typed in B2, on main before
    issue 22's batchUpdate scope too). Left to the issue about circular references: not compared here."""
    areas = {at: (at[0], at[1], at[2], at[1] + rec[2][0], at[2] + rec[2][1]) for at, rec in deps.items()}
    edges = {at: [other for other, (sid, r0, c0, r1, c1) in areas.items()
                  if any(t == sid and a0 < r1 and r0 < a1 and b0 < c1 and c0 < b1 for t, a0, b0, a1, b1 in rec[1])]
             for at, rec in deps.items()}
    state: dict = {}

    def cycle_from(node) -> bool:
        state[node] = 1
        for nxt in edges[node]:
            if state.get(nxt) == 1 or (nxt not in state and cycle_from(nxt)):
                return True
        state[node] = 2
        return False
    return any(node not in state and cycle_from(node) for node in edges)


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


def test_a_format_request_on_a_formula_cell_shows_what_a_full_recalculation_shows(served):
    """A request that changes formats only recalculates nothing, but a formula cell whose format it cleared
    gets its number format inferred again (=A1+1 of a date shows a date), as after a full recalculation."""
    emulator, sheets = served
    sid = sheets.spreadsheets().create(body={"sheets": [{"properties": {"title": "Alpha"}}]}).execute()
    sheet_id, sid = sid["sheets"][0]["properties"]["sheetId"], sid["spreadsheetId"]
    v = sheets.spreadsheets().values()
    v.update(spreadsheetId=sid, range="Alpha!A1", valueInputOption="USER_ENTERED",
             body={"values": [["11/21/2026", "", "=A1+1", "=B1+1"]]}).execute()
    sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [{"repeatCell": {
        "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 2,
                  "endColumnIndex": 4}, "cell": {}, "fields": "userEnteredFormat"}}]}).execute()
    shown = v.get(spreadsheetId=sid, range="Alpha!A1:D1").execute()["values"]
    with emulator.store.lock:
        book = pickle.loads(pickle.dumps(books(emulator.store)[sid]))  # noqa: S301 - our own object
    book.__dict__.pop("deps", None)
    recalc._KEPT.clear()
    recalc.recalc(book)
    assert shown == values.read(book.sheet_by_title("Alpha"), a1.parse_cells("A1:D1"), "FORMATTED_VALUE")["values"]
    assert shown[0][2] == "11/22/2026"
