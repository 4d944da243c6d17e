"""Properties of plan() over random workbooks: totals agree with their breakdowns, shares stay in
0..1, lists come sorted, and the period is always whole days in the org timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY, conversation, tab
from tests.support.examples import examples
from turfbook.digest.activity import KINDS
from turfbook.digest.period import Period, today_in
from turfbook.digest.plan import organizer_digests, plan
from turfbook.schema.model import WorkbookSnapshot

START = date(2026, 10, 1)
days = st.integers(0, 60).map(lambda n: START + timedelta(days=n))
maybe_days = st.none() | days


@st.composite
def workbooks(draw):
    n_people = draw(st.integers(1, 12))
    people = [{"id": f"P-{i:06d}", "name": f"Person {i}", "worksite": f"W-{i % 3:04d}",
               "assessment": draw(st.none() | st.integers(1, 5))} for i in range(n_people)]
    sites = [{"id": f"W-{i:04d}", "name": f"Site {i}", "headcount": draw(st.none() | st.integers(0, 20))}
             for i in range(3)]
    convs = [conversation(f"C-{i:06d}", draw(maybe_days), f"P-{draw(st.integers(0, n_people - 1)):06d}",
                          draw(st.sampled_from(["Ana", "Bo", ""])), draw(st.sampled_from(KINDS)),
                          draw(st.lists(st.sampled_from(["Heat", "Pay", "Mold"]), max_size=2, unique=True)),
                          draw(st.none() | st.integers(1, 3)), draw(st.none() | st.integers(1, 5)),
                          draw(st.sampled_from([None, "no", "yes - joined", "yes - declined", "yes - thinking"])),
                          draw(maybe_days), draw(maybe_days))
             for i in range(draw(st.integers(0, 40)))]
    organizers = [{"id": "O-0001", "name": "Ana", "email": "ana@example.org", "gets_digest": True}]
    return WorkbookSnapshot({t.name: t for t in [tab("People", people), tab("Worksites", sites),
                                                 tab("Conversations", convs), tab("Organizers", organizers)]},
                            settings={"grace_days": draw(st.integers(0, 3))})


@settings(max_examples=examples(150), deadline=None)   # all 150 under make test-slow
@given(workbooks(), days, st.sampled_from(["week", "day"]))
def test_plan_totals_agree_with_their_breakdowns(snapshot, today, kind):
    period = Period.ending_before(today, kind)
    d = plan(snapshot, period, tz=NY, links=LINKS)
    f = d.follow_ups
    assert f.overdue.now == sum(line.count.now for line in f.by_organizer)
    assert d.problems.new.now == sum(n.count.now - n.count.before for n in d.problems.by_kind)
    assert f.overdue.before == sum(line.count.before for line in f.by_organizer)
    assert 0 <= f.completed.now <= f.due.now and 0 <= f.completed.before <= f.due.before
    c = d.conversations
    assert c.total.now == sum(n.count.now for n in c.by_kind) == sum(n.count.now for n in c.by_organizer)
    assert c.total.before == sum(n.count.before for n in c.by_kind)
    assert c.new_people.now <= c.total.now
    assert d.leaders.asked.now == sum(n.count.now for n in d.leaders.answers)
    assert d.leaders.new_count.now == len(d.leaders.new_leaders)
    for issue in d.issues:
        assert issue.deep_share is None or 0 <= issue.deep_share <= 1
        assert 0 < issue.people_pct <= 100 and issue.people.before <= issue.people.now
    assert [i.people.now for i in d.issues] == sorted((i.people.now for i in d.issues), reverse=True)
    if d.structure:
        pcts = [s.pct for s in d.structure.sites if s.pct is not None]
        assert pcts == sorted(pcts)
    [ana] = organizer_digests(snapshot, period, tz=NY)
    assert all(x.days_overdue > 0 for x in ana.overdue) and all(x.days_overdue == 0 for x in ana.due_soon)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)))
def test_periods_are_whole_days_in_the_org_timezone(moment):
    now = moment.replace(tzinfo=UTC)
    today = today_in(NY, now)
    assert today == now.astimezone(NY).date()
    week = Period.ending_before(today)
    assert week.start.weekday() == 0 and week.days == 7 and week.end < today <= week.end + timedelta(days=7)
    assert week.previous.end + timedelta(days=1) == week.start


def test_late_sunday_evening_in_new_york_is_still_the_old_week():
    # 02:30 UTC on Monday 23 Nov is 21:30 on Sunday 22 Nov in New York: the week is not over yet
    today = today_in(NY, datetime(2026, 11, 23, 2, 30, tzinfo=UTC))
    assert today == date(2026, 11, 22) and Period.ending_before(today).start == date(2026, 11, 9)
