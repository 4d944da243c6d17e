"""One field entry from a phone, checked into plain data. Every error names the key that is wrong, in
English and Spanish (the phone shows the organizer's language).

An entry is a conversation with an existing person (`person`: a People ID) or with one added on the
spot (`new_person`: name, phone, worksite, language). Sizes are capped so nothing a phone sends can
grow a cell past the schema's limits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("one-on-one", "house visit", "canvass/door knock", "phone bank", "text", "event")   # Conversations' Kind
ASKED = ("no", "yes - joined", "yes - declined", "yes - thinking")                          # Asked to join
LANGUAGES = ("en", "es")
KEY = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
PERSON_ID = re.compile(r"^P-\d{1,12}$")
MAX_NOTES, MAX_NAME, MAX_PHONE, MAX_ISSUES = 5000, 200, 40, 20
MAX_ENTRY_BYTES = 16 * 1024           # one entry as JSON
MAX_BODY_BYTES = 256 * 1024           # one request (up to MAX_ENTRIES entries)
MAX_ENTRIES = 50
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST = dt.date(2000, 1, 1)        # no conversation or follow-up before this is real
FOLLOW_UP_DAYS = 2 * 366              # a follow-up at most about two years ahead
MAX_DEPTH = 8                         # {"entries": [{"new_person": {...}, "issues": [...]}]} is 4 deep


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Is `data` (parsed JSON) nested more than `limit` levels? Iterative: any depth is safe to ask about."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return False


class EntryError(ValueError):
    def __init__(self, key: str, en: str, es: str):
        super().__init__(f"{key}: {en}")
        self.key, self.en, self.es = key, en, es

    def message(self, lang: str) -> str:
        return f"{self.key}: {self.es if lang == 'es' else self.en}"


@dataclass(frozen=True)
class NewPerson:
    name: str
    phone: str = ""
    worksite: str = ""
    language: str = ""


@dataclass(frozen=True)
class Entry:
    key: str
    person: str | None                  # a People ID, or None with new_person
    new_person: NewPerson | None
    kind: str
    day: dt.date
    assessment: int | None = None
    asked: str = ""
    leader: bool = False
    issues: tuple[str, ...] = ()
    deeply_felt: bool = False
    notes: str = ""
    follow_up: dt.date | None = None
    language: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_payload(self) -> dict[str, Any]:
        return {"key": self.key, "person": self.person,
                "new_person": None if self.new_person is None else vars(self.new_person) | {},
                "kind": self.kind, "date": self.day.isoformat(), "assessment": self.assessment, "asked": self.asked,
                "leader": self.leader, "issues": list(self.issues), "deeply_felt": self.deeply_felt,
                "notes": self.notes, "follow_up": self.follow_up.isoformat() if self.follow_up else None,
                "language": self.language}


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EntryError(key, "must be text", "debe ser texto")
    value = value.strip()
    if len(value) > limit:
        raise EntryError(key, f"is longer than {limit} characters", f"tiene más de {limit} caracteres")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise EntryError(key, "contains control characters", "contiene caracteres de control")
    return value


def _day(data: dict, key: str, today: dt.date, required: bool) -> dt.date | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise EntryError(key, "is missing", "falta")
        return None
    if not isinstance(value, str):
        raise EntryError(key, "must be a date like 2026-11-21", "debe ser una fecha como 2026-11-21")
    try:
        if not ISO_DATE.fullmatch(value):          # the whole value: nothing after the date
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise EntryError(key, f"'{value[:20]}' is not a date like 2026-11-21",
                         f"'{value[:20]}' no es una fecha como 2026-11-21") from None
    if day < EARLIEST:
        raise EntryError(key, f"is before {EARLIEST.isoformat()}", f"es anterior a {EARLIEST.isoformat()}")
    return day


def parse(data: Any, today: dt.date, issues: list[str], worksites: list[str]) -> Entry:
    """The entry, or EntryError naming the first key that is wrong."""
    if not isinstance(data, dict):
        raise EntryError("entry", "must be an object", "debe ser un objeto")
    key = data.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise EntryError("key", "must be 8-100 letters, digits, - or _", "debe tener 8-100 letras, dígitos, - o _")
    person = data.get("person") or None
    new_person = None
    if person is not None:
        if not isinstance(person, str) or not PERSON_ID.match(person.strip()):
            raise EntryError("person", "must be a People ID like P-000123", "debe ser un ID de People como P-000123")
        person = person.strip()
    else:
        raw = data.get("new_person")
        if not isinstance(raw, dict):
            raise EntryError("person", "choose a person or add a new one", "elija una persona o agregue una nueva")
        name = _text(raw, "name", MAX_NAME)
        if not name:
            raise EntryError("new_person.name", "is missing", "falta")
        worksite = _text(raw, "worksite", MAX_NAME)
        if worksite and worksite not in worksites:
            raise EntryError("new_person.worksite", f"'{worksite}' is not one of your worksites",
                             f"'{worksite}' no es uno de sus lugares de trabajo")
        language = _text(raw, "language", 2).lower()
        if language and language not in LANGUAGES:
            raise EntryError("new_person.language", "must be en or es", "debe ser en o es")
        new_person = NewPerson(name, _text(raw, "phone", MAX_PHONE), worksite, language)
    kind = _text(data, "kind", 40)
    if kind not in KINDS:
        raise EntryError("kind", f"must be one of: {', '.join(KINDS)}", f"debe ser uno de: {', '.join(KINDS)}")
    day = _day(data, "date", today, required=True)
    if day > today:
        raise EntryError("date", "is in the future", "está en el futuro")
    assessment = data.get("assessment")
    if assessment in (None, ""):
        assessment = None
    elif not isinstance(assessment, int) or isinstance(assessment, bool) or not 1 <= assessment <= 5:
        raise EntryError("assessment", "must be 1 to 5", "debe ser de 1 a 5")
    asked = _text(data, "asked", 20)
    if asked and asked not in ASKED:
        raise EntryError("asked", f"must be one of: {', '.join(ASKED)}", f"debe ser uno de: {', '.join(ASKED)}")
    chosen = data.get("issues") or []
    if not isinstance(chosen, list) or len(chosen) > MAX_ISSUES or not all(isinstance(i, str) for i in chosen):
        raise EntryError("issues", "must be a list of issue names", "debe ser una lista de temas")
    unknown = [i for i in chosen if i not in issues]
    if unknown:
        raise EntryError("issues", f"'{unknown[0][:60]}' is not in the Issues tab",
                         f"'{unknown[0][:60]}' no está en la pestaña Issues")
    follow_up = _day(data, "follow_up", today, required=False)
    if follow_up is not None and follow_up < day:
        raise EntryError("follow_up", "is before the conversation", "es antes de la conversación")
    if follow_up is not None and follow_up > today + dt.timedelta(days=FOLLOW_UP_DAYS):
        raise EntryError("follow_up", "is more than two years ahead", "es más de dos años en el futuro")
    language = _text(data, "language", 2).lower()
    return Entry(key=key, person=person, new_person=new_person, kind=kind, day=day, assessment=assessment,
                 asked=asked, leader=data.get("leader") is True, issues=tuple(dict.fromkeys(chosen)),
                 deeply_felt=data.get("deeply_felt") is True, notes=_text(data, "notes", MAX_NOTES),
                 follow_up=follow_up, language=language if language in LANGUAGES else "")
