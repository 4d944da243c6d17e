"""The digest's rendered output, pinned (issue 22): the columnar rewrites of Book, plan and its sections
must not change one byte of what is sent. A rich workbook (the digest benchmark's generator, small: issue
lists, depths, follow-ups open, closed and overdue, leaders, structure tests, media, Spanish organizers)
is planned and rendered: the director's digest in English and Spanish and every organizer's, HTML and
text. The hash is of main before the rewrite (perf22k); a deliberate change of the digest updates it."""

from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo

from bench.bench_digest import TODAY, digest_tabs, workbook
from turfbook.digest.book import Book, Links
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.digest.render import render_director, render_organizer
from turfbook.schema import load_schema
from turfbook.schema.reader import parse_workbook

NY = ZoneInfo("America/New_York")
PINNED = {"week": "00d5f89be2954e86e78c26703f299cd4a30a1b630d4ce20087b35e9418c64309",
          "day": "cbb5bdbcd91e22e9f1840cd087d319831b594651a6f71bcd813f2623c68f1532"}


def rendered(kind: str) -> str:
    schema = load_schema()
    cells = workbook(people=600, conversations=4_000, worksites=40, seed=3, schema=schema)
    snapshot = parse_workbook(schema, cells, today=TODAY, tabs=digest_tabs())
    period = Period.ending_before(TODAY, kind)
    links = Links("SHEET", {"Conversations": 5, "People": 7, "Worksites": 9}, {})
    book = Book(snapshot, NY, links, period.today)
    digest = plan(snapshot, period, tz=NY, organization="Org", book=book)
    out = [render_director(digest, "en", "America/New_York"), render_director(digest, "es", "America/New_York")]
    out += [render_organizer(o) for o in organizer_digests(snapshot, period, tz=NY, organization="Org", book=book)]
    return "\n=====\n".join(f"{r.subject}\n{r.html}\n{r.text}" for r in out)


def test_the_rendered_digest_is_unchanged_byte_for_byte():
    for kind, pinned in PINNED.items():
        assert hashlib.sha256(rendered(kind).encode()).hexdigest() == pinned, kind
