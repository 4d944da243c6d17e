"""The field page's server side (#20) against the emulator: entries queued on disk with idempotency
keys, turf limits, my follow-ups from the one rule, and the coalescer writing them in one guarded
batch per tab, IDs assigned by Turfbook."""

from __future__ import annotations

import json

import pytest

from tests.support.field_workbook import ANA, BEN, DIRECTOR, DIRECTORY_ENV, field_workbook, path
from tests.support.overdue_workbook import table
from turfbook.app import create_app
from turfbook.clock import Clock
from turfbook.field.queue import FieldQueue
from turfbook.jobs import field_log as field_job
from turfbook.web.directory import WorkbookDirectory
from turfbook.workspace import connect

JSON = {"Accept": "application/json", "Accept-Language": "en"}


@pytest.fixture
def world(config):
    clock = Clock.for_config(config)
    config = field_workbook(config, clock.today())
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    return config, app.test_client(), clock


def entry(key: str, **values) -> dict:
    return {"key": key, "person": "P-000001", "kind": "house visit", "date": values.pop("date", None), **values}


def post(client, organizer, *entries, lang="en"):
    return client.post(f"{path(organizer)}/entries?lang={lang}", data=json.dumps({"entries": list(entries)}),
                       headers={**JSON, "Content-Type": "application/json"})


def tick(config):
    return field_job.run(connect(config))


def test_entries_land_once_in_one_guarded_batch_with_turfbook_ids(world, emulator):
    config, client, clock = world
    today = clock.today().isoformat()
    answer = post(client, ANA, entry("k-online-0001", date=today, notes="=HYPERLINK(\"x\")", issues=["low pay"],
                                     deeply_felt=True, follow_up=today),
                  {"key": "k-newperson-1", "new_person": {"name": "Rosa Diaz", "phone": "860-555-0199",
                                                          "worksite": "Little Stars Center", "language": "es"},
                   "kind": "canvass/door knock", "date": today, "assessment": 2, "asked": "yes - joined",
                   "leader": True})
    assert answer.status_code == 200, answer.get_json()
    assert [r["status"] for r in answer.get_json()["results"]] == ["received", "received"]
    for _ in range(5):                                     # the same entry again: "already", never a second row
        again = post(client, ANA, entry("k-online-0001", date=today))
        assert again.get_json()["results"][0]["status"] == "already"
    emulator.reset_stats()
    result = tick(config)
    assert result.counts["landed"] == 2 and result.counts["waiting"] == 0, result.summary
    writes = {m: n for m, n in emulator.stats()["by_method"].items() if "batchUpdate" in m or "append" in m}
    assert writes == {"sheets.spreadsheets.batchUpdate": 4}          # 2 per tab: tags, then the guarded append
    conversations = table(config, "Conversations")
    assert set(conversations) == {"C-000001", "C-000002", "C-000003"}
    assert conversations["C-000002"]["notes"] == '=HYPERLINK("x")'            # RAW: text, never a formula
    assert conversations["C-000002"]["person"] == "P-000001" and conversations["C-000002"]["depth"] == "3"
    assert conversations["C-000003"]["person"] == "P-000004"
    people = table(config, "People")
    assert people["P-000004"]["name"] == "Rosa Diaz" and people["P-000004"]["organizer"] == "Ana Rivera"
    assert people["P-000004"]["membership"] == "joined"
    assert tick(config).counts["landed"] == 0                        # nothing left: the next tick writes nothing
    states = client.get(f"{path(ANA)}/entries?keys=k-online-0001,k-newperson-1", headers=JSON).get_json()
    assert states["k-online-0001"] == {"state": "landed", "conversation_id": "C-000002", "person_id": "P-000001"}
    assert states["k-newperson-1"]["person_id"] == "P-000004"


def test_a_forged_request_for_another_organizers_person_is_refused(world):
    config, client, clock = world
    answer = post(client, ANA, entry("k-forged-0001", person="P-000002", date=clock.today().isoformat()))
    assert answer.status_code == 403
    assert "P-000002 is not one of your people" in answer.get_json()["error"]
    spanish = post(client, BEN, entry("k-forged-0002", date=clock.today().isoformat()), lang="es")
    assert spanish.status_code == 403 and "no es una de sus personas" in spanish.get_json()["error"]
    assert FieldQueue.for_config(config).waiting() == []
    bad = client.post(f"{path(ANA)}/entries", data="entries=1", headers={**JSON, "Content-Type": "text/plain"})
    assert bad.status_code == 415                                    # JSON only: no cross-site form can post
    forged_link = client.post("/c/not-a-link/entries", data="{}", headers={**JSON, "Content-Type": "application/json"})
    assert forged_link.status_code == 403


