"""workbook.yaml loads, and the strict loader names file, tab and column for each mistake."""

from __future__ import annotations

import pytest

from turfbook.config import Config
from turfbook.schema import SchemaError, load_schema, loads_schema
from turfbook.schema.checks import schema_check
from turfbook.schema.loader import VocabRef

CONTRACT_TABS = ["People", "Conversations", "Worksites", "Structure tests", "Participation", "Issues", "Media",
                 "Organizers", "Settings", "Problems", "Wall chart"]


def test_the_shipped_schema_has_every_contract_tab_and_key():
    schema = load_schema()
    assert schema.names == CONTRACT_TABS
    people = schema.tab("People")
    assert [c.key for c in people.columns][:3] == ["id", "name", "phone"]
    assert people.id_prefix == "P" and people.format_id(123) == "P-000123"
    assert schema.tab("Worksites").format_id(7) == "W-0007"
    conv = schema.tab("Conversations")
    assert conv.column("issues").vocabulary == VocabRef("Issues", "name")
    assert conv.column("asked_to_join").vocabulary == ("no", "yes - joined", "yes - declined", "yes - thinking")
    assert {c.key for c in conv.columns if c.service} == {"id", "status", "flagged_at", "problems"}
    for tab in schema.tabs:
        for col in tab.columns:
            assert col.note_en and col.note_es, (tab.name, col.key)
    assert [c.key for c in schema.tab("Problems").columns] == [
        "job", "tab", "row_id", "column", "problem", "kind", "first_seen", "problem_es"]


def test_schema_check_passes_for_the_default_config():
    assert schema_check(Config()) == []


BASE = """
tabs:
  - name: People
    id_prefix: P
    columns:
      - {key: id, header: ID, owner: service, type: id}
      - {key: name, header: Name, type: text}
"""


@pytest.mark.parametrize("text, expected", [
    (BASE.replace("type: text}", "type: txt}"), "tab 'People', column 'name': unknown type 'txt'"),
    (BASE.replace("type: text}", "type: text, colour: red}"), "tab 'People', column 'name': unknown key(s) colour"),
    (BASE.replace("type: text}", "type: text, owner: robots}"), "column 'name': owner 'robots'"),
    (BASE.replace("type: text}", "type: ref, vocabulary: {tab: Places, column: name}}"),
     "tab 'People', column 'name': vocabulary refers to tab 'Places'"),
    (BASE.replace("type: text}", "type: ref, vocabulary: {tab: People, column: nom}}"),
     "column 'name': vocabulary refers to column 'nom' of tab 'People'"),
    (BASE.replace("type: text}", "type: enum}"), "column 'name': type enum needs a vocabulary"),
    (BASE + "      - {key: name, header: Other}\n", "column 'name': key used twice"),
    (BASE + "      - {key: nombre, header: name}\n", "header 'name' also names column 'name'"),
    (BASE.replace("    id_prefix: P\n", "    id_prefix: P\n    id_prefix: Q\n"), "duplicate key 'id_prefix'"),
    (BASE.replace("    id_prefix: P\n", "    idprefix: P\n"), "tab 'People': unknown key(s) idprefix"),
    (BASE + "  - name: people\n    columns: []\n", "tab 'people': defined twice"),
    ("tabs: []", "'tabs' must be a non-empty list"),
])
def test_strict_loader_names_file_tab_and_column(text, expected):
    with pytest.raises(SchemaError) as caught:
        loads_schema(text, "workbook.yaml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("workbook.yaml")


def test_missing_file_is_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match="cannot read"):
        load_schema(tmp_path / "nope.yaml")
