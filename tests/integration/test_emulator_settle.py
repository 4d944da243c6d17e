"""`POST /_emulator/settle` (what `make bench` calls before each call it times): the emulator's deferred
housekeeping done now. Its state is on disk once it answers (a kill -9 right after loses nothing), its heap is
collected, and it serves on as before."""

from __future__ import annotations

import gc

from turfbook.workspace import transport


def test_settled_state_survives_a_kill(tmp_path):
    from tests.support.emulator import EmulatorProcess

    first = EmulatorProcess.start(tmp_path / "data")
    try:
        api = transport.api_client(first.config(tmp_path), "sheets", "v4")
        sid = api.spreadsheets().create(body={"properties": {"title": "Settled"}}).execute()["spreadsheetId"]
        api.spreadsheets().values().update(spreadsheetId=sid, range="Sheet1!A1", valueInputOption="RAW",
                                           body={"values": [["kept"]]}).execute()
        assert first.control("POST", "/_emulator/settle") == {"settled": True}
        got = api.spreadsheets().values().get(spreadsheetId=sid, range="Sheet1!A1").execute()
        assert got["values"] == [["kept"]]
    finally:
        first.process.kill()
        first.process.wait(timeout=10)
    second = EmulatorProcess.start(tmp_path / "data")
    try:
        api = transport.api_client(second.config(tmp_path), "sheets", "v4")
        got = api.spreadsheets().values().get(spreadsheetId=sid, range="Sheet1!A1").execute()
        assert got["values"] == [["kept"]]
    finally:
        second.stop()


def test_collect_leaves_the_heap_frozen_and_the_count_current():
    from turfbook_emulator import heap

    heap.collect()
    assert gc.get_freeze_count() > 0
    assert heap._full_at[0] == heap._frozen[0] >= heap.BIG
    gc.unfreeze()


def test_a_reset_drops_what_recalculation_kept(tmp_path):
    """Kept formula values and lookup indexes hold an earlier workbook's cells (100k-row columns): a reset lets
    them go, so an emptied emulator does not carry them (memory, and time in every full collection)."""
    from turfbook_emulator import server
    from turfbook_emulator.sheets import lookups, recalc

    emulator = server.Emulator(tmp_path, port=0, quota_scale=0).start()
    try:
        recalc._KEPT["old"] = ([], list(range(1000)))
        lookups.finder_for(["a", "b"], True)
        emulator.reset()
        assert not recalc._KEPT and not lookups._FINDERS
    finally:
        emulator.stop()


def test_settle_recalculates_what_a_values_write_left_to_the_next_reader(tmp_path):
    """A values write leaves its formulas to the next reader; settle recalculates them now (Google does after the
    write), so the read after it pays nothing for them, and shows the same values."""
    from tests.support.emulator import EmulatorProcess
    from turfbook_emulator import server
    from turfbook_emulator.sheets import books

    emulator = server.Emulator(tmp_path / "data", port=0, quota_scale=0).start()
    try:
        handle = EmulatorProcess(emulator.base_url, tmp_path / "data" / "credentials.json", tmp_path / "data", None)
        api = transport.api_client(handle.config(tmp_path), "sheets", "v4").spreadsheets()
        sid = api.create(body={"properties": {"title": "Stale"}}).execute()["spreadsheetId"]
        api.values().update(spreadsheetId=sid, range="Sheet1!A1", valueInputOption="USER_ENTERED",
                            body={"values": [[1, "=ARRAYFORMULA(A1:A3*2)"]]}).execute()
        api.values().update(spreadsheetId=sid, range="Sheet1!A2", valueInputOption="RAW",
                            body={"values": [[5], [7]]}).execute()
        book = books(emulator.store)[sid]
        assert book.__dict__.get("stale")
        handle.control("POST", "/_emulator/settle")
        assert not book.__dict__.get("stale")
        got = api.values().get(spreadsheetId=sid, range="Sheet1!B1:B3", majorDimension="COLUMNS").execute()
        assert got["values"] == [["2", "10", "14"]]
    finally:
        emulator.stop()
