"""The field page's plain parts (#20): entry checks naming the key, ID assignment, the on-disk queue."""

from __future__ import annotations

import datetime as dt

import pytest

from turfbook.field import entry, rows
from turfbook.field.queue import LANDED, FieldQueue

TODAY = dt.date(2026, 11, 23)


def parse(**values):
    base = {"key": "abcdefgh-1", "person": "P-000001", "kind": "house visit", "date": "2026-11-23"}
    return entry.parse({**base, **values}, TODAY, ["low pay"], ["Little Stars Center"])


def test_a_good_entry_becomes_plain_data():
    e = parse(issues=["low pay", "low pay"], deeply_felt=True, follow_up="2026-11-25", assessment=2)
    assert (e.person, e.issues, e.follow_up, e.assessment) == ("P-000001", ("low pay",), dt.date(2026, 11, 25), 2)


@pytest.mark.parametrize(("values", "key", "spanish"), [
    ({"key": "short"}, "key", "letras"),
    ({"person": "Maria"}, "person", "ID de People"),
    ({"person": None}, "person", "elija una persona"),
    ({"person": None, "new_person": {"name": ""}}, "new_person.name", "falta"),
    ({"person": None, "new_person": {"name": "R", "worksite": "Elsewhere"}}, "new_person.worksite", "lugares"),
    ({"kind": "séance"}, "kind", "uno de"),
    ({"date": "2026-11-24"}, "date", "futuro"),
    ({"date": "yesterday"}, "date", "no es una fecha"),
    ({"date": "2026-11-01<script>"}, "date", "no es una fecha"),
    ({"date": "2026-11-01T10:00"}, "date", "no es una fecha"),
    ({"date": "0001-01-01"}, "date", "anterior a 2000"),
    ({"follow_up": "2026-11-25x"}, "follow_up", "no es una fecha"),
    ({"follow_up": "9999-12-31"}, "follow_up", "dos años"),
    ({"assessment": 6}, "assessment", "de 1 a 5"),
    ({"assessment": True}, "assessment", "de 1 a 5"),
    ({"issues": ["mould"]}, "issues", "pestaña Issues"),
    ({"notes": "x" * 5001}, "notes", "5000"),
    ({"notes": "a\x00b"}, "notes", "control"),
    ({"follow_up": "2026-11-20"}, "follow_up", "antes"),
])
def test_a_bad_entry_names_the_key_in_both_languages(values, key, spanish):
    with pytest.raises(entry.EntryError) as caught:
        parse(**values)
    assert caught.value.key == key and caught.value.message("en").startswith(f"{key}: ")
    assert spanish in caught.value.message("es")


def test_ids_count_up_from_the_highest_seen():
    planned = rows.assign([("a", False), ("b", True), ("c", False)], {"C": 41, "P": 9}, {"C": 6, "P": 6})
    assert [(p.conversation_id, p.person_id) for p in planned] == [
        ("C-000042", None), ("C-000043", "P-000010"), ("C-000044", None)]


def test_values_are_typed_and_leader_of_an_existing_person_goes_to_notes():
    payload = {"date": "2026-11-23", "kind": "text", "leader": True, "notes": "hi", "issues": ["low pay"],
               "deeply_felt": True, "assessment": 1, "follow_up": "2026-11-25"}
    values = rows.conversation_values(payload, "C-1", "P-1", "Ana")
    assert values["notes"] == "hi\nLeader: yes" and values["depth"] == 3 and values["assessment_after"] == 1
    assert values["date"] == dt.date(2026, 11, 23) and values["follow_up_due"] == dt.date(2026, 11, 25)
    person = rows.person_values({**payload, "new_person": {"name": "Rosa"}}, "P-2", "Ana")
    assert person["assessment"] == 1 and person["leader"] is True and person["name"] == "Rosa"


def test_the_queue_answers_already_and_survives_reopening(tmp_path):
    q = FieldQueue(tmp_path / "q.sqlite")
    assert q.put("key-00001", "O-0001", "Ana", {"n": 1}, "2026-11-23T10:00:00+00:00", 1.0)[0] is True
    new, stored = q.put("key-00001", "O-0001", "Ana", {"n": 2}, "2026-11-23T10:00:05+00:00", 2.0)
    assert new is False and stored.payload == {"n": 1}
    q.assign({"key-00001": ("C-000007", "P-000003")})
    q.close()
    again = FieldQueue(tmp_path / "q.sqlite")                  # a restart
    [waiting] = again.waiting()
    assert (waiting.conversation_id, waiting.person_id) == ("C-000007", "P-000003")
    assert again.highest_assigned() == {"C": 7, "P": 3}
    again.landed(["key-00001"], "2026-11-23T10:01:00+00:00", 60.0)
    assert again.waiting() == [] and again.get("key-00001").status == LANDED
    assert again.statuses("O-0002", ["key-00001"], {"ana"}) == {}     # another organizer learns nothing of it
    assert set(again.statuses("O-0001", ["key-00001"])) == {"key-00001"}   # by ID, whatever the name is now


OLD_SCHEMA = """CREATE TABLE entries (key TEXT PRIMARY KEY, organizer TEXT NOT NULL, payload TEXT NOT NULL,
    received_at TEXT NOT NULL, received_ts REAL NOT NULL, status TEXT NOT NULL DEFAULT 'waiting',
    conversation_id TEXT, person_id TEXT, landed_at TEXT, landed_ts REAL)"""


