"""Filing rules as data (drive_rules/filing.yaml): load, match a file, render folder and name.

    rules = load_rules(config.rules_dir / "filing.yaml")
    vocab = Vocabulary.from_workbook(snapshot)
    decision = decide(rules, facts, vocab)        # first matching rule wins, or needs review
    folder, name = render(decision.rule, decision.fields, seq=1)
"""

from turfbook.rules.loader import Rule, Rules, RulesError, load_rules, loads_rules
from turfbook.rules.match import Decision, Facts, decide
from turfbook.rules.templates import clean_name, clean_segment, render
from turfbook.rules.vocab import Lookup, Vocabulary

__all__ = ["Decision", "Facts", "Lookup", "Rule", "Rules", "RulesError", "Vocabulary", "clean_name",
           "clean_segment", "decide", "load_rules", "loads_rules", "render"]
