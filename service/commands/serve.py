"""turfbook serve: the web app on Flask's development server (use gunicorn in production)."""

from __future__ import annotations

import logging

import click

from service.cli import Context, cli, pass_context

GUNICORN_HINT = ("production: gunicorn --workers 2 --threads 8 --timeout 3600 --bind 0.0.0.0:8000 "
                 "'service.app:create_app()'")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Flask debug mode (never in production).")
@pass_context
def serve_command(ctx: Context, host: str, port: int, debug: bool) -> None:
    """Serve the upload page, /healthz, /runs and the admin endpoints."""
    from service.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(ctx.config)
    click.echo(f"Turfbook web on http://{host}:{port}/  ({GUNICORN_HINT})", err=True)
    app.run(host=host, port=port, debug=debug, threaded=True, use_reloader=False)
