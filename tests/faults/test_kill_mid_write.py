"""A real CLI job killed (SIGKILL) while its guarded write is held at the emulator (a latency fault), a
staff "Sort range" landing in that window (cell contents move, rows and their tags do not: the held
write then lands on other records' rows), and the job run again: the re-run finishes the killed run's
verify from its intent journal (service/schema/write_journal.py) and puts every service value back on
its own row (issue 14, a14 F3/F4); staff cells never change. And F5: an ID minted for a row whose staff
cells were cut away while the write was held is not left on the emptied row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults import test_every_write_in_flight as H
from turfbook.workspace.transport import gspread_client

TURFBOOK = [sys.executable, "-m", "turfbook"]
LEASE_S = 2                                                  # the filing run lock's lease (lock_ttl_seconds)


def _config_file(config) -> Path:
    data = Path(config.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    path = data / "config.yaml"
    g = config.google
    path.write_text(f"""google:
  credentials_file: {g.credentials_file}
  endpoint: {g.endpoint}
  spreadsheet_id: {g.spreadsheet_id}
  delegated_user: {g.delegated_user}
  drive:
    shared_drive: "{g.drive.shared_drive}"
    lock_ttl_seconds: {LEASE_S}
mail:
  transport: outbox
data_dir: {data}
schema_dir: {config.schema_dir}
rules_dir: {config.rules_dir}
""")
    return path


def _kill_while_held(emulator, config, job, method: str, n: int, command: list[str]):
    """Run `command` as a real process, hold its n-th (0-based) `method` call, SIGKILL it while the call
    waits, then do a staff Sort range (plain gspread) before the held call lands."""
    before = H.displayed(config, job.tab)
    sh = gspread_client(config).open_by_key(config.google.spreadsheet_id)
    ws = sh.worksheet(job.tab)
    emulator.reset_stats()
    emulator.fault(method=method, latency_ms=2500, count=1, after_calls=n)
    process = subprocess.Popen(command, cwd=config.data_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert H._wait_for_call(emulator, method, n + 1), f"call {n + 1} of {method} never came"
        time.sleep(0.2)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed = time.monotonic()
    H.sort_range(sh, ws, {})
    time.sleep(3)                                            # the held write lands, after the sort
    emulator.clear_faults()
    journal = Path(config.data_dir) / "write-journal"
    assert any(journal.glob("*.json")), "the killed run left no intent journal"
    return before, journal, killed


def _run(command: list[str], config) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=config.data_dir, capture_output=True, text=True, timeout=300)


def test_killed_sheets_check_during_sort_range_keeps_existing_ids(emulator, config):
    job = H.JOBS["schema"]
    config = job.build(config)
    command = TURFBOOK + ["--config", str(_config_file(config)), "sheets", "check"]
    before, journal, _ = _kill_while_held(emulator, config, job, H.BATCH, 1, command)
    rerun = _run(command, config)
    assert rerun.returncode in (0, 1), rerun.stdout + rerun.stderr
    after = H.displayed(config, job.tab)
    shown = [h for h in H.staff_headers(job.tab) if h != "ID"]
    H.check_staff_cells(job, {}, before, after, shown)
    H.check_service_values(config, job, {}, before, after)   # existing IDs never change
    assert not any(journal.glob("*.json"))
    assert job.replan(config) == 0


def test_killed_filing_during_sort_range_puts_media_rows_back(emulator, config):
    job = H.JOBS["filing"]
    config = job.build(config)
    command = TURFBOOK + ["--config", str(_config_file(config)), "run", "filing"]
    before, journal, killed = _kill_while_held(emulator, config, job, H.BATCH, 3, command)
    # the killed run's lock lease runs out: it was last renewed before the kill, for LEASE_S (the wait for the
    # held write has usually outlasted it already)
    time.sleep(max(0.0, killed + LEASE_S + 0.1 - time.monotonic()))
    rerun = _run(command, config)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    after = H.displayed(config, job.tab)
    shown = [h for h in H.staff_headers(job.tab) if h != "ID"]
    H.check_staff_cells(job, {}, before, after, shown)
    H.check_media(config, after, {})                         # every row's Drive file is its own
    assert not any(journal.glob("*.json"))
    verify = _run(command + ["--verify"], config)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert job.replan(config) == 0


def cut_paste_row(sh, ws, state):
    """Ctrl-X row 3 (an ID-less row) and Ctrl-V below the table: contents move, the row (and its tag) stays."""
    values = ws.get_all_values()
    sh.batch_update({"requests": [{"cutPaste": {
        "source": {"sheetId": ws.id, "startRowIndex": 2, "endRowIndex": 3, "startColumnIndex": 0,
                   "endColumnIndex": len(values[0])},
        "destination": {"sheetId": ws.id, "rowIndex": len(values) + 1, "columnIndex": 0},
        "pasteType": "PASTE_NORMAL"}}]})


@pytest.mark.parametrize("method, n", [(H.BATCH, 1)])
def test_no_id_left_on_a_row_emptied_while_the_id_write_was_held(emulator, config, method, n):
    job = H.JOBS["schema"]
    config, state, before, after, shown = H.run_case(emulator, config, job, (method, n), cut_paste_row)
    assert before[1]["ID"] == "" and before[1]["Notes"], before[1]      # row 3: a row people typed, no ID
    for row in after:
        if not any(row.get(h) for h in shown):
            assert not row.get("ID"), ("an ID on a row with no staff cells", row)
    H.check_service_values(config, job, state, before, after)
    assert job.replan(config) == 1                                       # the moved record: next run
    ids = [r["ID"] for r in H.displayed(config, job.tab) if r.get("ID")]
    assert len(ids) == len(set(ids))
