"""adopt_translate.organizer_named: the one rule by which an adopted workbook's organizer is found in its
Organizers (Staff) tab, for a sheet's title ("Convos - Ana") and for an organizer cell ("ána") alike."""

from __future__ import annotations

import pytest

from turfbook.schema.adopt_translate import organizer_named

STAFF = ["Ana Rivera", "Ben Cole", "Luis Mena", "Luis Ortiz", "Sol"]


@pytest.mark.parametrize(("said", "found"), [
    ("Ana Rivera", ("Ana Rivera", "listed")), ("ana rivera", ("Ana Rivera", "listed")),
    ("Ána", ("Ana Rivera", "first_name")), ("ana", ("Ana Rivera", "first_name")), ("BEN", ("Ben Cole", "first_name")),
    ("Sol", ("Sol", "listed")),
    ("Luis", ("", "ambiguous:Luis Mena, Luis Ortiz")),
    ("Zoe", ("", "not_listed")), ("Ana R.", ("", "not_listed")), ("Rivera", ("", "not_listed")),
])
def test_one_rule_for_titles_and_cells(said, found):
    name, note, sure = organizer_named(said, STAFF)
    assert (name, note) == found
    assert (sure > 0) == bool(name)
