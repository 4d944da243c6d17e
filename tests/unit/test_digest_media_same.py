"""The digest's media (perf24b: the Media tab read as columns, each distinct status, worksite and issue cell looked
up once) equals the row-by-row code it replaced, kept in tests/support/digest_evidence_old.py: random Media rows
over the small workbook, statuses in case and space variants, blank or a number; filed in, before, between and
after the periods, blank or not a date; worksites and issues by ID, name, variant, unknown, blank, a list, or the
numbers 1, 1.0 and True (equal keys, not equal cells); items needing review with and without names and links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.support import digest_evidence_old as old
from tests.support.digest_workbook import LINKS, NY, TODAY, small_workbook, tab
from tests.support.examples import examples
from turfbook.digest.book import Book
from turfbook.digest.evidence import media
from turfbook.digest.period import Period

_WHEN = st.none() | st.sampled_from(["soon", 45000]) | st.integers(-20, 2).map(
    lambda n: datetime(TODAY.year, TODAY.month, TODAY.day, 3, tzinfo=UTC) + timedelta(days=n))
_CELL = st.sampled_from([1, 1.0, True, None, "", ["W-0001"]])
_ROW = st.fixed_dictionaries({
    "status": st.sampled_from(["filed", " Filed", "needs review", "Needs  Review", "", None, 1, "other"]),
    "filed_at": _WHEN,
    "worksite": st.sampled_from(["W-0001", "w-0001 ", "Sunny Days", "sunny  days", "Nowhere"]) | _CELL,
    "issue": st.sampled_from(["Broken heat", "broken heat", "Low pay", "Other"]) | _CELL,
    "original_name": st.sampled_from(["a.jpg", "", None]), "drive_file_id": st.sampled_from(["f1", "f 2", None]),
    "link": st.sampled_from(["https://drive.google.com/x", "javascript:alert(1)", None]),
    "reason": st.sampled_from(["no worksite", None])})


_FILED = {"status": "filed", "filed_at": datetime(TODAY.year, TODAY.month, TODAY.day - 2, 3, tzinfo=UTC)}


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_ROW, max_size=30), st.sampled_from(["week", "day"]))
@example([{**_FILED, "worksite": cell, "issue": cell} for cell in (1, True, 1.0)], "week")    # equal keys, not cells
def test_media_is_that_of_the_row_by_row_code(rows, kind):
    base = small_workbook()
    base.tabs["Media"] = tab("Media", [{"id": f"M-{i:06d}", **row} for i, row in enumerate(rows)])
    period = Period.ending_before(TODAY, kind)
    assert media(Book(base, NY, LINKS, period.today), period) == old.media(Book(base, NY, LINKS, period.today), period)


def test_no_media_tab():
    base = small_workbook()
    del base.tabs["Media"]
    period = Period.ending_before(TODAY)
    assert media(Book(base, NY, LINKS, period.today), period) == old.media(Book(base, NY, LINKS, period.today), period)
