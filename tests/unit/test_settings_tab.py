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
    assert [p.message for p in problems] == [
        "Ajustes row 2: grace_days 'cinco' is not a whole number (type only its digits, like 5); Turfbook uses 0 "
        "until it is fixed / Ajustes fila 2: grace_days 'cinco' no es un número entero (escriba solo sus cifras, "
        "como 5); Turfbook usa 0 hasta que se corrija"]


def test_spanish_setting_names_are_the_settings_and_an_unknown_name_is_a_problem():
    """a21o 7: 'Días de gracia', 'Zona horaria', 'Idioma' name grace_days, timezone, locale; a name Turfbook does
    not know is a problem naming the row (EN/ES), never silently skipped."""
    rows = [["Ajuste", "Valor"], ["Días de gracia", "5"], ["Zona horaria", "America/Chicago"], ["idioma", "en_US"],
            ["Días para 'pronto'", "4"], ["Destinatarios del resumen", "a@x.org; b@x.org"],
            ["Meta de la prueba de estructura (%)", "70"], ["Grace days", "5"], ["Color", "azul"]]
    settings, problems = _read(rows, "Ajustes")           # 'Grace days' 5 again: the same value, no problem
    assert (settings["grace_days"], settings["timezone"], settings["locale"], settings["due_soon_days"]) == \
        (5, "America/Chicago", "en_US", 4)
    assert (settings["digest_recipients"], settings["structure_test_goal_pct"]) == (["a@x.org", "b@x.org"], 70)
    assert [(p.row_number, p.column) for p in problems] == [(9, "Setting")]
    assert problems[0].message.startswith("Ajustes row 9: 'Color' is not a setting Turfbook knows"), problems
    assert "Ajustes fila 9: 'Color' no es un ajuste que Turfbook conozca" in problems[0].message
    assert "grace_days / Días de gracia" in problems[0].message
    _, bad = _read([["Días de gracia", "5 días"]], "Ajustes")          # no header: found by its Spanish name
    assert bad[0].message.startswith("Ajustes row 1: Días de gracia (grace_days) '5 días' is not a whole number")


def test_a_deleted_settings_tab_is_a_problem_saying_what_is_used_and_how_to_fix():
    """a21o 2: their 'Ajustes' deleted after adoption: every job's problems say so (EN/ES), never a silent
    switch to the defaults; `sheets adopt` reads another tab titled as Settings."""
    from turfbook.schema.adopt_settings import SettingsSheet, defaults_of, follow_settings, settings_renamed

    sheet = follow_settings(SettingsSheet("Ajustes", 8), {1: "Contactos", 9: "Ajustes"})
    assert sheet.gone and sheet.remade and settings_renamed(sheet) == {}
    (problem,) = settings_problems(sheet, defaults=defaults_of(SCHEMA))
    assert problem.kind == "settings_gone" and "'Ajustes', the team's settings tab" in problem.message
    assert "grace_days 0" in problem.message and "se borró" in problem.message
    assert "The tab titled 'Ajustes' now is a new one" in problem.message and "turfbook sheets adopt" in problem.message
    back = follow_settings(sheet, {8: "Ajustes 2"})
    assert not back.gone and settings_renamed(back) == {"Settings": "Ajustes 2"}


def test_their_tab_found_by_title_settings_first_and_stored():
    values = {"Contacts": [["Name"]], "Ajustes": [["Ajuste", "Valor"], ["grace_days", "cinco"]],
              "Settings": [["Setting", "Value"], ["grace_days", "1"]], "Config": [["Color"], ["azul"]]}
    sheet = find_settings(SCHEMA, values, {"Settings": {"sheet_id": 7}, "Ajustes": {"sheet_id": 8}}, set())
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
