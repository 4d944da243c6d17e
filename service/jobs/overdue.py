"""The overdue job: flag follow-ups on the Conversations rows and date People, by organizer.

    run(workspace, dry_run=False, clock=None, today=None, progress=None) -> JobResult

One values.batchGet reads Conversations, People, Settings and their service tabs (`_Conversations`,
`_People`); the service values the plan starts from are the service tabs' (by ID), never the formula
output staff see. `followups.plan` decides (pure); `overdue_apply.apply` writes only the changed rows
of the service tabs (one values.batchUpdate), never a cell of a tab people edit (docs/write-path.md).
Problems go to the Problems tab through the schema layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from heapq import nsmallest
from operator import attrgetter, countOf
from typing import Any

from turfbook.clock import Clock
from turfbook.field.held import held_field_entries
from turfbook.jobs import JobResult, job_clock
from turfbook.jobs.gcpause import gc_paused
from turfbook.jobs.overdue_apply import ApplyResult, apply
from turfbook.jobs.overdue_plan import CONVERSATIONS, JOB, PEOPLE, OverduePlan, OverdueSettings, plan
from turfbook.schema import followup
from turfbook.schema.adopt_guard import guard_filters
from turfbook.schema.adopt_kinds import MERGED, SORTED, of_organizers
from turfbook.schema.adopt_view import not_adopted
from turfbook.schema.cells import cell_text
from turfbook.schema.id_owners import copy_rows
from turfbook.schema.model import Problem

__all__ = ["run", "plan_only", "plan", "apply", "summarize", "describe_changes"]

PROBLEMS = "Problems"
COLUMNS = {CONVERSATIONS: {"date", "person", "organizer", "follow_up_due", "follow_up_done", "status", "flagged_at"},
           PEOPLE: {"name", "last_contact", "next_follow_up", "status"},
           PROBLEMS: {"job", "tab", "row_id", "column", "problem", "kind"}}    # all the job reads
SHOWN = 12          # IDs listed per summary line


def run(workspace, *, dry_run: bool = False, clock: Clock | None = None, today: dt.date | None = None,
        progress: Callable[[str], None] | None = None, before_write: Callable[[], None] | None = None,
        **_options: Any) -> JobResult:
    """Plan and (unless dry_run) apply. `progress(message)` gets a line per step; `before_write`
    is a test seam run between planning and the write (see overdue_apply.apply)."""
    # The whole job in the pause: its read, plan and writes are freed (refcounts) as _job returns, before the pause
    # ends, so its closing collection has ~nothing left to scan and no full collection of the read's heap comes
    # while the job still holds it (after the write, at 100k rows: 0.07 s + 0.10 s, perf23a).
    with gc_paused():
        return _job(workspace, dry_run, job_clock(workspace.config, clock, today), progress, before_write)


def _job(workspace, dry_run: bool, clock: Clock, progress, before_write) -> JobResult:
    say = progress or (lambda _message: None)
    calls_before = workspace.log.total
    sheets = workspace.sheets()       # one view for the run: its read says where Turfbook's columns are now
    snapshot = read(sheets, workspace.config, clock.today())
    say(f"read {len(snapshot.tab(CONVERSATIONS).row_ids())} conversation(s) and "
        f"{len(snapshot.tab(PEOPLE).row_ids())} people")
    the_plan = plan_snapshot(snapshot, workspace.config, clock)
    hold_if_columns_lost(the_plan, snapshot)
    hold_if_sorted(the_plan, snapshot)
    if not dry_run:
        guard_filters(sheets)       # a filter ending where Turfbook's columns begin widened before any write
    say(f"planned {len(the_plan.changes)} cell change(s) for {the_plan.today.isoformat()}")
    applied = None if dry_run else apply(the_plan, sheets, service=snapshot.service, before_write=before_write)
    missing = [p for p in snapshot.problems if p.kind in ("service_column_missing", SORTED, MERGED, "row_keys")]
    problems = (missing + the_plan.problems + (applied.problems if applied else [])
                + not_adopted(sheets, JOB) + held_field_entries(workspace.config, sheets, JOB))
    if not dry_run:
        _record_problems(sheets, problems, snapshot, the_plan.today)
    if applied:
        say(f"wrote {applied.cells} cell(s) in {applied.ranges} range(s)")
    # The summary also lists what the schema layer found in the cells this job depends on; those
    # entries belong to the schema job in the Problems tab, so they are not written again here.
    problems = schema_problems(snapshot, the_plan) + problems
    result = JobResult(JOB, ok=True, problems=problems, dry_run=dry_run)
    result.counts = counts(the_plan, applied, workspace.log.total - calls_before)
    result.summary = summarize(the_plan, applied, problems, api_calls=result.counts["api_calls"])
    if dry_run:
        result.summary += "\n" + describe_changes(the_plan)
    return result


def plan_only(workspace, *, clock: Clock | None = None, today: dt.date | None = None) -> OverduePlan:
    """Read Conversations, People and Settings (one call) and plan; nothing is written."""
    clock = job_clock(workspace.config, clock, today)
    return plan_snapshot(read(workspace.sheets(), workspace.config, clock.today()), workspace.config, clock)


def plan_snapshot(snapshot, config, clock: Clock) -> OverduePlan:
    """Plan for today in the workbook's timezone (the Settings tab wins when it names one)."""
    settings = dict(snapshot.settings or {})
    if not str(settings.get("timezone") or "").strip():
        settings["timezone"] = config.organization.timezone
    today = clock.in_tz(OverdueSettings.parse(settings, config.organization.timezone)[0].tz).today()
    waits: dict = {}
    copies = copy_rows(snapshot, waits=waits, read=COLUMNS)     # its read tells no record from its copy
    return plan(snapshot.tab(CONVERSATIONS), snapshot.tab(PEOPLE), settings, today, copies, waits)


