"""The emulator's own CPU in `python -m bench read_path`'s overdue next night and digest dry run (issue 22,
emu22h), split into recalculation and reads: an in-process emulator (its serving thread's CPU, the
server's seconds_by_method), the read_path benchmark's workbook (bench.profile_read.seed), the first
night run to fill the service tabs, then the two measured jobs. Not part of `make bench`.

    .venv/bin/python -m bench.measure_emulator_night
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from datetime import date
from functools import partial
from pathlib import Path


def main() -> int:
    import turfbook_emulator.sheets.recalc as recalc
    import turfbook_emulator.sheets.values as values
    from bench.bench_digest import TODAY
    from bench.profile_read import seed
    from tests.support.emulator import EmulatorProcess
    from turfbook.jobs import digest, overdue
    from turfbook.workspace import connect
    from turfbook_emulator.server import Emulator

    spent: dict = defaultdict(float)
    calls: dict = defaultdict(int)

    def timed(module, name: str, label: str) -> None:
        plain = getattr(module, name)

        def run(*args, **kwargs):
            start = time.thread_time()
            try:
                return plain(*args, **kwargs)
            finally:
                spent[label] += time.thread_time() - start
                calls[label] += 1
        setattr(module, name, run)
    timed(recalc, "recalc", "recalc")
    timed(values, "read", "values.read")

    class Env:                           # what seed() uses of bench.env.BenchEnv
        pass

    with tempfile.TemporaryDirectory(prefix="turfbook-night-") as tmp:
        emulator = Emulator(Path(tmp) / "emulator", port=0, quota_scale=0).start()
        handle = EmulatorProcess(emulator.base_url, emulator.credentials_path, emulator.data_dir, None)
        (Path(tmp) / "data").mkdir()
        env = Env()
        env.emulator, env.calls = handle, handle.stats
        env.config = lambda **google: handle.config(Path(tmp) / "data", **google)
        config, _schema = seed(env)
        workspace = connect(config)
        overdue.run(workspace, today=date.fromordinal(TODAY.toordinal() - 2))
        for name, job, day in (("overdue next night", overdue.run, TODAY.toordinal() - 1),
                               ("digest dry run", partial(digest.run, dry_run=True), TODAY.toordinal())):
            time.sleep(0.3)              # the server counts a call once its answer is written
            handle.reset_stats()
            spent.clear()
            calls.clear()
            job(workspace, today=date.fromordinal(day))
            time.sleep(0.3)
            stats = handle.stats()
            total = sum(s["cpu"] for s in stats["seconds_by_method"].values())
            print(f"{name}: emulator CPU {total:.2f} s")
            for method, s in stats["seconds_by_method"].items():
                print(f"   {method:45s} calls={stats['by_method'].get(method)} cpu={s['cpu']:.3f}")
            for label, seconds in spent.items():
                print(f"   of it {label}: calls={calls[label]} cpu={seconds:.3f}")
        emulator.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
