"""turfbook demo: the offline demo on the bundled emulator, and deterministic seed data at any size."""

from __future__ import annotations

import importlib.util
import sys

import click

from turfbook.cli import EXIT_USAGE, Context, cli, pass_context


@cli.group("demo", invoke_without_command=True)
@click.option("--keep", is_flag=True, help="Keep the emulator's existing state instead of starting clean.")
@click.pass_context
def demo_group(click_ctx: click.Context, keep: bool) -> None:
    """Run the whole demo (emulator, workbook, uploads, jobs, digest)."""
    if click_ctx.invoked_subcommand in (None, "seed") and importlib.util.find_spec("faker") is None:
        # the seed data's names come from Faker, a `demo` extra: a production install does without it
        raise SystemExit("the demo's seed data needs Faker: pip install 'turfbook[demo]'")
    if click_ctx.invoked_subcommand is None:
        from turfbook_demo.run import run_demo

        sys.exit(run_demo(click_ctx.find_object(Context).config, fresh=not keep))


@demo_group.command("stop")
@pass_context
def stop_command(ctx: Context) -> None:
    """Stop the emulator, web app and scheduler this checkout's demo started (by their PID files)."""
    from turfbook_demo.run import stop

    said = stop(ctx.config)
    for name, what in said.items():
        click.echo(f"{name}: {what}")
    if not said:
        click.echo("nothing to stop: no demo processes recorded in this checkout")


@demo_group.command("seed")
@click.option("--people", default=200, show_default=True)
@click.option("--conversations", default=500, show_default=True)
@click.option("--worksites", default=8, show_default=True)
@click.option("--media", default=0, show_default=True, help="Also upload N generated photos/videos to the inbox.")
@click.option("--seed", default=7, show_default=True)
@click.option("--write-config", is_flag=True, help="Store a newly created spreadsheet's ID in the config file.")
@pass_context
def seed_command(ctx: Context, people: int, conversations: int, worksites: int, media: int, seed: int,
                 write_config: bool) -> None:
    """Fill the configured workbook (and Drive inbox) with deterministic realistic data."""
    from turfbook.clock import Clock
    from turfbook.demo.workbook import WorkbookNotEmpty, ensure_workbook, seed_workbook, seeded_rows
    from turfbook.workspace import connect

    config = ctx.config
    workspace = connect(config)
    if config.google.spreadsheet_id and (taken := seeded_rows(workspace, config.google.spreadsheet_id)):
        click.echo(str(WorkbookNotEmpty(config.google.spreadsheet_id, taken)), err=True)
        sys.exit(EXIT_USAGE)
    spreadsheet_id = ensure_workbook(workspace, config, write_config=write_config)
    if not config.google.spreadsheet_id and not write_config:
        click.echo(f"created spreadsheet {spreadsheet_id}; keep it with --write-config or "
                   f"TURFBOOK_GOOGLE__SPREADSHEET_ID={spreadsheet_id}")
    today = Clock.for_config(config).today()
    try:
        counts = seed_workbook(workspace, spreadsheet_id, people=people, conversations=conversations,
                               worksites=worksites, seed=seed, today=today)
    except WorkbookNotEmpty as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"spreadsheet {spreadsheet_id}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if media:
        from turfbook.demo.media import seed_media

        uploaded = seed_media(workspace, config, count=media, seed=seed)
        click.echo("media: " + ", ".join(f"{v} {k}" for k, v in uploaded.items()))
    click.echo(f"{workspace.log.total} API calls")