def test_turf_and_my_follow_ups(world):
    _, client, _ = world
    ana = client.get(f"{path(ANA)}/directory.json", headers=JSON).get_json()
    assert {p["id"] for p in ana["people"]} == {"P-000001", "P-000003"}       # by organizer or by worksite
    assert ana["worksites"] == ["Little Stars Center"] and not ana["everyone"]
    assert [(f["conversation_id"], f["status"]) for f in ana["follow_ups"]] == [("C-000001", "OVERDUE 2d")]
    ben = client.get(f"{path(BEN)}/directory.json", headers=JSON).get_json()
    assert {p["id"] for p in ben["people"]} == {"P-000002"} and ben["follow_ups"] == []
    director = client.get(f"{path(DIRECTOR)}/directory.json", headers=JSON).get_json()
    assert director["everyone"] and len(director["people"]) == 3


def test_bad_entries_name_the_key_and_the_others_still_land(world):
    config, client, clock = world
    answer = post(client, ANA, entry("k-bad-000001", date="yesterday"), entry("k-good-00001",
                                                                              date=clock.today().isoformat()))
    results = answer.get_json()["results"]
    assert answer.status_code == 400
    assert results[0]["status"] == "refused" and results[0]["error"].startswith("date:")
    assert results[1]["status"] == "received"
    assert tick(config).counts["landed"] == 1


def test_the_queue_survives_a_restart_and_a_lost_reply_is_reconciled_by_id(world, emulator):
    config, client, clock = world
    today = clock.today().isoformat()
    post(client, ANA, *[entry(f"k-restart-{i:03d}", date=today) for i in range(3)])
    # the web app goes away; a new one (a restart) sees the same queue on disk
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    assert len(FieldQueue.for_config(config).waiting()) == 3
    emulator.fault(method="sheets.spreadsheets.batchUpdate", drop="after", after_calls=1)   # the append's reply lost
    first = tick(config)
    emulator.clear_faults()
    second = tick(config)
    assert first.counts["landed"] + second.counts["landed"] == 3
    ids = [k for k in table(config, "Conversations") if k.startswith("C-")]
    assert sorted(ids) == ["C-000001", "C-000002", "C-000003", "C-000004"]     # none lost, none doubled
    assert app is not None


def test_the_coalescer_waits_while_sheets_check_numbers_rows(world):
    from turfbook.locks import JobLock

    config, client, clock = world
    post(client, ANA, entry("k-locked-0001", date=clock.today().isoformat()))
    with JobLock.for_config(config, "ids"):                          # `turfbook sheets check` is running
        held = tick(config)
    assert held.counts == {"waiting": 1, "landed": 0, "api_calls": 0} and held.ok
    assert tick(config).counts["landed"] == 1


def _reserve_and_type_a_staff_row(config, client, clock, staff_id: str):
    """An entry whose IDs were reserved in the queue but never written (a failed tick, or a kill -9 between
    assign() and the append); then staff type a Conversations row (with `staff_id`, "" for none)."""
    from tests.support.overdue_workbook import row
    from turfbook.workspace import Workspace, a1
    from turfbook.workspace.sheets import CellWrite

    today = clock.today()
    post(client, ANA, entry("k-reserved-01", date=today.isoformat(), notes="FIELD ENTRY THAT MUST LAND"))
    queue = FieldQueue.for_config(config)
    queue.assign({"k-reserved-01": ("C-000002", None)})
    queue.close()
    Workspace(config).sheets().write([CellWrite(f"{a1.quote_sheet('Conversations')}!A3", [row(
        "Conversations", id=staff_id, date=today, person="P-000001", organizer="Ana Rivera", kind="phone",
        notes="STAFF TYPED ROW")])], input_option="USER_ENTERED")


