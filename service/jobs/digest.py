"""The digest job: the director's digest, each opted-in organizer's digest, and the Wall chart.

    run(workspace, *, dry_run=False, clock=None, today=None, progress=None, to=None, period="week",
        preview=None, resend=False) -> JobResult
    run_chart(workspace, *, dry_run=False, clock=None, today=None, progress=None) -> JobResult
    render_preview(workspace, *, clock=None, today=None, period="week", language=None) -> str (HTML)

Reads: one spreadsheets.get (tab IDs, for links) and one values.batchGet of every tab the digest
uses. `turfbook.digest.plan` computes every number (pure); `render` makes HTML + text in the
recipient's language; `message`/`turfbook.workspace.mail` send; the ledger stops a second send for the
same period and recipient unless `resend` — also after a send cut off mid-way, which may have been
delivered (reported as unconfirmed: at most once, never twice). Not a dry run: the Wall chart is
rewritten too (two calls).

Recipients: Settings `digest_recipients` get the director's digest (in the Settings `locale`'s
language); Organizers with `gets_digest` and an email get their own, in their language. `to` sends
only the director's digest, only to that address (for trying it out); `director_to` replaces the
Settings recipients of the director's digest and still sends the organizers' (the demo uses it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from turfbook.clock import Clock
from turfbook.digest.book import Book, Links
from turfbook.digest.health import JOBS, job_lines
from turfbook.digest.i18n import language_of
from turfbook.digest.ledger import Ledger
from turfbook.digest.model import Digest, OrganizerDigest
from turfbook.digest.period import Period
from turfbook.digest.plan import organizer_digests, plan
from turfbook.digest.render import Rendered, render_bodies, render_director, render_organizer
from turfbook.jobs import JobResult, job_clock
from turfbook.jobs.gcpause import gc_paused
from turfbook.workspace.retry import AmbiguousWrite

JOB = "digest"
TABS = ["People", "Conversations", "Worksites", "Structure tests", "Participation", "Issues", "Media",
        "Organizers", "Problems"]
CHART_TABS = ["People", "Conversations", "Worksites", "Structure tests", "Participation", "Issues"]


__all__ = ["run", "run_chart", "render_preview", "plan", "prepare", "Prepared"]


@dataclass
class Outgoing:
    digest: str                  # director | organizer
    to: str
    language: str
    rendered: Rendered


@dataclass
class Prepared:
    book: Book | None            # None once run() is done with the rows (let go of before its collection)
    period: Period
    digest: Digest
    organizers: list[OrganizerDigest]
    sheet_ids: dict[str, int]
    grids: dict[str, dict]       # gridProperties by tab title (to grow the Wall chart when needed)
    language: str                # the director's digest language
    tz_name: str
    calls: int                   # API calls made to read


def read(workspace, tabs: list[str], today: dt.date, widen: bool = False):
    """(snapshot, sheet ids by title, gridProperties by title, origins): one spreadsheets.get, one
    values.batchGet. `origins`: for an adopted workbook (schema/adopt_read.py) where each row read is in the
    team's own sheets, so a link opens that sheet and row; {} otherwise."""
    from turfbook.field.held import held_field_entries
    from turfbook.schema import load_schema, read_workbook
    from turfbook.schema.adopt_view import not_adopted

    config = workspace.config
    sheets = workspace.sheets()
    adopted = getattr(sheets, "adopted_tabs", set())     # an adopted workbook's tabs (schema/adopt_read.py)
    # an adopted workbook's filters come with it: one reaching Turfbook's columns is widened (adopt_guard)
    meta = sheets.metadata("sheets(properties(sheetId,title,gridProperties),basicFilter,filterViews)" if adopted
                           else "sheets.properties(sheetId,title,gridProperties)")
    sheet_ids = {s["properties"]["title"]: s["properties"].get("sheetId", 0) for s in meta.get("sheets", [])}
    grids = {s["properties"]["title"]: s["properties"].get("gridProperties", {}) for s in meta.get("sheets", [])}
    schema = load_schema(Path(config.schema_dir) / "workbook.yaml")
    present = [t for t in tabs if t in sheet_ids or t in adopted]
    snapshot = read_workbook(sheets, schema, present, settings_tz=config.organization.timezone, today=today)
    if adopted and widen:        # a run that writes (not --dry-run, not the preview page)
        from turfbook.schema.adopt_guard import guard_filters

        guard_filters(sheets, meta)
    snapshot.problems.extend(not_adopted(sheets, JOB))   # a tab added since the adoption: said, not skipped
    snapshot.problems.extend(held_field_entries(config, sheets, JOB))   # field entries with no sheet (a21e 4)
    return snapshot, sheet_ids, grids, dict(getattr(sheets, "origins", None) or {})


