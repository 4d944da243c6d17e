"""drive_rules/filing.yaml → Rules, strictly: unknown keys, bad regexes and bad templates are errors
that name the file and the rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from turfbook.rules.templates import FIELDS, compile_template
from turfbook.yamlfile import YamlError, load_yaml, loads_yaml

PROPERTY_KEYS = ("worksite", "person", "issue", "organizer", "language")
TOP_KEYS = {"version", "folders", "vocabulary", "rules"}
RULE_KEYS = {"rule", "match", "require", "folder", "name", "description"}
MATCH_KEYS = {"type", "name", "ignore_case", "properties", "min_size", "max_size"}
REQUIRABLE = set(FIELDS) - {"seq", "ext", "original", "kind", "rule", "uploaded"}


class RulesError(ValueError):
    """A filing-rules problem; the message names the file and the rule."""


@dataclass
class Match:
    types: list[str] = field(default_factory=list)          # MIME globs: image/*, video/mp4
    name: re.Pattern | None = None                          # searched in the original name; named groups → fields
    properties: dict[str, str] = field(default_factory=dict)  # upload appProperties: key → glob ('*' = present)
    min_size: int | None = None
    max_size: int | None = None


@dataclass
class Rule:
    name: str
    match: Match
    require: list[str]
    folder: str
    name_pattern: str
    folder_template: Any = None
    name_template: Any = None


@dataclass
class Rules:
    rules: list[Rule]
    needs_review: str = "_Needs review"   # folders under the inbox for files that are not filed
    duplicates: str = "_Duplicates"
    similarity: float = 0.8               # near-miss threshold for vocabulary lookups
    source: str = "<rules>"


def load_rules(path: str | Path) -> Rules:
    try:
        raw = load_yaml(path)
    except YamlError as exc:
        raise RulesError(str(exc)) from None
    return parse_rules(raw, str(path))


def loads_rules(text: str, source: str = "<rules>") -> Rules:
    try:
        raw = loads_yaml(text, source)
    except YamlError as exc:
        raise RulesError(str(exc)) from None
    return parse_rules(raw, source)


def parse_rules(raw: Any, source: str) -> Rules:
    if not isinstance(raw, dict):
        raise RulesError(f"{source}: the top level must be a mapping with 'rules'")
    _no_unknown(raw, TOP_KEYS, source)
    if raw.get("version", 1) != 1:
        raise RulesError(f"{source}: version: only version 1 is understood")
    folders = raw.get("folders") or {}
    _no_unknown(folders, {"needs_review", "duplicates"}, f"{source}: folders")
    vocabulary = raw.get("vocabulary") or {}
    _no_unknown(vocabulary, {"similarity"}, f"{source}: vocabulary")
    similarity = vocabulary.get("similarity", 0.8)
    if not isinstance(similarity, int | float) or not 0.5 <= similarity < 1:
        raise RulesError(f"{source}: vocabulary.similarity: must be a number from 0.5 to 0.99")
    items = raw.get("rules")
    if not isinstance(items, list) or not items:
        raise RulesError(f"{source}: rules: a non-empty list of rules is required")
    rules, names = [], set()
    for index, item in enumerate(items, 1):
        rule = _rule(item, f"{source}: rule {index}")
        if rule.name in names:
            raise RulesError(f"{source}: rule {index}: duplicate rule name '{rule.name}'")
        names.add(rule.name)
        rules.append(rule)
    return Rules(rules, needs_review=str(folders.get("needs_review", "_Needs review")),
                 duplicates=str(folders.get("duplicates", "_Duplicates")), similarity=float(similarity),
                 source=source)


def _rule(item: Any, where: str) -> Rule:
    if not isinstance(item, dict):
        raise RulesError(f"{where}: must be a mapping")
    _no_unknown(item, RULE_KEYS, where)
    name = item.get("rule")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(f"{where}: rule: a name for the rule is required")
    where = f"{where} '{name}'"
    for key in ("folder", "name"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise RulesError(f"{where}: {key}: a template string is required")
    require = item.get("require") or []
    if not isinstance(require, list) or any(r not in REQUIRABLE for r in require):
        raise RulesError(f"{where}: require: a list of fields from {sorted(REQUIRABLE)}")
    rule = Rule(name=name, match=_match(item.get("match") or {}, where), require=list(require),
                folder=item["folder"], name_pattern=item["name"])
    for key, attr in (("folder", "folder_template"), ("name", "name_template")):
        try:
            setattr(rule, attr, compile_template(item[key]))
        except TemplateError as exc:
            raise RulesError(f"{where}: {key}: {exc}") from None
    return rule


def _match(raw: Any, where: str) -> Match:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: match: must be a mapping")
    _no_unknown(raw, MATCH_KEYS, f"{where}: match")
    types = raw.get("type") or []
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) and "/" in t for t in types):
        raise RulesError(f"{where}: match.type: MIME type globs like image/* expected")
    pattern = None
    if raw.get("name") is not None:
        flags = re.IGNORECASE if raw.get("ignore_case", True) else 0
        try:
            pattern = re.compile(str(raw["name"]), flags)
        except re.error as exc:
            raise RulesError(f"{where}: match.name: bad regular expression ({exc})") from None
        unknown = set(pattern.groupindex) - set(FIELDS)
        if unknown:
            raise RulesError(f"{where}: match.name: unknown group(s) {sorted(unknown)}; use fields {FIELDS}")
    properties = raw.get("properties") or {}
    if not isinstance(properties, dict):
        raise RulesError(f"{where}: match.properties: must be a mapping")
    bad = set(properties) - set(PROPERTY_KEYS)
    if bad:
        raise RulesError(f"{where}: match.properties: unknown key(s) {sorted(bad)}; use {PROPERTY_KEYS}")
    sizes = {}
    for key in ("min_size", "max_size"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, int) or value < 0):
            raise RulesError(f"{where}: match.{key}: a number of bytes expected")
        sizes[key] = value
    return Match(types=list(types), name=pattern, properties={k: str(v) for k, v in properties.items()}, **sizes)


def _no_unknown(raw: Any, allowed: set[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: must be a mapping")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")
