"""The overdue plan on an ID whose rows wait while their cells differ (id_owners.copy_rows' `waits`, outside
tester a21n n3): its Status (shown on every row holding it) says it waits, in English and Spanish; neither
row's dates set or clear its flag, its Flagged at is kept; it is not counted as a copy `sheets check` numbers."""

from __future__ import annotations

import datetime as dt

from turfbook.jobs.overdue import summarize
from turfbook.jobs.overdue_plan import plan
from turfbook.schema import followup
from turfbook.schema.model import Row, TabSnapshot

TODAY = dt.date(2026, 11, 17)
KEYS = ["id", "date", "person", "organizer", "follow_up_due", "follow_up_done", "status", "flagged_at"]


def _tab(name: str, keys: list[str], rows: list[Row]) -> TabSnapshot:
    return TabSnapshot(name, [k.replace("_", " ").capitalize() for k in keys], {k: i for i, k in enumerate(keys)},
                       rows)


def _conv(number: int, row_id: str, due: dt.date, done, status: str, flagged) -> Row:
    values = {"id": row_id, "date": dt.date(2026, 11, 2), "person": "Ana Ruiz", "organizer": None,
              "follow_up_due": due, "follow_up_done": done, "status": status, "flagged_at": flagged}
    return Row("Conversations", number, row_id, values, {}, {})


def test_a_waiting_id_says_it_waits_keeps_its_flagged_at_and_sets_or_clears_no_flag():
    flagged = dt.date(2026, 11, 15)
    convs = _tab("Conversations", KEYS, [
        _conv(2, "C-000001", dt.date(2026, 12, 30), None, "OVERDUE 6d", flagged),      # the copy (a guess which)
        _conv(3, "C-000001", dt.date(2026, 11, 10), True, "OVERDUE 6d", flagged),      # the record, marked done
        _conv(4, "C-000002", dt.date(2026, 11, 12), None, "OVERDUE 4d", flagged)])
    people = _tab("People", ["id", "name", "last_contact", "next_follow_up", "status"], [])
    waits = {"Conversations": {"C-000001": [2, 3]}}
    the_plan = plan(convs, people, {"timezone": "America/New_York"}, TODAY, {"Conversations": {2, 3}}, waits)
    mine = [(c.row_id, c.column, c.new) for c in the_plan.changes if c.row_id == "C-000001"]
    assert mine == [("C-000001", "status", followup.waits(2))]                   # no flagged_at change
    assert followup.waits(2).startswith("waits: ID on 2 rows") and "espera: ID en 2 filas" in followup.waits(2)
    assert followup.urgency(followup.waits(2)) is None                           # no open follow-up's Status
    assert the_plan.cleared == [] and the_plan.newly_overdue == [] and the_plan.waiting == ["C-000001"]
    assert the_plan.copied == 0
    said = summarize(the_plan, None, [])
    assert "IDs on rows that differ, waiting" in said and "rows holding a copy" not in said
    convs.rows[0].values["status"] = convs.rows[1].values["status"] = followup.waits(2)
    again = plan(convs, people, {"timezone": "America/New_York"}, TODAY, {"Conversations": {2, 3}}, waits)
    assert [c for c in again.changes if c.row_id == "C-000001"] == []            # written once
