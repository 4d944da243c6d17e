"""Issue 21, outside attack a21g (the fix21s group), each on a small adopted workbook: the real CLI (adopt, check,
overdue), the field page's HTTP endpoints and the field job, the digest, against the emulator.

1. Staff renames an organizer whose sheets are one per organizer ("Convos - Rosa": Rosa Díaz -> Rosa Díaz
   Ortega): her rows stay hers at each read (overdue, digest, her field page), no problem per row; a title
   that names no one now is ONE problem for the sheet; a re-adopt with two Rosas keeps the adopted one, said;
2. an organizer written by the leading words of her name ("Ana María", "Ana-María", "María José") is her;
3. a name made ambiguous by a newcomer ("Ana" once Ana Torres joins) is a problem in overdue and the digest
   too, one per sheet and name with its rows, the same one `sheets check` gives;
4. held field entries: counted as entries and named by organizer in the digest; her page says they are kept
   safe but wait for her sheet (EN/ES)."""

from __future__ import annotations

import datetime as dt
import json

from tests.integration.test_adopt_fix21o import JSON, _book
from tests.support.field_workbook import DIRECTORY_ENV, path
from turfbook.app import create_app
from turfbook.clock import Clock
from turfbook.jobs import digest
from turfbook.jobs import field_log as field_job
from turfbook.jobs import overdue as overdue_job
from turfbook.jobs.registry import _connect
from turfbook.links import Organizer
from turfbook.web.directory import WorkbookDirectory
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

H, P = ["Date", "Name", "F/U date", "Notes"], ["Name", "Phone"]


def _days(config):
    today = Clock.for_config(config).today()
    return today, lambda n: (today + dt.timedelta(days=n)).strftime("%m/%d/%Y")


def _by_organizer(config, today) -> dict[str, int]:
    return {line.organizer: line.count.now
            for line in digest.prepare(_connect(config), today=today).digest.follow_ups.by_organizer}


def _organizer(config, name: str, language: str = "en") -> Organizer:
    shown = connect(config).sheets().read_tabs(["Staff"], render="FORMATTED_VALUE")["Staff"]
    at = shown[0].index("ID")
    row = next(r for r in shown[1:] if r[0] == name)
    return Organizer(id=row[at], name=name, language=language)


def _app(config):
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    return app.test_client()


def test_a_staff_rename_keeps_her_sheets_hers_and_a_title_naming_no_one_is_one_problem(emulator, config, tmp_path,
                                                                                      capsys):
    today, d = _days(config)
    config, run = _book(config, tmp_path, {
        "Staff": [["Name", "Email", "Language"], ["Rosa Díaz", "r@example.org", "es"], ["Luis Mora", "l@x.org", "en"]],
        "Contacts - Rosa": [P, ["Ana Núñez", "860-555-0101"], ["Bo Li", "860-555-0103"]],
        "Convos - Rosa": [H, [d(-5), "Ana Núñez", d(-2), ""], [d(-5), "Bo Li", d(-3), ""]],
        "Contacts - Luis": [P, ["Eva Long", "860-555-0102"]], "Convos - Luis": [H, [d(-6), "Eva Long", d(-1), ""]]},
        typed="USER_ENTERED")
    assert run("sheets", "adopt") == 0
    sheets = connect(config).sheets()
    sheets.write([CellWrite("'Staff'!A2", [["Rosa Díaz Ortega"]]),
                  CellWrite("'Staff'!A4", [["Rosa Mena", "rm@example.org", "es"]])], input_option="RAW")
    result = overdue_job.run(_connect(config), today=today)
    assert result.counts["overdue_by_organizer"] == {"Rosa Díaz Ortega": 2, "Luis Mora": 1}
    assert _by_organizer(config, today) == {"Rosa Díaz Ortega": 2, "Luis Mora": 1}
    rosa, client = _organizer(config, "Rosa Díaz Ortega", "es"), _app(config)
    people = client.get(f"{path(rosa)}/directory.json", headers=JSON).get_json()["people"]
    assert sorted(p["name"] for p in people) == ["Ana Núñez", "Bo Li"]
    assert 'id="held"' not in client.get(path(rosa)).get_data(as_text=True)
    entry = {"key": "k-fix21s-rosa", "new_person": {"name": "Cy Po", "phone": "860-555-0177"}, "kind": "one-on-one",
             "date": today.isoformat(), "notes": "x"}
    answer = client.post(f"{path(rosa)}/entries", data=json.dumps({"entries": [entry]}), headers=JSON).get_json()
    assert answer["received"] == 1 and "held" not in answer["results"][0]
    assert field_job.run(_connect(config)).counts["landed"] == 1
    assert any("Cy Po" in r for r in sheets.read_tabs(["Convos - Rosa"], render="FORMATTED_VALUE")["Convos - Rosa"])
    capsys.readouterr()
    assert run("sheets", "check") == 0
    assert "Rosa" not in capsys.readouterr().out                          # nothing to fix: no problem per row

    capsys.readouterr()                       # a re-adopt: "Rosa" could be either now; the adopted one is kept
    assert run("sheets", "adopt") == 0
    assert ("'Convos - Rosa': its title names 'Rosa', who could be Rosa Díaz Ortega or Rosa Mena: kept as Rosa Díaz "
            "Ortega, the organizer it was adopted for ('Rosa Díaz')") in capsys.readouterr().out
    assert _by_organizer(config, today) == {"Rosa Díaz Ortega": 2, "Luis Mora": 1}

    sheets.write([CellWrite("'Staff'!A2", [["Rosie Ortega"]])], input_option="RAW")    # Rosa Mena is not her
    result = overdue_job.run(_connect(config), today=today)
    assert result.counts["overdue_by_organizer"] == {"(no organizer)": 2, "Luis Mora": 1}
    about = sorted(p.message.split(" / ")[0] for p in result.problems if p.kind == "organizer_unresolved")
    assert about == [f"'{t} - Rosa': its organizer 'Rosa Díaz Ortega' is not in 'Staff' (renamed or removed?): its "
                     "rows are read as no one's; name the tab with the organizer's name as it is there (or add "
                     "them) and run `turfbook sheets adopt`" for t in ("Contacts", "Convos")]
    capsys.readouterr()
    assert run("sheets", "check") == 0
    said = [line for line in capsys.readouterr().out.splitlines() if "'Convos - Rosa'" in line]
    assert len(said) == 1, said                                                        # one for the sheet