def hold_if_columns_lost(the_plan: OverduePlan, snapshot) -> None:
    """A column the follow-up rule reads that this read did not find (followup.lost_columns: an adopted
    workbook's header renamed or doubled past finding, never found, or People's name or ID, through which a
    conversation's person is found) would clear or set flags on a wrong reading: nothing is written this run,
    flags stay as they are, the summary says the counts are unknown (as the digest does), and a problem says
    so (attack a21c 4: flags were cleared silently; a21e 1: People's "Name" renamed gave false OVERDUE flags)."""
    the_plan.unknown = followup.unknown_columns(snapshot)
    if any(p.tab == PEOPLE for p in followup.lost_columns(snapshot)):   # People unread: no name is "unknown"
        the_plan.problems = [p for p in the_plan.problems if p.kind not in ("unknown_reference", "ambiguous_reference")]
    if not the_plan.unknown or not the_plan.changes:
        return
    the_plan.problems.append(Problem(
        JOB, CONVERSATIONS, None, the_plan.unknown[0],
        f"{CONVERSATIONS}: overdue flags kept as they were, {len(the_plan.changes)} change(s) not written: "
        f"the column '{the_plan.unknown[0]}' is not found (see the problem naming its sheet) / Conversaciones: "
        f"marcas de atraso sin cambios, {len(the_plan.changes)} cambio(s) sin escribir: no se encuentra la columna "
        f"'{the_plan.unknown[0]}' (vea el problema que nombra su hoja)", "missing_column"))
    the_plan.changes, the_plan.cleared, the_plan.newly_overdue = [], [], []


def hold_if_sorted(the_plan: OverduePlan, snapshot) -> None:
    """Conversations or People sorted without Turfbook's ID column (adopt_sorted: their rows no longer match
    their IDs): every flag and date would follow the wrong record, so nothing is written this run."""
    if not the_plan.changes or not any(p.kind == SORTED and p.tab in (CONVERSATIONS, PEOPLE)
                                       for p in snapshot.problems):
        return
    the_plan.problems.append(Problem(
        JOB, CONVERSATIONS, None, None, f"overdue flags kept as they were, {len(the_plan.changes)} change(s) not "
        "written: rows no longer match their IDs (see the problem before) / marcas de atraso sin cambios: las "
        "filas ya no coinciden con sus ID", SORTED))
    the_plan.changes, the_plan.cleared, the_plan.newly_overdue = [], [], []


def schema_problems(snapshot, the_plan: OverduePlan) -> list[Problem]:
    """What the schema layer found in the Conversations cells this job reads, and in the Settings it counts
    by (a value not read, their settings tab deleted: a21o 2, 6); a person "not in People" is left out while
    People's own columns are lost (the name is not wrong: People cannot be read)."""
    layout = the_plan.layouts[CONVERSATIONS]
    used = {layout.header_of(k) for k in followup.RULE_COLUMNS}
    people_lost = [p for p in followup.lost_columns(snapshot) if p.tab == PEOPLE]
    settings = [p for p in snapshot.problems if p.tab == "Settings"]    # grace_days, timezone: what it counts by
    return people_lost + [p for p in snapshot.tab(CONVERSATIONS).problems if p.column in used
                          and not (people_lost and p.kind in ("unknown_reference", "ambiguous_reference"))] \
        + of_organizers(snapshot.read_problems) + settings  # who it counts by: what `sheets check` says


