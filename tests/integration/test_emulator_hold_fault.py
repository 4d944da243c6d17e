"""The emulator's `hold` fault: a call counted but not served until the test clears the faults, other calls
served meanwhile (the tests edit a book while a job's write is held, with no sleep that may end too soon)."""

from __future__ import annotations

import threading
import time

from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

GET = "sheets.spreadsheets.values.batchGet"


def test_a_held_call_waits_for_clear_faults_while_others_are_served(emulator, config):
    from tests.integration.test_adopt_attacks import new_book

    sheet_id = new_book(connect(config), {"Convos": [["Name"], ["Ana"]]})
    sheets = connect(config).sheets(sheet_id)
    emulator.reset_stats()
    pending = emulator.control("POST", "/_emulator/faults", {"method": GET, "hold": True, "count": 2})
    assert pending["faults"][0]["hold"] is True and "released" not in pending["faults"][0]
    got: list = []
    run = threading.Thread(target=lambda: got.append(sheets.read(["'Convos'!A1:A2"])))
    run.start()
    end = time.monotonic() + 30
    while emulator.stats()["by_method"].get(GET, 0) < 1 and time.monotonic() < end:
        time.sleep(0.02)
    time.sleep(0.2)
    assert run.is_alive() and not got                                   # held
    assert "released" not in emulator.control("GET", "/_emulator/faults")["faults"][0]
    other = connect(config).sheets(sheet_id)                        # its own client (a thread's own)
    other.write([CellWrite("'Convos'!A2", [["Bo"]])], input_option="RAW")       # served meanwhile
    emulator.clear_faults()
    run.join(30)
    assert not run.is_alive() and got and got[0][0] == [["Name"], ["Bo"]]       # served after the edit
    assert sheets.read(["'Convos'!A1:A2"])[0] == [["Name"], ["Bo"]]             # cleared: no more holds


def test_a_reset_ends_a_held_call_as_a_dropped_connection_never_served_into_the_emptied_store(emulator, config):
    """a22e 1: a held create let go by the next test's reset was served into the emptied store."""
    import json
    import urllib.request

    _reset_during_a_create(emulator, config, {"hold": True})
    with urllib.request.urlopen(urllib.request.Request(emulator.endpoint + "/_emulator/faults")) as answer:
        assert json.loads(answer.read())["faults"] == []


def test_hold_is_true_or_false(emulator):
    """a22e 2: {"hold": "false"} held the call."""
    import pytest

    for value in ("false", "no", 1):
        with pytest.raises(Exception, match="400"):      # the emulator's answer names it
            emulator.control("POST", "/_emulator/faults", {"method": "*", "hold": value})
    assert emulator.control("GET", "/_emulator/faults")["faults"] == []


def test_a_reset_ends_a_call_waiting_out_its_latency_as_a_dropped_connection(emulator, config):
    """s22 left: a `latency_ms` fault sleeping across a reset still served its call into the emptied store."""
    _, seconds = _reset_during_a_create(emulator, config, {"latency_ms": 20_000})
    assert seconds < 15                  # ended by the reset, not by the latency's end


def test_clear_faults_keeps_a_latency_already_begun(emulator, config):
    """Clearing the faults ends holds, not latencies: a call already waiting out its latency_ms is served
    after it, as before."""
    from tests.integration.test_adopt_attacks import new_book

    sheet_id = new_book(connect(config), {"Convos": [["Name"], ["Ana"]]})
    sheets = connect(config).sheets(sheet_id)
    emulator.reset_stats()
    emulator.control("POST", "/_emulator/faults", {"method": GET, "latency_ms": 1500})
    got: list = []
    run = threading.Thread(target=lambda: got.append(sheets.read(["'Convos'!A1:A2"])))
    started = time.monotonic()
    run.start()
    end = time.monotonic() + 30
    while emulator.stats()["by_method"].get(GET, 0) < 1 and time.monotonic() < end:
        time.sleep(0.02)
    emulator.clear_faults()
    run.join(30)
    assert got and got[0][0] == [["Name"], ["Ana"]]
    assert time.monotonic() - started >= 1.4


def _reset_during_a_create(emulator, config, fault: dict) -> tuple[list, float]:
    """A spreadsheets.create under `fault`, the emulator reset once the call is counted (while it waits): what
    the client got and the seconds from the reset to the call's end; no spreadsheet may exist afterwards."""
    from turfbook.workspace import transport

    emulator.control("POST", "/_emulator/faults", {"method": "sheets.spreadsheets.create", **fault})
    sheets = transport.api_client(config, "sheets", "v4")
    outcome: list = []

    def create():
        try:
            outcome.append(sheets.spreadsheets().create(body={"properties": {"title": "from test 1"}})
                           .execute(num_retries=0))
        except Exception as exc:            # the connection dropped: what the client sees
            outcome.append(exc)

    run = threading.Thread(target=create)
    run.start()
    end = time.monotonic() + 30
    while emulator.stats()["by_method"].get("sheets.spreadsheets.create", 0) < 1 and time.monotonic() < end:
        time.sleep(0.02)
    started = time.monotonic()
    emulator.reset()
    run.join(30)
    assert not run.is_alive() and isinstance(outcome[0], Exception), outcome
    drive = transport.api_client(config, "drive", "v3")
    assert drive.files().list(q="trashed = false", supportsAllDrives=True, includeItemsFromAllDrives=True,
                              corpora="allDrives").execute()["files"] == []
    return outcome, time.monotonic() - started
