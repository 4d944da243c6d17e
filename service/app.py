"""The web app: `create_app(config=None)` wires config, secrets, run history and the blueprints.

Production: `gunicorn 'turfbook.app:create_app()'` (config from TURFBOOK_CONFIG or ./config.yaml).
Secrets come only from the environment or *_FILE paths: TURFBOOK_ADMIN_TOKEN (admin endpoints),
TURFBOOK_LINK_KEY (upload links, upload form tokens), TURFBOOK_DRIVE_CHANNEL_TOKEN (Drive push).
An endpoint whose secret is missing answers 503 saying which variable to set.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask import Flask, g, request

from turfbook.bootstrap import Core, bootstrap
from turfbook.config import Config, secret
from turfbook.history import History
from turfbook.jobs.registry import Registry, Runner

log = logging.getLogger("turfbook.web")
MIN_ADMIN_TOKEN = 24     # characters; a token_urlsafe(32) is 43
access = logging.getLogger("turfbook.web.access")


@dataclass
class Services:
    """What the blueprints use; one per app (tests build apps with their own)."""

    core: Core
    admin_token: str | None
    link_key: str | None
    channel_token: str | None
    directory: Any = None                        # turfbook.web.directory.Directory
    extra: dict = field(default_factory=dict)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @property
    def config(self) -> Config:
        return self.core.config

    @property
    def registry(self) -> Registry:
        return self.core.registry

    @property
    def history(self) -> History:
        return self.core.history

    @property
    def runner(self) -> Runner:
        return self.core.runner

    @cached_property
    def inbox(self):
        from turfbook.web.inbox import Inbox

        return Inbox()

    @property
    def workspace(self):
        """This thread's Workspace: httplib2 connections must not be shared between threads."""
        workspace = getattr(self._local, "workspace", None)
        if workspace is None:
            workspace = self._local.workspace = self.core.workspace()
        return workspace


def _session_key(*parts: str | None) -> bytes:
    material = "\0".join(p for p in parts if p)
    if not material:  # no secrets at all: sessions last as long as this process
        return secrets.token_bytes(32)
    return hmac.new(material.encode(), b"turfbook-flask-session", hashlib.sha256).digest()


def create_app(config: Config | None = None, *, registry: Registry | None = None, directory: Any = None,
               environ: dict[str, str] | None = None) -> Flask:
    core = bootstrap(config, registry=registry)
    config = core.config
    admin_token = secret("ADMIN_TOKEN", environ)
    if admin_token and len(admin_token) < MIN_ADMIN_TOKEN:
        # the right token is never locked out (service/web/runs.py), so guessing must be hopeless
        log.error("TURFBOOK_ADMIN_TOKEN is shorter than %d characters: admin endpoints are off; make one with "
                  "python -c 'import secrets; print(secrets.token_urlsafe(32))'", MIN_ADMIN_TOKEN)
        admin_token = None
    services = Services(
        core=core,
        admin_token=admin_token,
        link_key=secret("LINK_KEY", environ),
        channel_token=secret("DRIVE_CHANNEL_TOKEN", environ),
    )
    if directory is None:
        from turfbook.web.directory import WorkbookDirectory

        directory = WorkbookDirectory(config)
    services.directory = directory

    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.update(
        SECRET_KEY=_session_key(services.admin_token, services.link_key),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",              # Flask's session holds only the forms' CSRF token
        SESSION_COOKIE_SECURE=config.web.base_url.startswith("https://"),
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["turfbook"] = services
    if config.web.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # the client's address (rate limits) from the last N X-Forwarded-For hops, set by our own proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.web.trusted_proxies, x_proto=0, x_host=0, x_port=0,
                                x_prefix=0)
    from turfbook.hrefs import safe_href
    from turfbook.web.auth import csrf_token

    app.jinja_env.filters["safe_href"] = safe_href   # any sheet value shown as a link goes through it
    app.jinja_env.globals["csrf_token"] = csrf_token  # every POST form carries it

    from turfbook.web import digest_preview, drive_webhook, field, health, home, jobs_api, runs, upload

    for module in (home, health, runs, jobs_api, digest_preview, drive_webhook, upload, field):
        app.register_blueprint(module.bp)

    @app.before_request
    def start_timer():
        g.started = time.monotonic()

    @app.after_request
    def access_log(response):
        # our own access log: upload links are secrets, so their token never reaches a log line
        ms = (time.monotonic() - g.get("started", time.monotonic())) * 1000
        access.info("%s %s %s %.0fms", request.method, redact(request.path), response.status_code, ms)
        return response

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")  # upload links are secrets
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    for name, value in (("TURFBOOK_ADMIN_TOKEN", services.admin_token), ("TURFBOOK_LINK_KEY", services.link_key),
                        ("TURFBOOK_DRIVE_CHANNEL_TOKEN", services.channel_token)):
        if not value:
            log.warning("%s is not set: the endpoints that need it answer 503", name)
    return app


def redact(path: str) -> str:
    return re.sub(r"^/([uc])/(?!sw\.js$)[^/]+", r"/\1/<link>", path)


def services() -> Services:
    from flask import current_app

    return current_app.extensions["turfbook"]