def test_leading_words_of_one_staff_name_are_that_organizer(emulator, config, tmp_path, capsys):
    today, d = _days(config)
    staff = [["Name", "Email", "Language"], ["Ana María Rivera", "a@example.org", "en"],
             ["Ana Torres", "t@example.org", "en"], ["María José Pérez", "mj@example.org", "es"]]
    config, run = _book(config, tmp_path, {
        "Staff": staff,
        "Convos": [H[:2] + ["Organizer"] + H[2:]] + [[d(-9), f"P{i}", who, d(-2), ""] for i, who in
                                                     enumerate(["Ana María", "ana-maria", "ANA MARÍA RIVERA", "Ana"])],
        "Contacts": [["Name", "Phone", "Organizer"]] + [[f"P{i}", f"860-555-01{i:02d}", ""] for i in range(4)]},
        typed="USER_ENTERED")
    assert run("sheets", "adopt") == 0
    assert _by_organizer(config, today) == {"Ana María Rivera": 3, "—": 1}
    result = overdue_job.run(_connect(config), today=today)
    assert [p.message.split(" / ")[0] for p in result.problems if p.kind == "organizer_unresolved"] == [
        "'Convos' row 5: Organizer 'Ana' could be Ana María Rivera or Ana Torres (their names in 'Staff' begin so): "
        "read as no organizer; write the full name"]


def test_a_two_word_first_name_in_a_title_is_her_sheet(emulator, config, tmp_path, capsys):
    today, d = _days(config)
    config, run = _book(config, tmp_path, {
        "Staff": [["Name", "Email", "Language"], ["María José Pérez", "mj@example.org", "es"],
                  ["Mia Chen", "m@example.org", "en"]],
        "Contacts - María José": [P, ["Eva Long", "860-555-0102"]],
        "Convos - María José": [H, [d(-6), "Eva Long", d(-1), ""]]}, typed="USER_ENTERED")
    assert run("sheets", "adopt") == 0
    assert "organizer: María José Pérez" in capsys.readouterr().out
    assert _by_organizer(config, today) == {"María José Pérez": 1}
    client = _app(config)
    mj = _organizer(config, "María José Pérez", "es")
    assert 'id="held"' not in client.get(path(mj)).get_data(as_text=True)            # her sheet: nothing held


