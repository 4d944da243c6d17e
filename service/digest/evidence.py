"""Media filed this period (by worksite and issue), items needing review, and data problems by kind.

A media item counts as filed in the period its `filed_at` falls in, in the org timezone. Items needing
review are all those whose status is "needs review" now, oldest row first. Problems come from the
Problems tab; "new" means first seen during the period.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from turfbook.digest.book import DRIVE_URL, Book, key
from turfbook.digest.model import Count, DataProblems, Media, MediaLine, Named
from turfbook.digest.period import Period
from turfbook.hrefs import safe_href
from turfbook.schema.problem_kinds import kind_of, label

REVIEW_LIMIT = 25


def _grouped(counts: dict[str, list[int]], labels: dict[str, str], links: dict[str, str | None]) -> list[Named]:
    items = [Named(labels[k], Count(*v), links.get(k)) for k, v in counts.items()]
    items.sort(key=lambda n: (-n.count.now, -n.count.before, n.label.casefold()))
    return items


def media(book: Book, period: Period) -> Media:
    """Over the Media tab's columns (a Row made only for an item needing review); each distinct status, worksite
    and issue cell looked up once (thousands of media at 100k rows)."""
    filed = [0, 0]
    sites: dict[str, list[int]] = {}
    issues: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    links: dict[str, str | None] = {}
    review: list[MediaLine] = []
    tab = book.snapshot.tabs.get("Media")
    columns = [tab.column(name) for name in ("status", "filed_at", "worksite", "issue")] if tab else [[]] * 4
    statuses: dict = {}
    site_of: dict = {}
    issue_of: dict = {}
    for at, (status, filed_at, site_cell, issue_cell) in enumerate(zip(*columns, strict=True)):
        status = _memo(statuses, status, key)
        if status == "needs review":
            row = tab.rows[at]
            file_id = row.get("drive_file_id")
            review.append(MediaLine(
                name=str(row.get("original_name") or row.get("filed_name") or row.label),
                reason=str(row.get("reason", "")),
                drive_link=safe_href(row.get("link")) or (
                    DRIVE_URL.format(id=quote(str(file_id), safe="")) if file_id else None),
                link=book.links.row(row)))
            continue
        if status != "filed":
            continue
        day = book.day(filed_at)
        i = 0 if day in period else 1 if day in period.previous else None
        if i is None:
            continue
        filed[i] += 1
        site_key, site_label, site_link = _memo(site_of, site_cell, lambda cell: _site(book, cell))
        labels.setdefault(site_key, site_label)
        links.setdefault(site_key, site_link)
        sites.setdefault(site_key, [0, 0])[i] += 1
        issue_key, issue, issue_link = _memo(issue_of, issue_cell, lambda cell: _issue(book, cell))
        labels.setdefault(issue_key, issue)
        links.setdefault(issue_key, issue_link)
        issues.setdefault(issue_key, [0, 0])[i] += 1
    return Media(Count(*filed), _grouped(sites, labels, links), _grouped(issues, labels, links),
                 review[:REVIEW_LIMIT], len(review))


def _memo(memo: dict, cell: Any, make: Callable[[Any], Any]) -> Any:
    """make(cell), once per distinct cell (by type too: 1, 1.0 and True are equal keys, not equal cells)."""
    typed = (cell.__class__, cell)
    try:
        found = memo.get(typed)
    except TypeError:                         # a list cell (unhashable)
        return make(cell)
    if found is None:
        found = memo[typed] = make(cell)
    return found


def _site(book: Book, cell: Any) -> tuple[str, str, str | None]:
    """(its key among the labels, label, link) of a media item's worksite cell."""
    site = book.worksites.find(cell)
    label = book.worksites.name(site, cell) or "—"
    return "w:" + key(label), label, book.links.row(site)


def _issue(book: Book, cell: Any) -> tuple[str, str, str | None]:
    """(its key among the labels, name, link) of a media item's issue cell."""
    issue = book.issue_name(str(cell if cell is not None else "")) or "—"
    return "i:" + key(issue), issue, book.links.row(book.issues.find(issue))


def problems(book: Book, period: Period, held: dict[str, int] | None = None) -> DataProblems:
    """Problems tab rows, plus problems the digest's own read just found that the tab does not list yet.
    One rule for "new", in the header and in the table by kind alike: a problem is new unless it was
    already there when the period began (first seen before it); so New = Total - already there, and
    each kind's change is its count now minus its count already there."""
    kinds: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    new = [0, 0]
    rows = book.rows("Problems")
    listed = {(key(r.get("tab")), key(r.get("row_id")), key(kind_of(r.get("kind") or "invalid"))) for r in rows}
    total = len(rows)
    for found in book.snapshot.problems:
        if (key(found.tab), key(found.row_id), key(found.kind)) in listed:
            continue
        listed.add((key(found.tab), key(found.row_id), key(found.kind)))
        labels.setdefault(key(found.kind), label(found.kind))
        kinds.setdefault(key(found.kind), [0, 0])[0] += 1
        total += 1
        new[0] += 1
    for row in rows:
        kind = kind_of(row.get("kind") or "invalid")
        labels.setdefault(key(kind), label(kind))
        counts = kinds.setdefault(key(kind), [0, 0])
        counts[0] += 1
        day = book.date(row, "first_seen")
        if day is None or day < period.start:
            counts[1] += 1                  # already there when the period began
        else:
            new[0] += 1
        if day in period.previous:
            new[1] += 1
    if held or key(HELD) in kinds:           # held field entries: counted as entries, named by organizer
        counts = kinds.setdefault(key(HELD), [0, 0])
        labels.setdefault(key(HELD), label(HELD))
        total += sum((held or {}).values()) - counts[0]
        counts[0] = sum((held or {}).values())
    by_kind = _grouped({k: v for k, v in kinds.items() if v != [0, 0]}, labels, {})
    return DataProblems(total, Count(*new), by_kind, book.links.tab("Problems"),
                        [Named(who, Count(n, 0)) for who, n in sorted((held or {}).items())])


HELD = "held_entry"