def prepare(workspace, *, clock: Clock | None = None, today: dt.date | None = None, period: str = "week",
            tabs: list[str] | None = None, say: Callable[[str], None] = lambda _m: None,
            widen: bool = False) -> Prepared:
    """`widen`: an adopted workbook's filters reaching Turfbook's columns widened (adopt_guard): a run that
    writes, never --dry-run or the preview page."""
    with gc_paused():
        return _prepare(workspace, clock=job_clock(workspace.config, clock, today), period=period, tabs=tabs,
                        say=say, widen=widen)


def _prepare(workspace, *, clock: Clock, period: str, tabs: list[str] | None,
             say: Callable[[str], None], widen: bool = False) -> Prepared:
    config = workspace.config
    calls = workspace.log.total
    snapshot, sheet_ids, grids, origins = read(workspace, tabs or TABS, clock.today(), widen)
    tz_name = str(snapshot.settings.get("timezone") or config.organization.timezone)
    tz = ZoneInfo(tz_name)
    clock = clock.in_tz(tz)
    the_period = Period.ending_before(clock.today(), period)
    book = Book(snapshot, tz, Links(config.google.spreadsheet_id, sheet_ids, origins), the_period.today)
    say(f"read {len(book.convs)} conversations and {len(book.people.rows)} people")
    org = config.organization.name
    jobs = job_lines(*_run_history(config), clock.now(), tz)
    from turfbook.field.held import held_entries

    held = held_entries(config, workspace.sheets())        # the field entries with no sheet, by organizer
    return Prepared(book, the_period, plan(snapshot, the_period, tz=tz, organization=org, book=book, jobs=jobs,
                                           held=held),
                    organizer_digests(snapshot, the_period, tz=tz, organization=org, book=book),
                    sheet_ids, grids, language_of(snapshot.settings.get("locale")), tz_name,
                    workspace.log.total - calls)


def _run_history(config) -> tuple[dict, dict]:
    """The nightly jobs' last runs and last successes; empty when there is no history yet."""
    try:
        from turfbook.history import History

        history = History.for_config(config)
        return history.last_runs(), {job: run for job in JOBS if (run := history.last_success(job))}
    except Exception:  # history is advisory here: a digest without it is still worth sending
        return {}, {}


def outgoing(prepared: Prepared, to: str | None = None, director_to: list[str] | None = None) -> list[Outgoing]:
    director = render_director(prepared.digest, prepared.language, prepared.tz_name)
    if to:
        return [Outgoing("director", to, prepared.language, director)]
    recipients = director_to or prepared.book.settings.get("digest_recipients") or []
    if isinstance(recipients, str):
        recipients = [r.strip() for r in recipients.replace(";", ",").split(",") if r.strip()]
    mail = [Outgoing("director", r, prepared.language, director) for r in recipients]
    mail += [Outgoing("organizer", o.email, o.language, render_organizer(o)) for o in prepared.organizers]
    return mail