def read(sheets, config, today: dt.date):
    """Conversations, People, Settings and Problems (and the tabs they refer to) and the service
    tabs, in one values.batchGet. `snapshot.service` holds the service tabs as read; the rows'
    service values are replaced by theirs (by ID), the staff tabs' own cells there not parsed (parsed_columns)."""
    from turfbook.schema import load_schema, reader
    from turfbook.schema.reader import add_read_problems, locale_of, needed_tabs, parse_workbook, read_tabs, row_sheets
    from turfbook.schema.service_tabs import SERVICE_TABS, ServiceTable, overlay, parsed_columns, title_of
    from turfbook.schema.text import fold
    from turfbook.workspace.errors import BadRequest

    schema = load_schema(config.schema_dir / "workbook.yaml")
    tabs = [CONVERSATIONS, PEOPLE, PROBLEMS]
    wanted = needed_tabs(schema, tabs) + [title_of(t) for t in SERVICE_TABS]
    try:
        data = read_tabs(sheets, wanted)                # Turfbook's own workbook a column at a time (grid.Columns)
    except BadRequest:
        titles = sheets.tab_titles()
        present = {fold(t) for t in titles if not t.startswith("_")} | {t for t in titles if t.startswith("_")}
        data = read_tabs(sheets, [t for t in wanted if (t if t.startswith("_") else fold(t)) in present])
    service = {t: ServiceTable.parse(t, data.pop(title_of(t), None)) for t in SERVICE_TABS}
    snapshot = parse_workbook(schema, data, settings_tz=config.organization.timezone, today=today, tabs=tabs,
                              columns=parsed_columns(COLUMNS, service), consume=True, locale=locale_of(sheets),
                              sheets_of=row_sheets(sheets),
                              settings_title=reader.settings_title(sheets))
    add_read_problems(snapshot, sheets)
    missing = [t for t in (CONVERSATIONS, PEOPLE) if t not in snapshot.tabs]
    if missing:
        raise RuntimeError(f"the workbook has no {' or '.join(missing)} tab; run `turfbook sheets init` (a workbook "
                           "of the team's own: `turfbook sheets adopt`)")
    for tab, table in service.items():
        if table.present:
            overlay(snapshot.tabs[tab], table)
    snapshot.service = service
    gaps = getattr(sheets, "service_gaps", None)        # an adopted workbook whose Turfbook columns staff deleted
    if callable(gaps):
        snapshot.problems.extend(gaps())
    return snapshot


def _record_problems(sheets, problems: list[Problem], snapshot, today: dt.date) -> None:
    """Replace this job's entries in the Problems tab, only when they differ from what is there
    (so a run with nothing new writes nothing)."""
    listed = snapshot.tabs.get(PROBLEMS)
    if listed is not None:
        before = {_problem_key(r.values) for r in listed.rows if cell_text(r.values.get("job")) == JOB}
        now = {_problem_key({"tab": p.tab, "row_id": p.row_id or (f"row {p.row_number}" if p.row_number else ""),
                             "column": p.column, "problem": p.message, "kind": p.kind}) for p in problems}
        if before == now:
            return
    from turfbook.schema.problems import write_problems

    write_problems(sheets, JOB, problems, today)


def _problem_key(values: dict) -> tuple:
    from turfbook.schema.problem_kinds import kind_of

    return tuple(kind_of(cell_text(values.get(k))) if k == "kind" else cell_text(values.get(k))
                 for k in ("tab", "row_id", "column", "kind", "problem"))


