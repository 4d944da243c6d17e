"""turfbook serve: the web app. Flask's development server by default; `--gunicorn` execs gunicorn
with service/gunicorn_conf.py: gevent workers, fit for many large, slow uploads from phones (what the
Docker image runs)."""

from __future__ import annotations

import logging
import os
import sys

import click

from turfbook.cli import Context, cli, pass_context


def _no_control_socket() -> list[str]:
    # gunicorn >= 24 opens a control socket under $HOME, which is read-only in the container
    from gunicorn.config import Config

    return ["--no-control-socket"] if "control_socket_disable" in Config().settings else []


def gunicorn_argv(host: str, port: int, workers: int | None = None) -> list[str]:
    """gunicorn with service/gunicorn_conf.py (worker class, timeouts, logging: one file, no drift)."""
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:turfbook.gunicorn_conf", "--bind", f"{host}:{port}"]
    if workers:
        argv += ["--workers", str(workers)]
    return [*argv, *_no_control_socket()]


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--gunicorn", "use_gunicorn", is_flag=True, help="Run under gunicorn (production).")
@click.option("--workers", default=None, type=int, help="gunicorn worker processes (default 2, see gunicorn_conf).")
@click.option("--threads", default=None, type=int, hidden=True, help="Ignored: gevent workers need no threads.")
@click.option("--debug", is_flag=True, help="Flask debug mode (never in production).")
@pass_context
def serve_command(ctx: Context, host: str, port: int, use_gunicorn: bool, workers: int | None, threads: int | None,
                  debug: bool) -> None:
    """Serve the upload page, /healthz, /runs and the admin endpoints."""
    config = ctx.config  # fail here, with exit code 2, on a bad config
    if use_gunicorn:
        os.environ["TURFBOOK_CONFIG"] = str(ctx.config_path)
        argv = gunicorn_argv(host, port, workers)
        os.execv(argv[0], argv)  # noqa: S606 - replace this process by gunicorn, fixed argv
    from turfbook.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # its request lines would print upload links
    app = create_app(config)
    click.echo(f"Turfbook web on http://{host}:{port}/ (development server; use --gunicorn in production)",
               err=True)
    app.run(host=host, port=port, debug=debug, threaded=True, use_reloader=False)
