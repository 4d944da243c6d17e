"""The overdue plan worked out a column at a time (issue 22) agrees, change for change and in the same order, with
the plan worked out a row at a time through the follow-up rule's FollowUp objects (the way it was before), on
random workbooks: statuses, flags, People's dates and most urgent status, counts, cleared and newly overdue; rows
holding a copy of another row's ID (id_owners.copy_rows, `copies`) neither written nor counted without an ID."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook.jobs.overdue_plan import _kind, plan
from turfbook.schema import followup
from turfbook.schema.cell_dates import is_blank
from turfbook.schema.cells import cell_text
from turfbook.schema.model import Row, TabSnapshot

TODAY = dt.date(2026, 11, 23)
CONV_KEYS = ["id", "date", "person", "organizer", "follow_up_due", "follow_up_done", "status", "flagged_at"]
PEOPLE_KEYS = ["id", "name", "last_contact", "next_follow_up", "status"]
IDS = ["P-000001", "P-000002", "P-000003", "P-000004"]
NAMES = ["Maria Lopez", "Dana Smith", "Maria Lopez", "Li Wei"]        # two people share a name
STATUSES = [None, "", "OVERDUE 3d", "OVERDUE 1d", "due today", "due in 2d", "done", "problem: x"]

days = st.integers(-12, 6).map(lambda n: TODAY + dt.timedelta(days=n))
maybe_day = st.one_of(st.none(), days)
person_cell = st.sampled_from([None, *IDS, "p-000002", *NAMES, "  Dana   Smith ", "Nobody", "P-000009"])


@st.composite
def conversation(draw, n: int) -> Row:
    cid = draw(st.sampled_from([f"C-{n:06d}", f"C-{n:06d}", None]))
    values = {"id": cid, "date": draw(maybe_day), "person": draw(person_cell),
              "organizer": draw(st.sampled_from([None, "Ana", "Ben", ""])),
              "follow_up_due": draw(st.one_of(maybe_day, st.just("soon"))),
              "follow_up_done": draw(st.one_of(st.none(), days, st.sampled_from(["yes", "no", "later"]))),
              "status": draw(st.sampled_from(STATUSES)), "flagged_at": draw(maybe_day)}
    refs = {"person": draw(st.sampled_from(IDS))} if draw(st.booleans()) else {}
    return Row("Conversations", n + 2, cid, values, {}, refs)


@st.composite
def workbook(draw):
    convs = [draw(conversation(n)) for n in range(draw(st.integers(0, 25)))]
    people = [Row("People", n + 2, draw(st.sampled_from([pid, pid, None])),
                  {"id": pid, "name": name, "last_contact": draw(maybe_day), "next_follow_up": draw(maybe_day),
                   "status": draw(st.sampled_from(STATUSES))})
              for n, (pid, name) in enumerate(zip(IDS, NAMES, strict=True))]
    copies = {"Conversations": draw(st.sets(st.integers(2, len(convs) + 1))) if convs else set(),
              "People": draw(st.sets(st.integers(2, len(people) + 1)))}
    return convs, people, copies


def tab(name: str, keys: list[str], rows: list[Row]) -> TabSnapshot:
    return TabSnapshot(name, [k.replace("_", " ").capitalize() for k in keys], {k: i for i, k in enumerate(keys)},
                       rows)


def row_at_a_time(conversations: TabSnapshot, people: TabSnapshot, today: dt.date, grace: int, soon: int,
                  copies: dict[str, set[int]]):
    """The plan's figures and changes the way overdue_plan worked them out before issue 22: a loop per row."""
    tz = ZoneInfo("UTC")
    items = followup.read_tab(conversations, people, tz)
    followup.close(items, today)
    statuses = followup.statuses(items, today, grace, soon)
    olds = [cell_text(r.values.get("status") if r.values.get("status") is not None else r.raw.get("status"))
            for r in conversations.rows]
    flagged, _ = followup.dates(conversations, "flagged_at", tz)
    changes, cleared, newly, by_org, kinds = [], [], [], Counter(), Counter()
    last, nxt, person_statuses, opened, without, copied = {}, {}, defaultdict(list), 0, 0, 0
    for f, status, old, on in zip(items, statuses, olds, flagged, strict=True):
        row = f.row
        if f.person is not None and f.day is not None and f.day <= today and f.day > last.get(f.person, dt.date.min):
            last[f.person] = f.day
        if f.is_open:
            opened += 1
            if f.person is not None:
                person_statuses[f.person].append(status)
                nxt[f.person] = min(nxt.get(f.person, dt.date.max), f.due)
        kind = _kind(status, f.due is not None)
        if kind:
            kinds[kind] += 1
        overdue = status.startswith("OVERDUE")
        if overdue:
            by_org[cell_text(row.values.get("organizer")) or "(no organizer)"] += 1
        if not row.id or row.row_number in copies["Conversations"]:
            without, copied = without + (not row.id), copied + bool(row.id)
            continue
        if not overdue and old.startswith("OVERDUE"):
            cleared.append(row.label)
        if status != old:
            changes.append(("Conversations", row.id, row.row_number, "status", old, status))
        stale = on is not None and f.day is not None and on < f.day <= today   # another record's flag (a21p 3)
        if overdue and (on is None or stale):
            newly.append(row.label)
            changes.append(("Conversations", row.id, row.row_number, "flagged_at", row.values.get("flagged_at"),
                            today))
        elif stale:
            changes.append(("Conversations", row.id, row.row_number, "flagged_at", row.values.get("flagged_at"),
                            None))
    olds = {k: followup.dates(people, k, tz)[0] for k in ("last_contact", "next_follow_up")}
    for n, row in enumerate(people.rows):
        if not row.id or row.row_number in copies["People"]:
            without, copied = without + (not row.id), copied + bool(row.id)
            continue
        for key, by_person in (("last_contact", last), ("next_follow_up", nxt)):
            new = by_person.get(row.id)
            if olds[key][n] != new or (new is None and not is_blank(row.values.get(key))):
                changes.append(("People", row.id, row.row_number, key, row.values.get(key), new))
        status = followup.most_urgent(person_statuses.get(row.id, ()))
        if cell_text(row.values.get("status")) != status:
            changes.append(("People", row.id, row.row_number, "status", row.values.get("status"), status))
    return changes, cleared, newly, by_org.most_common(), +kinds, opened, (without, copied)


@settings(max_examples=examples(150), deadline=None)   # all 150 under make test-slow
@given(workbook(), st.integers(0, 2), st.integers(0, 4))
def test_the_columns_agree_with_the_rows(book, grace, soon):
    convs, people, copies = book
    conversations, people_tab = tab("Conversations", CONV_KEYS, convs), tab("People", PEOPLE_KEYS, people)
    result = plan(conversations, people_tab, {"timezone": "UTC", "grace_days": grace, "due_soon_days": soon}, TODAY,
                  copies)
    changes, cleared, newly, by_org, kinds, opened, without = row_at_a_time(
        tab("Conversations", CONV_KEYS, convs), tab("People", PEOPLE_KEYS, people), TODAY, grace, soon, copies)
    assert [tuple(c) for c in result.changes] == changes
    assert (result.cleared, result.newly_overdue) == (cleared, newly)
    assert result.overdue_by_organizer.most_common() == by_org
    assert (+result.statuses, result.open, (result.without_id, result.copied)) == (kinds, opened, without)
