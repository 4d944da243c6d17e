"""header_match's closest-name step gives exactly difflib's answer as it was worked out before t22c (a
SequenceMatcher per name, its real_quick_ratio and quick_ratio bounds, then ratio): the same key, how and
score (a "none" keeps its closest score) for any cell, whatever was matched before it."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.schema import header_match as hm
from turfbook.schema.loader import load_schema

SCHEMA = load_schema()
NAMES = [hm.column_names(t) for t in SCHEMA.tabs] + [{t.name: [t.name, *t.aliases] for t in SCHEMA.tabs}]
WORDS = sorted({w for names in NAMES for ns in names.values() for n in ns for w in n.split()})


def _before(text: str, names: dict[str, list[str]]) -> hm.Match:
    """The closest-name step as it was (for a cell no exact, alias or normalised name matched)."""
    frozen = tuple((k, tuple(ns)) for k, ns in names.items())
    wanted = hm.normalise(text)
    best, best_key = 0.0, None
    for form, k in hm._forms(frozen):
        similar = SequenceMatcher(None, wanted, form)
        if similar.real_quick_ratio() <= best or similar.quick_ratio() <= best:
            continue
        score = similar.ratio()
        if score > best:
            best, best_key = score, k
    if best >= hm.FUZZY_MIN:
        return hm.Match(text, best_key, "fuzzy", min(round(best, 2), hm.FUZZY_MAX))
    return hm.Match(text, None, "none", round(best, 2))


_TEXT = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join).flatmap(
        lambda t: st.tuples(st.just(t), st.integers(0, max(len(t) - 1, 0)), st.sampled_from("aeiouxz ")).map(
            lambda x: x[0][:x[1]] + x[2] + x[0][x[1] + 1:])),                     # a letter changed
    st.text(alphabet="abcdeilmnorstuáéñ /#-()0123456789", min_size=1, max_size=40),
    st.sampled_from(["11/15/2026", "Ana Ruiz", "called, no answer", "Fecha de seguimiento", "Teléfono #"]))


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(0, len(NAMES) - 1))
def test_the_closest_name_is_difflibs_as_before(text, which):
    names = NAMES[which]
    got = hm._match_name.__wrapped__(text, tuple((k, tuple(ns)) for k, ns in names.items()))
    if got.how in ("fuzzy", "none") and hm.normalise(text) and len(hm.normalise(text).replace(" ", "")) > \
            hm.FUZZY_SHORT:
        assert got == _before(text, names), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcab xyz", min_size=1, max_size=30), st.text(alphabet="abc xyzq", max_size=30))
def test_the_bounds_are_difflibs(a, b):
    from collections import Counter

    similar = SequenceMatcher(None, a, b)
    assert hm._bound(min(len(a), len(b)), len(a) + len(b)) == similar.real_quick_ratio()
    assert hm._bound(sum((Counter(a) & Counter(b)).values()), len(a) + len(b)) == similar.quick_ratio()
    assert hm._similarity(a, b) == similar.ratio()
