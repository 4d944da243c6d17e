"""Concurrent humans: staff edit, sort, insert and delete rows, rename headers and add tabs through
gspread (as the Sheets UI would) interleaved with job runs (overdue, the schema job's IDs, sheets
init) — including staff actions landing mid-run, between the overdue job's read and its write, and
while a job's write call is in flight (held at the emulator by a latency fault): the overdue write,
the schema job's tagging batch, its guarded ID write, and its Problems write.

A hypothesis state machine. The model is what staff last left in their cells: after every staff
action the staff-owned cells of People and Conversations are read back, keyed by row identity (the
row's ID, or for a row staff inserted without one, its unique note). Invariants:
- no staff-owned cell is ever changed by the service: after any job run every row still shows the
  staff values the model holds, no row appears or vanishes, and no ID is on two rows;
- every service cell is on the row with its ID: after an overdue run that skipped nothing, planning
  again from a fresh read changes nothing (each row's status and dates are those of its own data;
  after a mid-run insert or delete, which changes the data itself, this holds after the next run);
- after the schema job every row has an ID.
Columns are found by header (staff may rename them), never by position.
"""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.faults import worlds
from tests.support.overdue_workbook import PEOPLE, TODAY, conversations, create_workbook, shipped_schema
from turfbook.jobs import overdue
from turfbook.schema.init import run_init
from turfbook.schema.job import run_schema_job
from turfbook.workspace import a1
from turfbook.workspace.transport import gspread_client

TABS = ("Conversations", "People")
EDITABLE = {"Conversations": ["Organizer", "Notes", "Person"], "People": ["Notes", "Tags", "Phone"]}
SORTABLE = {"Conversations": ["Date", "Person", "Notes"], "People": ["Name", "Notes"]}
RENAMABLE = {"Conversations": ["Notes", "Organizer", "Kind"], "People": ["Notes", "Tags", "Committee"]}
MARK = "staff-row-"
VALUES, BATCH = "sheets.spreadsheets.values.batchUpdate", "sheets.spreadsheets.batchUpdate"
# a job's write call to hold: (method, how many calls of it pass first)
HELD = {"overdue": (VALUES, 0), "schema-tags": (BATCH, 0), "schema-ids": (BATCH, 1), "schema-problems": (VALUES, 0)}


def service_headers(tab: str) -> set[str]:
    return {c.header for c in shipped_schema().tab(tab).columns if c.service}