def test_a_queue_file_from_before_organizer_ids_is_upgraded_without_loss(tmp_path):
    import sqlite3

    old = sqlite3.connect(tmp_path / "q.sqlite")
    old.execute(OLD_SCHEMA)
    old.executemany("INSERT INTO entries (key, organizer, payload, received_at, received_ts, status, "
                    "conversation_id) VALUES (?,?,?,?,?,?,?)",
                    [("key-old-01", "Ana Rivera", '{"n": 1}', "2026-11-23T10:00:00+00:00", 1.0, "waiting", None),
                     ("key-old-02", "Ana Rivera", '{"n": 2}', "2026-11-23T10:00:01+00:00", 2.0, "landed", "C-000009"),
                     ("key-old-03", "Gone Person", '{"n": 3}', "2026-11-23T10:00:02+00:00", 3.0, "waiting", None)])
    old.commit()
    old.close()
    q = FieldQueue(tmp_path / "q.sqlite")
    assert [w.key for w in q.waiting()] == ["key-old-01", "key-old-03"] and q.has_unadopted()
    assert set(q.statuses("O-0001", ["key-old-01", "key-old-02"], {"ana rivera"})) == {"key-old-01", "key-old-02"}
    names = q.remember_names({"ana rivera": "O-0001"}, 5.0)
    assert q.adopt_ids(names) == 2                                   # the row nobody's name matches stays by name
    assert q.get("key-old-01").organizer_id == "O-0001" and q.get("key-old-03").organizer_id is None
    assert q.get("key-old-02").payload == {"n": 2} and q.highest_assigned() == {"C": 9}
    # renamed in the Organizers tab: the entries are still Ana's (by ID), and her former name is remembered
    assert q.remember_names({"ana r": "O-0001"}, 6.0) == {"ana rivera": "O-0001", "ana r": "O-0001"}
    assert set(q.statuses("O-0001", ["key-old-01", "key-old-02"])) == {"key-old-01", "key-old-02"}
    q.close()
    assert FieldQueue(tmp_path / "q.sqlite").get("key-old-01").organizer_id == "O-0001"      # reopened: kept


def test_field_links_never_reach_the_access_log():
    from turfbook.app import redact

    assert redact("/c/eyJvIjoiTy0wMDAxIn0.abc/entries") == "/c/<link>/entries"
    assert redact("/u/eyJvIjoiTy0wMDAxIn0.abc") == "/u/<link>" and redact("/c/sw.js") == "/c/sw.js"


def test_the_scheduler_runs_the_field_job_only_when_something_waits(tmp_path):
    from turfbook.config import Config
    from turfbook.jobs.registry import Registry, Runner
    from turfbook.scheduler import run_field

    ran = []
    runner = Runner(Config(data_dir=tmp_path), Registry({"field": lambda ws, **_: ran.append(1)}),
                    connect=lambda config: None)
    assert run_field(runner) is None and ran == [] and runner.history.recent() == []
    queue = FieldQueue.for_config(runner.config)
    queue.put("key-00001", "O-0001", "Ana", {}, "2026-11-23T10:00:00+00:00", 1.0)
    queue.close()
    assert run_field(runner).status == "ok" and ran == [1]


def test_the_turf_follows_the_organizer_id_through_a_rename():
    """Organizers tab: O-0001 renamed from 'Ana Rivera' to 'Ana Vega'; People and Worksites still say
    'Ana Rivera'. The name is remembered for O-0001 -- unless another organizer has it now."""
    from zoneinfo import ZoneInfo

    from turfbook.field.turf import turf_of
    from turfbook.schema import load_schema, parse_workbook

    def snap(organizers):
        return parse_workbook(load_schema(), {
            "Organizers": [["ID", "Name", "Turf"], *organizers],
            "Worksites": [["ID", "Name", "Organizer"], ["W-0001", "Little Stars", "Ana Rivera"]],
            "People": [["ID", "Name", "Organizer", "Worksite"], ["P-000001", "Maria", "Ana Rivera", ""],
                       ["P-000002", "Luis", "", "Little Stars"], ["P-000003", "Dana", "Ben Cole", ""]],
            "Conversations": [["ID", "Date", "Person"]], "Settings": [["Setting", "Value"]]},
            today=dt.date(2026, 11, 23))

    def turf(snapshot, former=None):
        t = turf_of(snapshot, "Ana Vega", "O-0001", dt.date(2026, 11, 23), ZoneInfo("America/New_York"), 0, 3,
                    former)
        return sorted(t.people), t.worksites

    renamed = snap([["O-0001", "Ana Vega", ""], ["O-0002", "Ben Cole", ""]])
    remembered = {"ana rivera": "O-0001", "ana vega": "O-0001", "ben cole": "O-0002"}
    assert turf(renamed, remembered) == (["P-000001", "P-000002"], ["Little Stars"])
    assert turf(renamed) == ([], [])                                  # nothing remembered: the old name is nobody's
    taken = snap([["O-0001", "Ana Vega", ""], ["O-0002", "Ben Cole", ""], ["O-0009", "Ana Rivera", ""]])
    assert turf(taken, remembered) == ([], [])                        # the name is another organizer's now
    director = snap([["O-0001", "Ana Vega", "all"], ["O-0002", "Ben Cole", ""]])
    assert turf(director)[0] == ["P-000001", "P-000002", "P-000003"]  # the director's row found by ID
