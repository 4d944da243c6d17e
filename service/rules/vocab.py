"""Vocabularies from the workbook: worksite names → IDs and cities, issue names, people's names → IDs.

Matching ignores case, accents, punctuation and spacing ("Pequeños Pasos" = "pequenos-pasos" =
"PequenosPasos"), and generic words ("Little Stars" = "Little Stars Center"). A value that is only
*similar* (a misspelling, by a similarity threshold) is never accepted: the lookup answers a
suggestion, which the job reports as a problem and sends the file to review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

GENERIC = {"the", "center", "centre", "centro", "child", "care", "childcare", "daycare", "day", "family",
           "home", "school", "inc", "llc", "building", "de", "la", "el", "los", "las"}


def normalize(text: object) -> str:
    """casefolded words without accents or punctuation: 'Pequeños-Pasos, Inc.' → 'pequenos pasos inc'."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def keys(text: object) -> set[str]:
    words = normalize(text).split()
    found = {"".join(words)}
    specific = [w for w in words if w not in GENERIC]
    if specific:
        found.add("".join(specific))
    found.discard("")
    return found


@dataclass(frozen=True)
class Entry:
    id: str | None
    name: str
    city: str | None = None


@dataclass(frozen=True)
class Lookup:
    entry: Entry | None = None
    suggestion: Entry | None = None      # a near miss: reported, not accepted
    ambiguous: tuple[Entry, ...] = ()

    @property
    def found(self) -> bool:
        return self.entry is not None


@dataclass
class Table:
    entries: list[Entry] = field(default_factory=list)
    similarity: float = 0.8

    def __post_init__(self):
        self._by_key: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for key in keys(entry.name) | ({normalize(entry.id).replace(" ", "")} if entry.id else set()):
                bucket = self._by_key.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)

    def lookup(self, value: object) -> Lookup:
        wanted = keys(value)
        if not wanted:
            return Lookup()
        full = "".join(normalize(value).split())
        for key in [full, *sorted(wanted - {full})]:
            hits = self._by_key.get(key, [])
            if len(hits) == 1:
                return Lookup(entry=hits[0])
            if len(hits) > 1:
                return Lookup(ambiguous=tuple(hits))
        best, score = None, 0.0
        for key, hits in self._by_key.items():
            for candidate in wanted:
                ratio = SequenceMatcher(None, candidate, key).ratio()
                if ratio > score:
                    best, score = hits[0], ratio
        return Lookup(suggestion=best if score >= self.similarity else None)


@dataclass
class Vocabulary:
    worksites: Table = field(default_factory=Table)
    issues: Table = field(default_factory=Table)
    people: Table = field(default_factory=Table)

    @classmethod
    def from_entries(cls, worksites: list[Entry], issues: list[Entry] = (), similarity: float = 0.8) -> Vocabulary:
        return cls(Table(list(worksites), similarity), Table(list(issues), similarity))

    @classmethod
    def from_workbook(cls, snapshot, similarity: float = 0.8) -> Vocabulary:
        """From a WorkbookSnapshot's Worksites (id, name, city) and Issues (id, name) tabs."""
        def rows(tab):
            found = snapshot.tabs.get(tab)
            return found.rows if found else []
        worksites = [Entry(r.id, str(r.get("name")).strip(), (str(r.get("city")).strip() or None) if r.get("city")
                           else None) for r in rows("Worksites") if r.get("name")]
        issues = [Entry(r.id, str(r.get("name")).strip()) for r in rows("Issues") if r.get("name")]
        found = cls.from_entries(worksites, issues, similarity)
        found.people = Table([Entry(r.id, str(r.get("name")).strip()) for r in rows("People")
                              if r.get("name") and r.id], similarity)
        return found
