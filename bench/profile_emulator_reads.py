"""cProfile of the emulator's serving thread for values.get / batchGet of a 100,000 x 20 tab (ROWS and COLUMNS,
UNFORMATTED and FORMATTED; the cases of bench.measure_emulator_values), over HTTP as a client calls it: the
whole request (query, handler, ready-made JSON, the answer's encoding and sending) in the thread serving it.
Saved as bench/profiles/emulator_reads_serving.txt (tottime order, one section per case). Not part of `make bench`.

    PYTHONPATH=. .venv/bin/python -m bench.profile_emulator_reads [SUBSTRING ...]   # only the cases named
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_emulator_sheets import CHUNK, ROWS, _row
from bench.measure_emulator_values import people_tab

OUT = Path(__file__).resolve().parent / "profiles" / "emulator_reads_serving.txt"


def main(only: list[str]) -> int:
    from turfbook_emulator import server

    profiles: list[cProfile.Profile] = []
    serve = server._Handler._handle

    def handle(self):                     # the read calls profiled in the thread that serves them
        if "/values" in self.path and self.command == "GET" and "A1:A2" not in self.path:
            prof = cProfile.Profile(time.thread_time)
            prof.enable()
            try:
                serve(self)
            finally:
                prof.disable()
                profiles.append(prof)
        else:
            serve(self)

    server._Handler._handle = handle
    report = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="turfbook-profile-") as tmp:
        emulator = server.Emulator(Path(tmp), port=0, quota_scale=0).start()
        session, base = people_tab(emulator, Path(tmp))
        for start in range(0, ROWS, CHUNK):
            session.put(f"{base}/People!A{start + 1}", params={"valueInputOption": "RAW"},
                        data=json.dumps({"values": [_row(i) for i in range(start, start + CHUNK)]}).encode(),
                        headers={"Content-Type": "application/json"}).raise_for_status()
        time.sleep(3)                     # the flusher's forked write of the fill
        for major in ("ROWS", "COLUMNS"):
            for render in ("UNFORMATTED_VALUE", "FORMATTED_VALUE"):
                for kind, url, params in (("get", f"{base}/People", {}),
                                          ("batchGet", f"{base}:batchGet", {"ranges": ["People!A:J", "People!K:T"]})):
                    label = f"{kind} {major} {render[:5]}"
                    if only and not any(part in label for part in only):
                        continue
                    profiles.clear()
                    for _ in range(2):    # the second one kept (the first warms the allocator)
                        session.get(url, params={**params, "valueRenderOption": render,
                                                 "majorDimension": major}).raise_for_status()
                    time.sleep(0.2)
                    report.write(f"\n===== {label} (serving thread CPU, profiled) =====\n")
                    pstats.Stats(profiles[-1], stream=report).sort_stats("tottime").print_stats(14)
                    print(label, "done")
        emulator.stop()
    OUT.write_text(report.getvalue())
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
