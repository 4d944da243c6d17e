"""One truth: over generated workbooks (parsed the way a real read is) and any day, the overdue job's
flags, the director's digest, the organizers' digests and the People statuses count the same
follow-ups as overdue — done-today rows, done dates after today (bare or beside a word, "Done 11/25": open),
unknown people, bad dates and grace days included."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.digest_workbook import LINKS, NY
from tests.support.examples import examples
from turfbook.digest.book import key
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.jobs.overdue_plan import plan as overdue_plan
from turfbook.schema import load_schema
from turfbook.schema.reader import parse_workbook

SCHEMA = load_schema()
START = date(2026, 10, 1)
day = st.integers(0, 50).map(lambda n: START + timedelta(days=n))
ORGANIZERS = ["Ana Ruiz", "Bo Chen"]


def cells(tab: str, records: list[dict]) -> list[list]:
    columns = SCHEMA.tab(tab).columns
    return [[c.header for c in columns]] + [[r.get(c.key, "") for c in columns] for r in records]


@st.composite
def workbooks(draw):
    n_people = draw(st.integers(1, 8))
    people = [{"id": f"P-{i:06d}", "name": f"Person {i}"} for i in range(n_people)]
    who = st.sampled_from([*(p["id"] for p in people), *(p["name"] for p in people), "Nobody Known", ""])
    typed_date = day.map(lambda d: d.strftime("%m/%d/%Y"))       # the done dates after `today` too (fix21aw)
    worded_date = st.tuples(st.sampled_from(["Done", "✔", "hecho", "listo"]), day, st.booleans()).map(
        lambda w: f"{w[0]} {w[1].month}/{w[1].day}" + (f"/{w[1].year}" if w[2] else ""))   # "Done 11/25": a21o 5b
    convs = []
    for i in range(draw(st.integers(0, 30))):
        convs.append({
            "id": f"C-{i:06d}", "date": draw(st.one_of(typed_date, st.just(""))), "person": draw(who),
            "organizer": draw(st.sampled_from([*ORGANIZERS, "ana ruiz", ""])),
            "follow_up_due": draw(st.one_of(typed_date, st.just(""), st.just("next week"))),
            "follow_up_done": draw(st.one_of(st.just(""), st.just(""), typed_date, st.just("yes"), worded_date)),
        })
    organizers = [{"id": f"O-{i:04d}", "name": n, "email": f"o{i}@example.org", "gets_digest": "TRUE"}
                  for i, n in enumerate(ORGANIZERS)]
    grace = draw(st.integers(0, 3))
    settings_rows = [["Setting", "Value"], ["grace_days", str(grace)], ["timezone", "America/New_York"]]
    data = {"People": cells("People", people), "Conversations": cells("Conversations", convs),
            "Organizers": cells("Organizers", organizers), "Settings": settings_rows}
    return data


@settings(max_examples=examples(200), deadline=None)   # all 200 under make test-slow
@given(workbooks(), day)
def test_every_place_counts_the_same_overdue_follow_ups(data, today):
    snapshot = parse_workbook(SCHEMA, data, today=today)
    job = overdue_plan(snapshot.tab("Conversations"), snapshot.tab("People"), snapshot.settings, today)
    period = Period.ending_before(today)
    digest = plan(snapshot, period, tz=NY, links=LINKS)
    mine = organizer_digests(snapshot, period, tz=NY, links=LINKS)

    statuses = {c.row_id: c.new for c in job.changes if c.tab == "Conversations" and c.column == "status"}
    flagged = {cid for cid, status in statuses.items() if str(status).startswith("OVERDUE")}
    assert digest.follow_ups.overdue.now == len(flagged) == job.statuses["overdue"]

    by_org_job = Counter({key(k): v for k, v in job.overdue_by_organizer.items() if key(k) in map(key, ORGANIZERS)})
    by_org_digest = Counter({key(line.organizer): line.count.now for line in digest.follow_ups.by_organizer
                             if key(line.organizer) in map(key, ORGANIZERS) and line.count.now})
    by_org_own = Counter({key(d.organizer): len(d.overdue) for d in mine if d.overdue})
    assert by_org_digest == by_org_own
    assert sum(by_org_own.values()) == sum(by_org_job.values())

    rows = {r.id: r for r in snapshot.tab("Conversations").rows}
    refs = {p.id for p in snapshot.tab("People").rows}
    overdue_people = set()
    for cid in flagged:
        person = rows[cid].refs.get("person") if rows[cid].refs else None
        person = person or str(rows[cid].values.get("person") or "")
        if person in refs:
            overdue_people.add(person)
        elif (found := [p.id for p in snapshot.tab("People").rows if p.values.get("name") == person]):
            overdue_people.add(found[0])
    people_status = {c.row_id: str(c.new) for c in job.changes if c.tab == "People" and c.column == "status"}
    assert {pid for pid, s in people_status.items() if s.startswith("OVERDUE")} == overdue_people
