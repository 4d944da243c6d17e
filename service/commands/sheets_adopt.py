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
@pass_context
def adopt_command(ctx: Context, spreadsheet_id: str | None, dry_run: bool, language: str, strict: bool) -> None:
    """Map an existing workbook's own tabs and columns (English or Spanish, a header under a title, a tab
    per organizer) onto Turfbook's, and report what matched, how sure, and what to fix.

    Reads the spreadsheet twice and writes nothing to it. Without --dry-run the mapping is kept in
    DATA_DIR/adoption.yaml and the report in DATA_DIR/adoption-report.en.md and .es.md."""
    from turfbook.clock import Clock
    from turfbook.commands.sheets_init import load_schema_or_exit
    from turfbook.schema.adopt import adopt, save
    from turfbook.schema.adopt_read import ADOPTION_FILE
    from turfbook.workspace import connect

    config = ctx.config
    spreadsheet_id = spreadsheet_id or config.google.spreadsheet_id
    if not spreadsheet_id:
        click.echo("usage error: name the spreadsheet with --spreadsheet ID (or set google.spreadsheet_id)", err=True)
        sys.exit(EXIT_USAGE)
    schema = load_schema_or_exit(config)
    workspace = connect(config)
    today = Clock.for_config(config).today()
    adoption = adopt(workspace.sheets(spreadsheet_id), schema, spreadsheet_id, today)
    click.echo(adoption.report.render(schema, language, dry_run=dry_run), nl=False)
    if not dry_run:
        folder = config.data_dir
        save(adoption, folder / ADOPTION_FILE)
        for lang in ("en", "es"):
            (folder / f"adoption-report.{lang}.md").write_text(adoption.report.render(schema, lang), encoding="utf-8")
        click.echo(f"\nSaved the mapping in {folder / ADOPTION_FILE} and the report in "
                   f"{folder / 'adoption-report.en.md'} (.es.md in Spanish)")
    sys.exit(EXIT_PROBLEMS if strict and adoption.report.problems else EXIT_OK)
