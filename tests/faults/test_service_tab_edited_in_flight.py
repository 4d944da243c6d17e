"""A person edits the HIDDEN service tab while the night's write is in flight (outside attack a22a 1, 2).

The service tab '_Turfbook Conversations' is Turfbook's own (hidden, warning-protected), and the overdue job
writes it by position. A person can still dismiss the warning and delete or sort its rows while the write is
held. Every changed row is written whole, its ID first (docs/write-path.md "Writes"), so a shifted write still
shows under its own ID: no staff row shows another conversation's Status, and a re-run restores exactly what
a clean night holds (no Flagged at lost). Cells written a column at a time without their ID (tried in perf22p)
failed both."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from tests.support.overdue_workbook import PEOPLE, TODAY, conversations, create_workbook, fast_workspace
from turfbook.jobs import overdue
from turfbook.schema.service_tabs import ServiceTable, title_of
from turfbook.workspace import a1
from turfbook.workspace.transport import gspread_client

WRITE = "sheets.spreadsheets.values.batchUpdate"


def _book(config):
    return create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})


def _day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _run(config, day, **kw):
    return overdue.run(fast_workspace(config), today=day, **kw)


def _by_id(config) -> dict:
    [values] = fast_workspace(config).sheets().read([a1.whole_sheet(title_of("Conversations"))])
    return ServiceTable.parse("Conversations", values).by_id()


def _shown(config) -> dict[str, str]:
    [values] = fast_workspace(config).sheets().read([a1.whole_sheet("Conversations")], render="FORMATTED_VALUE")
    header = values[0]
    rows = [dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)) for cells in values[1:]]
    return {r["ID"]: r["Status"] for r in rows if r["ID"]}


def _held_run(emulator, config, day, operation, latency: int = 1500):
    """overdue.run with its values.batchUpdate held at the emulator; `operation(spreadsheet)` lands meanwhile."""
    sh = gspread_client(config).open_by_key(config.google.spreadsheet_id)
    sent, results = threading.Event(), {}
    emulator.fault(method=WRITE, latency_ms=latency, count=1)
    job = threading.Thread(target=lambda: results.update(run=_run(config, day, before_write=sent.set)))
    job.start()
    assert sent.wait(30)
    time.sleep(0.4)
    operation(sh)
    job.join(60)
    emulator.clear_faults()
    return results.get("run")


def _delete_row_2(sh):
    sh.worksheet(title_of("Conversations")).delete_rows(2)


def _sort_by_status(sh):
    sh.worksheet(title_of("Conversations")).sort((2, "asc"))


@pytest.mark.parametrize("operation", [_delete_row_2, _sort_by_status], ids=["delete a row", "sort by Status"])
def test_a_service_tab_edited_mid_write_shows_no_value_on_another_row(emulator, config, operation):
    clean = _book(config)
    _run(clean, _day(0))
    _run(clean, _day(3))
    want_shown, want = _shown(clean), _by_id(clean)

    config = _book(config)
    assert _run(config, _day(0)).ok
    _held_run(emulator, config, _day(3), operation)
    shown = _shown(config)
    wrong = {i: (s, want_shown.get(i)) for i, s in shown.items() if s and s != want_shown.get(i)}
    assert not wrong, f"rows showing another row's Status (shown, a clean night's): {wrong}"

    _run(config, _day(3))                                   # a re-run restores a clean night exactly
    assert _by_id(config) == want
    assert _run(config, _day(3)).counts["cells_written"] == 0        # and the next run converges
    assert _shown(config) == want_shown
