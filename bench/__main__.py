"""Run every bench/bench_*.py module's run(report) against a fresh emulator; print one table.

Each module defines `run(report, env)`; `report(name, **figures)` records one row. `env` gives a
started emulator (quotas off) and a helper to build configs. Results also go to bench/results.json.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.env import BenchEnv

ROWS: list[dict] = []


def report(name: str, **figures) -> None:
    row = {"benchmark": name, **figures}
    ROWS.append(row)
    shown = "  ".join(f"{k}={_fmt(v)}" for k, v in figures.items())
    print(f"  {name:<58} {shown}", flush=True)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def main(argv: list[str]) -> int:
    wanted = set(argv)
    here = [str(Path(__file__).parent)]
    modules = sorted(m.name for m in pkgutil.iter_modules(here) if m.name.startswith("bench_"))
    print(f"Turfbook benchmarks on {platform.machine()} with {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    failures = 0
    _compile_bytecode()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="turfbook-bench-") as tmp, BenchEnv(Path(tmp)) as env:
        for name in modules:
            if wanted and name.removeprefix("bench_") not in wanted and name not in wanted:
                continue
            print(f"[{name}]", flush=True)
            try:
                env.emulator.reset()
                importlib.import_module(f"bench.{name}").run(report, env)
            except Exception:
                failures += 1
                traceback.print_exc()
    results = {"machine": platform.machine(), "cores": os.cpu_count(), "python": platform.python_version(),
               "seconds": round(time.perf_counter() - started, 1), "rows": ROWS}
    Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"{len(ROWS)} figures in {results['seconds']} s; JSON copy in bench/results.json")
    return 1 if failures else 0


def _compile_bytecode() -> None:
    """Our modules' bytecode written before anything is measured, as an installed Turfbook has it (pip
    compiles a wheel's modules; the Docker image is such an install). This editable checkout would
    otherwise, under PYTHONDONTWRITEBYTECODE=1 (set on the shared machine and in the image), compile
    every Turfbook module in every CLI process: ~90 modules, ~0.25 s of each job's CPU through the CLI
    (issue 22, perf22h), which no installed Turfbook spends. compileall skips what is current."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for folder in ("service", "emulator"):
        compileall.compile_dir(root / folder, quiet=1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
