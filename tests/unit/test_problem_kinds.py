"""Problem kinds in plain words (#19 item 8): one table, read back from any form a Kind cell takes."""

from turfbook.digest.i18n import ES, VOCABULARY
from turfbook.schema.problem_kinds import LABELS, cell, kind_of, label, where


def test_every_kind_has_plain_words_in_english_and_spanish():
    for kind, (en, es) in LABELS.items():
        assert en and es and "_" not in en + es and en != es
        assert label(kind) == en and label(kind, "es") == es
        assert cell(kind) == f"{en} / {es}"


def test_a_kind_cell_reads_back_whatever_form_it_has():
    for kind in LABELS:
        for text in (kind, cell(kind), label(kind), label(kind, "es"), cell(kind).upper()):
            assert kind_of(text) == kind
    assert kind_of("something else") == "something else" and kind_of(None) == ""
    assert label("odd_new_kind") == "odd new kind"


def test_the_digest_translates_the_same_labels():
    for en, es in LABELS.values():
        assert en in VOCABULARY and ES[en] == es


def test_the_problems_tab_spanish_column_says_kind_and_place_in_spanish():
    assert where("missing", "es", tab="People", row_id="P-000012", column="Phone") == \
        "Falta un dato obligatorio: pestaña People, fila P-000012, columna Phone"
    assert where("invalid", "es", tab="Conversations", row_id="row 7") == \
        "Valor no válido: pestaña Conversations, fila 7"
    assert where("missing_tab", "es", tab="Issues") == "Falta una pestaña: pestaña Issues"
    assert where("missing", "en", tab="People", row_id="P-000012") == "Required value missing: tab People, row P-000012"
    assert where("no_rule", "es") == "Ninguna regla de archivo coincide"
