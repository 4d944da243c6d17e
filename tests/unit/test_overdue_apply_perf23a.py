"""overdue_apply._batches and service_writes.plan_cells' new-value memo (perf23a), against the code they replace:
the same batches (the per-write loop, kept here as the reference) and the same planned rows (plan_rows, which
converts each value on its own)."""

from __future__ import annotations

import datetime as dt
import json

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook.jobs.overdue_apply import MAX_REQUEST_BYTES, _batches
from turfbook.schema.service_tabs import cell_value
from turfbook.schema.service_writes import plan_cells, plan_rows
from turfbook.workspace.sheets import CellWrite


def batches_before(writes: list[CellWrite]) -> list[list[CellWrite]]:
    """_batches as it was (main 4f8af6b): one orjson.dumps and a Python step per write."""
    batches: list[list[CellWrite]] = [[]]
    size = 0
    for write in writes:
        text = orjson.dumps(write.values)
        values = len(text) if text.isascii() else len(json.dumps(write.values, separators=(",", ":")))
        cost = values + len(write.range) + 60
        if batches[-1] and size + cost > MAX_REQUEST_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(write)
        size += cost
    return batches if batches[0] else []


SIZE = st.one_of(st.integers(0, 30), st.integers(0, 400_000), st.sampled_from([MAX_REQUEST_BYTES - 80,
                                                                              MAX_REQUEST_BYTES, 2_000_000]))


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.tuples(SIZE, st.sampled_from(["x", "é", '"', "1"]), st.integers(1, 3)), max_size=30))
def test_batches_are_the_per_write_loops(spec):
    writes = [CellWrite(f"'_Turfbook People'!A{n + 2}:D{n + 1 + rows}", [[char * (size // rows)]] * rows)
              for n, (size, char, rows) in enumerate(spec)]
    assert _batches(writes) == batches_before(writes)


def test_a_night_of_small_writes_is_one_batch_and_a_bigger_one_is_cut_where_it_was():
    small = [CellWrite(f"'_Turfbook Conversations'!A{r}:C{r}", [["C-1", "OVERDUE 12d", "2026-11-20"]])
             for r in range(2, 10_002)]
    assert _batches(small) == batches_before(small) == [small]
    big = small * 4
    assert len(_batches(big)) > 1 and _batches(big) == batches_before(big)


VALUE = st.one_of(st.none(), st.sampled_from(["", "OVERDUE 3d", "due today", "done"]), st.text(max_size=3),
                  st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 9)),
                  st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2)),
                  st.integers(0, 2), st.booleans(), st.floats(0, 2))
IDS = [f"C-{n:06d}" for n in range(1, 9)]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(["status", "flagged_at"]), VALUE), max_size=20),
       st.lists(st.sampled_from(["", "OVERDUE 3d", "2026-01-02", "x"]), min_size=16, max_size=16))
def test_plan_cells_converts_each_new_value_as_plan_rows_does(cells, old):
    rows = [[row_id, old[2 * n], old[2 * n + 1]] for n, row_id in enumerate(IDS)]
    keys = ("status", "flagged_at")
    ids, columns, news = ([c[i] for c in cells] for i in range(3))
    changes: dict = {}
    for row_id, key, new in cells:
        changes.setdefault(row_id, {})[key] = new
    got = plan_cells(rows, keys, 3, ids, columns, news, cell_value)
    want = plan_rows(rows, keys, 3, changes, cell_value)
    assert got == want
    assert [list(map(type, r)) for r in got[1]] == [list(map(type, r)) for r in want[1]]   # True stays True, 1 1
