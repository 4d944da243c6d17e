"""Every Sheets write call of every job that writes into (or for) a tab people edit, held at the emulator
(a latency fault) while a person does each staff operation through plain gspread.

Jobs: the schema job (`sheets check`: ID tags, guarded ID write, Problems), overdue (service tabs,
Problems), filing (Media append, guarded Media row writes, Problems). The digest's Wall chart is a
service-owned tab rewritten whole, not a tab people edit: not covered here.

Which write is held is found without hooks: the emulator counts a call before it sleeps, so the test
waits until the held method's count says the call has arrived, then does the staff operation.
`test_each_job_makes_exactly_the_write_calls_listed` pins the list: a job that gains a write call
fails it until the call is listed here (and so held by the cross product).

After the job: 0 staff cells changed (by row ID and header name; rows without an ID by their content),
0 service values on a row that isn't theirs, and the job's dry run plans 0 changes (the schema job:
only IDs for rows people typed during the run). The fast subset runs in `make test`; the whole
cross product is marked slow (`make test-slow`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.support.overdue_workbook import EXPECTED, PEOPLE, TODAY, conversations, create_workbook, fast_workspace
from turfbook.schema import load_schema
from turfbook.workspace import a1
from turfbook.workspace.transport import gspread_client

MARK = "typed during the write"
NOW = datetime.combine(TODAY, datetime.min.time().replace(hour=9), tzinfo=ZoneInfo("America/New_York"))
VALUES = "sheets.spreadsheets.values.batchUpdate"
BATCH = "sheets.spreadsheets.batchUpdate"
NO_ID = (1, 5)


# ----- the jobs ------------------------------------------------------------------------------------
@dataclass
class JobCase:
    name: str
    tab: str                              # the tab people edit that the job writes for
    writes: tuple[tuple[str, int], ...]   # (method, n-th call) of every Sheets write call, in a normal run

    def build(self, config):
        raise NotImplementedError

    def run(self, config):
        raise NotImplementedError

    def replan(self, config) -> int:
        raise NotImplementedError


class SchemaCase(JobCase):
    def build(self, config):
        from tests.support.overdue_workbook import headers

        notes = headers("Conversations").index("Notes")
        rows = conversations()
        for i, cells in enumerate(rows):
            cells[notes] = f"note {i}"
            if i in NO_ID:
                cells[0] = ""
        return create_workbook(config, PEOPLE, rows, {"timezone": "America/New_York", "grace_days": 0})

    def run(self, config):
        from turfbook.schema.job import run_schema_job

        run_schema_job(fast_workspace(config).sheets(), load_schema(), now=NOW)

    def replan(self, config) -> int:
        from turfbook.schema.job import run_schema_job

        return run_schema_job(fast_workspace(config).sheets(), load_schema(), now=NOW, dry_run=True).ids_planned


class OverdueCase(JobCase):
    def build(self, config):
        return create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})

    def run(self, config):
        from turfbook.jobs import overdue

        assert overdue.run(fast_workspace(config), today=TODAY).ok

    def replan(self, config) -> int:
        from turfbook.jobs import overdue

        return overdue.run(fast_workspace(config), today=TODAY, dry_run=True).counts["planned_cells"]


class FilingCase(JobCase):
    def build(self, config):
        import datetime as dt

        from tests.faults.worlds import workspace
        from tests.integration.filing_support import workbook
        from turfbook.demo.media import seed_media

        config = workbook(config)
        seed_media(workspace(config), config, count=6, seed=3, videos=1,
                   today=dt.datetime(2026, 11, 20, tzinfo=config.tz))
        return config

    def run(self, config):
        from turfbook.jobs import filing

        filing.run(fast_workspace(config))

    def replan(self, config) -> int:
        from turfbook.jobs import filing

        counts = filing.run(fast_workspace(config), dry_run=True).counts
        return counts["moves"] + counts["repaired"]


JOBS = {
    # schema: ID tags, guarded ID write, verify-and-repair + tag deletion; Problems
    "schema": SchemaCase("schema", "Conversations", ((BATCH, 0), (BATCH, 1), (BATCH, 2), (VALUES, 0))),
    "overdue": OverdueCase("overdue", "Conversations", ((VALUES, 0),)),
    # filing: column tags + guarded appendCells of the new rows; row/column tags, guarded write and
    # verify-and-repair of the final Media write; Problems
    "filing": FilingCase("filing", "Media", ((BATCH, 0), (BATCH, 1), (BATCH, 2), (BATCH, 3), (BATCH, 4),
                                             (VALUES, 0))),
}


# ----- staff operations (plain gspread) --------------------------------------------------------------
def _col(ws, header: str) -> int:
    return [h.casefold() for h in ws.row_values(1)].index(header.casefold()) + 1


def _ids(ws) -> list[str]:
    return ws.col_values(_col(ws, "ID"))


def insert_column(sh, ws, state):
    ws.insert_cols([["Staff column"]], col=1)


def delete_column(sh, ws, state):
    ws.delete_columns(_col(ws, "Notes"))
    state["deleted_header"] = "Notes"


def move_column(sh, ws, state):
    at = _col(ws, "ID") - 1
    sh.batch_update({"requests": [{"moveDimension": {
        "source": {"sheetId": ws.id, "dimension": "COLUMNS", "startIndex": at, "endIndex": at + 1},
        "destinationIndex": at + 4}}]})


def insert_rows(sh, ws, state):
    notes = _col(ws, "Notes")
    ws.insert_rows([[""] * (notes - 1) + [f"{MARK} {i}"] for i in range(3)], row=3)
    state["inserted"] = 3


def delete_row(sh, ws, state):
    values = ws.get_all_values()
    if len(values) > 2:
        ids = [r[_col(ws, "ID") - 1] for r in values]
        at = ids.index("C-000004") if "C-000004" in ids else 2     # a done follow-up: nobody's dates move
        state["deleted_row"] = values[at]
        ws.delete_rows(at + 1)


def _sort_column(ws) -> int:
    """A column whose sort really moves rows: Notes in Conversations (each row's differs), Original name
    in Media (its Notes are blank there, so a sort by them moved nothing)."""
    headers = [h.casefold() for h in ws.row_values(1)]
    return headers.index("original name") + 1 if "original name" in headers else _col(ws, "Notes")


def sort_rows(sh, ws, state):
    """Data > Sort sheet: whole rows move (gspread's default range is the whole sheet below row 1)."""
    if len(ws.get_all_values()) > 2:
        ws.sort((_sort_column(ws), "des"))


def sort_rows_by_id(sh, ws, state):
    """Data > Sort sheet by another column (ID, descending): sorting by any column moves whole rows the
    same way; this one also puts the rows people typed without an ID together at one end."""
    if len(ws.get_all_values()) > 2:
        ws.sort((_col(ws, "ID"), "des"))


def sort_range(sh, ws, state):
    """Data > Sort range over the table's cells only: cell contents move, the rows (and so their
    developer metadata) stay: closed by the verify-and-repair after each guarded write (docs/write-path.md)."""
    values = ws.get_all_values()
    if len(values) > 2:
        ws.sort((_sort_column(ws), "des"), range=f"A2:{a1.column_letter(len(values[0]) - 1)}{len(values)}")


def rename_header(sh, ws, state):
    ws.update_cell(1, _col(ws, "Notes"), "Staff notes")
    state["renamed"] = {"Staff notes": "Notes"}


def set_filter(sh, ws, state):
    sh.batch_update({"requests": [{"setBasicFilter": {"filter": {"range": {"sheetId": ws.id}}}}]})


def type_into_service_cell(sh, ws, state):
    ids = _ids(ws)
    if len(ids) > 2:
        ws.update_cell(3, _col(ws, "Status"), MARK)
        state["typed"] = ids[2] or None


OPERATIONS = [insert_column, delete_column, move_column, insert_rows, delete_row, sort_rows, sort_rows_by_id,
              sort_range,
              rename_header, set_filter, type_into_service_cell]
# No known hole left: "Sort range" (cell contents move, rows and so their tags do not) is closed by the
# verify-and-repair after each guarded write, the Media append x column insert/move by the guarded
# appendCells (docs/write-path.md). A case that fails here is a regression, not a known hole.
KNOWN_HOLES: set = set()


# ----- what staff see ----------------------------------------------------------------------------------
def displayed(config, tab: str, renamed: dict | None = None) -> list[dict[str, str]]:
    [values] = fast_workspace(config).sheets().read([a1.whole_sheet(tab)], render="FORMATTED_VALUE")
    if not values:
        return []
    header = [(renamed or {}).get(h, h) for h in values[0]]
    return [dict(zip(header, (cells + [""] * len(header))[:len(header)], strict=True)) for cells in values[1:]]


def staff_headers(tab: str) -> list[str]:
    return [c.header for c in load_schema().tab(tab).columns if not c.service]


def staff_tuple(record: dict[str, str], headers: list[str]) -> tuple:
    return tuple(record.get(h, "") for h in headers)


# How long the write is held: the operation starts as soon as the call is counted (the emulator counts it, then
# takes the fault and holds it), so it has the whole window, as long as it had after a fixed 0.3 s in 1.5 s.
HELD_MS = 1200


def _wait_for_call(emulator, method: str, n: int, timeout: float = 60) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if emulator.stats()["by_method"].get(method, 0) >= n:
            return True
        time.sleep(0.05)
    return False


def run_case(emulator, config, job: JobCase, held: tuple[str, int], operation):
    config = job.build(config)
    headers = [h for h in staff_headers(job.tab) if h != "ID"]
    before = displayed(config, job.tab)
    sh = gspread_client(config).open_by_key(config.google.spreadsheet_id)
    ws = sh.worksheet(job.tab)
    state: dict = {}
    method, n = held
    emulator.reset_stats()
    emulator.fault(method=method, latency_ms=HELD_MS, count=1, after_calls=n)
    errors: list[BaseException] = []

    def target():
        try:
            job.run(config)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    arrived = _wait_for_call(emulator, method, n + 1)
    if arrived:                                              # the call is now waiting at the emulator
        operation(sh, ws, state)
    thread.join(120)
    emulator.clear_faults()
    assert arrived, f"{job.name} never made call {n + 1} of {method}"
    assert not errors, errors
    after = displayed(config, job.tab, state.get("renamed"))
    shown = [h for h in headers if h != state.get("deleted_header") and (not after or h in after[0])]
    return config, state, before, after, shown


def check_staff_cells(job, state, before, after, shown):
    """0 staff cells changed: by ID where a row had one, and as a multiset of rows' staff cells."""
    before_by_id = {r["ID"]: r for r in before if r.get("ID")}
    deleted = state.get("deleted_row")
    if job.tab != "Media":
        for r in after:                                      # an ID never sits on a row with no staff cells
            assert r.get("ID", "") == "" or any(r.get(h) for h in shown), ("ID on an empty row", r)
    for r in after:
        if r.get("ID") in before_by_id:
            assert staff_tuple(r, shown) == staff_tuple(before_by_id[r["ID"]], shown), (r["ID"], r)
    if job.tab == "Media":
        return                                               # Media rows are made by the run: see check_media
    want = Counter(staff_tuple(r, shown) for r in before)
    if deleted is not None:
        header = list(before[0]) if before else []
        gone = dict(zip(header, deleted, strict=False))
        want[staff_tuple(gone, shown)] -= 1
    for i in range(state.get("inserted", 0)):
        want[staff_tuple({"Notes": f"{MARK} {i}"}, shown)] += 1
    got = Counter(staff_tuple(r, shown) for r in after)
    assert +want == +got, (want - got, got - want)


def check_service_values(config, job, state, before, after):
    if job.name == "overdue":
        for r in after:
            if state.get("typed") is not None:
                break                                          # the array steps aside (#REF!): checked elsewhere
            if r.get("ID"):
                assert r["Status"] == EXPECTED.get(r["ID"], ""), r
            else:
                assert r.get("Status", "") == "", r
    elif job.name == "schema":
        ids_before = {r["Notes"]: r["ID"] for r in before if "Notes" in r}
        for r in after:
            note = r.get("Notes") or r.get("Staff notes")
            if note in ids_before and ids_before[note]:
                assert r["ID"] == ids_before[note], r               # existing IDs never change
        new = [r["ID"] for r in after if r.get("ID") and r["ID"] not in ids_before.values()]
        assert len(new) == len(set(new)) and len(new) <= len(NO_ID), new
    elif job.name == "filing":
        check_media(config, after, state)


def check_media(config, after, state):
    """Each Media row's service values are its own file's: the file that carries its ID (filing tags
    every file it moves) has its Drive ID, its filed name, and its upload note."""
    from tests.faults.worlds import drive_files
    from turfbook.jobs.filing_plan import TAG

    files = {f["id"]: f for f in drive_files(config)}
    for r in after:
        if not r.get("ID"):
            assert not r.get("Drive file"), r                  # a row people typed carries no service value
            continue
        if r["ID"] == state.get("typed"):
            continue
        f = files.get(r["Drive file"])
        assert f is not None, r
        if r.get("Status") in ("filed", "needs review", "duplicate"):
            assert (f.get("appProperties") or {}).get(TAG) == r["ID"], (r, f.get("appProperties"))
            assert f["name"] == r["Filed name"], (r, f["name"])


def check(emulator, config, job_name, held, operation):
    job = JOBS[job_name]
    config, state, before, after, shown = run_case(emulator, config, job, held, operation)
    check_staff_cells(job, state, before, after, shown)
    check_service_values(config, job, state, before, after)
    planned = job.replan(config)
    if job.name == "schema":
        assert planned <= state.get("inserted", 0) + len(NO_ID), planned
    elif state.get("typed") is None or job.name != "overdue":
        assert planned == 0, planned


CASES = [(j, w, op) for j, job in JOBS.items() for w in job.writes for op in OPERATIONS]
FAST = {("overdue", (VALUES, 0), sort_rows), ("schema", (BATCH, 1), sort_range),
        ("filing", (BATCH, 3), sort_range), ("filing", (BATCH, 1), insert_column),
        ("filing", (BATCH, 2), move_column)}    # the verify's repair after a moved column (a name shadowed once)


def _id(case) -> str:
    job, (method, n), op = case.values[0] if hasattr(case, "values") else case
    return f"{job}-{method.removeprefix('sheets.spreadsheets.')}#{n + 1}-{op.__name__}"


@pytest.mark.parametrize("case", [c for c in CASES if c in FAST], ids=_id)
def test_a_staff_operation_while_a_job_write_is_held(emulator, config, case):
    check(emulator, config, *case)


def _param(case):
    if case in KNOWN_HOLES:
        return pytest.param(case, marks=pytest.mark.xfail(reason="Sort range moves cells, not rows (metadata)",
                                                          strict=False))
    return case


@pytest.mark.slow
@pytest.mark.parametrize("case", [_param(c) for c in CASES if c not in FAST], ids=_id)
def test_every_staff_operation_while_every_job_write_is_held(emulator, config, case):
    check(emulator, config, *case)


@pytest.mark.parametrize("job_name", list(JOBS))
def test_each_job_makes_exactly_the_write_calls_listed(emulator, config, job_name):
    job = JOBS[job_name]
    config = job.build(config)
    emulator.reset_stats()
    job.run(config)
    by_method = emulator.stats()["by_method"]
    made = Counter({m: n for m, n in by_method.items() if m.startswith("sheets.") and m.rsplit(".", 1)[-1]
                    in ("batchUpdate", "update", "append", "clear", "batchClear", "batchUpdateByDataFilter")})
    assert made == Counter(m for m, _ in job.writes), made