def run(workspace, *, dry_run: bool = False, clock: Clock | None = None, today: dt.date | None = None,
        progress: Callable[[str], None] | None = None, to: str | None = None, period: str = "week",
        preview: str | Path | None = None, resend: bool = False, director_to: list[str] | None = None,
        **_options: Any) -> JobResult:
    from turfbook.digest.message import build, deliver

    say = progress or (lambda _message: None)
    config = workspace.config
    calls = workspace.log.total
    clock = job_clock(config, clock, today)
    # one collector pause from the read to the rendered mail (the first render's Babel and template loads make
    # many objects: a collection then would scan the whole workbook read); the rows read are let go of before
    # the pause ends, so its one collection does not scan them either (issue 22)
    with gc_paused():
        prepared = prepare(workspace, clock=clock, period=period, say=say, widen=not dry_run)
        mail = outgoing(prepared, to, director_to)
        if not dry_run:          # the bodies (made on first use, render.py) here, in the pause; a dry run shows
            render_bodies(m.rendered for m in mail)      # only the subjects: it renders none (nor imports Jinja)
        problems = list(prepared.book.snapshot.problems)
        chart, chart_failure = (None, None) if dry_run else _chart_of(prepared)
        prepared.book = None
    if preview:
        Path(preview).parent.mkdir(parents=True, exist_ok=True)
        Path(preview).write_text(mail[0].rendered.html if mail and mail[0].digest == "director" else
                                 render_director(prepared.digest, prepared.language, prepared.tz_name).html,
                                 encoding="utf-8")
    result = JobResult(JOB, dry_run=dry_run, problems=problems)
    sent, skipped, failed, unconfirmed, lines = 0, 0, 0, 0, []
    chart_error = None
    if not dry_run:
        try:                     # the mail still goes out when the chart cannot be written
            if chart_failure is not None:
                raise chart_failure
            from turfbook.digest.chart_apply import apply_chart
            apply_chart(chart, workspace.sheets(), prepared.sheet_ids, prepared.grids)
        except Exception as exc:
            chart_error = f"{type(exc).__name__}: {exc}"
            lines.append(f"  FAILED to write the Wall chart: {chart_error}")
        ledger = Ledger.for_config(config, clock)
        for item in mail:
            if not resend and ledger.was_sent(prepared.period.key, item.to, item.digest):
                skipped += 1
                lines.append(f"  skipped {item.digest} digest to {item.to}: already sent for {prepared.period.key}")
                continue
            if not resend and ledger.unconfirmed(prepared.period.key, item.to, item.digest) is not None:
                unconfirmed += 1
                lines.append(f"  NOT re-sent {item.digest} digest to {item.to}: an earlier send was cut off and may "
                             "have been delivered (check Sent mail; --resend sends it again)")
                continue
            message = build(item.rendered, sender=config.mail.sender, to=item.to, organization=config.organization.name,
                            language=item.language, period_key=prepared.period.key, now=clock.now())
            ledger.begin(prepared.period.key, item.to, item.digest, str(message["Message-ID"]))
            try:
                message_id = deliver(workspace, message)
            except Exception as exc:  # one bad address must not stop the others; the run is marked failed
                failed += 1
                if _ambiguous(exc):              # maybe delivered: never sent twice automatically
                    unconfirmed += 1
                    lines.append(f"  UNCONFIRMED {item.digest} digest to {item.to}: the connection was lost while "
                                 f"sending ({type(exc).__name__}); it may have been delivered, so it is not re-sent "
                                 "automatically (--resend sends it again)")
                else:
                    ledger.abandon(prepared.period.key, item.to, item.digest)
                    lines.append(f"  FAILED {item.digest} digest to {item.to}: {type(exc).__name__}: {exc}")
                continue
            ledger.record(prepared.period.key, item.to, item.digest, item.rendered.subject, message_id,
                          config.mail.transport)
            sent += 1
            lines.append(f"  sent {item.digest} digest ({item.language}) to {item.to}")
    else:
        lines += [f"  would send {m.digest} digest ({m.language}) to {m.to}: {m.rendered.subject}" for m in mail]
    result.ok = failed == 0 and chart_error is None
    d = prepared.digest
    result.counts = {"period": prepared.period.key, "recipients": len(mail), "sent": sent, "skipped": skipped,
                     "failed": failed, "unconfirmed": unconfirmed, "conversations": d.conversations.total.now,
                     "overdue": d.follow_ups.overdue.now, "api_calls": workspace.log.total - calls}
    head = (f"digest for {prepared.period.key} ({prepared.period.start} to {prepared.period.end}): "
            f"{d.conversations.total.now} conversations, {d.follow_ups.overdue.now} follow-ups overdue, "
            f"{d.leaders.new_count.now} new leaders, {d.media.filed.now} media filed")
    if not mail:
        lines.append("  nobody to send to: set digest_recipients in Settings, or Organizers' gets_digest")
    lines += [f"  warning: {p.message}" for p in result.problems
              if p.kind in ("not_adopted", "rows_moved", "rows_merged", "held_entry")]
    if preview:
        lines.append(f"  preview written to {preview}")
    if not dry_run:
        lines.append(f"  Wall chart {'NOT written' if chart_error else 'rewritten'}; {sent} sent, "
                     f"{skipped} already sent, {failed} failed ({unconfirmed} unconfirmed); "
                     f"{result.counts['api_calls']} API calls")
    result.summary = "\n".join([("[dry run] " if dry_run else "") + head, *lines])
    return result


