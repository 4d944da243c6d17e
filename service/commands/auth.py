"""turfbook auth login: sign in as an ordinary Google user (no Workspace admin needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from turfbook.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Context, cli, pass_context


@cli.group("auth")
def auth_group() -> None:
    """Sign in as a Google user (OAuth) instead of a service account."""


@auth_group.command("login")
@click.option("--client-secrets", type=click.Path(dir_okay=False, path_type=Path),
              help="The OAuth client JSON (Desktop app). The emulator's own by default against the emulator.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to keep the refresh token (default google.user_credentials_file, else "
                   "DATA_DIR/user-credentials.json). A secret: mode 600.")
@click.option("--console", is_flag=True, help="No browser here: print the address, paste back where it led.")
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening a browser.")
@click.option("--browser", default=None, help="Which browser to open (a Python webbrowser name).")
@pass_context
def login_command(ctx: Context, client_secrets: Path | None, out: Path | None, console: bool, no_browser: bool,
                  browser: str | None) -> None:
    """Sign in with Google; Turfbook then works as you, in a folder you own (google.drive.folder)."""
    from turfbook.config import ConfigError
    from turfbook.workspace.oauth_login import LoginError, client_secrets_for, login

    config = ctx.config
    out = out or config.google.user_credentials_file or config.data_dir / "user-credentials.json"
    try:
        account = login(config, client_secrets_for(config, client_secrets), out, console=console, browser=browser,
                        open_browser=not no_browser, say=click.echo)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)
    except LoginError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"Signed in{' as ' + account if account else ''}; the refresh token is in {out} (keep it secret).")
    if config.google.user_credentials_file != out:
        click.echo(f"Set google.user_credentials_file: {out} in your config, and google.drive.shared_drive: null "
                   "so the workbook and media live in your own folder (google.drive.folder).")
    sys.exit(EXIT_OK)