def counts(the_plan: OverduePlan, applied: ApplyResult | None, api_calls: int) -> dict[str, Any]:
    s = the_plan.statuses
    known = not the_plan.unknown          # unknown figures are None, never a count read wrong
    return {
        "open": the_plan.open if known else None, "overdue": s["overdue"] if known else None,
        "due_today": s["due today"] if known else None, "due_soon": s["due soon"] if known else None,
        "done": s["done"] if known else None, "newly_overdue": len(the_plan.newly_overdue),
        "cleared": len(the_plan.cleared),
        "overdue_by_organizer": dict(the_plan.overdue_by_organizer.most_common()) if known else {},
        "planned_cells": len(the_plan.changes),
        "status_changes": countOf(map(_TAB_COLUMN, the_plan.changes), (CONVERSATIONS, "status")),   # no list
        "cells_written": applied.cells if applied else 0,
        "ranges": applied.ranges if applied else 0, "moved": len(applied.moved) if applied else 0,
        "skipped": len(applied.skipped) if applied else 0, "without_id": the_plan.without_id,
        "problems": len(the_plan.problems) + (len(applied.problems) if applied else 0), "api_calls": api_calls,
    }


_TAB_COLUMN = attrgetter("tab", "column")


def summarize(the_plan: OverduePlan, applied: ApplyResult | None, problems: list, api_calls: int | None = None
              ) -> str:
    s, cfg = the_plan.statuses, the_plan.settings
    lines = [f"Overdue follow-ups on {the_plan.today.isoformat()} ({cfg.tz.key}, grace {cfg.grace_days}d, "
             f"due soon = within {cfg.due_soon_days}d)"]
    if the_plan.unknown:                  # the digest's "Overdue now: unknown": the same columns, the same words
        lines += [f"  open: unknown (overdue unknown): the column(s) {', '.join(the_plan.unknown)} the follow-up "
                  "rule reads are not found; the sheet's flags are kept as they were"]
    else:
        lines.append(f"  open: {the_plan.open} (overdue {s['overdue']}, due today {s['due today']}, "
                     f"due soon {s['due soon']}); done: {s['done']}")
        by_org = the_plan.overdue_by_organizer.most_common()
        lines.append("  overdue by organizer: " + (", ".join(f"{name} {n}" for name, n in by_org) or "none"))
    lines.append(f"  newly overdue: {_ids(the_plan.newly_overdue)}")
    lines.append(f"  cleared: {_ids(the_plan.cleared)}")
    if the_plan.without_id:
        lines.append(f"  rows without an ID (not written until IDs are assigned): {the_plan.without_id}")
    if the_plan.copied:
        lines.append(f"  rows holding a copy of another row's ID (not written until `turfbook sheets check` gives "
                     f"them their own): {the_plan.copied}")
    if the_plan.waiting:
        lines.append(f"  IDs on rows that differ, waiting (Status \"waits\"; see the problem) / ID en filas que "
                     f"difieren, en espera (Estado \"espera\"; vea el problema): {_ids(the_plan.waiting)}")
    if applied is None:
        lines.append(f"  dry run: {len(the_plan.changes)} cell(s) would change; nothing written")
    else:
        lines.append(f"  written: {applied.cells} cell(s) in {applied.ranges} range(s)"
                     + (f", {api_calls} API call(s)" if api_calls is not None else ""))
        if applied.moved:
            lines.append(f"  rows moved by staff since the read, re-found by ID: {_ids(applied.moved)}")
        if applied.skipped:
            skipped = set(applied.skipped)
            lines.append(f"  skipped (vanished or changed ID): {_ids(nsmallest(SHOWN + 1, skipped), len(skipped))}")
    lines.append(f"  problems: {len(problems)}")
    lines += [f"    - {p.message}" for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"    ... and {len(problems) - SHOWN} more (see the Problems tab)")
    return "\n".join(lines)


def describe_changes(the_plan: OverduePlan, limit: int = 200) -> str:
    """The plan, one cell per line, for --dry-run."""
    if not the_plan.changes:
        return "No changes: every service cell is already right."
    lines = [f"Planned changes ({len(the_plan.changes)} cell(s)):"]
    for change in the_plan.changes[:limit]:
        column = the_plan.layouts[change.tab].header_of(change.column)
        lines.append(f"  {change.tab} {change.row_id} (row {change.row_number}) {column}: "
                     f"{_show(change.old)} -> {_show(change.new)}")
    if len(the_plan.changes) > limit:
        lines.append(f"  ... and {len(the_plan.changes) - limit} more")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    return value.isoformat() if isinstance(value, dt.date) else repr(value)


def _ids(ids: list[str], total: int | None = None) -> str:
    """How many (`total`, default len(ids)) and the first SHOWN of `ids`."""
    total = len(ids) if total is None else total
    if not total:
        return "0"
    shown = ", ".join(ids[:SHOWN])
    return f"{total} ({shown}{', ...' if total > SHOWN else ''})"
