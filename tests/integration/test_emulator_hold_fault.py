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
