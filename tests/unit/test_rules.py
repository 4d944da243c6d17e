"""Rules: strict loading, first-match-wins, vocabularies, templates and name safety."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from turfbook.rules import Facts, RulesError, Vocabulary, decide, load_rules, loads_rules, render
from turfbook.rules.templates import clean_name, clean_segment, slug, unique_name
from turfbook.rules.vocab import Entry

RULES_FILE = Path(__file__).parents[2] / "drive_rules" / "filing.yaml"
TZ = ZoneInfo("America/New_York")
WHEN = datetime(2026, 11, 21, 9, 30, tzinfo=TZ)
VOCAB = Vocabulary.from_entries(
    [Entry("W-0001", "Little Stars Center", "Hartford"), Entry("W-0002", "Pequeños Pasos", "New Haven"),
     Entry("W-0003", "Sunshine / Rainbow Co.op", "Bridgeport")],
    [Entry("I-0001", "Broken heat"), Entry("I-0002", "Mould")])


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES_FILE)


def facts(name="IMG_0001.JPG", mime="image/jpeg", **props):
    return Facts(name=name, content_type=mime, size=1000, captured=WHEN, properties=props)


def test_upload_metadata_rule_files_by_worksite_city_and_month(rules):
    decision = decide(rules, facts(worksite="little stars center", issue="broken heat"), VOCAB)
    assert decision.reason is None and decision.rule.name == "upload page"
    folder, name = render(decision.rule, decision.fields, 3)
    assert folder == ("Hartford", "Little Stars Center", "2026-11")
    assert name == "2026-11-21_little-stars-center_broken-heat_003.jpg"


def test_convention_name_matches_compact_worksite_and_accents(rules):
    decision = decide(rules, facts("Hartford_LittleStars_heat.jpg"), VOCAB)
    assert decision.reason is None and decision.rule.name == "named by convention"
    assert decision.fields["worksite_id"] == "W-0001"
    decision = decide(rules, facts("X_pequenospasos_mould.heic", "image/heic"), VOCAB)
    assert decision.fields["worksite"] == "Pequeños Pasos" and decision.fields["city"] == "New Haven"
    assert render(decision.rule, decision.fields, 1)[1] == "2026-11-21_pequenos-pasos_mould_001.heic"


def test_upload_metadata_beats_the_name(rules):
    decision = decide(rules, facts("Hartford_LittleStars_heat.jpg", worksite="W-0002"), VOCAB)
    assert decision.rule.name == "upload page" and decision.fields["worksite"] == "Pequeños Pasos"


def test_misspelling_is_reported_not_accepted(rules):
    decision = decide(rules, facts(worksite="Litle Stars Centre"), VOCAB)
    assert decision.needs_review
    assert "did you mean 'Little Stars Center'" in decision.reason
    assert decision.problems == [decision.reason]


def test_unknown_worksite_and_no_match_need_review(rules):
    decision = decide(rules, facts(worksite="Nowhere Academy"), VOCAB)
    assert decision.reason == "worksite 'Nowhere Academy' is not in Worksites"
    decision = decide(rules, facts("IMG_0001.JPG"), VOCAB)
    assert decision.rule is None and decision.reason.startswith("no rule matches")


def test_missing_required_field(rules):
    no_date = Facts(name="a.jpg", content_type="image/jpeg", captured=None, properties={"worksite": "W-0001"})
    decision = decide(rules, no_date, VOCAB)
    assert decision.reason == "rule 'upload page': missing captured"


def test_first_match_wins():
    rules = loads_rules("""
rules:
  - {rule: a, match: {type: image/*}, folder: A, name: "{{ original }}{{ ext }}"}
  - {rule: b, match: {type: image/*}, folder: B, name: "{{ original }}{{ ext }}"}
""")
    assert decide(rules, facts(), VOCAB).rule.name == "a"


def test_slashes_dots_unicode_in_worksite_names_are_sanitised(rules):
    decision = decide(rules, facts(worksite="W-0003"), VOCAB)
    folder, name = render(decision.rule, decision.fields, 1)
    assert folder == ("Bridgeport", "Sunshine - Rainbow Co.op", "2026-11")
    assert "/" not in name and name.endswith("_001.jpg")
    assert clean_segment("..") == "_" and clean_segment(" .hidden. ") == "hidden"
    assert clean_segment("a\x00b\nc") == "abc"
    assert slug("Ñandú Café — día") == "nandu-cafe-dia"


def test_255_byte_limit_keeps_extension_and_sequence():
    long = "é" * 300 + ".jpg"
    name = clean_name(long)
    assert len(name.encode()) <= 255 and name.endswith(".jpg")
    rules = loads_rules("""
rules:
  - {rule: a, match: {}, folder: "{{ original }}", name: "{{ original }}_{{ seq | pad(3) }}{{ ext }}"}
""")
    decision = decide(rules, facts("x" * 400 + ".jpg"), VOCAB)
    folder, first, seq = unique_name(decision.rule, decision.fields, set())
    assert len(folder[0].encode()) <= 255 and len(first.encode()) <= 255
    _, second, seq2 = unique_name(decision.rule, decision.fields, {first.casefold()})
    assert second != first and len(second.encode()) <= 255 and second.endswith("_002.jpg") and seq2 == 2


def test_sequence_collisions_take_the_next_number(rules):
    decision = decide(rules, facts(worksite="W-0001"), VOCAB)
    taken = {"2026-11-21_little-stars-center_photo_001.jpg", "2026-11-21_little-stars-center_photo_002.jpg"}
    _, name, seq = unique_name(decision.rule, decision.fields, taken)
    assert (name, seq) == ("2026-11-21_little-stars-center_photo_003.jpg", 3)


@pytest.mark.parametrize("text, message", [
    ("rules: []", "non-empty list"),
    ("rules:\n  - {rule: a, folder: x, name: y, colour: red}", "unknown key(s) ['colour']"),
    ("rules:\n  - {rule: a, folder: '{{ x', name: y}", "folder"),
    ("rules:\n  - {rule: a, match: {name: '(?P<bogus>x)'}, folder: x, name: y}", "unknown group"),
    ("rules:\n  - {rule: a, match: {name: '('}, folder: x, name: y}", "bad regular expression"),
    ("rules:\n  - {rule: a, folder: x, name: y}\n  - {rule: a, folder: x, name: y}", "duplicate rule name"),
    ("rules:\n  - {rule: a, folder: x, name: y, require: [colour]}", "require"),
    ("rules:\n  - {rule: a, match: {properties: {colour: x}}, folder: x, name: y}", "unknown key(s) ['colour']"),
    ("rules: 1\nrules: 2", "duplicate key"),
])
def test_strict_loader(text, message):
    with pytest.raises(RulesError, match=None) as caught:
        loads_rules(text, "filing.yaml")
    assert message in str(caught.value) and "filing.yaml" in str(caught.value)


def test_check_renders_every_rule_on_a_sample(tmp_path):
    from turfbook.rules.checks import rules_problems

    assert rules_problems(RULES_FILE) == []
    bad = tmp_path / "filing.yaml"
    bad.write_text("rules:\n  - {rule: a, folder: '{{ wroksite }}', name: '{{ original }}'}\n")
    (problem,) = rules_problems(bad)
    assert "rule 'a'" in problem and "wroksite" in problem
