"""Make the seeded world add up, as a director reading the demo would check it (issue 19, item 6).

Pure functions over the seed's rows ({column key: value}), applied by `workbook.build_rows` before the
planted mistakes:
- `fit_headcounts`: a worksite's headcount is at least the people charted there, with room to spare, so
  no participation figure reaches 100% by accident;
- `settle_conversations`: each person's conversations read as one story — a follow-up is done by the
  next conversation with that person (so at most one follow-up per person is open, an organizer's list
  names each person once, and nobody's next follow-up is before their last contact); the person's
  assessment is the one of their latest conversation, their membership answer is asked in their latest
  conversation, they were created no later than the first conversation; leaders and committee members
  are supporters (assessment 1-2);
- `takes_part`: how likely a person is to take part in a structure test, by assessment (opposed: never).
"""

from __future__ import annotations

import random
from collections import defaultdict

ANSWER = {"non-member": "no", "asked": "yes - thinking", "joined": "yes - joined", "declined": "yes - declined"}
TAKE_PART = {1: 1.8, 2: 1.4, 3: 0.9, 4: 0.3, 5: 0.0}


def fit_headcounts(sites: list[dict], persons: list[dict]) -> None:
    """Headcount >= people charted at the site, plus a quarter more (nobody is charted everywhere)."""
    charted: dict[str, int] = defaultdict(int)
    for person in persons:
        charted[person["worksite"]] += 1
    for site in sites:
        count = charted.get(site["name"], 0)
        site["headcount"] = max(int(site["headcount"]), count + max(1, (count + 3) // 4))


def settle_conversations(persons: list[dict], talks: list[dict], who: list[str | None], rng: random.Random) -> None:
    """`who[i]` is the People ID of `talks[i]` (however the row names the person). Dates are serials."""
    by_id = {p["id"]: p for p in persons}
    story: dict[str, list[dict]] = defaultdict(list)
    for talk, person_id in zip(talks, who, strict=True):
        if person_id in by_id:
            story[person_id].append(talk)
    for person_id, group in story.items():
        person = by_id[person_id]
        group.sort(key=lambda t: (t["date"], t["id"]))
        for talk, after in zip(group, group[1:], strict=False):
            if talk["follow_up_due"] != "" and talk["follow_up_done"] == "":
                talk["follow_up_done"] = after["date"]
            talk["asked_to_join"] = "no"
        last = group[-1]
        last["asked_to_join"] = ANSWER[person["membership"]]
        person["assessment"] = last["assessment_after"]
        person["created"] = min(person["created"], group[0]["date"])
    for person in persons:
        supporter = person["assessment"] <= 2
        person["leader"] = bool(person["leader"]) and supporter or person["assessment"] == 1 and rng.random() < 0.15
        if not supporter:
            person["committee"] = ""


def takes_part(person: dict, share: float, rng: random.Random) -> bool:
    return rng.random() < share * TAKE_PART.get(int(person["assessment"]), 1.0)
