"""turfbook sheets adopt: recognise the workbook a team already has (issue 21)."""

from __future__ import annotations

import sys

import click

from turfbook.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Context, pass_context, sheets


@sheets.command("adopt")
@click.option("--spreadsheet", "spreadsheet_id", help="The team's spreadsheet ID (default: google.spreadsheet_id).")
@click.option("--dry-run", is_flag=True, help="Print the mapping and the report; write nothing anywhere.")
@click.option("--language", type=click.Choice(["en", "es"]), default="en", show_default=True,
              help="Language of the printed report (the files are written in both).")
@click.option("--strict", is_flag=True, help="Exit 1 when values need fixing.")
@click.option("--accept-rows", "accept", is_flag=True,
              help="Tabs whose rows were sorted away from their IDs (the jobs hold them): take the rows as "
                   "they are now, each ID staying on the row it is on, instead of putting the IDs back (for rows "
                   "Turfbook cannot tell apart). --dry-run shows what it would do.")
@pass_context
def adopt_command(ctx: Context, spreadsheet_id: str | None, dry_run: bool, language: str, strict: bool,
                  accept: bool) -> None:
    """Map an existing workbook's own tabs and columns (English or Spanish, a header under a title, a tab
    per organizer) onto Turfbook's, and report what matched, how sure, and what to fix.

    With --dry-run: reads the spreadsheet twice and writes nothing. Without it: adds Turfbook's own tabs
    (Problems and the hidden service tabs), its service columns at the right of each of your tabs (headers
    on your header row; nothing of yours moves or is rewritten) and IDs for your rows; keeps the mapping in
    DATA_DIR/adoption.yaml and the report in DATA_DIR/adoption-report.en.md and .es.md. Running it again
    changes nothing."""
    from turfbook.clock import Clock
    from turfbook.commands.sheets_init import load_schema_or_exit
    from turfbook.schema.adopt import (
        adopt,
        save,
        settings_id_of,
        stored_organizers,
        stored_own_tabs,
        stored_settings_id,
    )
    from turfbook.schema.adopt_apply import Applied
    from turfbook.schema.adopt_fixes import sheets_gone, titles_now
    from turfbook.schema.adopt_read import ADOPTION_FILE
    from turfbook.schema.adopt_report import HISTORY, history_entry, saved_line
    from turfbook.workspace import connect
    from turfbook.workspace.errors import BadRequest

    config = ctx.config
    spreadsheet_id = spreadsheet_id or config.google.spreadsheet_id
    if not spreadsheet_id:
        click.echo("usage error: name the spreadsheet with --spreadsheet ID (or set google.spreadsheet_id)", err=True)
        sys.exit(EXIT_USAGE)
    schema = load_schema_or_exit(config)
    workspace = connect(config)
    today = Clock.for_config(config).today()
    sheets = workspace.sheets(spreadsheet_id)
    known = stored_own_tabs(config.data_dir / ADOPTION_FILE, spreadsheet_id) if config.data_dir else {}
    ids = stored_own_tabs(config.data_dir / ADOPTION_FILE, spreadsheet_id, "own_tabs_ids") if config.data_dir else {}
    before = stored_organizers(config.data_dir / ADOPTION_FILE, spreadsheet_id) if config.data_dir else {}
    kept = stored_settings_id(config.data_dir / ADOPTION_FILE, spreadsheet_id) if config.data_dir else None
    adoption = adopt(sheets, schema, spreadsheet_id, today, known_own=known, own_ids=ids, before=before,
                     settings_id=kept)
    if dry_run:
        from turfbook.schema.adopt_dry import sorted_lines

        click.echo(adoption.report.render(schema, language, dry_run=True), nl=False)
        click.echo("".join(f"{line}\n" for line in sorted_lines(config, sheets, schema, adoption, language, accept)),
                   nl=False)
    else:
        applied = Applied()
        for attempt in range(ATTEMPTS):
            try:
                adoption = _apply(config, sheets, schema, adoption, applied, spreadsheet_id, today, accept, before)
                break
            except BadRequest:
                # a sheet renamed or deleted while adopt wrote ("Unable to parse range"): named in the
                # report, the workbook read again as it is now, and the run goes on
                gone = sheets_gone(sheets, adoption.layout)
                if not gone or attempt == ATTEMPTS - 1:
                    raise
                applied.gone += [t for t in gone if t not in applied.gone]
                for title in gone:               # columns added before it went stay listed (they were added)
                    applied.refused.pop(title, None)
                adoption = adopt(sheets, schema, spreadsheet_id, today, known_own=adoption.layout.own.titles,
                                 own_ids=adoption.layout.own.ids, before=before, settings_id=settings_id_of(adoption))
        titles_now(sheets, adoption.layout)     # a tab renamed during the last write: stored as it is now
        click.echo(adoption.report.render(schema, language, applied=applied), nl=False)
        folder = config.data_dir
        save(adoption, folder / ADOPTION_FILE)
        rows = {s.title: s.header_row for s in adoption.layout.sheets}
        for lang in ("en", "es"):
            (folder / f"adoption-report.{lang}.md").write_text(adoption.report.render(schema, lang, applied=applied),
                                                                 encoding="utf-8")
            history = folder / HISTORY.format(lang=lang)       # the report is the latest run; this keeps them all
            old = history.read_text(encoding="utf-8") if history.exists() else ""
            entry = history_entry(applied, lang, today.isoformat(), rows, old)
            if entry:
                with history.open("a", encoding="utf-8") as handle:
                    handle.write(entry)
        click.echo(saved_line(folder, ADOPTION_FILE, language))
    if spreadsheet_id != config.google.spreadsheet_id:
        click.echo(other_config(spreadsheet_id, config.google.spreadsheet_id, dry_run), err=True)
    sys.exit(EXIT_PROBLEMS if strict and adoption.report.problems else EXIT_OK)


