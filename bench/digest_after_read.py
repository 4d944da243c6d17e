"""The digest's own CPU after the read at 100k conversations, offline (issue 22, perf22n): each round parses the
digest benchmark's workbook afresh (so Row objects and columns are made as in a run), then times Book, plan,
organizer_digests and rendering (collector paused, as the job runs); prints the best round and a sha256 of
every rendered digest (en director + organizers), which must not change when this code is made faster.

    .venv/bin/python -m bench.digest_after_read [rounds]
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from zoneinfo import ZoneInfo

from bench.bench_digest import TODAY, digest_tabs, workbook
from turfbook.digest.book import Book
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.digest.render import render_bodies, render_director, render_organizer
from turfbook.schema import load_schema
from turfbook.schema.reader import parse_workbook

NY = ZoneInfo("America/New_York")


def _round(snapshot, period: Period) -> tuple[list[float], list]:
    clock = time.process_time
    marks = [clock()]
    book = Book(snapshot, NY, None, period.today)
    marks.append(clock())
    digest = plan(snapshot, period, tz=NY, book=book)
    marks.append(clock())
    organizers = organizer_digests(snapshot, period, tz=NY, book=book)
    marks.append(clock())
    rendered = [render_director(digest, "en", "America/New_York"), *map(render_organizer, organizers)]
    render_bodies(rendered)       # the bodies are made on first use (perf23b): timed here, as before
    marks.append(clock())
    return [b - a for a, b in zip(marks, marks[1:], strict=False)], rendered


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 5
    schema = load_schema()
    cells = workbook(schema=schema)
    period = Period.ending_before(TODAY)
    best, rendered = None, []
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        snapshot = parse_workbook(schema, cells, today=TODAY, tabs=digest_tabs())
        parts, rendered = _round(snapshot, period)
        gc.enable()
        if best is None or sum(parts) < sum(best):
            best = parts
    digest = hashlib.sha256()
    for item in rendered:
        digest.update(f"{item.subject}\n{item.html}\n{item.text}".encode())
    print("cpu_s book={:.3f} plan={:.3f} organizer_digests={:.3f} render={:.3f} total={:.3f}".format(*best, sum(best)),
          f"digests={len(rendered)} sha256={digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
