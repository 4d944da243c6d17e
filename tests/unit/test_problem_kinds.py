"""Problem kinds in plain words (#19 item 8): one table, read back from any form a Kind cell takes."""

from turfbook.digest.i18n import ES, VOCABULARY
from turfbook.schema.problem_kinds import LABELS, cell, kind_of, label


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
