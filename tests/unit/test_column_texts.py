"""The read path's C-loop helpers (issue 22) give what their one-cell rules give: text.fold_all is fold on each
text (accented names among plain ones too); column_texts.texts_of is cell_text's trimming, None only for an
empty cell (a cell of spaces reads as "")."""

from hypothesis import given
from hypothesis import strategies as st

from turfbook.schema.cells import cell_text
from turfbook.schema.column_texts import texts_of
from turfbook.schema.text import fold, fold_all

WORDS = st.sampled_from(["Ana  López", "José", "Ann", "  bob-x ", "Ñandú", "A_b.c", "Zoë", "plain", "x\ty", "", "É"])
CELLS = st.one_of(st.sampled_from(["", " a ", "b", "  ", "c d", "Zoë "]), st.integers(-2, 2), st.none(), st.booleans())


@given(st.lists(WORDS, max_size=12))
def test_fold_all_is_fold_on_each(texts):
    assert fold_all(texts) == [fold(t) for t in texts]


@given(st.lists(CELLS, max_size=12), st.booleans())
def test_texts_of_is_cell_text_trimmed(cells, as_tuple):
    expected = [None if raw is None or raw == "" else raw.strip() if raw.__class__ is str else cell_text(raw)
                for raw in cells]
    assert texts_of(tuple(cells) if as_tuple else cells) == expected


def test_texts_of_mostly_blank_and_spaces():
    cells = ["", "", "x ", "  ", "", ""]
    assert texts_of(cells) == [None, None, "x", "", None, None]