def test_sheets_check_never_numbers_a_row_with_an_id_the_field_queue_reserved(world):
    from turfbook.field.queue import reserved_numbers
    from turfbook.schema import load_schema
    from turfbook.schema.job import run_schema_job

    config, client, clock = world
    _reserve_and_type_a_staff_row(config, client, clock, "")
    assert reserved_numbers(config.data_dir) == {"C": 2}
    run_schema_job(connect(config).sheets(), load_schema(config.schema_dir / "workbook.yaml"),
                   tz=config.organization.timezone, reserved=reserved_numbers(config.data_dir))
    assert tick(config).counts["landed"] == 1
    conversations = table(config, "Conversations")
    assert conversations["C-000003"]["notes"] == "STAFF TYPED ROW"            # counted on past the reserved ID
    assert conversations["C-000002"]["notes"] == "FIELD ENTRY THAT MUST LAND"


def test_an_id_of_ours_on_a_staff_row_is_not_taken_as_landed(world):
    config, client, clock = world
    _reserve_and_type_a_staff_row(config, client, clock, "C-000002")     # the reserved ID, on someone else's row
    assert tick(config).counts["landed"] == 1
    conversations = table(config, "Conversations")
    assert conversations["C-000002"]["notes"] == "STAFF TYPED ROW"            # a staff cell is never changed
    assert conversations["C-000003"]["notes"] == "FIELD ENTRY THAT MUST LAND"  # the entry lands, numbered again
    states = client.get(f"{path(ANA)}/entries?keys=k-reserved-01", headers=JSON).get_json()
    assert states["k-reserved-01"]["conversation_id"] == "C-000003"


def _photo(client, organizer, lang="en", **fields):
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(picture, "JPEG")
    link = path(organizer)                              # one link opens both pages (its token is timestamped)
    upload_form = client.get(f"{link}/directory.json", headers=JSON).get_json()["upload_form"]
    data = {"csrf": upload_form, "lang": lang, **fields, "file": [(io.BytesIO(picture.getvalue()), "a.jpg")]}
    return client.post("/u/" + link[len("/c/"):], data=data, content_type="multipart/form-data",
                       headers={"Accept": "application/json"})


@pytest.mark.parametrize("lang, word", [("en", "not in your turf"), ("es", "no es de su territorio")])
def test_a_photo_may_tag_only_the_organizers_own_person_worksite_and_conversation(world, lang, word):
    _config, client, _clock = world
    for fields, named in [({"person": "P-000001"}, "P-000001"),                           # Ana's person
                          ({"worksite": "Little Stars Center"}, "Little Stars Center"),   # Ana's worksite
                          ({"person": "P-000002", "note": "C-000001"}, "C-000001")]:      # Ana's conversation
        answer = _photo(client, BEN, lang, **{"worksite": "Ñandú Kids", **fields})
        assert answer.status_code == 403, (fields, answer.get_json())
        assert named in answer.get_json()["error"] and word in answer.get_json()["error"]
    mine = _photo(client, ANA, lang, person="P-000001", worksite="Little Stars Center", note="C-000001")
    assert mine.status_code == 200 and mine.get_json()["stored"] == 1, mine.get_json()
    director = _photo(client, DIRECTOR, lang, person="P-000002", worksite="Ñandú Kids", note="C-000001")
    assert director.status_code == 200 and director.get_json()["stored"] == 1, director.get_json()


def test_deeply_nested_json_is_a_json_400_and_a_429_is_json_too(world):
    _config, client, _clock = world
    link = path(ANA)
    def nested(levels: int) -> str:
        return '{"entries": [{"key": "k-deep-00001", "notes": ' + "[" * levels + "]" * levels + "}]}"

    for body in ("[" * 60000, nested(5000), nested(50)):
        answer = client.post(f"{link}/entries?lang=es", data=body,
                             headers={**JSON, "Content-Type": "application/json"})
        assert answer.status_code == 400 and answer.is_json, answer.get_data(as_text=True)[:200]
        assert answer.get_json()["reason"] == "too_deep" and "anidados" in answer.get_json()["error"]
    from turfbook.web import field
    from turfbook.web.ratelimit import RateLimit
    client.application.extensions["turfbook"].extra["field_limits"] = {      # held still under a loaded CI
        "link": RateLimit(*field.PER_LINK, monotonic=lambda: 1000.0),
        "address": RateLimit(*field.PER_ADDRESS, monotonic=lambda: 1000.0)}
    answers = [client.get(f"{link}/directory.json") for _ in range(130)]      # no Accept header: the SW's fetch
    busy = [a for a in answers if a.status_code == 429]
    assert busy and all(a.is_json and a.headers["Retry-After"] for a in busy)
    assert busy[0].get_json()["reason"] == "rate_limited"


