"""The demo's seeded world adds up (issue 19, item 6), read back from the workbook as staff see it after the
demo's own jobs ran: seed_workbook + seed_media at the demo's sizes, then filing and overdue, then one read.

Invariants a director would check: Media "Uploaded by" names organizers only; every person, worksite and
issue a Media row names is in People / Worksites / Issues; a worksite's headcount is at least the people
charted there and above every test's participants there (never 100% by accident); each organizer's
open follow-ups name each person once; nobody's next follow-up is before their last contact; a person's
assessment is their latest conversation's; leaders and committee members are supporters (1-2); every
conversation's organizer is the person's organizer; people were created no later than their first talk.
Also item 9: Media rows show the worksite's and person's names beside their IDs.
The planted mistakes (a formula-looking name, a duplicate phone, 'Jane Nobody', '31/02') stay planted.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from turfbook.clock import Clock
from turfbook.demo.media import seed_media
from turfbook.demo.workbook import FORMULA_NAME, ensure_workbook, seed_workbook
from turfbook.schema import followup
from turfbook.schema.cell_dates import as_date
from turfbook.schema.loader import load_schema
from turfbook.schema.reader import read_workbook
from turfbook.workspace import connect
from turfbook_demo.run import run_jobs, with_spreadsheet

TABS = ["People", "Conversations", "Worksites", "Participation", "Issues", "Media", "Organizers"]


@pytest.fixture(scope="module")
def world(emulator_process, tmp_path_factory):
    """Built once for the module (half a minute of seeding and jobs): every test only reads the snapshot."""
    emulator_process.reset()
    emulator_process.quota_scale(0)
    config = emulator_process.config(tmp_path_factory.mktemp("demo-world"))
    today = Clock.for_config(config).today()
    config = with_spreadsheet(config, ensure_workbook(connect(config), config))
    workspace = connect(config)
    seed_workbook(workspace, config.google.spreadsheet_id, today=today)      # the demo's sizes
    ensure_workbook(workspace, config)
    seed_media(workspace, config, count=30, seed=7, videos=2)
    runs = run_jobs(config, workspace, today, (("filing", "filing", {}), ("overdue", "overdue", {})))
    assert [r.status for r in runs] == ["ok", "ok"]
    snap = read_workbook(workspace.sheets(), load_schema(config.schema_dir / "workbook.yaml"), TABS)
    emulator_process.fail_on_schema_violations()
    return snap, config.tz, today


def _names(snap, tab):
    return {str(r.get("name")) for r in snap.tab(tab).rows if r.get("name")}


def test_media_rows_name_organizers_people_worksites_and_issues_that_exist(world):
    snap, _, _ = world
    media = [r for r in snap.tab("Media").rows if r.get("status") in ("filed", "needs review")]
    assert len(media) >= 20
    organizers = _names(snap, "Organizers")
    people = {r.id for r in snap.tab("People").rows}
    sites = {r.id for r in snap.tab("Worksites").rows}
    issues = _names(snap, "Issues")
    uploaded = [r for r in media if r.get("uploaded_by")]
    assert uploaded and {str(r.get("uploaded_by")) for r in uploaded} <= organizers
    for row in uploaded:
        assert row.get("person") in people, row.values
        assert row.get("issue") in issues, row.values
    assert {r.get("worksite") for r in media if r.get("worksite")} <= sites


def test_media_rows_show_names_beside_the_ids(world):
    """Issue 19, item 9: the Worksite and Person cells keep their IDs; the names are in the cells beside them."""
    snap, _, _ = world
    people = {r.id: r.get("name") for r in snap.tab("People").rows}
    sites = {r.id: r.get("name") for r in snap.tab("Worksites").rows}
    media = [r for r in snap.tab("Media").rows if r.get("status") in ("filed", "needs review")]
    linked = [r for r in media if r.get("person") in people]
    assert linked and all(r.get("person_name") == people[r.get("person")] for r in linked)
    placed = [r for r in media if r.get("worksite") in sites]
    assert placed and all(r.get("worksite_name") == sites[r.get("worksite")] for r in placed)
    header = snap.tab("Media").header
    assert header.index("Worksite name") == header.index("Worksite") + 1
    assert header.index("Person name") == header.index("Person") + 1


def test_headcounts_cover_the_people_charted_and_every_test(world):
    snap, _, _ = world
    charted = Counter(str(r.get("worksite")) for r in snap.tab("People").rows)
    took_part: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in snap.tab("Participation").rows:
        took_part[(str(row.get("test")), str(row.get("worksite")))].add(str(row.get("person")))
    for site in snap.tab("Worksites").rows:
        name, headcount = str(site.get("name")), int(site.get("headcount"))
        assert charted[name] < headcount, (name, charted[name], headcount)
        for (test, where), who in took_part.items():
            if where == name:
                assert len(who) < headcount, (test, name, len(who), headcount)
    assert set(charted) <= _names(snap, "Worksites")


def test_follow_ups_tell_one_story_per_person(world):
    snap, tz, today = world
    people = snap.tab("People")
    items = followup.read_tab(snap.tab("Conversations"), people, tz)
    followup.close(items, today)
    open_by_organizer = Counter((str(f.row.get("organizer")), f.person) for f in items if f.is_open and f.person)
    assert open_by_organizer and max(open_by_organizer.values()) == 1
    by_id = people.by_id()
    latest: dict[str, followup.FollowUp] = {}
    for f in items:
        if f.person and f.day and (f.person not in latest or f.day >= latest[f.person].day):
            latest[f.person] = f
        if f.person:
            person = by_id[f.person]
            assert f.row.get("organizer") == person.get("organizer"), f.row.values
            assert as_date(person.get("created"), tz)[0] <= f.day, (person.values, f.row.values)
    shown = 0
    for row in people.rows:
        last, _ = as_date(row.get("last_contact"), tz)
        nxt, _ = as_date(row.get("next_follow_up"), tz)
        if last and nxt:
            shown += 1
            assert nxt > last, row.values
        if row.id in latest:
            assert int(row.get("assessment")) == int(latest[row.id].row.get("assessment_after")), row.id
        if row.get("leader") is True or row.get("committee"):
            assert int(row.get("assessment")) <= 2, row.values
    assert shown >= 50                           # the sheet shows both dates for many people


def test_the_planted_mistakes_are_still_there(world):
    snap, _, _ = world
    people = snap.tab("People").rows
    assert any(r.get("name") == FORMULA_NAME for r in people)
    phones = Counter(str(r.get("phone")) for r in people if r.get("phone"))
    assert max(phones.values()) == 2
    assert any("Jane Nobody" in (r.get("person"), r.raw.get("person")) for r in snap.tab("Conversations").rows)