class StaffAndJobs(RuleBasedStateMachine):
    config = None            # set by the test: the emulator's config (a new workbook per example)
    examples_run = steps_run = 0   # what a run explored (printed by run_machine)
    emulator = None          # set by the test: to hold a job's write call (latency fault)

    @initialize()
    def workbook(self):
        # Every example starts from an empty emulator: `sheets init` finds a workbook of the same name
        # rather than make a second one, so without the reset an example would inherit the previous
        # example's workbook (its staff rows, renamed headers and added tabs) and not the one it built.
        self.emulator.reset()
        StaffAndJobs.examples_run += 1
        self.book = create_workbook(self.config, PEOPLE, conversations(),
                                    {"timezone": "America/New_York", "grace_days": 0})
        self.spreadsheet = gspread_client(self.book).open_by_key(self.book.google.spreadsheet_id)
        # Two Workspaces an example, not one per read or run: a new one builds googleapiclient's resources
        # from the discovery document (docstrings included) and parses the service-account key, ~0.4-0.9 s
        # of CPU, and the model and the invariant read both tabs after every step. `jobs` serves the job
        # runs (one at a time, sometimes on a thread), `reader` the staff side and the checks: an
        # httplib2 connection is not shared between threads.
        self.reader = worlds.workspace(self.book).sheets()
        self.jobs = worlds.workspace(self.book)
        self.counter = itertools.count(1)
        self.headers = {t: {} for t in TABS}     # original header -> what staff renamed it to
        self.model = {t: self.staff_cells(t) for t in TABS}

    # ----- reading ------------------------------------------------------------------------------
    def read(self, tab: str) -> list[list]:
        """The tab's values as stored, not as shown: `sheets init` owns the columns' number formats and
        sets them again when the layout changed (a renamed header), so a date a person typed shows
        "2026-11-20" instead of "11/20/2026" afterwards: the same value, not a changed cell."""
        [values] = self.reader.read([a1.whole_sheet(tab)], render="UNFORMATTED_VALUE")
        return values

    def header(self, tab: str, original: str) -> str:
        return self.headers[tab].get(original, original)

    def staff_cells(self, tab: str, values: list[list[str]] | None = None) -> dict[str, dict[str, str]]:
        """Row identity -> {header: value} of every staff column (every column not Turfbook's)."""
        values = self.read(tab) if values is None else values
        header = values[0]
        service = service_headers(tab)
        id_at, notes_at = header.index("ID"), header.index(self.header(tab, "Notes"))
        out: dict[str, dict[str, str]] = {}
        for cells in values[1:]:
            cells = cells + [""] * (len(header) - len(cells))
            note = cells[notes_at]
            key = note if note.startswith(MARK) else cells[id_at]
            if not any(cells):
                continue
            assert key, f"{tab}: a row with neither an ID nor a staff marker: {cells}"
            assert key not in out, f"{tab}: {key} is on two rows"
            out[key] = {h: cells[i] for i, h in enumerate(header) if h and h not in service}
        return out

    def row_of(self, tab: str, key: str) -> int:
        values = self.read(tab)
        header = values[0]
        id_at, notes_at = header.index("ID"), header.index(self.header(tab, "Notes"))
        for number, cells in enumerate(values[1:], start=2):
            cells = cells + [""] * (len(header) - len(cells))
            if key in (cells[id_at], cells[notes_at]):
                return number
        raise AssertionError(f"{tab}: {key} not found")

    def refresh(self) -> None:
        """Staff acted: what they left is the new truth."""
        self.model = {t: self.staff_cells(t) for t in TABS}

    # ----- staff ----------------------------------------------------------------------------------
    # Every rule draws its arguments up front (row choices are indexes into the model), so what
    # hypothesis draws never depends on the sheet: examples replay and shrink deterministically.
    def pick(self, tab: str, index: int) -> str:
        keys = sorted(self.model[tab])
        return keys[index % len(keys)]

    @rule(tab=st.sampled_from(TABS), index=st.integers(0, 50), which=st.integers(0, 2))
    def edit_a_staff_cell(self, tab, index, which):
        self._edit(tab, index, which)
        self.refresh()

    def sort(self, tab: str, column: str, descending: bool) -> None:
        col = self.read(tab)[0].index(self.header(tab, column)) + 1
        self.spreadsheet.worksheet(tab).sort((col, "des" if descending else "asc"))

    def insert(self, tab: str, position: int, count: int) -> None:
        header = self.read(tab)[0]
        rows = []
        for _ in range(count):
            line = [""] * len(header)
            line[header.index(self.header(tab, "Notes"))] = f"{MARK}{next(self.counter)}"
            if tab == "Conversations":
                line[header.index("Date")] = "11/20/2026"
                line[header.index("Person")] = "Maria Lopez"
                line[header.index("Follow-up due")] = "11/21/2026"
            else:
                line[header.index("Name")] = f"New Person {next(self.counter)}"
            rows.append(line)
        last = len(self.model[tab]) + 1
        self.spreadsheet.worksheet(tab).insert_rows(rows, row=min(position, last) + 1,
                                                    value_input_option="USER_ENTERED")

    def delete(self, tab: str, key: str) -> None:
        self.spreadsheet.worksheet(tab).delete_rows(self.row_of(tab, key))

    @rule(tab=st.sampled_from(TABS), which=st.integers(0, 2), descending=st.booleans())
    def sort_a_tab(self, tab, which, descending):
        self.sort(tab, SORTABLE[tab][which % len(SORTABLE[tab])], descending)
        self.refresh()

    @rule(tab=st.sampled_from(TABS), position=st.integers(1, 12), count=st.integers(1, 2))
    def insert_rows(self, tab, position, count):
        self.insert(tab, position, count)
        self.refresh()

    @rule(tab=st.sampled_from(TABS), index=st.integers(0, 50))
    def delete_a_row(self, tab, index):
        if len(self.model[tab]) > 2:
            self.delete(tab, self.pick(tab, index))
            self.refresh()

    @rule(tab=st.sampled_from(TABS), which=st.integers(0, 2))
    def rename_a_column_header(self, tab, which):
        self._rename(tab, which)
        self.refresh()

    @rule()
    def add_a_tab(self):
        sheet = self.spreadsheet.add_worksheet(f"Staff list {next(self.counter)}", rows=20, cols=5)
        sheet.update([["Name", "Phone"], ["Someone", "860-555-0000"]], "A1")

    # ----- jobs -------------------------------------------------------------------------------
    def check_service_cells(self, result) -> None:
        if result.counts.get("skipped"):
            return                     # skipped rows (vanished mid-run, renamed columns) wait for the next run
        again = overdue.plan_only(self.jobs, today=TODAY)
        assert [c for c in again.changes] == [], f"service cells not on their own rows: {again.changes[:5]}"

    @rule()
    def run_overdue(self):
        self.check_service_cells(overdue.run(self.jobs, today=TODAY))

    @rule(tab=st.sampled_from(TABS), action=st.sampled_from(["sort", "insert", "delete"]),
          index=st.integers(0, 50), descending=st.booleans())
    def run_overdue_while_staff_act(self, tab, action, index, descending):
        """The staff action lands between the job's read and its write."""
        def staff():
            if action == "sort":
                self.sort(tab, SORTABLE[tab][index % len(SORTABLE[tab])], descending)
            elif action == "insert":
                self.insert(tab, index % 12 + 1, 1)
            elif len(self.model[tab]) > 2:
                self.delete(tab, self.pick(tab, index))
            self.refresh()
        result = overdue.run(self.jobs, today=TODAY, before_write=staff)
        if action != "sort":
            # an inserted or deleted conversation changes its person's dates after the job read
            # them: written to the right rows, but one run late; the next run catches up
            result = overdue.run(self.jobs, today=TODAY)
        self.check_service_cells(result)

    @rule(job=st.sampled_from(["overdue", "schema-tags", "schema-ids", "schema-problems"]),
          tab=st.sampled_from(TABS), action=st.sampled_from(["sort", "insert", "delete", "edit", "rename"]),
          index=st.integers(0, 50), descending=st.booleans())
    def staff_act_while_a_job_write_is_held(self, job, tab, action, index, descending):
        """A job's write call sent and held at the emulator (latency fault) while staff act: the
        write is applied to a sheet that changed after the job last read it."""
        method, n = HELD[job]
        base = self.emulator.stats()["by_method"].get(method, 0)
        self.emulator.fault(method=method, latency_ms=1200, count=1, after_calls=n)
        outcome: list = []

        def work():
            try:
                if job == "overdue":
                    outcome.append(overdue.run(self.jobs, today=TODAY))
                else:
                    outcome.append(run_schema_job(self.jobs.sheets(), shipped_schema()))
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                outcome.append(exc)

        thread = threading.Thread(target=work)
        thread.start()
        deadline = time.monotonic() + 60
        while self.emulator.stats()["by_method"].get(method, 0) < base + n + 1 and thread.is_alive():
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        time.sleep(0.2)
        if action == "sort":
            self.sort(tab, SORTABLE[tab][index % len(SORTABLE[tab])], descending)
        elif action == "insert":
            self.insert(tab, index % 12 + 1, 1)
        elif action == "delete" and len(self.model[tab]) > 2:
            self.delete(tab, self.pick(tab, index))
        elif action == "edit":
            self._edit(tab, index, index % 3)
        elif action == "rename":
            self._rename(tab, index % 3)
        self.refresh()                  # what staff left while the write waited is the truth now
        thread.join(120)
        self.emulator.clear_faults()
        assert outcome and not isinstance(outcome[0], BaseException), outcome
        if job == "overdue":
            self.check_service_cells(overdue.run(self.jobs, today=TODAY))

    def _edit(self, tab, index, which):
        key = self.pick(tab, index)
        column = EDITABLE[tab][which]
        value = f"{MARK}{next(self.counter)}" if key.startswith(MARK) and column == "Notes" else \
            f"edited {next(self.counter)}"
        col = self.read(tab)[0].index(self.header(tab, column)) + 1
        self.spreadsheet.worksheet(tab).update_cell(self.row_of(tab, key), col, value)

    def _rename(self, tab, which):
        original = RENAMABLE[tab][which]
        new = f"{original} ({next(self.counter)})"
        col = self.read(tab)[0].index(self.header(tab, original)) + 1
        self.spreadsheet.worksheet(tab).update_cell(1, col, new)
        self.headers[tab][original] = new

    @rule()
    def run_schema_job(self):
        run_schema_job(self.jobs.sheets(), shipped_schema())
        for tab in TABS:
            values = self.read(tab)
            header = values[0]
            ids = [(r + [""] * len(header))[header.index("ID")] for r in values[1:] if any(r)]
            assert all(ids), f"{tab}: rows without an ID after the schema job"
            assert len(ids) == len(set(ids)), f"{tab}: duplicate IDs"

    @rule()
    def run_sheets_init(self):
        run_init(self.jobs, shipped_schema(), self.book.google.spreadsheet_id)

    # ----- the invariant ------------------------------------------------------------------------------
    @invariant()
    def staff_cells_untouched(self):
        if not hasattr(self, "model"):
            return
        StaffAndJobs.steps_run += 1
        for tab in TABS:
            now = self.staff_cells(tab)
            # rows keep their identity; a staff-inserted row may since have been given an ID (schema
            # job), which keeps its marker note; headers Turfbook added (a column staff renamed
            # away) are blank
            assert set(now) == set(self.model[tab]), f"{tab}: rows {set(now) ^ set(self.model[tab])}"
            for key, cells in self.model[tab].items():
                for header, value in cells.items():
                    assert now[key].get(header) == value, f"{tab} {key} {header}: {value!r} -> {now[key].get(header)!r}"
                extra = {h: v for h, v in now[key].items() if h not in cells and v}
                assert not extra, f"{tab} {key}: Turfbook filled {extra}"


