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
    for row in people.rows:
        phone = normalize_phone(row.raw.get("phone", "")) if row.raw.get("phone") not in ("", None) else ""
        if len(phone) >= 7:
            if phone in by_phone:
                report(by_phone[phone], row, "phone", f"same phone {row.raw.get('phone')}")
            else:
                by_phone[phone] = row
        email = str(row.values.get("email") or "").strip().lower()
        if email:
            if email in by_email:
                report(by_email[email], row, "email", f"same email {email}")
            else:
                by_email[email] = row
        name = fold(row.values.get("name") or "")
        site = fold(row.values.get("worksite") or "")
        if name and site:
            tokens = name.split()
            for block in {tokens[0][:2], tokens[-1][:2]}:
                by_site.setdefault((site, block), []).append((name, row))
    for group in by_site.values():
        for i, (name_a, row_a) in enumerate(group):
            for name_b, row_b in group[i + 1:]:
                if row_a is row_b:
                    continue
                if name_a == name_b or _similar(name_a, name_b) or sorted(name_a.split()) == sorted(name_b.split()):
                    first, second = sorted((row_a, row_b), key=lambda r: r.row_number)
                    report(first, second, "name",
                           f"very similar names '{first.values.get('name')}' and '{second.values.get('name')}' "
                           f"at {second.values.get('worksite')}")
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
