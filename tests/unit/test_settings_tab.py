"""Where a Settings tab keeps its settings (settings_tab), the one rule the jobs (read_settings) and the adoption
(adopt_settings) read it by; a team's own settings tab found by its title (a21n 7)."""

from __future__ import annotations

from turfbook.schema import load_schema
from turfbook.schema.adopt_settings import find_settings, settings_data, settings_problems, stored_settings
from turfbook.schema.reader import read_settings
from turfbook.schema.settings_tab import columns_of

SCHEMA = load_schema()
TAB = SCHEMA.tab("Settings")


def _read(rows, title="Settings"):
    problems = []
    return read_settings(SCHEMA, rows, problems, "Europe/Madrid", "es_ES", title), problems


def test_turfbook_own_settings_read_as_before():
    settings, problems = _read([["Setting", "Value"], ["grace_days", 2], ["timezone", "America/Chicago"]])
    assert (settings["grace_days"], settings["timezone"], settings["locale"]) == (2, "America/Chicago", "es_ES")
    assert problems == []


def test_header_found_below_a_title_and_in_either_order():
    rows = [["Ajustes del equipo"], [], ["Valor", "Ajuste"], ["5", "grace_days"], ["2", "due_soon_days"]]
    assert columns_of(TAB, rows) == (3, 1, 0)
    settings, _ = _read(rows)
    assert (settings["grace_days"], settings["due_soon_days"]) == (5, 2)


def test_no_header_the_column_naming_settings_and_its_right():
    settings, _ = _read([["", "grace_days", "4"], ["", "nota", "x"]])
    assert settings["grace_days"] == 4


def test_nothing_named_is_not_read_and_no_guess():
    rows = [["Color", "Tema"], ["azul", "oscuro"], ["5", "grace_days?"]]
    assert columns_of(TAB, rows) is None
    settings, problems = _read(rows)
    assert settings["grace_days"] == 0 and problems == []


def test_a_bad_value_names_their_tab_and_row():
    _, problems = _read([["Ajuste", "Valor"], ["grace_days", "cinco"]], "Ajustes")
    assert [p.message for p in problems] == ["Ajustes row 2: grace_days 'cinco' is not a whole number"]


def test_their_tab_found_by_title_settings_first_and_stored():
    values = {"Contacts": [["Name"]], "Ajustes": [["Ajuste", "Valor"], ["grace_days", "cinco"]],
              "Settings": [["Setting", "Value"], ["grace_days", "1"]], "Config": [["Color"], ["azul"]]}
    sheet = find_settings(SCHEMA, values, {"Settings": 7, "Ajustes": 8}, set())
    assert (sheet.title, sheet.sheet_id, sheet.readable, sheet.others) == ("Settings", 7, True, ["Ajustes", "Config"])
    assert sheet.values == {"grace_days": 1}
    assert [p.kind for p in settings_problems(sheet)] == ["settings_unread", "settings_unread"]
    back = stored_settings(settings_data(sheet))
    assert (back.title, back.sheet_id, back.readable, back.others) == ("Settings", 7, True, ["Ajustes", "Config"])
    ajustes = find_settings(SCHEMA, {"Ajustes": values["Ajustes"]}, {}, set())
    assert ajustes.values == {} and [p.kind for p in settings_problems(ajustes, values=True)] == ["invalid"]
    assert find_settings(SCHEMA, {"Ajustes": []}, {}, {"Ajustes"}) is None


def test_init_on_an_older_mapping_adds_no_settings_beside_their_ajustes():
    """A mapping stored before their settings tab was adopted (no `settings`): init still adds no 'Settings'
    beside 'Ajustes', and says it is read once `sheets adopt` has run."""
    from turfbook.schema.init_plan import plan_init

    meta = {"properties": {"locale": "es_ES"}, "sheets": [
        {"properties": {"sheetId": 1, "title": "Contactos", "gridProperties": {"rowCount": 10, "columnCount": 5}}},
        {"properties": {"sheetId": 2, "title": "Ajustes", "gridProperties": {"rowCount": 10, "columnCount": 2}}}]}
    plan = plan_init(SCHEMA, meta, {}, {"People": [("Contactos", 1)]}, "Europe/Madrid")
    assert "add tab 'Settings'" not in plan.actions
    assert any(n.startswith("tab 'Settings' not added: your 'Ajustes' is read as it once") for n in plan.notices)
    assert "add tab 'Settings'" in plan_init(SCHEMA, meta, {}, None, "Europe/Madrid").actions   # not adopted
