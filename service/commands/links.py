"""turfbook links: print each organizer's personal upload link."""

from __future__ import annotations

import sys

import click

from turfbook.cli import EXIT_OK, EXIT_USAGE, Context, cli, pass_context


@cli.command("links")
@click.option("--organizer", "only", help="Only this organizer (name or ID).")
@click.option("--field", is_flag=True, help="The field page (/c/) links instead of the upload page (/u/).")
@pass_context
def links_command(ctx: Context, only: str | None, field: bool) -> None:
    """Upload links (bump `Link version` in the Organizers tab to revoke one); --field: field page links."""
    from turfbook.config import secret
    from turfbook.links import field_url, link_url, make_token
    from turfbook.web.directory import WorkbookDirectory

    config = ctx.config
    key = secret("LINK_KEY")
    if not key:
        click.echo("TURFBOOK_LINK_KEY (or TURFBOOK_LINK_KEY_FILE) is not set: links cannot be signed", err=True)
        sys.exit(EXIT_USAGE)
    organizers = WorkbookDirectory(config).load().organizers
    if only:
        organizers = [o for o in organizers if only.casefold() in (o.name.casefold(), o.id.casefold())]
    if not organizers:
        click.echo("no organizers found in the Organizers tab", err=True)
        sys.exit(EXIT_USAGE)
    for organizer in organizers:
        url = (field_url if field else link_url)(config.web.base_url, make_token(key, organizer))
        click.echo(f"{organizer.name}\t{organizer.email or '-'}\t{organizer.language}\t{url}")
    sys.exit(EXIT_OK)
