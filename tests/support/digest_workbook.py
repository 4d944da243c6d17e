"""A small hand-made workbook for the digest tests; every expected number is worked out in
test_digest_plan.py from these rows. Week of the digest: Mon 2026-11-16 .. Sun 2026-11-22."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from turfbook.digest.book import Links
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.digest.render import render_director, render_organizer
from turfbook.schema.model import Row, TabSnapshot, WorkbookSnapshot

NY = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 23)
LINKS = Links("sheet123", {"People": 11, "Conversations": 22, "Worksites": 33, "Problems": 99,
                           "Media": 44, "Structure tests": 55, "Issues": 66, "Organizers": 77})
D = date


def tab(name: str, rows: list[dict]) -> TabSnapshot:
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return TabSnapshot(name, keys, {k: i for i, k in enumerate(keys)},
                       [Row(name, i + 2, r.get("id"), dict(r)) for i, r in enumerate(rows)])


def conversation(cid, day, person, organizer, kind, issues, depth, after, asked, due, done, notes=""):
    return {"id": cid, "date": day, "person": person, "organizer": organizer, "kind": kind,
            "issues": issues, "depth": depth, "assessment_after": after, "asked_to_join": asked,
            "follow_up_due": due, "follow_up_done": done, "notes": notes}


def small_workbook() -> WorkbookSnapshot:
    tabs = [
        tab("Worksites", [
            {"id": "W-0001", "name": "Little Stars Center", "kind": "child care center", "city": "Hartford",
             "organizer": "Maria", "headcount": 10},
            {"id": "W-0002", "name": "Sunny Days", "kind": "family child care home", "city": "New Haven",
             "organizer": "Luis", "headcount": 4},
            {"id": "W-0003", "name": "Oak Street", "kind": "building", "city": "Hartford", "headcount": None},
        ]),
        tab("People", [
            {"id": "P-000001", "name": "Ana Ruiz", "phone": "860-555-0101", "worksite": "W-0001",
             "organizer": "Maria", "assessment": 1, "membership": "joined"},
            {"id": "P-000002", "name": "Ben Cole", "phone": "860-555-0102", "worksite": "W-0001",
             "organizer": "Maria", "assessment": 2, "membership": "asked"},
            {"id": "P-000003", "name": "Cruz Peña", "phone": "203-555-0103", "worksite": "Sunny Days",
             "organizer": "Luis", "assessment": 2, "membership": "non-member"},
            {"id": "P-000004", "name": "Dee Park", "phone": "203-555-0104", "worksite": "W-0002",
             "organizer": "Luis", "assessment": 2, "membership": "asked"},
            {"id": "P-000005", "name": "<script>alert(1)</script>", "phone": "860-555-0105",
             "worksite": "W-0001", "organizer": "Maria", "assessment": 5},
        ]),
        tab("Organizers", [
            {"id": "O-0001", "name": "Maria", "email": "maria@example.org", "language": "en", "gets_digest": True},
            {"id": "O-0002", "name": "Luis", "email": "luis@example.org", "language": "es", "gets_digest": True},
            {"id": "O-0003", "name": "Sam", "email": "sam@example.org", "language": "en", "gets_digest": False},
        ]),
        tab("Issues", [{"id": "I-0001", "name": "Broken heat"}, {"id": "I-0002", "name": "Low pay"}]),
        tab("Conversations", [
            conversation("C-000001", D(2026, 11, 3), "P-000001", "Maria", "one-on-one", ["Broken heat"], 3, 3,
                         "no", D(2026, 11, 10), D(2026, 11, 12)),
            conversation("C-000002", D(2026, 11, 10), "Ben Cole", "Maria", "house visit", ["Low pay"], 2, 2,
                         None, D(2026, 11, 14), None, "Wants to talk after payday"),
            conversation("C-000003", D(2026, 11, 12), "P-000003", "Luis", "phone bank", ["Broken heat", "Low pay"],
                         3, 4, "yes - declined", D(2026, 11, 20), D(2026, 11, 19)),
            conversation("C-000004", D(2026, 11, 17), "P-000001", "Maria", "one-on-one", ["broken heat"], 3, 1,
                         "yes - joined", D(2026, 11, 18), None, "Will bring two coworkers"),
            conversation("C-000005", D(2026, 11, 18), "P-000004", "Luis", "canvass/door knock", ["Low pay"], 1, 2,
                         "yes - thinking", D(2026, 11, 21), D(2026, 11, 22)),
            conversation("C-000006", D(2026, 11, 20), "P-000003", "Luis", "one-on-one", ["Broken heat"], 3, 2,
                         "no", D(2026, 11, 25), None, "Llamar después de las 5 <b>urgente</b>"),
            conversation("C-000007", D(2026, 11, 22), "P-000005", "Maria", "event", [], None, 5, "no",
                         D(2026, 11, 22), None, "<img src=x onerror=alert(1)>"),
        ]),
        tab("Structure tests", [
            {"id": "T-0001", "name": "Sticker day", "kind": "sticker day", "date": D(2026, 11, 1), "goal_pct": 65},
            {"id": "T-0002", "name": "Petition", "kind": "petition", "date": D(2026, 11, 10), "goal_pct": None},
            {"id": "T-0003", "name": "Future action", "kind": "action", "date": D(2026, 12, 1), "goal_pct": 80},
        ]),
        tab("Participation", [
            {"id": "X-000001", "test": "T-0002", "person": "P-000001", "worksite": None, "date": D(2026, 11, 11)},
            {"id": "X-000002", "test": "Petition", "person": "P-000002", "worksite": "W-0001",
             "date": D(2026, 11, 17)},
            {"id": "X-000003", "test": "T-0002", "person": "P-000001", "worksite": None, "date": D(2026, 11, 18)},
            {"id": "X-000004", "test": "T-0002", "person": "P-000003", "worksite": "Sunny Days",
             "date": D(2026, 11, 12)},
            {"id": "X-000005", "test": "T-0001", "person": "P-000004", "worksite": None, "date": D(2026, 11, 1)},
            {"id": "X-000006", "test": "T-0002", "person": "P-000004", "worksite": None, "date": D(2026, 11, 24)},
        ]),
        tab("Media", [
            {"id": "M-000001", "drive_file_id": "f1", "original_name": "heat.jpg", "status": "filed",
             "filed_at": datetime(2026, 11, 17, 15, 0, tzinfo=NY), "worksite": "W-0001", "issue": "Broken heat"},
            {"id": "M-000002", "drive_file_id": "f2", "original_name": "pay.jpg", "status": "filed",
             "filed_at": datetime(2026, 11, 23, 3, 0, tzinfo=UTC), "worksite": "Sunny Days", "issue": "Low pay"},
            {"id": "M-000003", "drive_file_id": "f3", "original_name": "old.jpg", "status": "filed",
             "filed_at": datetime(2026, 11, 16, 4, 0, tzinfo=UTC), "worksite": "W-0001", "issue": "broken heat"},
            {"id": "M-000004", "drive_file_id": "f123", "original_name": "IMG_0001.jpg", "status": "needs review",
             "reason": "no worksite", "link": None},
            {"id": "M-000005", "drive_file_id": "f5", "original_name": "bad.mov", "status": "error"},
        ]),
        tab("Problems", [
            {"job": "schema", "tab": "Conversations", "row_id": "C-000009", "column": "Date",
             "problem": "not a date", "kind": "invalid", "first_seen": D(2026, 11, 17)},
            {"job": "schema", "tab": "People", "row_id": "P-000009", "column": "Worksite",
             "problem": "unknown worksite", "kind": "unknown_reference", "first_seen": D(2026, 11, 2)},
            {"job": "schema", "tab": "People", "row_id": "P-000010", "column": "Phone",
             "problem": "bad phone", "kind": "invalid", "first_seen": D(2026, 11, 10)},
        ]),
    ]
    return WorkbookSnapshot({t.name: t for t in tabs},
                            settings={"timezone": "America/New_York", "grace_days": 0,
                                      "structure_test_goal_pct": 60})


def empty_workbook() -> WorkbookSnapshot:
    return WorkbookSnapshot({}, settings={})


def director(language="en", snapshot=None):
    digest = plan(snapshot or small_workbook(), Period.ending_before(TODAY), tz=NY, organization="CCCT",
                  links=LINKS)
    return render_director(digest, language, "America/New_York")


def organizers():
    return {d.language: render_organizer(d) for d in organizer_digests(small_workbook(), Period.ending_before(TODAY),
                                                                       tz=NY, organization="CCCT", links=LINKS)}
