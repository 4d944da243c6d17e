"""service_tabs.writes: the fast way for a sorted service tab and the general way give the tab the
service's sorted table; every range covers changed rows, and any unchanged row it covers gets
exactly the values read there (service tabs are Turfbook's own; docs/write-path.md)."""

from __future__ import annotations

import random

import pytest

from turfbook.schema.service_tabs import ServiceTable, cell_value, id_order, keys_of, writes
from turfbook.schema.service_writes import MAX_GAP


def _wanted(table: ServiceTable, changes: dict) -> list[list]:
    """The table the service wants: the first row of each ID, changes applied, sorted by ID (the rule)."""
    keys = keys_of(table.tab)
    wanted: dict[str, list] = {}
    for row in table.rows:
        if str(row[0]) and str(row[0]) not in wanted:
            wanted[str(row[0])] = list(row)
    for row_id, cells in changes.items():
        line = wanted.setdefault(row_id, [row_id] + [""] * len(keys))
        for key, new in cells.items():
            line[1 + keys.index(key)] = cell_value(new)
    return [wanted[i] for i in sorted(wanted, key=id_order)]


def _applied(table: ServiceTable, found) -> list[list]:
    grid = [list(r) for r in table.rows]
    for write in found:
        first = _first(write)
        for n, line in enumerate(write.values):
            while len(grid) <= first + n:
                grid.append([""] * table.width)
            grid[first + n] = list(line)
    while grid and not any(str(c) for c in grid[-1]):
        grid.pop()
    return grid


def _first(write) -> int:
    """The data row index (0 = sheet row 2) a write starts at."""
    return int(write.range.rpartition("!")[2].split(":")[0].lstrip("ABCD")) - 2


def _table(rnd: random.Random, tab: str, n: int, messy: bool) -> ServiceTable:
    width = 1 + len(keys_of(tab))
    ids = sorted({f"{rnd.choice('Cc')}-{rnd.randrange(4 * n + 1):04d}" for _ in range(n)}, key=id_order)
    rows = [[i] + [rnd.choice(["OVERDUE 3d", "done", "", 46300 + rnd.randrange(5)]) for _ in range(width - 1)]
            for i in ids]
    if messy and rows:
        rnd.shuffle(rows) if rnd.random() < 0.5 else rows.insert(rnd.randrange(len(rows)), list(rows[0]))
    return ServiceTable(tab, rows)


@pytest.mark.parametrize("seed", range(300))
def test_writes_give_the_sorted_table_and_touch_only_changed_or_rewritten_rows(seed):
    rnd = random.Random(seed)
    tab = rnd.choice(["Conversations", "People"])
    table = _table(rnd, tab, rnd.randrange(0, 40), messy=seed % 5 == 0)
    keys = keys_of(tab)
    changes = {}
    for _ in range(rnd.randrange(0, 30)):
        row_id = rnd.choice([r[0] for r in table.rows] or ["C-0001"]) if rnd.random() < 0.7 else \
            f"{rnd.choice('Cc')}-{rnd.randrange(200):04d}"
        changes.setdefault(row_id, {})[rnd.choice(keys)] = rnd.choice(["OVERDUE 4d", "done", None, 46310])
    found, rows = writes(table, changes)
    want = _wanted(table, changes)
    assert _applied(table, found) == want
    assert rows == 1 + max(len(want), len(table.rows))
    for write in found:              # a range starts and ends on a changed row
        first = _first(write)
        old = table.rows + [[""] * table.width] * len(write.values)
        assert write.values[0] != old[first] and write.values[-1] != old[first + len(write.values) - 1]
        for n, line in enumerate(write.values):        # an unchanged row covered: the values read there
            assert line == (want[first + n] if first + n < len(want) else [""] * table.width)


def test_changed_rows_close_together_go_in_one_range():
    table = ServiceTable("Conversations", [[f"C-{i:04d}", "OVERDUE 3d", 46300] for i in range(20)])
    every = {f"C-{i:04d}": {"status": "OVERDUE 4d"} for i in range(0, 20, MAX_GAP + 1)}
    found, _ = writes(table, every)
    assert [w.range for w in found] == ["'_Turfbook Conversations'!A2:C20"]
    apart = {f"C-{i:04d}": {"status": "OVERDUE 4d"} for i in (0, MAX_GAP + 2)}
    assert len(writes(table, apart)[0]) == 2
