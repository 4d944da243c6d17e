"""plan(snapshot, period, ...) -> Digest: every number the director's digest shows. Pure, no I/O."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from turfbook.digest import activity, evidence, followups, strength
from turfbook.digest.book import Book, Links, as_bool, key
from turfbook.digest.model import Digest, JobLine, OrganizerDigest
from turfbook.digest.period import Period
from turfbook.schema.model import WorkbookSnapshot


def plan(snapshot: WorkbookSnapshot, period: Period, *, tz: ZoneInfo, organization: str = "",
         links: Links | None = None, book: Book | None = None, jobs: list[JobLine] | None = None,
         held: dict[str, int] | None = None) -> Digest:
    """`jobs`: the nightly jobs' last runs (`health.job_lines` over run history), shown in the footer; `held`:
    organizer -> her field entries held (field.held.held_entries)."""
    book = book or Book(snapshot, tz, links, period.today)
    return Digest(
        organization=organization,
        period=period,
        sheet_link=book.links.sheet(),
        follow_ups=followups.follow_ups(book, period),
        conversations=activity.conversations(book, period),
        leaders=activity.leaders(book, period),
        structure=strength.structure_test(book, period),
        issues=strength.issues(book, period),
        media=evidence.media(book, period),
        problems=evidence.problems(book, period, held),
        jobs=list(jobs or []),
        issue_es=book.issue_labels(),
    )


def organizer_digests(snapshot: WorkbookSnapshot, period: Period, *, tz: ZoneInfo, organization: str = "",
                      links: Links | None = None, book: Book | None = None) -> list[OrganizerDigest]:
    """One digest per organizer who opted in (Organizers: gets_digest) and has an email."""
    book = book or Book(snapshot, tz, links, period.today)
    wanted = [row for row in book.organizers.rows
              if as_bool(row.values.get("gets_digest")) and str(row.get("email", "")).strip()]
    lists = followups.open_follow_ups(book, period.today, organizers={key(r.get("name")) for r in wanted})
    digests = []
    for row in wanted:
        email = str(row.get("email", "")).strip()
        name = str(row.get("name", "")).strip()
        overdue, soon = lists.get(key(name), ([], []))
        language = "es" if key(row.get("language")).startswith("es") else "en"
        digests.append(OrganizerDigest(organization, name, email, language, period, overdue, soon,
                                       book.links.tab("Conversations")))
    return digests
