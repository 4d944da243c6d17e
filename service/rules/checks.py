"""`turfbook check` for filing rules: load drive_rules/filing.yaml strictly and render every rule's
templates on a sample file, so a typo in a field name fails the check, not the nightly run."""

from __future__ import annotations

from datetime import datetime

from turfbook.checks import check
from turfbook.config import Config
from turfbook.rules.loader import RulesError, load_rules
from turfbook.rules.templates import TemplateError, render

SAMPLE = {"captured": datetime(2026, 11, 21, 9, 30), "uploaded": datetime(2026, 11, 21, 10, 0),
          "worksite": "Little Stars Center", "worksite_id": "W-0001", "city": "Hartford", "issue": "broken heat",
          "person": "Maria Lopez", "organizer": "Jordan Ellis", "language": "es", "ext": ".jpg",
          "original": "IMG_4821", "kind": "photo"}


def rules_problems(path) -> list[str]:
    try:
        rules = load_rules(path)
    except RulesError as exc:
        return [str(exc)]
    problems = []
    for rule in rules.rules:
        try:
            folder, name = render(rule, {**SAMPLE, "rule": rule.name}, 3)
        except TemplateError as exc:
            problems.append(f"{path}: rule '{rule.name}': template does not render on a sample file: {exc}")
            continue
        if not folder:
            problems.append(f"{path}: rule '{rule.name}': the folder template renders empty")
        if not name or name == "_":
            problems.append(f"{path}: rule '{rule.name}': the name template renders empty")
    return problems


@check("rules")
def rules_check(config: Config) -> list[str]:
    return rules_problems(config.rules_dir / "filing.yaml")
