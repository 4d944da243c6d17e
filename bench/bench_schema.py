"""Schema figures: seeding 100k conversations, `sheets init` on that workbook (API calls by method;
expected 1 spreadsheets.get and no other read + at most 1 batchUpdate + at most 1 values write),
and reading + parsing 100k conversation rows."""

from __future__ import annotations

import time
from datetime import date, datetime

from bench.env import timed
from turfbook.demo.workbook import ensure_workbook, seed_workbook
from turfbook.schema import load_schema, parse_workbook, read_workbook
from turfbook.schema.init import run_init
from turfbook.schema.job import run_schema_job
from turfbook.workspace import connect

TODAY = date(2026, 11, 23)
CONVERSATIONS = 100_000
PEOPLE = 20_000


def run(report, env) -> None:
    schema = load_schema()
    bare = env.config(delegated_user=None)        # issue 17: a service account, the shared drive
    env.emulator.reset_stats()
    with timed() as t:
        made = run_init(connect(bare), schema, None)
    stats = env.calls()
    report("sheets init, new workbook through Drive (files.create in the shared drive, no pre-generated ID)",
           seconds=t.seconds, api_calls=stats["total"], writes=stats["writes"], **_methods(stats))
    env.emulator.reset_stats()
    with timed() as t:
        again = run_init(connect(bare), schema, None)
    stats = env.calls()
    assert again.spreadsheet_id == made.spreadsheet_id and not again.created
    report("sheets init again with no spreadsheet_id: finds Turfbook's workbook", seconds=t.seconds,
           api_calls=stats["total"], writes=stats["writes"], **_methods(stats))

    config = env.config()
    ws = connect(config)
    sheet_id = ensure_workbook(ws, config)
    env.emulator.reset_stats()
    with timed() as t:
        counts = seed_workbook(ws, sheet_id, people=PEOPLE, conversations=CONVERSATIONS, worksites=40,
                               seed=7, today=TODAY)
    stats = env.calls()
    report("demo seed: 100k conversations, 20k people", seconds=t.seconds, api_calls=stats["total"],
           rows=sum(counts.values()), **_methods(stats))

    env.emulator.reset_stats()
    with timed() as t:
        result = run_init(ws, schema, sheet_id)
    stats = env.calls()
    calls = stats.get("by_method", {})
    report("sheets init on an existing 100k-conversation workbook", seconds=t.seconds, api_calls=stats["total"],
           writes=stats["writes"], changes=len(result.plan.actions), **_methods(stats))
    # issue 5: 1 spreadsheets.get (header + sample rows as grid data) + <=1 batchUpdate + <=1 values write;
    # issue 14: the service tabs and header formulas are checked with 1 get + 2 values.batchGet
    reads = {m: n for m, n in calls.items() if m.rsplit(".", 1)[-1] in ("get", "batchGet")}
    assert reads == {"sheets.spreadsheets.get": 2, "sheets.spreadsheets.values.batchGet": 2}, reads
    assert calls.get("sheets.spreadsheets.batchUpdate", 0) <= 1 and \
        calls.get("sheets.spreadsheets.values.batchUpdate", 0) <= 1, calls

    sheets = ws.sheets(sheet_id)
    env.emulator.reset_stats()
    with timed() as t:
        snapshot = read_workbook(sheets, schema, tabs=["Conversations"], today=TODAY)
    stats = env.calls()
    report("read + parse 100k conversation rows (with People etc.)", seconds=t.seconds,
           rows=len(snapshot.tab("Conversations").rows), problems=len(snapshot.problems),
           api_calls=stats["total"])
    env.emulator.reset_stats()
    emulator = _cpu_of(env.emulator.process.pid)
    emulator_cpu = emulator()
    cpu = time.process_time()
    with timed() as t:
        result = run_schema_job(sheets, schema, now=datetime(2026, 11, 23, 6, 0))
    cpu = time.process_time() - cpu
    emulator_cpu = emulator() - emulator_cpu
    stats = env.calls()
    report("schema job on 100k: assign IDs, Problems tab, duplicates", seconds=t.seconds, client_cpu_s=round(cpu, 2),
           emulator_cpu_s=round(emulator_cpu, 2),      # the job's wait on the emulator, free of the machine's load
           ids=result.ids_written, problems=len(result.problems), api_calls=stats["total"], **_methods(stats))
    data = sheets.read_tabs(["Conversations", "People", "Organizers", "Issues", "Settings"])
    with timed() as t:
        parsed = parse_workbook(schema, data, today=TODAY, tabs=["Conversations"])
    report("parse only: 100k conversation rows", seconds=t.seconds, rows=len(parsed.tab("Conversations").rows))


def _cpu_of(pid: int):
    """CPU seconds used so far by a process (the emulator's)."""
    import psutil

    process = psutil.Process(pid)

    def seconds() -> float:
        times = process.cpu_times()
        return times.user + times.system
    return seconds


def _methods(stats: dict) -> dict:
    short = {m.replace("sheets.spreadsheets.", ""): n for m, n in stats.get("by_method", {}).items()}
    return {k.replace(".", "_"): v for k, v in sorted(short.items())}