def test_a_name_made_ambiguous_is_a_problem_in_overdue_and_the_digest_grouped_by_sheet(emulator, config, tmp_path,
                                                                                      capsys):
    today, d = _days(config)
    config, run = _book(config, tmp_path, {
        "Staff": [["Name", "Email", "Language"], ["Ana Rivera", "a@example.org", "en"], ["Ben Cole", "b@x.org", "en"]],
        "Contacts": [["Name", "Phone", "Organizer"], ["Maria Lopez", "860-555-0101", "Ana"],
                     ["Eli Park", "860-555-0102", "Ben"]],
        "Convos": [["Date", "Name", "Organizer", "F/U date", "Notes"], [d(-9), "Maria Lopez", "Ana", d(-2), ""],
                   [d(-9), "Eli Park", "Ben", d(-2), ""], [d(-8), "Maria Lopez", "ana", d(-1), ""]]},
        typed="USER_ENTERED")
    assert run("sheets", "adopt") == 0
    assert _by_organizer(config, today) == {"Ana Rivera": 2, "Ben Cole": 1}
    connect(config).sheets().write([CellWrite("'Staff'!A4", [["Ana Torres", "t@example.org", "en"]])],
                                   input_option="RAW")
    result = overdue_job.run(_connect(config), today=today)
    said = sorted(p.message.split(" / ")[0] for p in result.problems if p.kind == "organizer_unresolved")
    assert said == [
        "'Contacts' row 2: Organizer 'Ana' could be Ana Rivera or Ana Torres (their names in 'Staff' begin so): "
        "read as no organizer; write the full name",
        "'Convos' rows 2, 4: Organizer 'Ana' could be Ana Rivera or Ana Torres (their names in 'Staff' begin so): "
        "read as no organizer; write the full name"]
    assert "'Convos' rows 2, 4: Organizer 'Ana' could be" in result.summary
    prepared = digest.prepare(_connect(config), today=today)
    assert any(line.label == "Organizer not found" and line.count.now == 2
               for line in prepared.digest.problems.by_kind)
    capsys.readouterr()
    run("sheets", "check")
    checked = capsys.readouterr().out
    assert "'Convos' rows 2, 4: Organizer 'Ana' could be Ana Rivera or Ana Torres" in checked
    assert "'Convos' row 2:" not in checked                                           # never one per row


def test_held_entries_are_counted_and_named_in_the_digest_and_her_page_says_they_wait(emulator, config, tmp_path,
                                                                                     capsys):
    today, d = _days(config)
    config, run = _book(config, tmp_path, {
        "Staff": [["Name", "Email", "Language"], ["Rosa Díaz", "r@example.org", "es"], ["Mia Chen", "m@x.org", "en"]],
        "Contacts - Rosa": [P, ["Ana Núñez", "860-555-0101"]], "Convos - Rosa": [H, [d(-5), "Ana Núñez", d(-2), ""]]},
        typed="USER_ENTERED")
    assert run("sheets", "adopt") == 0
    mia = _organizer(config, "Mia Chen")
    client = _app(config)
    for n, key in enumerate(("k-fix21s-0001", "k-fix21s-0002")):
        entry = {"key": key, "new_person": {"name": f"Zoe Ortiz{n}", "phone": f"860-555-019{n}"},
                 "kind": "one-on-one", "date": today.isoformat(), "notes": "n"}
        answer = client.post(f"{path(mia)}/entries", data=json.dumps({"entries": [entry]}), headers=JSON).get_json()
        assert answer["results"][0]["held"] is True
        assert answer["results"][0]["message"].startswith("Kept safe, but waiting: your sheet is not in the workbook")
    page = client.get(path(mia), headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<p id="held" class="bad" role="status">Kept safe, but waiting' in page
    spanish = client.get(path(mia) + "?lang=es").get_data(as_text=True)
    assert '<p id="held" class="bad" role="status">Guardado, pero en espera' in spanish
    rosa = _organizer(config, "Rosa Díaz", "es")
    assert 'id="held"' not in client.get(path(rosa)).get_data(as_text=True)

    prepared = digest.prepare(_connect(config), today=today)
    held = [line for line in prepared.digest.problems.by_kind if line.label.startswith("Field entry held")]
    assert [line.count.now for line in held] == [2]                                  # two entries, not 4 problems
    assert [(n.label, n.count.now) for n in prepared.digest.problems.held] == [("Mia Chen", 2)]
    text = digest.outgoing(prepared, to="dir@example.org")[0].rendered.text
    assert "Field entries held, by organizer: Mia Chen 2\n" in text
    result = overdue_job.run(_connect(config), today=today)
    assert [p.message.split(" / ")[0] for p in result.problems if p.kind == "held_entry"] == [
        "Mia Chen: 2 field entries are held, kept safe: no sheet of theirs in People and Conversations; add "
        "'Contacts - Mia' (the header row of 'Contacts - Rosa') and 'Convos - Mia' (the header row of 'Convos - "
        "Rosa') and run `turfbook sheets adopt` (they land on the next field run)"]
