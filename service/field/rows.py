"""Queued entries -> new Conversations and People rows (pure). IDs are Turfbook's: the next numbers
after the highest seen in the workbook and in the queue, so an ID once given is never given again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

MEMBERSHIP = {"yes - joined": "joined", "yes - declined": "declined", "yes - thinking": "asked"}


@dataclass
class Planned:
    key: str
    conversation_id: str
    person_id: str | None           # a new person's ID, else None


def format_id(prefix: str, number: int, digits: int) -> str:
    return f"{prefix}-{number:0{digits}d}"


def assign(keys_needing: list[tuple[str, bool]], highest: dict[str, int], digits: dict[str, int]) -> list[Planned]:
    """(entry key, needs a new person) in queue order -> IDs, counting up from `highest` per prefix."""
    next_c, next_p = highest.get("C", 0), highest.get("P", 0)
    out = []
    for key, new_person in keys_needing:
        next_c += 1
        person_id = None
        if new_person:
            next_p += 1
            person_id = format_id("P", next_p, digits.get("P", 6))
        out.append(Planned(key, format_id("C", next_c, digits.get("C", 6)), person_id))
    return out


def _day(value: str | None) -> dt.date | str:
    return dt.date.fromisoformat(value) if value else ""


def conversation_values(payload: dict[str, Any], conversation_id: str, person_id: str, organizer: str
                        ) -> dict[str, Any]:
    """A Conversations row by column key, typed as the schema types it (dates as dates, numbers as
    ints) so it is written like the rows staff type; text is never parsed (no formulas)."""
    notes = payload.get("notes") or ""
    if payload.get("leader") and not payload.get("new_person"):
        notes = (notes + "\n" if notes else "") + "Leader: yes"      # People's Leader is a staff cell: not rewritten
    issues = payload.get("issues") or []
    return {
        "id": conversation_id, "date": _day(payload["date"]), "person": person_id, "organizer": organizer,
        "kind": payload.get("kind") or "", "language": payload.get("language") or "",
        "issues": ", ".join(issues), "depth": (3 if payload.get("deeply_felt") else "") if issues else "",
        "assessment_after": int(payload["assessment"]) if payload.get("assessment") else "",
        "asked_to_join": payload.get("asked") or "", "follow_up_due": _day(payload.get("follow_up")),
        "notes": notes,
    }


def person_values(payload: dict[str, Any], person_id: str, organizer: str) -> dict[str, Any]:
    new = payload.get("new_person") or {}
    asked = payload.get("asked") or ""
    return {
        "id": person_id, "name": new.get("name", ""), "phone": new.get("phone", ""),
        "worksite": new.get("worksite", ""), "language": new.get("language", ""), "organizer": organizer,
        "assessment": int(payload["assessment"]) if payload.get("assessment") else "",
        "leader": True if payload.get("leader") else "",
        "membership": MEMBERSHIP.get(asked, ""),
    }
