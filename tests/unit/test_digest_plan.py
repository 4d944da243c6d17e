"""plan() on the small workbook: every number worked out by hand from the rows in
test_digest_workbook.py. Period: week Mon 2026-11-16 .. Sun 2026-11-22, digest made on Mon 11-23;
the previous week is 11-09 .. 11-15 and its "now" is 11-16."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.digest_workbook import LINKS, NY, TODAY, empty_workbook, small_workbook
from turfbook.digest.model import Count
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan

URL = "https://docs.google.com/spreadsheets/d/sheet123/edit"


@pytest.fixture(scope="module")
def digest():
    return plan(small_workbook(), Period.ending_before(TODAY), tz=NY, organization="CCCT", links=LINKS)


def counts(named):
    return {n.label: (n.count.now, n.count.before) for n in named}


def test_weekly_period_is_the_last_complete_week_in_the_org_timezone():
    p = Period.ending_before(date(2026, 11, 25))              # a Wednesday names the same week
    assert (p.start, p.end, p.key) == (date(2026, 11, 16), date(2026, 11, 22), "week:2026-11-16")
    assert (p.previous.start, p.previous.end, p.previous.today) == (date(2026, 11, 9), date(2026, 11, 15),
                                                                    date(2026, 11, 16))
    day = Period.ending_before(TODAY, "day")
    assert (day.start, day.end, day.previous.start) == (date(2026, 11, 22),) * 2 + (date(2026, 11, 21),)


def test_follow_ups(digest):
    f = digest.follow_ups
    # overdue on 11-23: C2 (due 11-14), C4 (11-18), C7 (11-22); on 11-16 only C2.
    assert f.overdue == Count(3, 1)
    [maria] = f.by_organizer
    assert (maria.organizer, maria.count, maria.oldest_days, maria.oldest_person) == ("Maria", Count(3, 1), 9,
                                                                                     "Ben Cole")
    assert maria.oldest_link == f"{URL}#gid=22&range=A3" and maria.link == f"{URL}#gid=77&range=A2"
    assert f.done == Count(2, 1)            # C3 11-19, C5 11-22 | C1 11-12
    assert f.due == Count(4, 2)             # C3 C4 C5 C7 | C1 C2
    assert f.completed == Count(2, 1)
    assert (f.rate.now, f.rate.before) == (0.5, 0.5)


def test_conversations(digest):
    c = digest.conversations
    assert c.total == Count(4, 2)
    kinds = counts(c.by_kind)
    assert kinds == {"one-on-one": (2, 0), "house visit": (0, 1), "canvass/door knock": (1, 0),
                     "phone bank": (0, 1), "text": (0, 0), "event": (1, 0)}
    assert [n.label for n in c.by_organizer] == ["Luis", "Maria"]
    assert counts(c.by_organizer) == {"Luis": (2, 1), "Maria": (2, 1)}
    assert c.by_organizer[0].link == f"{URL}#gid=77&range=A3"
    assert c.new_people == Count(2, 2)      # Dee, <script> | Ben, Cruz


def test_leaders(digest):
    lead = digest.leaders
    assert lead.new_count == Count(1, 0)
    [ana] = lead.new_leaders
    assert (ana.name, ana.worksite, ana.organizer, ana.day) == ("Ana Ruiz", "Little Stars Center", "Maria",
                                                                date(2026, 11, 17))
    assert ana.link == f"{URL}#gid=11&range=A2"
    assert lead.moved_up == Count(2, 0) and lead.moved_down == Count(0, 0)
    assert [(m.name, m.before, m.after) for m in lead.moves] == [("Ana Ruiz", 3, 1), ("Cruz Peña", 4, 2)]
    assert lead.asked == Count(2, 1)
    assert counts(lead.answers) == {"joined": (1, 0), "declined": (0, 1), "thinking": (1, 0)}


def test_structure_test_lowest_sites_first(digest):
    s = digest.structure
    assert (s.name, s.goal, s.day) == ("Petition", 60, date(2026, 11, 10))    # goal from Settings
    assert [(x.worksite, x.participants, x.before, x.headcount) for x in s.sites] == [
        ("Little Stars Center", 2, 1, 10), ("Sunny Days", 1, 1, 4), ("Oak Street", 0, 0, None)]
    assert [x.pct for x in s.sites] == [20.0, 25.0, None]
    assert not s.sites[0].meets_goal
    assert s.participants == Count(3, 2)


def test_issues_widely_and_deeply_felt(digest):
    low, heat = digest.issues
    assert (low.name, low.people, low.people_pct, low.worksites, low.conversations) == (
        "Low pay", Count(3, 2), 60.0, 2, 3)
    assert low.worksites_pct == pytest.approx(200 / 3) and low.deep_share == pytest.approx(1 / 3)
    assert (heat.name, heat.people, heat.people_pct, heat.conversations, heat.deep_share) == (
        "Broken heat", Count(2, 2), 40.0, 4, 1.0)
    assert heat.link == f"{URL}#gid=66&range=A2"


def test_media_counts_by_filed_date_in_the_org_timezone(digest):
    m = digest.media
    # M2 filed 03:00 UTC on 11-23 = 22:00 on 11-22 in New York -> this week; M3 04:00 UTC 11-16 -> last week
    assert m.filed == Count(2, 1)
    assert counts(m.by_worksite) == {"Little Stars Center": (1, 1), "Sunny Days": (1, 0)}
    assert counts(m.by_issue) == {"Broken heat": (1, 1), "Low pay": (1, 0)}
    assert m.by_issue[0].link == f"{URL}#gid=66&range=A2"
    [review] = m.needs_review
    assert (review.name, review.reason, review.drive_link) == ("IMG_0001.jpg", "no worksite",
                                                               "https://drive.google.com/file/d/f123/view")
    assert review.link == f"{URL}#gid=44&range=A5" and m.needs_review_count == 1


def test_data_problems(digest):
    p = digest.problems
    assert p.total == 3 and p.new == Count(1, 1)
    assert counts(p.by_kind) == {"Value not valid": (2, 1), "Name not found": (1, 1)}
    assert p.link == f"{URL}#gid=99"


def test_organizer_digests_are_opt_in_and_in_their_language():
    maria, luis = organizer_digests(small_workbook(), Period.ending_before(TODAY), tz=NY, links=LINKS)
    assert (maria.organizer, maria.language, luis.organizer, luis.language) == ("Maria", "en", "Luis", "es")
    assert [(x.person, x.days_overdue, x.phone) for x in maria.overdue] == [
        ("Ben Cole", 9, "860-555-0102"), ("Ana Ruiz", 5, "860-555-0101"), ("<script>alert(1)</script>", 1,
                                                                           "860-555-0105")]
    assert maria.overdue[0].last_notes == "Wants to talk after payday" and maria.due_soon == []
    assert luis.overdue == []
    [cruz] = luis.due_soon
    assert (cruz.person, cruz.due, cruz.last_date) == ("Cruz Peña", date(2026, 11, 25), date(2026, 11, 20))


def test_an_empty_workbook_plans_without_errors():
    d = plan(empty_workbook(), Period.ending_before(TODAY), tz=NY)
    assert d.follow_ups.overdue == Count(0, 0) and d.structure is None and d.issues == []
    assert d.media.filed == Count(0, 0) and d.problems.total == 0 and d.sheet_link is None


def test_problems_found_by_this_read_count_once_with_the_problems_tab():
    from turfbook.schema.model import Problem

    snapshot = small_workbook()
    snapshot.problems = [Problem("schema", "People", "P-000010", "Phone", "bad phone", "invalid"),     # listed
                         Problem("schema", "Media", "M-000009", "Worksite", "unknown", "unknown_reference")]
    p = plan(snapshot, Period.ending_before(TODAY), tz=NY, links=LINKS).problems
    assert p.total == 4 and p.new == Count(2, 1)          # one listed this week, one only found by this read
    assert counts(p.by_kind) == {"Value not valid": (2, 1), "Name not found": (2, 1)}
    # the header's New and the table's changes by kind say the same thing
    assert p.new.now == sum(n.count.now - n.count.before for n in p.by_kind)


def test_a_later_conversation_without_its_own_follow_up_closes_one_as_the_overdue_job_does():
    from tests.support.digest_workbook import conversation, tab
    from turfbook.schema.model import WorkbookSnapshot

    d = date
    convs = [
        conversation("C-1", d(2026, 11, 2), "P-1", "Ana", "one-on-one", [], None, None, None, d(2026, 11, 9), None),
        conversation("C-2", d(2026, 11, 18), "P-1", "Bo", "text", [], None, None, None, None, None),   # closes C-1
        conversation("C-3", d(2026, 11, 2), "P-2", "Ana", "one-on-one", [], None, None, None, d(2026, 11, 9), None),
        conversation("C-4", d(2026, 11, 18), "P-2", "Ana", "text", [], None, None, None, d(2026, 12, 1), None),
        conversation("C-5", d(2026, 11, 2), "Nobody", "Ana", "text", [], None, None, None, d(2026, 11, 9), None),
        conversation("C-6", d(2026, 11, 19), "Nobody", "Ana", "text", [], None, None, None, None, None),
    ]
    people = [{"id": "P-1", "name": "One"}, {"id": "P-2", "name": "Two"}]
    snapshot = WorkbookSnapshot({t.name: t for t in [tab("Conversations", convs), tab("People", people)]})
    f = plan(snapshot, Period.ending_before(TODAY), tz=NY).follow_ups
    # C-1 closed on 11-18 (done this week, overdue at the week's start); C-3 is not closed by C-4,
    # which sets its own follow-up; C-5's person is unknown, so C-6 cannot close it.
    assert f.overdue == Count(2, 3) and f.done == Count(1, 0)


def test_the_small_workbook_has_every_tab_the_digest_reads():
    assert {"People", "Conversations", "Worksites", "Organizers", "Media", "Problems"} <= set(small_workbook().tabs)
