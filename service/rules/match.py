"""Which rule files a file, with which fields — or why it needs review. Pure.

First matching rule wins. A rule matches on the content type (MIME globs), the original name
(a regex whose named groups become fields), upload metadata (`appProperties` set by the upload
page) and size. Upload metadata beats what the name says. Then the worksite and issue are looked
up in the workbook's vocabularies, and the rule's required fields are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase

from turfbook.rules.loader import PROPERTY_KEYS, Rule, Rules
from turfbook.rules.vocab import Vocabulary


@dataclass(frozen=True)
class Facts:
    """What is known about one inbox file before it is filed."""

    name: str
    content_type: str                       # sniffed when the bytes were read, else as declared
    size: int | None = None
    captured: datetime | None = None
    properties: dict[str, str] = field(default_factory=dict)  # upload appProperties
    uploaded: datetime | None = None


@dataclass
class Decision:
    rule: Rule | None
    fields: dict = field(default_factory=dict)
    reason: str | None = None               # set when the file needs review
    problems: list[str] = field(default_factory=list)  # near misses etc., for the Problems tab

    @property
    def needs_review(self) -> bool:
        return self.rule is None or self.reason is not None


def matches(rule: Rule, facts: Facts) -> dict | None:
    """The fields a rule takes from the file when it matches, else None."""
    m = rule.match
    if m.types and not any(fnmatchcase(facts.content_type, t) for t in m.types):
        return None
    if m.min_size is not None and (facts.size or 0) < m.min_size:
        return None
    if m.max_size is not None and facts.size is not None and facts.size > m.max_size:
        return None
    for key, glob in m.properties.items():
        value = (facts.properties.get(key) or "").strip()
        if not value or not fnmatchcase(value.casefold(), glob.casefold()):
            return None
    groups: dict = {}
    if m.name is not None:
        found = m.name.search(facts.name)
        if not found:
            return None
        groups = {k: v for k, v in found.groupdict().items() if v}
    return groups


def decide(rules: Rules, facts: Facts, vocab: Vocabulary) -> Decision:
    for rule in rules.rules:
        groups = matches(rule, facts)
        if groups is not None:
            return _fields(rule, groups, facts, vocab)
    return Decision(None, _base_fields(facts), reason=f"no rule matches ({facts.content_type}, '{facts.name}')")


def _base_fields(facts: Facts) -> dict:
    stem, dot, ext = facts.name.rpartition(".")
    if not dot:
        stem, ext = facts.name, ""
    from turfbook.media.sniff import extension_for, family

    # the real type's extension (a JPEG named .html is filed as .jpg); the name's only for unknown types
    extension = extension_for(facts.content_type) or (("." + ext.lower()) if ext and len(ext) <= 5 else "")
    if extension == ".jpeg":
        extension = ".jpg"
    fields = {"captured": facts.captured, "uploaded": facts.uploaded, "ext": extension, "original": stem,
              "kind": {"image": "photo", "video": "video", "document": "document"}.get(family(facts.content_type),
                                                                                  "file")}
    for key in PROPERTY_KEYS:
        value = (facts.properties.get(key) or "").strip()
        if value:
            fields[key] = value
    return fields


def _fields(rule: Rule, groups: dict, facts: Facts, vocab: Vocabulary) -> Decision:
    fields = _base_fields(facts)
    for key, value in groups.items():
        fields.setdefault(key, value)        # upload metadata wins over the name
    fields["rule"] = rule.name
    decision = Decision(rule, fields)
    if fields.get("worksite"):
        given = fields["worksite"]
        found = vocab.worksites.lookup(given)
        if found.entry:
            fields.update(worksite=found.entry.name, worksite_id=found.entry.id)
            if found.entry.city:
                fields["city"] = found.entry.city
        else:
            fields.pop("worksite")
            if found.ambiguous:
                names = ", ".join(f"'{e.name}'" for e in found.ambiguous)
                decision.reason = f"worksite '{given}' is ambiguous: {names}"
            elif found.suggestion:
                decision.reason = f"worksite '{given}' is not in Worksites; did you mean '{found.suggestion.name}'?"
                decision.problems.append(decision.reason)
            else:
                decision.reason = f"worksite '{given}' is not in Worksites"
    if fields.get("issue"):
        hit = vocab.issues.lookup(fields["issue"])
        if hit.entry:
            fields["issue"] = hit.entry.name
    if decision.reason is None:
        missing = [key for key in rule.require if not fields.get(key)]
        if missing:
            decision.reason = f"rule '{rule.name}': missing {', '.join(missing)}"
    return decision
