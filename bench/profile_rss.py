"""Where the schema job's and the digest's peak RSS comes from at 100k conversations (issue 22): seeds the
digest benchmark's workbook into a fresh emulator, then runs each job's steps in a child process of its own,
printing VmRSS / VmHWM (MB) after each step.

    .venv/bin/python -m bench.profile_rss
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def _mem() -> str:
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line.split(":")[0]] = int(line.split()[1]) // 1024
    return f"rss_mb={found['VmRSS']:<5} peak_mb={found['VmHWM']}"


def child(config_path: str, job: str) -> None:
    from datetime import date

    from turfbook.config import load as load_config
    from turfbook.gcpause import gc_paused
    from turfbook.workspace import connect

    config = load_config(Path(config_path))
    workspace = connect(config)
    sheets = workspace.sheets()
    print(f"start                   {_mem()}", flush=True)
    with gc_paused():
        if job == "schema":
            from turfbook.schema import load_schema
            from turfbook.schema.blocked import blocked_cells
            from turfbook.schema.duplicates import find_possible_duplicates
            from turfbook.schema.ids import plan_ids
            from turfbook.schema.problems import write_problems
            from turfbook.schema.reader import read_workbook

            schema = load_schema()
            snapshot = read_workbook(sheets, schema, settings_tz="America/New_York", today=date(2026, 11, 23))
            print(f"read_workbook           {_mem()}", flush=True)
            ids = plan_ids(snapshot, schema)
            print(f"plan_ids                {_mem()}", flush=True)
            problems = [p for p in snapshot.problems if p.job == "schema"] + ids.problems
            problems += find_possible_duplicates(snapshot, "schema")
            print(f"duplicates              {_mem()}", flush=True)
            problems += blocked_cells(sheets, schema, snapshot, "schema")
            print(f"blocked_cells           {_mem()}", flush=True)
            from datetime import datetime
            write_problems(sheets, "schema", problems, datetime(2026, 11, 23, 6), schema=schema, snapshot=snapshot)
            print(f"write_problems          {_mem()}", flush=True)
        else:
            from turfbook.jobs import digest
            prepared = digest.prepare(workspace, today=date(2026, 11, 23))
            print(f"prepare                 {_mem()}", flush=True)
            digest.outgoing(prepared)
            print(f"outgoing                {_mem()}", flush=True)


def main() -> int:
    from bench.env import BenchEnv
    from bench.profile_read import seed

    with tempfile.TemporaryDirectory(prefix="turfbook-rss-") as tmp, BenchEnv(Path(tmp)) as env:
        config, _ = seed(env)
        path = Path(config.data_dir) / "bench-config.yaml"
        path.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude={"source"})), encoding="utf-8")
        for job in ("schema", "digest"):
            print(f"[{job}]", flush=True)
            subprocess.run([sys.executable, "-m", "bench.profile_rss", "--child", str(path), job], check=True,
                           env={**os.environ, "NO_PROXY": "127.0.0.1,localhost"})
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