def test_dates_must_be_whole_iso_dates_in_a_sane_range(world):
    config, client, clock = world
    today = clock.today().isoformat()
    answer = post(client, ANA, entry("k-date-00001", date=today + "<script>"),
                  entry("k-date-00002", date="0001-01-01"),
                  entry("k-date-00003", date=today, follow_up="9999-12-31"))
    assert answer.status_code == 400
    assert [r["error"].split(":")[0] for r in answer.get_json()["results"]] == ["date", "date", "follow_up"]
    assert tick(config).counts["landed"] == 0


def test_field_rows_are_typed_like_the_rows_staff_type(world):
    from turfbook.workspace import Workspace, a1

    config, client, clock = world
    today = clock.today().isoformat()
    post(client, ANA, entry("k-typed-00001", date=today, follow_up=today, assessment=2, notes="=SUM(1,2)"),
         {"key": "k-typed-00002", "new_person": {"name": "Rosa Diaz", "phone": "+1 860 555 0199"},
          "kind": "canvass/door knock", "date": today, "assessment": 4, "leader": True})
    assert tick(config).counts["landed"] == 2
    sheets = Workspace(config).sheets()

    def rows(tab):
        [values] = sheets.read([a1.whole_sheet(tab)], render="UNFORMATTED_VALUE")
        header = values[0]
        return {r[0]: dict(zip(header, r, strict=False)) for r in values[1:] if r}

    conversations, people = rows("Conversations"), rows("People")
    seeded, mine = conversations["C-000001"], conversations["C-000002"]
    for header in ("Date", "Follow-up due"):
        assert type(mine[header]) is type(seeded[header]) is int, (header, mine[header], seeded[header])
    assert mine["Date"] == seeded["Date"] + 9 and mine["Follow-up due"] == mine["Date"]
    assert mine["Assessment after"] == 2 and mine["Notes"] == "=SUM(1,2)"     # RAW: text, never a formula
    rosa = people["P-000004"]
    assert rosa["Assessment"] == 4 and rosa["Leader"] is True and rosa["Phone"] == "+1 860 555 0199"
    shown = table(config, "Conversations")["C-000002"]
    assert not shown["date"].isdigit() and not shown["follow_up_due"].isdigit()   # the column's date format shows it


class Monotonic:
    """A monotonic clock the test moves (the caches' ages use time.monotonic(), never the wall clock)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

def _app_on_a_moving_clock(config):
    """The field workbook and a web app whose directories' ages follow `moved` (advance it to expire caches)."""
    from turfbook.app import services
    from turfbook.web.field import queue
    from turfbook.web.field_directory import FieldDirectory

    clock = Clock.for_config(config)
    config = field_workbook(config, clock.today())
    moved = Monotonic()
    app = create_app(config, directory=WorkbookDirectory(config, monotonic=moved), environ=DIRECTORY_ENV)
    app.testing = True
    with app.app_context():
        services().extra["field_directory"] = FieldDirectory(config, lambda: services().workspace.sheets(),
                                                             monotonic=moved, queue=queue)
    return clock, config, moved, app.test_client()


def test_renaming_an_organizer_changes_nothing_for_the_phone(config):
    """attacks/rename_organizer.py: 'Ana Rivera' becomes 'Ana R. Vega' in the Organizers tab (same ID, same
    link) while an entry is queued; People and Worksites still say 'Ana Rivera'."""
    from turfbook.workspace import Workspace, a1
    from turfbook.workspace.sheets import CellWrite

    clock, config, moved, client = _app_on_a_moving_clock(config)
    today = clock.today().isoformat()
    first = entry("k-rename-0001", date=today, notes="before the rename")
    assert post(client, ANA, first).get_json()["results"][0]["status"] == "received"
    before = client.get(f"{path(ANA)}/directory.json", headers=JSON).get_json()
    Workspace(config).sheets().write([CellWrite(f"{a1.quote_sheet('Organizers')}!B2", [["Ana R. Vega"]])],
                                     input_option="RAW")
    moved.now += 60                                                   # every cache is stale: the rename is read
    after = client.get(f"{path(ANA)}/directory.json", headers=JSON).get_json()
    assert after["organizer"] == "Ana R. Vega"
    assert [p["id"] for p in after["people"]] == [p["id"] for p in before["people"]]    # the same turf
    assert after["worksites"] == before["worksites"] == ["Little Stars Center"]
    again = post(client, ANA, first)                                  # the phone's retry
    assert again.status_code == 200 and again.get_json()["results"][0]["status"] == "already", again.get_json()
    second = post(client, ANA, entry("k-rename-0002", date=today, notes="after the rename"))
    assert second.get_json()["results"][0]["status"] == "received", second.get_json()
    assert post(client, BEN, entry("k-rename-0003", date=today)).status_code == 403   # Ben's turf did not grow
    assert tick(config).counts["landed"] == 2
    states = client.get(f"{path(ANA)}/entries?keys=k-rename-0001,k-rename-0002", headers=JSON).get_json()
    assert {k: s["state"] for k, s in states.items()} == {"k-rename-0001": "landed", "k-rename-0002": "landed"}
    rows = {r["notes"]: r for r in table(config, "Conversations").values()}
    assert rows["before the rename"]["organizer"] == rows["after the rename"]["organizer"] == "Ana R. Vega"


