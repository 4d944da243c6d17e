"""The overdue job's pure plan: follow-up rules, statuses, People dates, problems."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.examples import examples
from turfbook.jobs.overdue_plan import OverdueSettings, plan, status_for
from turfbook.schema.cell_dates import as_date, org_today
from turfbook.schema.model import Problem, Row, TabSnapshot

TODAY = dt.date(2026, 11, 23)
NY = ZoneInfo("America/New_York")
CONV_KEYS = ["id", "date", "person", "organizer", "kind", "follow_up_due", "follow_up_done", "notes",
             "status", "flagged_at"]
PEOPLE_KEYS = ["id", "name", "organizer", "last_contact", "next_follow_up"]


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def snapshot(name: str, keys: list[str], rows: list[Row]) -> TabSnapshot:
    return TabSnapshot(name, [k.replace("_", " ").capitalize() for k in keys], {k: i for i, k in enumerate(keys)},
                       rows)


def conv(cid: str | None, date=None, person="P-000001", due=None, done=None, organizer="Ana", status=None,
         flagged=None, raw=None, row_number=None) -> Row:
    values = {"id": cid, "date": date, "person": person, "organizer": organizer, "follow_up_due": due,
              "follow_up_done": done, "status": status, "flagged_at": flagged}
    number = row_number or (int(cid[2:]) + 1 if cid else 99)
    return Row("Conversations", number, cid, values, raw or {})


def person(pid: str, name: str, last=None, nxt=None, row_number=None) -> Row:
    return Row("People", row_number or int(pid[2:]) + 1, pid,
               {"id": pid, "name": name, "last_contact": last, "next_follow_up": nxt})


PEOPLE = [person("P-000001", "Maria Lopez"), person("P-000002", "Dana Smith")]


def run(convs: list[Row], people: list[Row] | None = None, settings=None, today=TODAY):
    return plan(snapshot("Conversations", CONV_KEYS, convs), snapshot("People", PEOPLE_KEYS, people or PEOPLE),
                settings or {}, today)


def statuses(result) -> dict[str, str]:
    return {c.row_id: c.new for c in result.changes if c.column == "status"}


def changed(result, tab: str, column: str) -> dict[str, object]:
    return {c.row_id: c.new for c in result.changes if c.tab == tab and c.column == column}


# -- statuses ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("due", "grace", "expected"), [
    (days(-3), 0, "OVERDUE 3d"),
    (days(-1), 0, "OVERDUE 1d"),
    (days(0), 0, "due today"),
    (days(-2), 2, "due today"),        # inside the grace days: due, not yet flagged
    (days(-3), 2, "OVERDUE 3d"),       # N counts from the due date, not from the end of grace
    (days(1), 0, "due in 1d"),
    (days(3), 0, "due in 3d"),
    (days(4), 0, ""),                  # beyond the due-soon window
])
def test_status_for(due, grace, expected):
    assert status_for(due, TODAY, OverdueSettings(grace_days=grace, due_soon_days=3)) == expected


def test_overdue_row_gets_status_and_flag_date():
    result = run([conv("C-000001", days(-10), due=days(-3))])
    assert statuses(result) == {"C-000001": "OVERDUE 3d"}
    assert changed(result, "Conversations", "flagged_at") == {"C-000001": TODAY}   # the day Turfbook flagged it
    assert result.newly_overdue == ["C-000001"]
    assert result.open == 1
    assert result.overdue_by_organizer == {"Ana": 1}


def test_grace_days_and_due_soon_window_come_from_settings():
    rows = [conv("C-000001", days(-10), due=days(-2)), conv("C-000002", days(-10), person="P-000002", due=days(5))]
    assert statuses(run(rows)) == {"C-000001": "OVERDUE 2d"}
    result = run(rows, settings={"grace_days": "2", "due_soon_days": 5})
    assert statuses(result) == {"C-000001": "due today", "C-000002": "due in 5d"}
    assert not result.problems


def test_bad_settings_are_problems_and_fall_back_to_defaults():
    result = run([conv("C-000001", days(-10), due=days(-2))],
                 settings={"grace_days": "two", "due_soon_days": -1, "timezone": "Mars/Base"})
    assert statuses(result) == {"C-000001": "OVERDUE 2d"}
    assert {p.row_id for p in result.problems} == {"grace_days", "due_soon_days", "timezone"}
    assert result.settings == OverdueSettings()


def test_flagged_at_is_the_day_turfbook_first_flags_it_not_the_due_date_plus_one():
    """Issue 19 item 2: a row first seen long overdue is flagged on the day of that run, not backdated."""
    result = run([conv("C-000001", days(-10), due=days(-1)), conv("C-000002", days(-10), person="P-000002",
                                                                 due=days(-9))], settings={"grace_days": 2})
    assert statuses(result) == {"C-000001": "due today", "C-000002": "OVERDUE 9d"}
    assert changed(result, "Conversations", "flagged_at") == {"C-000002": TODAY}
    later = run([conv("C-000001", days(-10), due=days(-1)), conv("C-000002", days(-10), person="P-000002",
                                                                   due=days(-9), status="OVERDUE 9d", flagged=TODAY)],
                   settings={"grace_days": 2}, today=days(2))
    assert changed(later, "Conversations", "flagged_at") == {"C-000001": days(2)}


def test_flagged_at_is_kept_once_set():
    earlier = days(-2)
    result = run([conv("C-000001", days(-10), due=days(-5), status="OVERDUE 4d", flagged=earlier)])
    assert statuses(result) == {"C-000001": "OVERDUE 5d"}
    assert changed(result, "Conversations", "flagged_at") == {}
    assert result.newly_overdue == []


def test_done_date_clears_an_overdue_row_and_keeps_its_flag_date():
    result = run([conv("C-000001", days(-10), due=days(-5), done=days(-1), status="OVERDUE 4d", flagged=days(-2))])
    assert statuses(result) == {"C-000001": "done"}
    assert changed(result, "Conversations", "flagged_at") == {}
    assert result.cleared == ["C-000001"]
    assert result.open == 0


@pytest.mark.parametrize("done", ["called her", "left voicemail", "n/a"])
def test_done_written_as_other_text_is_one_problem_and_stays_open(done):
    """a21j 4: a word that says neither done nor not done is asked about, and a person checks it (open)."""
    result = run([conv("C-000001", days(-10), due=days(-5), done=done)])
    assert statuses(result) == {"C-000001": "OVERDUE 5d"}
    [problem] = result.problems
    assert problem.column == "Follow up done" and f"can't tell if '{done}' means done" in problem.message


@pytest.mark.parametrize("done, status", [("yes", "done"), ("Y", "done"), ("Sí", "done"), ("✔", "done"),
                                          ("hecho", "done"), ("Listo", "done"), ("done", "done"), ("x", "done"),
                                          ("no", "OVERDUE 5d"), ("N", "OVERDUE 5d"), ("No", "OVERDUE 5d"),
                                          ("pending", "OVERDUE 5d"), ("pendiente", "OVERDUE 5d"),
                                          ("not yet", "OVERDUE 5d"), ("todavía no", "OVERDUE 5d"),
                                          ("no hecho", "OVERDUE 5d"), ("falta", "OVERDUE 5d")])
def test_done_kept_as_yes_no_reads_no_as_not_done_and_reports_nothing(done, status):
    result = run([conv("C-000001", days(-10), due=days(-5), done=done)])
    assert statuses(result) == {"C-000001": status}
    assert not result.problems


def test_no_follow_up_means_blank_status_and_no_write():
    result = run([conv("C-000001", days(-10))])
    assert result.changes == [
        c for c in result.changes if c.tab == "People"]      # only People's last contact
    assert result.open == 0 and not result.problems


# -- a later conversation closes the follow-up ------------------------------------------------------

def test_later_conversation_without_its_own_follow_up_closes_it():
    rows = [conv("C-000001", days(-10), due=days(-3)), conv("C-000002", days(-4), organizer="Bea")]
    result = run(rows)
    assert statuses(result) == {"C-000001": "done"}
    assert result.open == 0
    assert changed(result, "People", "next_follow_up") == {}


def test_later_conversation_that_sets_its_own_follow_up_does_not_close_the_earlier_one():
    rows = [conv("C-000001", days(-10), due=days(-3)), conv("C-000002", days(-4), due=days(2))]
    result = run(rows)
    assert statuses(result) == {"C-000001": "OVERDUE 3d", "C-000002": "due in 2d"}
    assert changed(result, "People", "next_follow_up") == {"P-000001": days(-3)}


@pytest.mark.parametrize("other", [
    dict(date=days(-10)),                      # same day is not later
    dict(date=days(-12)),                      # earlier
    dict(date=days(2)),                        # future-dated: not a contact yet
    dict(date=days(-4), person="P-000002"),    # someone else
    dict(date=None),                           # no date
])
def test_conversations_that_do_not_close_a_follow_up(other):
    rows = [conv("C-000001", days(-10), due=days(-3)), conv("C-000002", **{"date": None, **other})]
    assert statuses(run(rows))["C-000001"] == "OVERDUE 3d"


def test_person_referenced_by_id_or_exact_name_is_the_same_person():
    rows = [conv("C-000001", days(-10), person="Maria Lopez", due=days(-3)),
            conv("C-000002", days(-4), person="p-000001 ")]
    assert statuses(run(rows)) == {"C-000001": "done"}
    rows = [conv("C-000001", days(-10), person="P-000001", due=days(-3)),
            conv("C-000002", days(-4), person="  Maria   Lopez")]
    assert statuses(run(rows)) == {"C-000001": "done"}


def test_unknown_or_ambiguous_person_is_a_problem_and_closes_nothing():
    people = PEOPLE + [person("P-000003", "Dana Smith")]
    rows = [conv("C-000001", days(-10), person="maria lopez", due=days(-3)),
            conv("C-000002", days(-4), person="maria lopez"),
            conv("C-000003", days(-4), person="Dana Smith")]
    result = run(rows, people)
    assert statuses(result) == {"C-000001": "OVERDUE 3d"}
    kinds = {p.row_id: p.kind for p in result.problems}
    assert kinds == {"C-000001": "unknown_reference", "C-000002": "unknown_reference",
                     "C-000003": "ambiguous_reference"}
    assert all(p.job == "overdue" and p.tab == "Conversations" and p.column == "Person" for p in result.problems)


# -- bad and blank dates ----------------------------------------------------------------------------

def test_malformed_follow_up_due_is_a_problem_status_not_a_crash():
    rows = [conv("C-000001", days(-10), due=None, raw={"follow_up_due": "31/02"}),
            conv("C-000002", days(-10), person="P-000002", due="next week")]
    result = run(rows)
    assert statuses(result) == {"C-000001": "problem: follow-up due is not a date",
                                "C-000002": "problem: follow-up due is not a date"}
    assert [p.row_id for p in result.problems] == ["C-000001", "C-000002"]
    assert "'31/02' is not a date" in result.problems[0].message
    assert result.problems[0].row_number == 2


def test_malformed_or_blank_conversation_date_is_reported_and_row_still_flagged():
    rows = [conv("C-000001", "yesterday-ish", due=days(-3)), conv("C-000002", None, person="P-000002", due=days(-1))]
    result = run(rows)
    assert statuses(result) == {"C-000001": "OVERDUE 3d", "C-000002": "OVERDUE 1d"}
    assert {(p.row_id, p.kind) for p in result.problems} == {("C-000001", "invalid"), ("C-000002", "missing")}


def test_problems_the_schema_layer_already_reported_are_not_repeated():
    convs = snapshot("Conversations", CONV_KEYS, [conv("C-000001", days(-10), due=None,
                                                       raw={"follow_up_due": "31/02"})])
    convs.problems.append(Problem("schema", "Conversations", "C-000001", "Follow up due", "not a date",
                                  row_number=2))
    result = plan(convs, snapshot("People", PEOPLE_KEYS, PEOPLE), {}, TODAY)
    assert result.problems == []
    assert statuses(result) == {"C-000001": "problem: follow-up due is not a date"}


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2026, 11, 20), dt.date(2026, 11, 20)),
    (46346, dt.date(2026, 11, 20)),                          # Sheets serial number
    (46346.75, dt.date(2026, 11, 20)),
    ("2026-11-20", dt.date(2026, 11, 20)),
    ("11/20/2026", dt.date(2026, 11, 20)),
    (dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC), dt.date(2026, 11, 20)),   # 22:00 in New York
])
def test_as_date_accepts_what_sheets_and_staff_produce(value, expected):
    assert as_date(value, NY) == (expected, None)


@pytest.mark.parametrize("value", ["2026-02-31", "31/02", "soon", True, -5, 10**9])
def test_as_date_reports_junk(value):
    assert as_date(value, NY) == (None, value)


# -- timezone ---------------------------------------------------------------------------------------

def test_today_is_the_org_timezone_date():
    late_evening_in_new_york = dt.datetime(2026, 11, 23, 1, 30, tzinfo=dt.UTC)
    assert org_today(NY, late_evening_in_new_york) == dt.date(2026, 11, 22)
    assert org_today(ZoneInfo("UTC"), late_evening_in_new_york) == dt.date(2026, 11, 23)
    with pytest.raises(ValueError):
        org_today(NY, dt.datetime(2026, 11, 23, 1, 30))


def test_timezone_boundary_due_today_in_new_york_is_not_overdue():
    now = dt.datetime(2026, 11, 23, 1, 30, tzinfo=dt.UTC)   # already the 23rd in UTC
    today = org_today(NY, now)
    rows = [conv("C-000001", dt.date(2026, 11, 1), due=dt.date(2026, 11, 22)),
            conv("C-000002", dt.date(2026, 11, 1), person="P-000002", due=dt.date(2026, 11, 23))]
    assert statuses(run(rows, today=today)) == {"C-000001": "due today", "C-000002": "due in 1d"}
    utc_today = org_today(ZoneInfo("UTC"), now)
    assert statuses(run(rows, today=utc_today)) == {"C-000001": "OVERDUE 1d", "C-000002": "due today"}


# -- People -----------------------------------------------------------------------------------------

def test_people_get_last_contact_and_earliest_open_follow_up():
    rows = [conv("C-000001", days(-20), due=days(-3), done=days(-2)),
            conv("C-000002", days(-9), due=days(4)),
            conv("C-000003", days(-6), due=days(1)),
            conv("C-000004", days(3)),                              # future-dated: not a contact
            conv("C-000005", days(-30), person="Dana Smith")]
    result = run(rows, PEOPLE + [person("P-000003", "Nobody Yet", last=days(-100), nxt=days(1))])
    assert changed(result, "People", "last_contact") == {"P-000001": days(-6), "P-000002": days(-30),
                                                         "P-000003": None}
    assert changed(result, "People", "next_follow_up") == {"P-000001": days(1), "P-000003": None}


def test_people_cells_already_right_are_not_rewritten():
    rows = [conv("C-000001", days(-9), due=days(4), status="")]
    people = [person("P-000001", "Maria Lopez", last=46340 + (days(-9) - dt.date(2026, 11, 14)).days,
                     nxt=days(4).isoformat()), person("P-000002", "Dana Smith")]
    assert run(rows, people).changes == []


# -- the run-twice property, rows without IDs, missing columns --------------------------------------

def apply_in_memory(result, convs: list[Row], people: list[Row]) -> None:
    rows = {r.id: r for r in convs + people}
    for change in result.changes:
        rows[change.row_id].values[change.column] = change.new


def test_second_plan_after_applying_the_first_changes_nothing():
    convs = [conv("C-000001", days(-10), due=days(-3)), conv("C-000002", days(-4), person="Dana Smith",
                                                              due=days(1)),
             conv("C-000003", days(-12), person="P-000002", due=days(-8), done=days(-2), status="OVERDUE 7d",
                  flagged=days(-1))]
    people = [person("P-000001", "Maria Lopez"), person("P-000002", "Dana Smith")]
    first = run(convs, people)
    assert first.changes and first.cleared == ["C-000003"]
    apply_in_memory(first, convs, people)
    second = run(convs, people)
    assert second.changes == [] and second.newly_overdue == [] and second.cleared == []


def test_rows_without_an_id_are_never_written():
    result = run([conv(None, days(-10), due=days(-3))])
    assert statuses(result) == {}
    assert result.without_id == 1 and result.open == 1


def test_a_missing_service_column_is_one_problem_not_a_write():
    convs = snapshot("Conversations", [k for k in CONV_KEYS if k != "flagged_at"],
                     [conv("C-000001", days(-10), due=days(-3))])
    result = plan(convs, snapshot("People", PEOPLE_KEYS, PEOPLE), {}, TODAY)
    assert {c.column for c in result.changes} == {"status", "last_contact", "next_follow_up"}
    assert [(p.tab, p.column, p.kind) for p in result.problems] == [("Conversations", "flagged_at",
                                                                     "missing_column")]


CELL = st.one_of(st.none(), st.just(""), st.text(max_size=8), st.integers(-10, 80000),
                 st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.booleans(),
                 st.sampled_from(["2026-02-31", "11/31/2026", "P-000001", "Maria Lopez", "OVERDUE 3d"]))


@settings(max_examples=examples(150), deadline=None)   # all 150 under make test-slow
@given(st.lists(st.tuples(CELL, CELL, CELL, CELL, CELL, CELL), max_size=12))
def test_plan_never_crashes_and_is_idempotent(cells):
    convs = [conv(f"C-{i:06d}", date, person=p, due=due, done=done, status=status, flagged=flagged)
             for i, (date, p, due, done, status, flagged) in enumerate(cells, start=1)]
    people = [person("P-000001", "Maria Lopez"), person("P-000002", "Dana Smith")]
    first = run(convs, people)
    apply_in_memory(first, convs, people)
    assert run(convs, people).changes == []


# -- apply's pure parts: re-finding rows by ID, and the write ranges --------------------------------

def test_summary_names_counts_by_organizer_and_dry_run():
    from turfbook.jobs.overdue import describe_changes, summarize

    rows = [conv("C-000001", days(-10), due=days(-3)), conv("C-000002", days(-10), person="P-000002",
                                                             organizer="Bea", due=days(-1))]
    result = run(rows)
    text = summarize(result, None, result.problems)
    assert "open: 2 (overdue 2" in text and "Ana 1, Bea 1" in text and "newly overdue: 2 (C-000001, C-000002)" in text
    assert "dry run: 8 cell(s) would change" in text
    assert "Conversations C-000001 (row 2) Status: (blank) -> 'OVERDUE 3d'" in describe_changes(result)


def test_the_schema_layers_person_resolution_is_used_when_present():
    closer = conv("C-000002", days(-4), person="MARÍA LÓPEZ")
    closer.refs["person"] = "P-000001"                     # the schema layer forgives case and accents
    result = run([conv("C-000001", days(-10), due=days(-3)), closer])
    assert statuses(result) == {"C-000001": "done"}
    assert not result.problems


def test_one_write_batch_unless_the_request_would_pass_googles_size_limit():
    from turfbook.jobs.overdue_apply import MAX_REQUEST_BYTES, _batches
    from turfbook.workspace.sheets import CellWrite

    small = [CellWrite(f"'Conversations'!O{r}:O{r}", [["OVERDUE 12d"]]) for r in range(2, 15_002)]
    assert len(_batches(small)) == 1
    big = [CellWrite(f"'Conversations'!O{r}:O{r}", [["x" * 200]]) for r in range(2, 20_002)]
    batches = _batches(big)
    assert len(batches) > 1 and sum(len(b) for b in batches) == len(big)
    for batch in batches:                   # the body Sheets.write sends stays under ~2 MB
        body = {"valueInputOption": "USER_ENTERED",
                "data": [{"range": w.range, "majorDimension": "ROWS", "values": w.values} for w in batch]}
        assert len(json.dumps(body)) <= 2_000_000 > MAX_REQUEST_BYTES
    assert _batches([]) == []




def test_a_row_dated_after_today_keeps_its_flag_night_after_night():
    """A Flagged at before the row's own date is another record's (a21p 3) — but not on a row dated after today (a plan
    or a typo): flagged afresh today, it was before its date again the next night, re-flagged and 'newly overdue'
    every night (found by test_plan_never_crashes_and_is_idempotent)."""
    convs = [conv("C-000001", days(5), due=days(-3), flagged=days(-1))]
    people = [person("P-000001", "Maria Lopez")]
    first = run(convs, people)
    apply_in_memory(first, convs, people)
    assert run(convs, people).changes == []