def other_config(adopted: str, configured: str | None, dry_run: bool) -> str:
    """`--spreadsheet B` while the config names A (or nothing): the jobs read google.spreadsheet_id (EN/ES)."""
    now = f"is {configured}" if configured else "is not set"
    ahora = f"es {configured}" if configured else "no está puesto"
    then = "" if dry_run else " (the mapping just saved is for it)"
    luego = "" if dry_run else " (el mapeo recién guardado es para ella)"
    return (f"note: google.spreadsheet_id {now}; the jobs read that spreadsheet. Set google.spreadsheet_id: "
            f"{adopted} in the config so they read this adopted workbook{then} / nota: google.spreadsheet_id "
            f"{ahora}; las tareas leen esa hoja. Ponga google.spreadsheet_id: {adopted} en la configuración para "
            f"que lean este libro adoptado{luego}")


ATTEMPTS = 3


def _apply(config, sheets, schema, adoption, applied, spreadsheet_id: str, today, accept: bool = False,
           before=None):
    """Tabs, service columns and IDs (adopt_apply), `applied` filled in; the adoption as read after them."""
    from turfbook.commands.sheets_init import _ids_lock
    from turfbook.field.queue import reserved_numbers
    from turfbook.schema.adopt import adopt, as_first_read, settings_id_of
    from turfbook.schema.adopt_apply import apply
    from turfbook.schema.adopt_fixes import repair_again
    from turfbook.schema.adopt_putback import give_ids_counted

    broken = adoption.broken()
    apply(sheets, schema, adoption.layout, adoption.typed_headers(), applied, broken)
    first = adoption
    if applied.tabs or applied.columns:   # read again: the layout now maps the columns just added
        adoption = adopt(sheets, schema, spreadsheet_id, today, known_own=adoption.layout.own.titles,
                         own_ids=adoption.layout.own.ids, before=before, settings_id=settings_id_of(adoption))
        as_first_read(adoption.layout, first.layout)
    if applied.columns:                   # Turfbook's broken header formulas, to the ID column where it is now
        applied.repaired += repair_again(sheets, adoption.layout, adoption.typed_headers(),
                                         {**broken, **adoption.broken()})
    ids = _ids_lock(config, False)        # the lock `sheets check` and the field job take: no number twice
    try:
        reserved = reserved_numbers(config.data_dir) if config.data_dir else {}
        written, applied.ids_left = give_ids_counted(sheets, schema, adoption.layout, today, reserved,
                                                     config.data_dir, applied, accept)
        applied.ids += written
    finally:
        ids.release()
    return adoption
