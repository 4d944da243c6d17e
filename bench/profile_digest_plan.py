"""The digest's plan and the schema job's pure steps at 100k conversations, offline (issue 22): the digest
benchmark's workbook parsed in memory, then CPU seconds of each step (collector paused, as the jobs run).

    .venv/bin/python -m bench.profile_digest_plan [--profile]   # --profile: cProfile into bench/profiles/
"""

from __future__ import annotations

import gc
import sys
import time
from zoneinfo import ZoneInfo

from bench.bench_digest import TODAY, digest_tabs, workbook
from turfbook.digest import activity, evidence, followups, strength
from turfbook.digest.book import Book
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.schema import load_schema
from turfbook.schema.duplicates import find_possible_duplicates
from turfbook.schema.ids import plan_ids
from turfbook.schema.reader import parse_workbook

NY = ZoneInfo("America/New_York")


def _cpu(work, times: int = 3):
    best, out = float("inf"), None
    for _ in range(times):
        gc.disable()
        start = time.process_time()
        out = work()
        best = min(best, time.process_time() - start)
        gc.enable()
    return best, out


def main(argv: list[str]) -> int:
    schema = load_schema()
    cells = workbook(schema=schema)
    snapshot = parse_workbook(schema, cells, today=TODAY, tabs=digest_tabs())
    full = parse_workbook(schema, cells, today=TODAY)
    period = Period.ending_before(TODAY)
    seconds, book = _cpu(lambda: Book(snapshot, NY, None, period.today))
    print(f"Book                       cpu_s={seconds:.3f}")
    for name, step in (("follow_ups", followups.follow_ups), ("conversations", activity.conversations),
                       ("leaders", activity.leaders), ("structure_test", strength.structure_test),
                       ("issues", strength.issues), ("media", evidence.media), ("problems", evidence.problems)):
        seconds, _ = _cpu(lambda step=step: step(book, period))
        print(f"{name:<26} cpu_s={seconds:.3f}")
    seconds, _ = _cpu(lambda: organizer_digests(snapshot, period, tz=NY, book=book))
    print(f"organizer_digests          cpu_s={seconds:.3f}")
    seconds, _ = _cpu(lambda: plan(snapshot, period, tz=NY))
    print(f"plan (with Book)           cpu_s={seconds:.3f}")
    seconds, _ = _cpu(lambda: plan_ids(full, schema))
    print(f"plan_ids                   cpu_s={seconds:.3f}")
    seconds, _ = _cpu(lambda: find_possible_duplicates(full))
    print(f"find_possible_duplicates   cpu_s={seconds:.3f}")
    if "--profile" in argv:
        import cProfile

        from bench.profile_read import _save
        for name, work in (("digest_plan", lambda: (plan(snapshot, period, tz=NY),)),
                           ("schema_pure", lambda: (plan_ids(full, schema), find_possible_duplicates(full)))):
            prof = cProfile.Profile()
            prof.enable()
            work()
            prof.disable()
            _save(name, prof)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