def _ambiguous(exc: Exception) -> bool:
    """A send cut off mid-way: maybe delivered (SMTPServerDisconnected is an OSError; smtplib: not on a dry run)."""
    import smtplib

    return isinstance(exc, (AmbiguousWrite, ConnectionError, TimeoutError, smtplib.SMTPServerDisconnected))


def _chart_of(prepared: Prepared) -> tuple[Any, Exception | None]:
    """(the Wall chart's plan, None), or (None, the exception that stopped it): raised where it is written."""
    from turfbook.digest.chart import chart_plan

    try:
        return chart_plan(prepared.book, prepared.period.today), None
    except Exception as exc:
        return None, exc


def run_chart(workspace, *, dry_run: bool = False, clock: Clock | None = None, today: dt.date | None = None,
              progress: Callable[[str], None] | None = None, **_options: Any) -> JobResult:
    """Rewrite the Wall chart tab only."""
    from turfbook.digest.chart import TAB as CHART_TAB
    from turfbook.digest.chart import chart_plan
    from turfbook.digest.chart_apply import apply_chart

    say = progress or (lambda _message: None)
    calls = workspace.log.total
    clock = job_clock(workspace.config, clock, today)
    with gc_paused():
        snapshot, sheet_ids, grids, origins = read(workspace, CHART_TABS, clock.today(), not dry_run)
        tz = ZoneInfo(str(snapshot.settings.get("timezone") or workspace.config.organization.timezone))
        today = clock.in_tz(tz).today()
        book = Book(snapshot, tz, Links(workspace.config.google.spreadsheet_id, sheet_ids, origins), today)
        chart = chart_plan(book, today)
    say(f"charted {len(chart.rows) - 4} worksites")
    if not dry_run:
        apply_chart(chart, workspace.sheets(), sheet_ids, grids)
    result = JobResult("chart", dry_run=dry_run, problems=list(snapshot.problems))
    result.counts = {"worksites": len(chart.rows) - 4, "rows": len(chart.rows),
                     "api_calls": workspace.log.total - calls}
    verb = "would write" if dry_run else "wrote"
    result.summary = f"{verb} the {CHART_TAB} tab: {len(chart.rows) - 4} worksites in {len(chart.rows)} rows"
    if dry_run:
        result.summary += "\n" + "\n".join("  " + " | ".join(str(c) for c in row) for row in chart.rows[2:])
    return result


def render_preview(workspace, *, clock: Clock | None = None, today: dt.date | None = None, period: str = "week",
                   language: str | None = None) -> str:
    """The director's digest as HTML, for the web app's /digest/preview. Reads; writes and sends nothing."""
    prepared = prepare(workspace, clock=clock, today=today, period=period)
    return render_director(prepared.digest, language or prepared.language, prepared.tz_name).html
