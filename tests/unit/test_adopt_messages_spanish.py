"""Issue 21 (fix21am, item B): every problem and piece of advice the adoption's ID and column guards give is said in
English AND Spanish, "EN / ES" in one message (the project's one mechanism: the Spanish report and the Problems
tab show the half after " / "; adopt_report._problem). Each builder is called here for each of its cases; its
Spanish half must exist and hold no English word outside quoted names and commands (the scan of
test_adopt_fix21v, i8)."""

from __future__ import annotations

import pytest

from tests.integration.test_adopt_fix21v import english_words
from turfbook.schema.adopt_displaced import cause
from turfbook.schema.adopt_group_says import group_text, lost_text
from turfbook.schema.id_copies import alike_message, copied_id_message
from turfbook.schema.id_namesakes import _text as namesake_text
from turfbook.schema.loader import load_schema

GROUPS, CELLS = ["Contacto", "Seguimiento"], [["Fecha", "Nombre"], ["Fecha", "Hecho"]]
NAMES = ("Follow-up due", "Fecha de seguimiento")


def _messages() -> dict[str, str]:
    schema = load_schema()
    return {
        "copied, not yet": copied_id_message(("'Convos'", 3), ("'Convos'", 2), "C-000001"),
        "copied, written": copied_id_message(("'Convos'", 3), ("'Convos'", 2), "C-000001", "C-000007"),
        "copied, other sheet": copied_id_message(("'Convos - Mia'", 2), ("'Convos - Rosa'", 2), "C-000001"),
        "copied, plain tab": copied_id_message(("People", 7), ("People", 6), "P-000001", "P-000041"),
        "alike": alike_message([("'Convos'", 2), ("'Convos'", 3)], "C-000001"),
        "alike, cells differ": alike_message([("'Convos'", 2), ("'Convos - Mia'", 3)], "C-000001", True),
        "group relabelled": group_text("'Convos'", "Fecha", NAMES[0], "group:Primera visita | Seguimiento>"
                                       "Seguimiento | Primera visita", GROUPS, CELLS, NAMES[1]),
        "group mixed": group_text("'Convos'", "Fecha", NAMES[0], "groupmixed:Contacto | Seguimiento>Contacto | "
                                  "Seguimiento", GROUPS, CELLS, NAMES[1]),
        "group mixed, relabelled": group_text("'Convos'", "Fecha", NAMES[0], "groupmixed:Contacto | Seguimiento>"
                                              "Seguimiento | Contacto", GROUPS, CELLS, NAMES[1]),
        "group ambiguous": group_text("'Convos'", "Fecha", NAMES[0], "groupambiguous:Contacto | Seguimiento>"
                                      "Seguimiento | Contacto", GROUPS, CELLS, NAMES[1]),
        "header twice": lost_text("'Convos'", "F/U date", NAMES, "twice:C,H", [], [], []),
        "header not found": lost_text("'Convos'", "F/U date", NAMES, "", [], [], []),
        "header ambiguous, dated": lost_text("'Convos'", "F/U date", NAMES, "ambiguous:C,D", ["D"], [], []),
        "header ambiguous": lost_text("'Convos'", "F/U date", NAMES, "ambiguous:C,D", [], [], []),
        "header via group": lost_text("'Convos'", "Fecha", NAMES, "group:A | B>B | A", [], GROUPS, CELLS),
        "namesake": namesake_text(schema, schema.tab("People"), ("'Contacts'", 4), "P-000002", "P-000004"),
        "sort cause, copy": " / ".join(cause(_Found(["C-000001"]))),
        "sort cause, same key": " / ".join(cause(_Found([]))),
    }


class _Found:
    """What adopt_displaced.cause reads of a Sorted."""

    def __init__(self, twice: list[str]):
        self.twice = twice


@pytest.mark.parametrize("case", sorted(_messages()))
def test_each_adoption_message_has_a_spanish_half_with_no_english_word(case):
    en, _, es = _messages()[case].partition(" / ")
    assert en and es, case
    assert english_words(es) == set(), (case, es)


def test_the_english_half_is_as_before():
    assert copied_id_message(("'Convos'", 3), ("'Convos'", 2), "C-000001", "C-000007").startswith(
        "'Convos' row 3: ID C-000001 is copied from row 2; this copy now has its own ID, C-000007 / ")
    assert lost_text("'Convos'", "F/U date", NAMES, "", [], [], []).startswith(
        "'Convos' header: the column 'F/U date' (Follow-up due) is not found any more; Turfbook reads no "
        "Follow-up due there")
