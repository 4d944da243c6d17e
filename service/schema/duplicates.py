"""Possible duplicate People: same phone or email, or very similar names at the same worksite.

Listed for staff to look at (kind possible_duplicate), never merged.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from turfbook.schema.cells import normalize_phone
from turfbook.schema.model import Problem, Row, WorkbookSnapshot
from turfbook.schema.text import fold

KIND = "possible_duplicate"
NAME_SIMILARITY = 0.88


def find_possible_duplicates(snapshot: WorkbookSnapshot, job: str = "schema") -> list[Problem]:
    people = snapshot.tabs.get("People")
    if people is None:
        return []
    header = {key: people.header[i] if i < len(people.header) else key for key, i in people.columns.items()}
    found: dict[tuple[str, str], Problem] = {}

    def report(first: Row, second: Row, column: str, why: str) -> None:
        pair = (first.label, second.label)
        if pair in found:
            return
        found[pair] = Problem(job, "People", second.id, header.get(column, column),
                              f"People rows {first.label} and {second.label}: {why}; possible duplicate "
                              "(check and merge by hand if it is the same person)", KIND, second.row_number)

    by_phone: dict[str, Row] = {}
    by_email: dict[str, Row] = {}
    by_site: dict[tuple[str, str], list[tuple[str, Row]]] = {}
    names, sites = people.column("name"), people.column("worksite")     # a column at a time: the rows'
    phones = people.raw_column("phone")                                   # dictionaries are not built
    for row, phone_cell, email, name, site in zip(people.rows, phones, people.column("email"), names, sites,
                                                  strict=True):
        if phone_cell not in ("", None):
            phone = normalize_phone(phone_cell)
            if len(phone) >= 7:
                if phone in by_phone:
                    report(by_phone[phone], row, "phone", f"same phone {phone_cell}")
                else:
                    by_phone[phone] = row
        if email:
            email = str(email).strip().lower()
            if email:
                if email in by_email:
                    report(by_email[email], row, "email", f"same email {email}")
                else:
                    by_email[email] = row
        if not name or not site:
            continue
        name, site = fold(name), fold(site)
        if name and site:
            tokens = name.split()
            for block in {tokens[0][:2], tokens[-1][:2]}:
                by_site.setdefault((site, block), []).append((name, row))
    shown = {id(row): (name, site) for row, name, site in zip(people.rows, names, sites, strict=True)}
    for group in by_site.values():
        if len(group) < 2:
            continue
        letters = [frozenset(name) for name, _ in group]
        for i, (name_a, row_a) in enumerate(group):
            set_a, size_a = letters[i], len(name_a)
            for j in range(i + 1, len(group)):
                name_b, row_b = group[j]
                if row_a is row_b:
                    continue
                # each letter in one name only is at least one unmatched letter: a lower bound of what
                # SequenceMatcher misses (see _similar), and none for the same words in another order
                unmatched = len(set_a ^ letters[j])
                bound = (1 - NAME_SIMILARITY) * (size_a + len(name_b)) + 1e-9
                if name_a == name_b or (unmatched == 0 and sorted(name_a.split()) == sorted(name_b.split())) or (
                        unmatched <= bound and _similar(name_a, name_b)):
                    first, second = sorted((row_a, row_b), key=lambda r: r.row_number)
                    report(first, second, "name",
                           f"very similar names '{shown[id(first)][0]}' and '{shown[id(second)][0]}' "
                           f"at {shown[id(second)][1]}")
    return sorted(found.values(), key=lambda p: p.row_number or 0)


def _similar(a: str, b: str) -> bool:
    """SequenceMatcher's ratio >= NAME_SIMILARITY. Its two upper bounds (real_quick_ratio: the
    lengths; quick_ratio: the letters in common) are worked out here first, by the same formula
    (2.0 * matches / total length), since building a matcher costs more than most comparisons."""
    if abs(len(a) - len(b)) > 4:
        return False
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < NAME_SIMILARITY:
        return False
    common = sum(min(a.count(c), b.count(c)) for c in set(a))
    if 2.0 * common / total < NAME_SIMILARITY:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= NAME_SIMILARITY
