"""The read path at 100k conversations (issue 22), figures from one run on one workbook (the digest
benchmark's: 100k conversations, 20k people and the other tabs):

- client CPU of read_workbook (HTTP, JSON decoding, parsing) against json.loads of the very same
  values.batchGet answer (both with the collector paused, as the jobs read), and their ratio (goal <= 3);
- in this process: CPU and wall seconds of the overdue job's next night (goal <= 1.5 s) and the digest
  dry run (goal <= 1.5 s), each against its goal;
- the jobs through the CLI, each in its own process: seconds, CPU seconds and peak RSS (goal <= 300 MB)
  of the overdue job's next night (goal <= 2 s), the digest dry run and the schema job (`sheets check`,
  goal <= 3 s);
- the CLI's start (`turfbook --help`, `turfbook run overdue --help`; goal <= 0.3 s).

Each job's row also says how much of its seconds the emulator spent serving its calls (`emulator_s`: on
Google, Google's time) and the rest (`own_s`: Turfbook's). Before each job the emulator does the work it
defers (`BenchEnv.settle`, its seconds in `settle_s`): the formulas the previous step's writes left to the
next reader recalculated (on Google, done after the write: a read a night later pays nothing for it; here
~0.35-0.5 s for the header formulas over 100k rows), its state saved to disk, its collector's full
collection. Without it the job timed paid for the step before it (whole `make bench` runs: the overdue
night at 1.9-2.4 s, 0.4-0.8 s of it a full collection or the background save sharing the 2 cores).

`python -m bench.bench_read_path [ROUNDS]` gives only the first figure, ROUNDS times (default 3).
"""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

import yaml

from bench.bench_digest import TODAY, digest_tabs
from bench.profile_read import seed
from turfbook.jobs import digest, overdue
from turfbook.schema.reader import needed_tabs, read_workbook
from turfbook.workspace import a1, connect, transport
from turfbook.workspace.sheets import Sheets

CLI = [sys.executable, "-m", "turfbook"]
MEASURED = [sys.executable, "-m", "bench.cli_rss"]         # the same CLI, printing its peak RSS at the end


def run(report, env) -> None:
    config, schema = seed(env)
    read_parse(report, config, schema)

    workspace = connect(config)
    first = overdue.run(workspace, today=date.fromordinal(TODAY.toordinal() - 2))   # the night before last:
    report("overdue first night (fills the service tabs)", **_written(first))        # fills the service tabs
    for name, job, day in (("overdue next night", overdue.run, TODAY.toordinal() - 1),
                           ("digest dry run", partial(digest.run, dry_run=True), TODAY.toordinal())):
        settle_s = env.settle()
        env.emulator.reset_stats()
        with timed_writes() as write_s:
            wall, cpu = time.perf_counter(), time.process_time()
            result = job(workspace, today=date.fromordinal(day))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        stats = env.calls()
        report(f"in process at 100k: {name}", seconds=round(wall, 2), cpu_s=round(cpu, 2), goal_s=1.5,
               cpu_ratio_to_goal=round(cpu / 1.5, 2), api_calls=stats["total"],
               batch_updates=stats["by_method"].get("sheets.spreadsheets.values.batchUpdate", 0),
               **_written(result), write_seconds=round(write_s[0], 3),
               **_served(stats, wall), settle_s=settle_s)

    path = Path(config.data_dir) / "bench-config.yaml"
    data = config.model_dump(mode="json", exclude={"source"})
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    for name, args, goal in (("overdue next night", ["run", "overdue", "--today", TODAY.isoformat()], 2),
                             ("digest dry run", ["run", "digest", "--dry-run", "--today", TODAY.isoformat()], 1.5),
                             ("schema job (sheets check)", ["sheets", "check"], 3)):
        settle_s = env.settle()
        env.emulator.reset_stats()
        seconds, rss_mb, code, cpu, out = _cli(["--config", str(path), *args])
        stats = env.calls()
        written = re.search(r"written: (\d+) cell\(s\) in (\d+) range", out)
        report(f"CLI at 100k: {name}", seconds=round(seconds, 2), cpu_s=round(cpu, 2), goal_s=goal,
               cpu_ratio_to_goal=round(cpu / goal, 2), peak_rss_mb=round(rss_mb), goal_rss_mb=300, exit_code=code,
               api_calls=stats["total"], cells_written=int(written[1]) if written else 0,
               ranges=int(written[2]) if written else 0, **_served(stats, seconds), settle_s=settle_s)
    for name, args in (("turfbook --help", ["--help"]), ("turfbook run overdue --help", ["run", "overdue", "--help"])):
        runs = [_cli(args, measured=False) for _ in range(3)]
        report(f"CLI start: {name} (best of 3)", seconds=round(min(r[0] for r in runs), 3),
               cpu_s=round(min(r[3] for r in runs), 3), goal_s=0.3)


