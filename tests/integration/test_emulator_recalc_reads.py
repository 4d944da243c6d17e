"""Issue 22 (emu22h): a values.get/batchGet recalculates only the formulas whose values the ranges it reads
may show (recalc_reads.py: the formulas of each sheet read at or above and left of the range's far corner,
and those of every sheet they read, sheet by sheet), and spreadsheets.get without grid data none: the
others stay stale for a later reader. Whatever the writes and reads, every read must show what a full
recalculation from scratch shows: random writes and clears to a workbook whose tabs' formulas read each
other less than in test_emulator_recalc_scope (so that a read of one tab leaves the others stale), each
followed by a read of a random range of a random tab, then a read of every tab."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.integration.test_emulator_recalc_scope import CELL_VALUES, ROWS, TABS, TYPED, _circular
from tests.support.emulator import DEMO_USER
from turfbook.config import Config
from turfbook.workspace import transport
from turfbook_emulator.server import Emulator
from turfbook_emulator.sheets import a1, books, recalc, values

COLS = 7
FORMULAS = {           # (tab, cell): formula; Alpha reads Beta's data, Gamma Beta's and Alpha's data
    ("Alpha", "E1"): '=ARRAYFORMULA(IF(A1:A8="",,A1:A8&"-"&IFERROR(VLOOKUP(A1:A8,Beta!A1:B8,2,FALSE),"none")))',
    ("Alpha", "G1"): '=E2&"!"',
    ("Beta", "D1"): "=SUM(B1:B8)+COUNTA(A:A)",
    ("Gamma", "F2"): "=ARRAYFORMULA(LEN(Beta!A1:A5))",
    ("Gamma", "A9"): "=ISBLANK(Alpha!C3)",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("recalc-reads")
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


def _full(emulator, sid: str):
    """A copy of the emulator's book, every formula recalculated from scratch; and its formulas' reads."""
    import pickle

    with emulator.store.lock:
        book = pickle.loads(pickle.dumps(books(emulator.store)[sid]))  # noqa: S301 - our own object
    for name in ("deps", "stale", "settled"):
        book.__dict__.pop(name, None)
    recalc._KEPT.clear()
    recalc.recalc(book)
    return book, book.__dict__.get("deps", {})


def _shown(book, text: str) -> list:
    return values.read(*values.resolve(book, text), "UNFORMATTED_VALUE").get("values", [])


steps = st.lists(st.tuples(
    st.sampled_from(TABS), st.integers(0, ROWS - 3), st.integers(0, COLS - 3),
    st.lists(st.lists(CELL_VALUES | TYPED, min_size=1, max_size=3), min_size=1, max_size=3),
    st.sampled_from(["update", "update", "batch", "clear", "metadata"]),
    st.sampled_from(TABS), st.integers(1, ROWS), st.integers(1, COLS)), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_every_read_after_random_writes_shows_a_full_recalculation(served, steps):
    emulator, sheets = served
    sid = _start(sheets)
    v = sheets.spreadsheets().values()
    for tab, r, c, block, kind, read_tab, rows, cols in steps:
        where = f"{tab}!{a1.cell_name(r, c)}"
        if kind == "clear":
            v.clear(spreadsheetId=sid, range=f"{where}:{a1.cell_name(r + len(block) - 1, c + 1)}").execute()
        elif kind == "batch":
            v.batchUpdate(spreadsheetId=sid, body={"valueInputOption": "USER_ENTERED", "data": [
                {"range": where, "values": block}, {"range": f"{tab}!{a1.cell_name(ROWS - 1, 0)}", "values": [["z"]]}]}
            ).execute()
        else:
            v.update(spreadsheetId=sid, range=where, valueInputOption="USER_ENTERED", body={"values": block}).execute()
            if kind == "metadata":    # no grid data: recalculates nothing, shows the grid as it is
                got = sheets.spreadsheets().get(spreadsheetId=sid).execute()
                assert [s["properties"]["title"] for s in got["sheets"]] == list(TABS)
        book, deps = _full(emulator, sid)
        assume(not _circular(deps))     # see test_emulator_recalc_scope._circular
        text = f"{read_tab}!A1:{a1.cell_name(rows - 1, cols - 1)}"
        got = v.get(spreadsheetId=sid, range=text, valueRenderOption="UNFORMATTED_VALUE").execute()
        assert got.get("values", []) == _shown(book, text), (text, tab, r, c, block, kind)
    book, _deps = _full(emulator, sid)
    got = v.batchGet(spreadsheetId=sid, ranges=list(TABS), valueRenderOption="UNFORMATTED_VALUE").execute()
    assert [r.get("values", []) for r in got["valueRanges"]] == [_shown(book, t) for t in TABS]


def test_a_read_of_a_tab_no_formula_shows_leaves_the_recalculation_to_the_next_reader(served):
    """Written data the formulas read, then a read of cells no formula can land in: nothing is recalculated
    (the book stays stale), and the next read of the formulas' tab shows them recalculated."""
    emulator, sheets = served
    sid = _start(sheets)
    v = sheets.spreadsheets().values()
    v.batchGet(spreadsheetId=sid, ranges=list(TABS)).execute()      # every formula evaluated once
    v.update(spreadsheetId=sid, range="Beta!B1", valueInputOption="RAW", body={"values": [["uno"]]}).execute()
    assert v.get(spreadsheetId=sid, range="Alpha!A1:D3").execute()["values"][0] == ["k1", "1"]
    sheets.spreadsheets().get(spreadsheetId=sid).execute()
    with emulator.store.lock:
        assert books(emulator.store)[sid].__dict__.get("stale")
    assert v.get(spreadsheetId=sid, range="Alpha!E1:E2").execute()["values"] == [["k1-uno"], ["k2-none"]]
    with emulator.store.lock:    # Beta and Gamma not read: still stale
        assert books(emulator.store)[sid].__dict__.get("stale")
    got = v.batchGet(spreadsheetId=sid, ranges=list(TABS)).execute()["valueRanges"]
    assert got[0]["values"][0][4] == "k1-uno"
    with emulator.store.lock:
        assert not books(emulator.store)[sid].__dict__.get("stale")


def test_a_volatile_formula_is_computed_once_per_change_whatever_reads_it(served):
    """a22c 2: View!A1 =NOW(), Other!A1 =View!A1, Far!A1 =Other!A1; after one write elsewhere, reads of each in
    turn (no write between) all show one value, as Google (NOW once per change, not once per read)."""
    _emulator, sheets = served
    sid = sheets.spreadsheets().create(body={"sheets": [
        {"properties": {"title": t}} for t in ("Data", "View", "Other", "Far")]}).execute()["spreadsheetId"]
    v = sheets.spreadsheets().values()
    for where, text in (("View!A1", "=NOW()"), ("Other!A1", "=View!A1"), ("Far!A1", "=Other!A1")):
        v.update(spreadsheetId=sid, range=where, valueInputOption="USER_ENTERED", body={"values": [[text]]}).execute()
    v.get(spreadsheetId=sid, range="Far!A1").execute()
    v.update(spreadsheetId=sid, range="Data!A1", valueInputOption="RAW", body={"values": [[1]]}).execute()
    seen = [v.get(spreadsheetId=sid, range=where, valueRenderOption="UNFORMATTED_VALUE").execute()["values"][0][0]
            for where in ("Other!A1", "View!A1", "Other!A1", "Far!A1", "View!A1")]
    assert len(set(seen)) == 1, seen
