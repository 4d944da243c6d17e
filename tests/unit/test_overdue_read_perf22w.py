"""The overdue read no longer parses the staff tabs' service columns when their service tab was read (issue 22,
perf22w: service_tabs.parsed_columns): `overlay` replaces them by the service tab's values. Held to the read that parsed
them, on random workbooks: the same plan (changes, flags, counts, problems), the same service writes and the same
missing service rows; every row with an ID has the very same service values and cells. Rows without an ID (blank,
or not the tab's), never written, are the only ones whose displayed service cells are no longer read; cells staff
typed over the formulas' output ("hello", a date, a number) included."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.clock import Clock
from turfbook.jobs import overdue
from turfbook.schema import load_schema
from turfbook.schema.reader import parse_workbook
from turfbook.schema.service_tabs import (
    SERVICE_TABS,
    ServiceTable,
    keys_of,
    overlay,
    parsed_columns,
    title_of,
    writes_cells,
)

TODAY = dt.date(2026, 11, 23)
TZ = "America/New_York"
CONFIG = SimpleNamespace(organization=SimpleNamespace(timezone=TZ))
SCHEMA = load_schema()
CONV_HEADER = ["ID", "Date", "Person", "Organizer", "Follow-up due", "Follow-up done", "Status", "Flagged at"]
PEOPLE_HEADER = ["ID", "Name", "Last contact", "Next follow-up", "Status"]
SERIAL = 46349          # 2026-11-23 as a Sheets date serial
day = st.integers(-9, 4).map(lambda n: (TODAY + dt.timedelta(days=n)).isoformat())
shown = st.one_of(st.sampled_from(["", "", "OVERDUE 2d", "due today", "done", "hello", 5, SERIAL - 3]), day)
dated = st.one_of(st.sampled_from(["", "", "not a date", SERIAL - 2, 7]), day)
names = ["Maria Lopez", "Dana Smith", "Li Wei"]


def _id(draw, prefix: str, n: int) -> str:
    return draw(st.sampled_from([f"{prefix}-{n:06d}"] * 4 + ["", "xyz", f"{prefix.lower()}-{n:06d}"]))


@st.composite
def workbook(draw):
    people = [[_id(draw, "P", n), draw(st.sampled_from(names)), draw(dated), draw(dated), draw(shown)]
              for n in range(1, draw(st.integers(1, 5)) + 1)]
    person = st.sampled_from(["", "P-000001", "P-000002", "p-000003", *names, "Nobody"])
    convs = [[_id(draw, "C", n), draw(day), draw(person), draw(st.sampled_from(["", "Ana", "Ben"])),
              draw(st.one_of(day, st.sampled_from(["", "soon"]))), draw(st.one_of(day, st.sampled_from(["", "yes"]))),
              draw(shown), draw(dated)] for n in range(1, draw(st.integers(0, 14)) + 1)]
    data = {"Conversations": [CONV_HEADER, *convs], "People": [PEOPLE_HEADER, *people]}
    for tab, rows in (("Conversations", convs), ("People", people)):
        if draw(st.booleans()) or not rows:         # the service tab read (else: missing, the cells parsed)
            width = len(keys_of(tab))
            ids = sorted({r[0].strip().upper() for r in rows if r[0].strip() and r[0] != "xyz"})
            kept = [i for i in ids if draw(st.booleans())]       # an ID with no service row yet: `missing`
            data[title_of(tab)] = [["ID"] + [""] * width] + [[i, *(draw(shown) for _ in range(width))] for i in kept]
    return data


def _read(data: dict, columns):
    """overdue.read's parsing and overlay, over `data` (a values.batchGet answer as rows), with `columns(service)`."""
    data = {title: [list(r) for r in rows] for title, rows in data.items()}
    service = {t: ServiceTable.parse(t, data.pop(title_of(t), None)) for t in SERVICE_TABS}
    snapshot = parse_workbook(SCHEMA, data, settings_tz=TZ, today=TODAY, tabs=["Conversations", "People"],
                              columns=columns(service), consume=True)
    for tab, table in service.items():
        if table.present:
            overlay(snapshot.tabs[tab], table)
    snapshot.service = service
    return snapshot


def _shown(snapshot, the_plan):
    writes = []
    for tab, table in snapshot.service.items():
        mine = [c for c in the_plan.changes if c.tab == tab]
        writes.append((table.missing, writes_cells(table, [c.row_id for c in mine], [c.column for c in mine],
                                                   [c.new for c in mine]) if table.present else None))
    return (the_plan.changes, the_plan.cleared, the_plan.newly_overdue, dict(the_plan.statuses), the_plan.open,
            the_plan.overdue_by_organizer.most_common(), [p.message for p in the_plan.problems],
            the_plan.without_id, the_plan.copied, the_plan.waiting, writes)


@settings(max_examples=150, deadline=None)
@given(workbook())
def test_the_read_without_the_staff_service_columns_plans_the_same(data):
    before = _read(data, lambda service: overdue.COLUMNS)
    now = _read(data, lambda service: parsed_columns(overdue.COLUMNS, service))
    clock = Clock.in_zone(TZ, TODAY)
    assert _shown(now, overdue.plan_snapshot(now, CONFIG, clock)) == \
        _shown(before, overdue.plan_snapshot(before, CONFIG, clock))
    for name in ("Conversations", "People"):
        old, new = before.tab(name), now.tab(name)
        ids = old.row_ids()
        assert new.row_ids() == ids and new.row_numbers() == old.row_numbers()
        for key in keys_of(name):
            for getter in ("column", "raw_column"):
                got, want = getattr(new, getter)(key), getattr(old, getter)(key)
                assert [v for v, i in zip(got, ids, strict=True) if i] == \
                    [v for v, i in zip(want, ids, strict=True) if i]
                if not now.service[name].present:            # no service tab: the cells as read, parsed as before
                    assert got == want


def test_only_the_service_columns_of_a_tab_whose_service_tab_was_read_are_left_out():
    present = {t: ServiceTable(t, []) for t in SERVICE_TABS}
    assert parsed_columns(overdue.COLUMNS, present) == {
        "Conversations": overdue.COLUMNS["Conversations"] - {"status", "flagged_at"},
        "People": {"name"}, "Problems": overdue.COLUMNS["Problems"]}
    absent = {t: ServiceTable(t, [], present=False) for t in SERVICE_TABS}
    assert parsed_columns(overdue.COLUMNS, absent) == overdue.COLUMNS