def run_machine(config, emulator, examples: int, steps: int, shrink: bool = True) -> None:
    StaffAndJobs.config = config
    StaffAndJobs.emulator = emulator
    StaffAndJobs.examples_run = StaffAndJobs.steps_run = 0
    run_state_machine_as_test(StaffAndJobs, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=True,
        # no "explain" phase: its line tracer takes minutes and gigabytes on a state machine this size
        phases=[Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if shrink else [])],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture]))
    print(f"state machine: {StaffAndJobs.examples_run} examples, {StaffAndJobs.steps_run} invariant checks "
          "(one after each example's setup and after each step)")


def test_staff_and_jobs_interleaved(emulator, config):
    run_machine(config, emulator, examples=2, steps=10)


@pytest.mark.slow
@pytest.mark.timeout(3600)        # 24 examples x 40 steps: past pytest-timeout's 300 s on a loaded machine, not stuck
def test_staff_and_jobs_interleaved_longer(emulator, config):
    # ~1 s of this process's CPU an example (the rest is the emulator's), since the schema is parsed once
    # and each example builds two Workspaces, not one per read: 960 steps where 480 took 5 min of CPU.
    # Longer examples: more staff actions and job runs interleave on the same workbook.
    run_machine(config, emulator, examples=24, steps=40, shrink=False)
