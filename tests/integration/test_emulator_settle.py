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