def _served(stats: dict, seconds: float) -> dict:
    """The emulator's own seconds in the calls since its stats were reset (wall: first byte read to last
    byte written; CPU: its serving thread's): what of the job's wall time was waiting on it (Google's
    time, on Google); `own_s`: the rest of the job's `seconds`, Turfbook's own."""
    spent = list(stats.get("seconds_by_method", {}).values())
    wall = sum(s["wall"] for s in spent)
    return {"emulator_s": round(wall, 2), "emulator_cpu_s": round(sum(s["cpu"] for s in spent), 2),
            "own_s": round(seconds - wall, 2)}


def _written(result) -> dict:
    """What a job wrote: service cells and ranges (the overdue job's counts; 0 for the digest dry run)."""
    counts = result.counts or {}
    return {"cells_written": counts.get("cells_written", 0), "ranges": counts.get("ranges", 0)}


@contextmanager
def timed_writes():
    """Wall seconds spent in Sheets.write (values.batchUpdate: the client's encoding, HTTP and the emulator's
    serving of it), summed into the yielded list's one item."""
    spent = [0.0]
    plain = Sheets.write

    def write(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return plain(self, *args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    Sheets.write = write
    try:
        yield spent
    finally:
        Sheets.write = plain


def read_parse(report, config, schema, rounds: int = 1) -> None:
    """The first figure: client CPU of read_workbook against json.loads of the same answer (`rounds` times)."""
    sheets = connect(config).sheets()
    tabs = needed_tabs(schema, digest_tabs())
    sheets.read_tabs(["Settings"])                     # the token and the connection, as a job has them
    payload = _payload(config, tabs)                   # the answer read_workbook gets (majorDimension=COLUMNS)
    by_rows = _payload(config, tabs, "ROWS")           # the same cells row by row, for comparison
    for _ in range(rounds):
        read_cpu = best_cpu(lambda: read_workbook(sheets, schema, tabs=digest_tabs(), today=TODAY))
        loads_cpu = best_cpu(lambda: json.loads(payload), paused=True)
        rows_cpu = best_cpu(lambda: json.loads(by_rows), paused=True)
        report("read + parse 100k conversations (digest tabs): client CPU", read_parse_cpu_s=round(read_cpu, 3),
               json_loads_cpu_s=round(loads_cpu, 3), ratio=round(read_cpu / loads_cpu, 1), goal_ratio=3,
               payload_mb=round(len(payload) / 1e6, 1), rows_json_loads_cpu_s=round(rows_cpu, 3),
               ratio_to_rows_loads=round(read_cpu / rows_cpu, 1), rows_payload_mb=round(len(by_rows) / 1e6, 1))


def best_cpu(work, paused: bool = False, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        if paused:
            gc.disable()
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
        gc.enable()
    return best


def _payload(config, tabs: list[str], major: str = "COLUMNS") -> bytes:
    """The values.batchGet answer read_workbook decodes (major "COLUMNS"), as bytes."""
    session = transport.authorized_session(config)
    url = f"{config.google.endpoint.rstrip('/')}/v4/spreadsheets/{config.google.spreadsheet_id}/values:batchGet"
    params = [("ranges", a1.whole_sheet(t)) for t in tabs] + [
        ("valueRenderOption", "UNFORMATTED_VALUE"), ("dateTimeRenderOption", "SERIAL_NUMBER"),
        ("majorDimension", major)]
    answer = session.get(url, params=params, timeout=120)
    answer.raise_for_status()
    return answer.content


def _cli(args: list[str], measured: bool = True) -> tuple[float, float, int, float, str]:
    """(seconds, peak RSS in MB or 0, exit code, CPU seconds, what it printed) of one `turfbook` process.
    CPU time says more than seconds on a machine shared with other work."""
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err, tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([*(MEASURED if measured else CLI), *args], stdout=out,
                                stderr=err, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        said = err.read().rstrip()
        if proc.returncode:         # a figure of a run that stopped early would be no figure at all
            raise RuntimeError(f"`turfbook {' '.join(args)}` exited {proc.returncode}: {said[-800:]}")
        last = said.rsplit("\n", 1)[-1]
        out.seek(0)
        printed = out.read()
    rss_kb = int(last.split("=", 1)[1]) if last.startswith("peak_rss_kb=") else 0
    return seconds, rss_kb / 1024, proc.returncode, usage.ru_utime + usage.ru_stime, printed


if __name__ == "__main__":        # python -m bench.bench_read_path [ROUNDS]: only the read + parse figure
    from bench.__main__ import report as _report
    from bench.env import BenchEnv

    with tempfile.TemporaryDirectory(prefix="turfbook-bench-") as tmp, BenchEnv(Path(tmp)) as bench_env:
        read_parse(_report, *seed(bench_env), rounds=int(sys.argv[1]) if len(sys.argv) > 1 else 3)