def test_an_old_queue_file_keyed_by_name_lands_and_answers_the_phone(world):
    """A queue written before organizer IDs (rows keyed by the organizer's name): opened by this version,
    nothing is lost, the rows land with their organizer, and the phone's status poll finds them."""
    import sqlite3

    config, client, clock = world
    file = config.data_dir / "field-queue.sqlite"
    file.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(file)
    old.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, organizer TEXT NOT NULL, payload TEXT NOT NULL, "
                "received_at TEXT NOT NULL, received_ts REAL NOT NULL, status TEXT NOT NULL DEFAULT 'waiting', "
                "conversation_id TEXT, person_id TEXT, landed_at TEXT, landed_ts REAL)")
    payload = entry("k-oldqueue-01", date=clock.today().isoformat(), notes="queued by an older version")
    old.execute("INSERT INTO entries (key, organizer, payload, received_at, received_ts) VALUES (?,?,?,?,?)",
                ("k-oldqueue-01", "Ana Rivera", json.dumps({**payload, "new_person": None}),
                 "2026-11-23T10:00:00", 1.0))
    old.commit()
    old.close()
    answer = client.get(f"{path(ANA)}/entries?keys=k-oldqueue-01", headers=JSON).get_json()
    assert answer["k-oldqueue-01"]["state"] == "waiting"
    assert client.get(f"{path(BEN)}/entries?keys=k-oldqueue-01", headers=JSON).get_json() == {}
    assert tick(config).counts["landed"] == 1
    [row] = [r for r in table(config, "Conversations").values() if r["notes"] == "queued by an older version"]
    assert row["organizer"] == "Ana Rivera" and row["person"] == "P-000001"
    assert FieldQueue.for_config(config).get("k-oldqueue-01").organizer_id == "O-0001"
    assert client.get(f"{path(ANA)}/entries?keys=k-oldqueue-01", headers=JSON).get_json()["k-oldqueue-01"][
        "state"] == "landed"


def test_a_resend_after_the_person_moved_out_of_the_turf_is_already(config):
    """attack a9_resend_after_reassign.py: the answer to a send is lost, staff move the person to Ben, the
    phone re-sends the same key: 'already' (it is stored and lands), never 'forbidden'."""
    from turfbook.workspace import Workspace, a1
    from turfbook.workspace.sheets import CellWrite

    clock, config, moved, client = _app_on_a_moving_clock(config)
    first = entry("k-moved-0001", date=clock.today().isoformat(), notes="answer lost")
    assert post(client, ANA, first).get_json()["results"][0]["status"] == "received"
    people = Workspace(config).sheets().read([a1.whole_sheet("People")])[0]
    header, at = people[0], next(i for i, r in enumerate(people) if r and r[0] == "P-000001") + 1
    col = {name: chr(ord("A") + header.index(name)) for name in ("Organizer", "Worksite")}
    Workspace(config).sheets().write([CellWrite(f"People!{col['Organizer']}{at}", [["Ben Cole"]]),
                                      CellWrite(f"People!{col['Worksite']}{at}", [["Ñandú Kids"]])],
                                     input_option="USER_ENTERED")
    moved.now += 60                                                   # every cache is stale: the move is read
    assert post(client, ANA, entry("k-moved-0002", date=clock.today().isoformat())).status_code == 403
    again = post(client, ANA, first)                                  # the phone's retry of the lost answer
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["results"][0]["status"] == "already"
    assert post(client, BEN, first).get_json()["results"][0]["status"] == "refused"   # Ben cannot claim it
    assert tick(config).counts["landed"] == 1
