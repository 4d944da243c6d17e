"""The parse half of the read path at 100k conversations, without an emulator (issue 22): the digest
benchmark's workbook as a values.batchGet answer in memory; CPU seconds of json.loads, orjson.loads and
parse_workbook (collector paused, as the jobs read), and the peak RSS growth of one parse.

    .venv/bin/python -m bench.parse_offline [--profile]      # --profile: cProfile into bench/profiles/
"""

from __future__ import annotations

import gc
import json
import resource
import sys

import orjson

from bench.bench_digest import TODAY, digest_tabs, workbook
from bench.bench_read_path import best_cpu
from turfbook.schema import load_schema
from turfbook.schema.reader import needed_tabs, parse_workbook


def main(argv: list[str]) -> int:
    schema = load_schema()
    cells = workbook(schema=schema)
    tabs = needed_tabs(schema, digest_tabs())
    payload = orjson.dumps({"valueRanges": [{"range": t, "majorDimension": "ROWS", "values": cells.get(t, [])}
                                            for t in tabs]})
    data = {t: r["values"] for t, r in zip(tabs, orjson.loads(payload)["valueRanges"], strict=True)}
    del cells
    if "--profile" in argv:
        import cProfile

        from bench.profile_read import OUT, _save
        prof = cProfile.Profile()
        prof.enable()
        parse_workbook(schema, data, today=TODAY, tabs=digest_tabs())
        prof.disable()
        _save("parse_offline", prof)
        print(OUT)
    loads = best_cpu(lambda: json.loads(payload), paused=True)
    oloads = best_cpu(lambda: orjson.loads(payload), paused=True)
    parse = best_cpu(lambda: parse_workbook(schema, data, today=TODAY, tabs=digest_tabs()), paused=True)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    snap = parse_workbook(schema, data, today=TODAY, tabs=digest_tabs())
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(f"payload_mb={len(payload) / 1e6:.1f} json_loads_s={loads:.3f} orjson_loads_s={oloads:.3f} "
          f"parse_s={parse:.3f} (orjson+parse)/json.loads={(oloads + parse) / loads:.1f} "
          f"rows={sum(len(t.rows) for t in snap.tabs.values())} problems={len(snap.problems)} "
          f"peak_rss_growth_mb={grown / 1024:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
